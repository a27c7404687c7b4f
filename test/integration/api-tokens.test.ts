import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startTestApp, type TestApp } from '../helpers/app';
import { teamWithToken } from '../helpers/teams';
import { ensureAdminToken } from '../../services/fleet/bootstrap';

let app: TestApp;
let teamA: string;
let teamB: string;
beforeAll(async () => {
  app = await startTestApp({ roles: ['api'], config: { rateLimitPerMinute: 100_000 } });
  teamA = await teamWithToken(app, 'tok-a');
  teamB = await teamWithToken(app, 'tok-b');
}, 60_000);
afterAll(async () => {
  await app?.stop();
});

interface TokenInfo {
  id: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
  revokedAt: string | null;
  status: string;
}
const listOf = async (team: string, token?: string) =>
  (await (await app.api(`/api/teams/${team}/tokens`, { token })).json()) as TokenInfo[];
const me = (token: string) => app.api('/api/me', { token });

describe('bearer tokens', () => {
  it('accepts the bearer scheme in any case', async () => {
    for (const scheme of ['bearer', 'BEARER', 'Bearer', 'bEaReR']) {
      const res = await fetch(`${app.url}/api/me`, { headers: { authorization: `${scheme} ${teamA}` } });
      expect(res.status, scheme).toBe(200);
    }
    const wrong = await fetch(`${app.url}/api/me`, { headers: { authorization: `Basic ${teamA}` } });
    expect(wrong.status).toBe(401);
    expect(((await wrong.json()) as { error: { code: string } }).error.code).toBe('unauthenticated');
  });

  it("lists a team's tokens without their secrets, with the last use recorded", async () => {
    expect((await me(teamA)).status).toBe(200);
    const tokens = await eventually(async () => {
      const list = await listOf('tok-a', teamA);
      return list.every((t) => t.lastUsedAt) ? list : null;
    });
    expect(tokens).toHaveLength(1);
    expect(tokens[0]).toMatchObject({ name: 'tok-a-ci', status: 'active', expiresAt: null, revokedAt: null });
    expect(JSON.stringify(tokens)).not.toContain(teamA);
    expect(JSON.stringify(tokens)).not.toMatch(/hash/i);
  });

  it('lets only the team itself and the platform team see or touch its tokens', async () => {
    const [mine] = await listOf('tok-a');
    expect((await app.api('/api/teams/tok-a/tokens', { token: teamB })).status).toBe(403);
    expect((await app.api(`/api/teams/tok-a/tokens/${mine!.id}`, { method: 'DELETE', token: teamB })).status).toBe(403);
    expect((await app.api(`/api/teams/tok-a/tokens/${mine!.id}/rotate`, { method: 'POST', token: teamB })).status).toBe(403);
    // A token id of another team is not found under this team.
    expect((await app.api(`/api/teams/tok-b/tokens/${mine!.id}`, { method: 'DELETE', token: teamB })).status).toBe(404);
    expect((await me(teamA)).status).toBe(200);
  });

  it('refuses a revoked token at once (no cache delay)', async () => {
    const issued = (await (
      await app.api('/api/teams/tok-a/tokens', { method: 'POST', token: teamA, json: { name: 'laptop' } })
    ).json()) as { id: string; token: string };
    expect((await me(issued.token)).status).toBe(200); // now cached
    const revoked = await app.api(`/api/teams/tok-a/tokens/${issued.id}`, { method: 'DELETE', token: teamA });
    expect(revoked.status).toBe(200);
    expect(((await revoked.json()) as TokenInfo).status).toBe('revoked');
    const refused = await me(issued.token);
    expect(refused.status).toBe(401);
    expect(((await refused.json()) as { error: { message: string } }).error.message).toMatch(/revoked/);
    const audit = await app.ctx.pool.query("SELECT actor FROM audit_events WHERE action = 'team.token.revoke'");
    expect(audit.rows.map((r) => r.actor)).toContain('tok-a/tok-a-ci');
  });

  it('rotates a token: a new secret under the same name, the old one refused', async () => {
    const issued = (await (await app.api('/api/teams/tok-b/tokens', { method: 'POST', json: { name: 'deployer' } })).json()) as {
      id: string;
      token: string;
    };
    expect((await me(issued.token)).status).toBe(200);
    const rotated = await app.api(`/api/teams/tok-b/tokens/${issued.id}/rotate`, { method: 'POST', token: issued.token });
    expect(rotated.status).toBe(201);
    const fresh = (await rotated.json()) as { id: string; name: string; token: string };
    expect(fresh.name).toBe('deployer');
    expect(fresh.token).not.toBe(issued.token);
    expect((await me(issued.token)).status).toBe(401);
    expect((await me(fresh.token)).status).toBe(200);
    // A revoked token cannot be rotated back to life.
    expect((await app.api(`/api/teams/tok-b/tokens/${issued.id}/rotate`, { method: 'POST' })).status).toBe(409);
  });

  it('rotates a token once when asked concurrently: one successor, the other requests 409', async () => {
    const issued = (await (await app.api('/api/teams/tok-b/tokens', { method: 'POST', json: { name: 'raced' } })).json()) as { id: string };
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => app.api(`/api/teams/tok-b/tokens/${issued.id}/rotate`, { method: 'POST' })),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([201, ...Array(9).fill(409)]);
    const list = (await (await app.api('/api/teams/tok-b/tokens')).json()) as TokenInfo[];
    expect(list.filter((t) => t.name === 'raced' && t.status === 'active')).toHaveLength(1);
  });

  it('refuses an expired token, and refuses an expiry in the past', async () => {
    const past = await app.api('/api/teams/tok-a/tokens', {
      method: 'POST',
      json: { name: 'old', expiresAt: new Date(Date.now() - 1000).toISOString() },
    });
    expect(past.status).toBe(400);
    expect(((await past.json()) as { error: { code: string } }).error.code).toBe('invalid_input');
    const soon = new Date(Date.now() + 1500).toISOString();
    const issued = (await (
      await app.api('/api/teams/tok-a/tokens', { method: 'POST', json: { name: 'short-lived', expiresAt: soon } })
    ).json()) as { token: string; expiresAt: string };
    expect(issued.expiresAt).toBe(soon);
    expect((await me(issued.token)).status).toBe(200);
    await eventually(async () => (await me(issued.token)).status === 401, 10_000);
    const listed = (await listOf('tok-a')).find((t) => t.name === 'short-lived');
    expect(listed?.status).toBe('expired');
  });

  it('does not bring a revoked admin token back at the next start', async () => {
    const issued = (await (await app.api('/api/teams/platform/tokens', { method: 'POST', json: { name: 'ops-admin' } })).json()) as {
      id: string;
      token: string;
    };
    await expect(ensureAdminToken(app.ctx.repos, app.config.dataDir, issued.token)).resolves.toBe(issued.token);
    expect((await app.api(`/api/teams/platform/tokens/${issued.id}`, { method: 'DELETE' })).status).toBe(200);
    await expect(ensureAdminToken(app.ctx.repos, app.config.dataDir, issued.token)).rejects.toThrow(/revoked/);
    expect((await me(issued.token)).status).toBe(401);
  });
});

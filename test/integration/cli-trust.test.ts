import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app';
import { clusterOf, teamWithToken } from '../helpers/teams';
import { runCli } from '../../services/cli/main';

let app: TestApp;
let owners: string;
let takers: string;
beforeAll(async () => {
  app = await startTestApp({ roles: ['api'] });
  owners = await teamWithToken(app, 'owners');
  takers = await teamWithToken(app, 'takers');
  await clusterOf(app, 'handed-over', 'owners');
}, 60_000);
afterAll(async () => {
  await app?.stop();
});

async function cli(token: string, ...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(args, {
    stdout: (t) => (out += t),
    stderr: (t) => (err += t),
    env: { DATAFLEET_URL: app.url, DATAFLEET_TOKEN: token },
    cwd: '/nonexistent',
  });
  return { code, out, err };
}

describe('CLI: tokens and ownership transfer', () => {
  it('issues, lists, rotates and revokes a token', async () => {
    const issued = await cli(
      owners,
      'teams',
      'token',
      'owners',
      '--name',
      'ci',
      '--expires-at',
      new Date(Date.now() + 86_400_000).toISOString(),
    );
    expect(issued.code).toBe(0);
    const secret = issued.out.trim();
    expect(secret).toMatch(/^df_/);
    const listed = await cli(owners, 'teams', 'tokens', 'owners', '--json');
    const tokens = JSON.parse(listed.out) as Array<{ id: string; name: string; status: string }>;
    const ci = tokens.find((t) => t.name === 'ci')!;
    expect(ci.status).toBe('active');
    expect((await cli(owners, 'teams', 'tokens', 'owners')).out).toMatch(/ci\s+active/);

    const rotated = await cli(owners, 'teams', 'rotate-token', 'owners', ci.id);
    expect(rotated.code).toBe(0);
    const fresh = rotated.out.trim();
    expect(fresh).not.toBe(secret);
    expect((await cli(secret, 'teams', 'tokens', 'owners')).code).not.toBe(0);
    const newId = (
      JSON.parse((await cli(fresh, 'teams', 'tokens', 'owners', '--json')).out) as Array<{ id: string; name: string; status: string }>
    ).find((t) => t.name === 'ci' && t.status === 'active')!.id;
    const revoked = await cli(owners, 'teams', 'revoke-token', 'owners', newId);
    expect(revoked.out).toContain('revoked');
    expect((await cli(fresh, 'teams', 'tokens', 'owners')).code).not.toBe(0);
    // Another team's tokens are not for the taking.
    const foreign = await cli(takers, 'teams', 'tokens', 'owners');
    expect(foreign.code).not.toBe(0);
    expect(foreign.err).toMatch(/403|may not/);
  });

  it('offers a cluster and the receiving team accepts it', async () => {
    const offered = await cli(owners, 'clusters', 'transfer', 'handed-over', '--to', 'takers');
    expect(offered.code).toBe(0);
    expect(offered.out).toMatch(/status\s+pending/);
    expect((await cli(takers, 'clusters', 'pending-transfer', 'handed-over')).out).toMatch(/to\s+takers/);
    const accepted = await cli(takers, 'clusters', 'accept-transfer', 'handed-over');
    expect(accepted.code).toBe(0);
    expect(accepted.out).toMatch(/status\s+accepted/);
    const detail = JSON.parse((await cli(takers, 'clusters', 'get', 'handed-over', '--json')).out) as { owner: { name: string } };
    expect(detail.owner.name).toBe('takers');
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app';
import { clusterOf, teamWithToken } from '../helpers/teams';

let app: TestApp;
let alpha: string;
let beta: string;
let gamma: string;
beforeAll(async () => {
  app = await startTestApp({ roles: ['api'], config: { rateLimitPerMinute: 100_000 } });
  alpha = await teamWithToken(app, 'alpha', { pagingKey: 'alpha-routing-key' });
  beta = await teamWithToken(app, 'beta');
  gamma = await teamWithToken(app, 'gamma', { pagingKey: 'gamma-routing-key' });
  await clusterOf(app, 'alpha-store', 'alpha');
  await clusterOf(app, 'alpha-cache', 'alpha');
}, 60_000);
afterAll(async () => {
  await app?.stop();
});

const ownerOf = async (cluster: string) =>
  ((await (await app.api(`/api/clusters/${cluster}`)).json()) as { owner: { name: string } }).owner.name;
const actions = async (cluster: string) =>
  ((await (await app.api(`/api/clusters/${cluster}/audit`)).json()) as Array<{ action: string; actor: string }>).map((a) => a.action);

describe('ownership transfer by consent', () => {
  it('refuses a team handing its cluster away through PATCH, pointing to the offer flow', async () => {
    const res = await app.api('/api/clusters/alpha-store', { method: 'PATCH', token: alpha, json: { owner: 'beta' } });
    expect(res.status).toBe(403);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('forbidden');
    expect(body.error.message).toContain('/api/clusters/alpha-store/transfer');
    expect(await ownerOf('alpha-store')).toBe('alpha');
  });

  it('offer by the owner, accept by the receiver: the cluster changes hands, audited', async () => {
    const offer = await app.api('/api/clusters/alpha-store/transfer', {
      method: 'POST',
      token: alpha,
      json: { to: 'beta', reason: 'beta runs checkout now' },
    });
    expect(offer.status).toBe(201);
    expect(await offer.json()).toMatchObject({
      status: 'pending',
      from: { name: 'alpha' },
      to: { name: 'beta' },
      offeredBy: 'alpha/alpha-ci',
    });
    const pending = (await (await app.api('/api/clusters/alpha-store/transfer', { token: gamma })).json()) as {
      offer: { to: { name: string } } | null;
    };
    expect(pending.offer?.to.name).toBe('beta');
    // A second offer while one is pending is a conflict; a bystander may not accept; the offerer may not accept its own offer.
    expect((await app.api('/api/clusters/alpha-store/transfer', { method: 'POST', token: alpha, json: { to: 'gamma' } })).status).toBe(409);
    expect((await app.api('/api/clusters/alpha-store/transfer/accept', { method: 'POST', token: gamma })).status).toBe(403);
    expect((await app.api('/api/clusters/alpha-store/transfer/accept', { method: 'POST', token: alpha })).status).toBe(403);
    expect(await ownerOf('alpha-store')).toBe('alpha');

    const accepted = await app.api('/api/clusters/alpha-store/transfer/accept', { method: 'POST', token: beta });
    expect(accepted.status).toBe(200);
    expect(await accepted.json()).toMatchObject({ status: 'accepted', decidedBy: 'beta/beta-ci' });
    expect(await ownerOf('alpha-store')).toBe('beta');
    expect(((await (await app.api('/api/clusters/alpha-store/transfer')).json()) as { offer: unknown }).offer).toBeNull();
    expect(await actions('alpha-store')).toEqual(expect.arrayContaining(['cluster.transfer.offer', 'cluster.transfer.accept']));
    // The old owner lost its rights, the new one has them.
    expect((await app.api('/api/clusters/alpha-store', { method: 'PATCH', token: alpha, json: { tags: { x: '1' } } })).status).toBe(403);
    expect((await app.api('/api/clusters/alpha-store', { method: 'PATCH', token: beta, json: { tags: { x: '1' } } })).status).toBe(200);
  });

  it('the receiver may decline and the offerer may cancel; nothing changes hands', async () => {
    expect((await app.api('/api/clusters/alpha-cache/transfer', { method: 'POST', token: alpha, json: { to: 'gamma' } })).status).toBe(201);
    expect((await app.api('/api/clusters/alpha-cache/transfer/cancel', { method: 'POST', token: gamma })).status).toBe(403);
    const declined = await app.api('/api/clusters/alpha-cache/transfer/decline', { method: 'POST', token: gamma });
    expect(declined.status).toBe(200);
    expect(((await declined.json()) as { status: string }).status).toBe('declined');
    expect((await app.api('/api/clusters/alpha-cache/transfer', { method: 'POST', token: alpha, json: { to: 'beta' } })).status).toBe(201);
    const cancelled = await app.api('/api/clusters/alpha-cache/transfer/cancel', { method: 'POST', token: alpha });
    expect(((await cancelled.json()) as { status: string }).status).toBe('cancelled');
    expect((await app.api('/api/clusters/alpha-cache/transfer/accept', { method: 'POST', token: beta })).status).toBe(404);
    expect(await ownerOf('alpha-cache')).toBe('alpha');
    expect(await actions('alpha-cache')).toEqual(expect.arrayContaining(['cluster.transfer.decline', 'cluster.transfer.cancel']));
  });

  it('refuses bad offers cleanly', async () => {
    const unknown = await app.api('/api/clusters/alpha-cache/transfer', { method: 'POST', token: alpha, json: { to: 'nobody' } });
    expect(unknown.status).toBe(400);
    expect((await app.api('/api/clusters/alpha-cache/transfer', { method: 'POST', token: alpha, json: { to: 'alpha' } })).status).toBe(400);
    expect(
      (await app.api('/api/clusters/alpha-cache/transfer', { method: 'POST', token: alpha, json: { to: 'beta', extra: 1 } })).status,
    ).toBe(400);
    expect(((await (await app.api('/api/clusters/alpha-cache/transfer')).json()) as { offer: unknown }).offer).toBeNull();
  });

  it('lets the platform team reassign directly, voiding a pending offer', async () => {
    expect((await app.api('/api/clusters/alpha-cache/transfer', { method: 'POST', token: alpha, json: { to: 'beta' } })).status).toBe(201);
    const res = await app.api('/api/clusters/alpha-cache', { method: 'PATCH', json: { owner: 'gamma' } });
    expect(res.status).toBe(200);
    expect(await ownerOf('alpha-cache')).toBe('gamma');
    expect(((await (await app.api('/api/clusters/alpha-cache/transfer')).json()) as { offer: unknown }).offer).toBeNull();
    expect(await actions('alpha-cache')).toContain('cluster.owner.reassign');
  });
});

describe('paging keys', () => {
  type TeamView = { name: string; pagingKey?: string | null; pagingKeySet: boolean };
  it('are shown only to the team itself and the platform team', async () => {
    const seenByBeta = (await (await app.api('/api/teams', { token: beta })).json()) as TeamView[];
    const alphaSeenByBeta = seenByBeta.find((t) => t.name === 'alpha')!;
    expect(alphaSeenByBeta.pagingKeySet).toBe(true);
    expect(alphaSeenByBeta).not.toHaveProperty('pagingKey');
    expect(JSON.stringify(seenByBeta)).not.toContain('routing-key');
    const one = await (await app.api('/api/teams/gamma', { token: beta })).text();
    expect(one).not.toContain('gamma-routing-key');
    expect(JSON.parse(one)).toMatchObject({ pagingKeySet: true });

    expect(((await (await app.api('/api/teams/alpha', { token: alpha })).json()) as TeamView).pagingKey).toBe('alpha-routing-key');
    expect(((await (await app.api('/api/me', { token: alpha })).json()) as { team: TeamView }).team.pagingKey).toBe('alpha-routing-key');
    const byPlatform = (await (await app.api('/api/teams')).json()) as TeamView[];
    expect(byPlatform.find((t) => t.name === 'gamma')?.pagingKey).toBe('gamma-routing-key');
    expect(byPlatform.find((t) => t.name === 'beta')).toMatchObject({ pagingKey: null, pagingKeySet: false });
  });

  it('are not written to the audit trail', async () => {
    expect((await app.api('/api/teams/beta', { method: 'PATCH', token: beta, json: { pagingKey: 'beta-routing-key' } })).status).toBe(200);
    const { rows } = await app.ctx.pool.query("SELECT before, after FROM audit_events WHERE action IN ('team.create', 'team.update')");
    expect(JSON.stringify(rows)).not.toContain('routing-key');
  });
});

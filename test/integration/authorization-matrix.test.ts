import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startTestApp, testRedisUrl, type TestApp } from '../helpers/app';
import { clusterOf, teamWithToken } from '../helpers/teams';
import { buildApi } from '../../services/api/server';
import { TokenCache } from '../../services/api/plugins/token-cache';
import { BackgroundQueue } from '../../services/infra/queues/background-queue';
import { createRedis } from '../../services/infra/queues/connection';

/**
 * Every mutating route the API registers, called with a foreign team's token against another team's
 * cluster or team: each must refuse (403, or 404 where the target is hidden), change nothing, and
 * leave a refusal in the audit trail. Routes are enumerated from the app itself, so a new route is
 * covered (or fails here) without anyone remembering to add it.
 */
const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Not a change to someone else's cluster or team, with the reason. */
const EXCLUDED: Record<string, string> = {
  'POST /api/alerts': 'alert intake: a foreign team is refused per alert (403, audited); covered by alert-intake.test.ts',
  'POST /api/alerts/alertmanager': 'alert intake: a foreign team is refused per alert (403, audited); covered by alert-intake.test.ts',
  'POST /api/clusters/:ref/forecast/what-if': 'a read: computes headroom for a hypothetical load, stores nothing',
};

/** A valid body per route, so that the refusal (not schema validation) is what answers. */
const BODIES: Record<string, unknown> = {
  'POST /api/clusters': { name: 'foreign-made', engine: 'redis', owner: 'team-b', expectedDataGb: 5, regions: ['us-east-1'] },
  'POST /api/clusters/preview': { name: 'foreign-made', engine: 'redis', owner: 'team-b', expectedDataGb: 5, regions: ['us-east-1'] },
  'PATCH /api/clusters/:ref': { tags: { hijacked: 'yes' } },
  'POST /api/clusters/adopt': {
    name: 'foreign-adopted',
    engine: 'redis',
    owner: 'team-b',
    region: 'external',
    endpoints: [{ host: '127.0.0.1', port: 6379 }],
    credentials: { password: 'guess' },
  },
  'POST /api/clusters/:ref/transfer': { to: 'team-a' },
  'POST /api/clusters/:ref/upgrades': { toVersion: '7.4.1', force: true },
  'POST /api/campaigns': { name: 'foreign-campaign', engine: 'redis', toVersion: '7.4.1' },
  'POST /api/campaigns/plan': { name: 'foreign-campaign', engine: 'redis', toVersion: '7.4.1' },
  'POST /api/teams': { name: 'team-x', email: 'x@example.com' },
  'PATCH /api/teams/:ref': { pagingKey: 'stolen' },
  'POST /api/teams/:ref/tokens': { name: 'backdoor' },
  'POST /api/alert-sources': { name: 'foreign-source' },
  'POST /api/clusters/:ref/users': { name: 'backdoor', access: 'readwrite', scope: ['*'] },
  'PUT /api/clusters/:ref/backup-policy': {
    enabled: false,
    frequencyHours: 24,
    kind: 'snapshot',
    fullEveryDays: 1,
    retentionDays: 1,
    windowStartHour: 0,
    windowHours: 1,
  },
  'POST /api/clusters/:ref/restore': { name: 'foreign-clone' },
  'POST /api/clusters/:ref/rolling-restart': { urgent: true },
  'POST /api/clusters/:ref/scale': { nodes: 4, urgent: true },
  'POST /api/clusters/:ref/storage': { diskGb: 4000, urgent: true },
  'PUT /api/clusters/:ref/storage-policy': { enabled: true, growByPercent: 25, leadDays: 30, maxDiskGb: 4000 },
  'POST /api/clusters/:ref/forecast/what-if/apply': { writesPercent: 30, urgent: true },
  'POST /api/clusters/:ref/resize': { instanceType: 'r5.xlarge', urgent: true },
  'POST /api/clusters/:ref/switchover': { urgent: true },
  'POST /api/clusters/:ref/settings': { settings: { 'maxmemory-policy': 'allkeys-lru' }, urgent: true },
};

let app: TestApp;
let routes: Array<{ method: string; url: string }> = [];
let teamA: string;
let ids: { clusterId: string; operationId: string; tokenId: string };

beforeAll(async () => {
  app = await startTestApp({ roles: ['api'], config: { rateLimitPerMinute: 100_000 } });
  // A second app over the same context, only to learn every route the API registers.
  const redis = createRedis(testRedisUrl);
  const seen: Array<{ method: string; url: string }> = [];
  const backgroundQueue = new BackgroundQueue(redis, app.config.queuePrefix);
  const probe = await buildApi({
    ctx: app.ctx,
    services: app.services,
    redis,
    tokens: new TokenCache(),
    backgroundQueue,
    hub: { add: () => () => undefined },
    onRoute: (r) => {
      for (const method of [r.method].flat()) seen.push({ method, url: r.url });
    },
  });
  await probe.close();
  await backgroundQueue.close();
  redis.disconnect();
  routes = seen.filter((r) => MUTATING.has(r.method) && r.url.startsWith('/api/'));

  teamA = await teamWithToken(app, 'team-a');
  const teamB = await teamWithToken(app, 'team-b', { pagingKey: 'b-routing-key' });
  await teamWithToken(app, 'team-c');
  const cluster = await clusterOf(app, 'b-store', 'team-b');
  const offered = await app.api('/api/clusters/b-store/transfer', { method: 'POST', token: teamB, json: { to: 'team-c' } });
  expect(offered.status).toBe(201);
  const tokens = (await (await app.api('/api/teams/team-b/tokens')).json()) as Array<{ id: string }>;
  ids = { clusterId: cluster.id, operationId: cluster.operationId, tokenId: tokens[0]!.id };
}, 120_000);

afterAll(async () => {
  await app?.stop();
});

/** Everything a refused request could have changed; token use times and refusal events excepted. */
async function state(): Promise<unknown> {
  const { rows } = await app.ctx.pool.query(`SELECT
      (SELECT row_to_json(c) FROM clusters c WHERE name = 'b-store') AS cluster,
      (SELECT count(*) FROM clusters) AS clusters,
      (SELECT count(*) FROM operations) AS operations,
      (SELECT json_agg(o.status ORDER BY o.id) FROM operations o) AS operation_statuses,
      (SELECT count(*) FROM campaigns) AS campaigns,
      (SELECT json_agg(row_to_json(t) ORDER BY t.name) FROM teams t) AS teams,
      (SELECT json_agg(json_build_array(k.id, k.revoked_at, k.expires_at) ORDER BY k.id) FROM api_tokens k) AS tokens,
      (SELECT json_agg(json_build_array(x.id, x.status) ORDER BY x.id) FROM cluster_transfers x) AS transfers,
      (SELECT count(*) FROM audit_events WHERE action NOT LIKE 'refused %') AS audit`);
  return rows[0];
}

function pathFor(url: string): string {
  const ref = url.startsWith('/api/teams/') ? 'team-b' : 'b-store';
  const id = url.startsWith('/api/operations/')
    ? ids.operationId
    : url.startsWith('/api/teams/')
      ? ids.tokenId
      : '00000000-0000-4000-8000-000000000000';
  return url.replace(':ref', ref).replace(':id', id).replace(':node', 'any-node').replace(':name', 'any_user');
}

describe('authorization matrix: a foreign team changes nothing', () => {
  it('finds the mutating routes (the enumeration itself works)', () => {
    const keys = routes.map((r) => `${r.method} ${r.url}`);
    for (const known of [
      'POST /api/clusters/:ref/forecast',
      'PATCH /api/clusters/:ref',
      'DELETE /api/clusters/:ref',
      'POST /api/clusters/:ref/transfer/accept',
      'DELETE /api/teams/:ref/tokens/:id',
    ]) {
      expect(keys).toContain(known);
    }
  });

  it('refuses every mutating route with 403 (or 404), changes nothing and audits the refusal', async () => {
    const before = await state();
    const answers: Record<string, number> = {};
    for (const route of routes) {
      const key = `${route.method} ${route.url}`;
      if (EXCLUDED[key]) continue;
      const res = await app.api(pathFor(route.url), { method: route.method, token: teamA, json: BODIES[key] ?? {} });
      answers[key] = res.status;
      const body = (await res.json()) as { error?: { code: string; message: string } };
      if (res.status !== 404) expect(body.error?.code, `${key}: ${JSON.stringify(body)}`).toBe('forbidden');
    }
    const wrong = Object.entries(answers).filter(([, status]) => status !== 403 && status !== 404);
    expect(wrong, 'routes that did not refuse the foreign team').toEqual([]);
    expect(Object.keys(answers).length).toBeGreaterThan(15);
    expect(await state()).toEqual(before);

    const clusterRoutes = Object.keys(answers).filter((k) => k.includes('/api/clusters/:ref'));
    const audit = await eventually(async () => {
      const events = (await (await app.api('/api/clusters/b-store/audit')).json()) as Array<{
        actor: string;
        action: string;
        reason: string;
      }>;
      const refused = events.filter((e) => e.action.startsWith('refused '));
      return refused.length >= clusterRoutes.length ? refused : null;
    });
    expect(audit.every((e) => e.actor === 'team-a/team-a-ci' && e.reason.length > 0)).toBe(true);
    expect(audit.map((e) => e.action)).toContain('refused POST /api/clusters/:ref/forecast');
  });

  it('still lets the owning team act on its own cluster', async () => {
    const teamB = (
      (await (await app.api('/api/teams/team-b/tokens', { method: 'POST', json: { name: 'second' } })).json()) as { token: string }
    ).token;
    const res = await app.api('/api/clusters/b-store', { method: 'PATCH', token: teamB, json: { tags: { tier: 'gold' } } });
    expect(res.status).toBe(200);
    // No metrics history yet: refused as a conflict, not as forbidden.
    expect((await app.api('/api/clusters/b-store/forecast', { method: 'POST', token: teamB })).status).toBe(409);
  });
});

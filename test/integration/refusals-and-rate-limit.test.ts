import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startTestApp, type TestApp } from '../helpers/app';
import { teamWithToken } from '../helpers/teams';

const LIMIT = 8;
let app: TestApp;
let team: string;
beforeAll(async () => {
  app = await startTestApp({ roles: ['api'], config: { rateLimitPerMinute: LIMIT } });
  team = await teamWithToken(app, 'limited');
}, 60_000);
afterAll(async () => {
  await app?.stop();
});

const metric = async (pattern: RegExp): Promise<number> => {
  const text = await (await fetch(`${app.url}/metrics`)).text();
  const line = text.split('\n').find((l) => pattern.test(l));
  return line ? Number(line.split(' ').pop()) : 0;
};

describe('refused requests leave a trace', () => {
  it('counts refusals on /metrics by status and reason, and audits a refused mutation', async () => {
    const forbidden = await app.api('/api/teams', { method: 'POST', token: team, json: { name: 'sneaky', email: 'sneaky@example.com' } });
    expect(forbidden.status).toBe(403);
    const anonymous = await app.api('/api/maintenance/scan', { method: 'POST', token: 'df_not-a-real-token', json: {} });
    expect(anonymous.status).toBe(401);
    await eventually(async () => (await metric(/^datafleet_http_refusals_total\{status="403",reason="forbidden"\}/)) >= 1);
    await eventually(async () => (await metric(/^datafleet_http_refusals_total\{status="401",reason="unauthenticated"\}/)) >= 1);
    const { rows } = await eventually(async () => {
      const result = await app.ctx.pool.query<{
        actor: string;
        action: string;
        target_type: string;
        reason: string;
        after: { status: number };
      }>("SELECT actor, action, target_type, reason, after FROM audit_events WHERE action LIKE 'refused %' ORDER BY seq");
      return result.rows.length >= 2 ? result : null;
    });
    // Audit writes of refusals are not awaited by the answer: the two may land in either order.
    const teamRefusal = rows.find((r) => r.action === 'refused POST /api/teams');
    const scanRefusal = rows.find((r) => r.action === 'refused POST /api/maintenance/scan');
    expect(teamRefusal).toMatchObject({ actor: 'limited/limited-ci', after: { status: 403 } });
    expect(teamRefusal!.reason).toMatch(/platform team/);
    expect(scanRefusal).toMatchObject({ after: { status: 401 } });
    expect(scanRefusal!.actor).toMatch(/^anonymous@/);
  });
});

describe('per-token rate limit', () => {
  it('answers 429 with Retry-After and the error envelope once a token spends its budget; other tokens and health checks go on', async () => {
    let limited: Response | undefined;
    for (let i = 0; i < LIMIT + 2 && !limited; i++) {
      const res = await app.api('/api/me', { token: team });
      if (res.status === 429) limited = res;
      else expect(res.status).toBe(200);
    }
    expect(limited, 'no request was limited').toBeDefined();
    expect(Number(limited!.headers.get('retry-after'))).toBeGreaterThan(0);
    const body = (await limited!.json()) as { error: { code: string; message: string; details: unknown } };
    expect(body.error.code).toBe('rate_limited');
    expect(body.error.message).toMatch(/retry/);

    // The admin's token has a budget of its own; liveness, readiness and metrics are never limited.
    expect((await app.api('/api/me')).status).toBe(200);
    for (let i = 0; i < LIMIT + 2; i++) {
      expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
      expect((await fetch(`${app.url}/metrics`)).status).toBe(200);
    }
    await eventually(async () => (await metric(/^datafleet_http_refusals_total\{status="429",reason="rate_limited"\}/)) >= 1);
  });

  it('limits requests without a valid token by client address, so guessing tokens is limited too', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < LIMIT + 2; i++) statuses.push((await app.api('/api/me', { token: `df_guess-${i}` })).status);
    expect(statuses).toContain(401);
    expect(statuses.at(-1)).toBe(429);
  });

  it('gives an alert-source credential a budget of its own: guessing from the same address does not silence its alerts', async () => {
    const issued = await app.api('/api/alert-sources', { method: 'POST', json: { name: 'prometheus-limited' } });
    expect(issued.status).toBe(201);
    const { credential } = (await issued.json()) as { credential: string };
    // The address's budget is spent by requests without a valid token.
    await eventually(async () => (await app.api('/api/me', { token: 'df_guess-more' })).status === 429);
    const alert = () =>
      app.api('/api/alerts', { method: 'POST', token: credential, json: { name: 'SomethingOdd', cluster: 'nowhere-cluster' } });
    const first = await alert();
    expect(first.status, await first.text()).not.toBe(429);
    const statuses: number[] = [];
    for (let i = 0; i < LIMIT + 1; i++) statuses.push((await alert()).status);
    expect(statuses.at(-1)).toBe(429);
  });

  it("counts a credential's refused calls outside alert intake against its budget, so a leaked one cannot flood the audit trail", async () => {
    const issued = await app.api('/api/alert-sources', { method: 'POST', json: { name: 'prometheus-leaked' } });
    expect(issued.status).toBe(201);
    const { credential } = (await issued.json()) as { credential: string };
    const statuses: number[] = [];
    for (let i = 0; i < LIMIT + 3; i++) statuses.push((await app.api('/api/clusters', { token: credential })).status);
    expect(statuses.slice(0, LIMIT)).toEqual(Array(LIMIT).fill(403));
    expect(statuses.at(-1)).toBe(429);
    const audited = await app.ctx.pool.query(
      "SELECT id FROM audit_events WHERE actor = 'alert-source:prometheus-leaked' AND action = 'alert-source.refused'",
    );
    expect(audited.rows).toHaveLength(LIMIT);
  });
});

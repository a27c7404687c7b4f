import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app';
import { growingTowards, seedDailyRollups } from '../helpers/capacity-rollups';
import { runCli } from '../../services/cli/main';

let app: TestApp;

async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(args, {
    stdout: (t) => (out += t),
    stderr: (t) => (err += t),
    env: { DATAFLEET_URL: app.url, DATAFLEET_TOKEN: app.adminToken },
    cwd: '/nonexistent',
  });
  return { code, out, err };
}

beforeAll(async () => {
  app = await startTestApp({ roles: ['api'] });
  await app.api('/api/clusters', {
    method: 'POST',
    json: { name: 'events-es', engine: 'elasticsearch', owner: 'platform', expectedDataGb: 200, regions: ['us-east-1'] },
  });
  const cluster = (await (await app.api('/api/clusters/events-es')).json()) as { id: string; usableCapacityGb: number };
  await seedDailyRollups(app.ctx.pool, cluster.id, { capacityGb: cluster.usableCapacityGb, fill: growingTowards(50) });
});
afterAll(async () => {
  await app?.stop();
});

describe('datafleet capacity', () => {
  it('recomputes, shows, answers what-if and lists clusters at risk', async () => {
    const forecast = await cli('capacity', 'forecast', 'events-es');
    expect(forecast.err).toBe('');
    expect(forecast.out).toMatch(/^method\s+holt-winters, 120 days of history$/m);
    expect(forecast.out).toMatch(/^days left\s+\d+ \(runs out \d{4}-\d\d-\d\d, likely/m);
    expect(forecast.out).toMatch(/^at risk\s+yes \(within 90 days\)$/m);

    const show = await cli('capacity', 'show', 'events-es');
    expect(show.out).toMatch(/^used\s+\d+ of \d+ GB usable disk \(\d+%\)$/m);
    expect(show.out).toMatch(/^p99\s+4 ms worst day of the week, SLA \d+ ms: met$/m);

    const whatIf = await cli('capacity', 'what-if', 'events-es', '--writes', '+30%');
    expect(whatIf.code).toBe(0);
    expect(whatIf.out).toMatch(/^answer\s+sufficient until \d{4}-\d\d-\d\d \(\d+ days\); scale to \d+ nodes/m);
    expect(whatIf.out).toMatch(/^by\s+\d{4}-\d\d-\d\d$/m);
    const json = JSON.parse((await cli('--json', 'capacity', 'what-if', 'events-es', '--gb-per-day', '50')).out) as {
      daysLeft: number;
      scaleTo: { nodes: number };
    };
    expect(json.scaleTo.nodes).toBeGreaterThan(3);

    const atRisk = await cli('capacity', 'at-risk');
    expect(atRisk.out).toMatch(/^CLUSTER\s+ENGINE\s+OWNER\s+DAYS LEFT/m);
    expect(atRisk.out).toMatch(/^events-es\s+elasticsearch\s+platform\s+\d+/m);
  });

  it('refuses bad flags with exit 2 before asking the server, and passes on its refusals with exit 1', async () => {
    const usage: string[][] = [
      ['capacity', 'what-if', 'events-es'],
      ['capacity', 'what-if', 'events-es', '--writes', 'lots'],
      ['capacity', 'what-if', 'events-es', '--writes', '+2000%'],
      ['capacity', 'what-if', 'events-es', '--gb-per-day', 'x'],
      ['capacity', 'at-risk', '--limit', '0'],
      ['capacity', 'show'],
    ];
    for (const args of usage) {
      const run = await cli(...args);
      expect({ args, code: run.code }).toEqual({ args, code: 2 });
      expect(run.err).not.toBe('');
    }
    expect((await cli('capacity', 'what-if', 'events-es')).err).toMatch(/give --writes <percent>, --gb-per-day <gb>, or both/);
    expect((await cli('capacity', 'what-if', 'events-es', '--writes', '+2000%')).err).toMatch(/-90% to \+1000%/);
    const missing = await cli('capacity', 'show', 'no-such-cluster');
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/error 404 \(not_found\)/);
  });
});

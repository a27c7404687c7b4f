import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startTestApp, type TestApp } from '../helpers/app';
import { nextWindow } from '../../services/fleet/maintenance-window';
import { runCli } from '../../services/cli/main';
import type { MaintenanceWindow } from '../../services/core/types';

/** Nodes count as old after 3 seconds here; the fleet default is a year. */
const MAX_AGE_DAYS = 3 / 86_400;
let app: TestApp;

beforeAll(async () => {
  app = await startTestApp({ config: { maxNodeAgeDays: MAX_AGE_DAYS } });
});
afterAll(async () => {
  await app?.stop();
});

/** Opens tomorrow, so it is closed now: the planned replacements wait for it. */
const window: MaintenanceWindow = {
  day: (['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const)[(new Date().getUTCDay() + 1) % 7]!,
  start: '04:30',
  durationMinutes: 60,
  timeZone: 'UTC',
};

interface OldNode {
  cluster: string;
  node: string;
  engine: string;
  launchedAt: string;
  ageDays: number;
  retirementDeadline: string | null;
}
interface ScanAnswer {
  oldNodesFound: number;
  scheduled: Array<{ cluster: string; node: string; reason: string; scheduledFor: string; deadline: string | null; operationId: string }>;
}

async function createCluster(name: string, engine: string) {
  const res = await app.api('/api/clusters', {
    method: 'POST',
    json: { name, owner: 'platform', engine, expectedDataGb: 20, regions: ['eu-west-1'], maintenanceWindow: window },
  });
  expect(res.status).toBe(202);
  return eventually(async () => {
    const c = await app.ctx.repos.clusters.find(name);
    return c?.status === 'ACTIVE' ? c : undefined;
  }, 60_000);
}

describe('nodes older than maxNodeAgeDays', () => {
  it('are found, listed oldest first, and each planned for replacement once, in the window', async () => {
    const older = await createCluster('aged-ring', 'cassandra');
    await new Promise((r) => setTimeout(r, 1500));
    const younger = await createCluster('aged-search', 'elasticsearch');
    const fleet = [...(await app.ctx.repos.nodes.forCluster(older.id)), ...(await app.ctx.repos.nodes.forCluster(younger.id))];
    await new Promise((r) => setTimeout(r, MAX_AGE_DAYS * 86_400_000 + 500));

    const oldest = (await (await app.api('/api/nodes/oldest?limit=100')).json()) as OldNode[];
    expect(oldest.map((n) => n.node).sort()).toEqual(fleet.map((n) => n.name).sort());
    const launched = oldest.map((n) => Date.parse(n.launchedAt));
    expect(launched).toEqual([...launched].sort((a, b) => a - b));
    expect(oldest.map((n) => n.ageDays)).toEqual(oldest.map((n) => n.ageDays).sort((a, b) => b - a));
    expect(oldest[0]).toMatchObject({ cluster: 'aged-ring', engine: 'cassandra', retirementDeadline: null });
    expect(oldest.at(-1)).toMatchObject({ cluster: 'aged-search', engine: 'elasticsearch' });
    expect(oldest.every((n) => n.ageDays > MAX_AGE_DAYS)).toBe(true);
    expect((await (await app.api('/api/nodes/oldest?limit=2')).json()) as OldNode[]).toEqual(
      oldest.slice(0, 2).map((n) => ({ ...n, ageDays: expect.any(Number) })),
    );

    const res = await app.api('/api/maintenance/scan', { method: 'POST' });
    expect(res.status).toBe(200);
    const scan = (await res.json()) as ScanAnswer;
    expect(scan.oldNodesFound).toBe(fleet.length);
    expect(scan.scheduled.map((s) => s.node)).toEqual(oldest.map((n) => n.node));
    const opening = nextWindow(window, new Date()).opens.toISOString();
    expect(scan.scheduled.every((s) => s.reason === 'age' && s.scheduledFor === opening && s.deadline === null)).toBe(true);
    for (const s of scan.scheduled) {
      expect(await app.ctx.repos.operations.get(s.operationId)).toMatchObject({
        type: 'replace_node',
        status: 'pending',
        params: { node: s.node, notBefore: opening },
      });
    }

    const again = (await (await app.api('/api/maintenance/scan', { method: 'POST', json: {} })).json()) as ScanAnswer;
    expect(again).toMatchObject({ oldNodesFound: 0, scheduled: [] });
    const upcoming = (await (await app.api('/api/maintenance/upcoming?limit=3')).json()) as Array<{ node: string }>;
    // All open at the same moment: the soonest first, then by name.
    expect(upcoming.map((u) => u.node)).toEqual(
      scan.scheduled
        .map((s) => s.node)
        .sort()
        .slice(0, 3),
    );
    // Nobody listens on a webhook here: the notices are still recorded, marked undelivered.
    const ring = (await (await app.api('/api/clusters/aged-ring/maintenance')).json()) as Array<{
      notices: Array<{ delivered: boolean; detail: string }>;
    }>;
    expect(ring[0]!.notices).toEqual([expect.objectContaining({ delivered: false, detail: 'no webhook configured' })]);
  });

  it('are shown by the CLI: the oldest nodes, the upcoming replacements of the fleet and of one cluster, and a scan', async () => {
    const cli = async (...args: string[]) => {
      let out = '';
      let err = '';
      const code = await runCli(args, {
        stdout: (t) => (out += t),
        stderr: (t) => (err += t),
        env: { DATAFLEET_URL: app.url, DATAFLEET_TOKEN: app.adminToken },
        cwd: '/nonexistent',
      });
      return { code, out, err };
    };
    const oldest = await cli('maintenance', 'oldest', '--limit', '2');
    expect(oldest).toMatchObject({ code: 0, err: '' });
    expect(oldest.out).toMatch(/^CLUSTER\s+NODE\s+ENGINE\s+LAUNCHED\s+AGE \(DAYS\)\s+RETIRES BY/);
    expect(oldest.out.trim().split('\n')).toHaveLength(3);
    const upcoming = await cli('maintenance', 'upcoming');
    expect(upcoming.out).toMatch(/aged-ring-eu-west-1-0\s+age\s/);
    expect(upcoming.out).toMatch(/aged-search/);
    const one = await cli('--json', 'maintenance', 'upcoming', '--cluster', 'aged-search');
    expect((JSON.parse(one.out) as Array<{ cluster: string }>).every((m) => m.cluster === 'aged-search')).toBe(true);
    const scan = await cli('maintenance', 'scan');
    expect(scan).toMatchObject({ code: 0, out: expect.stringMatching(/0 replacements planned/) });
    const missing = await cli('maintenance', 'upcoming', '--cluster', 'nope');
    expect(missing.code).not.toBe(0);
    expect(missing.err).toMatch(/nope/);
  });
});

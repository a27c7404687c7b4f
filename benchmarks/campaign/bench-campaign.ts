/**
 * A fleet upgrade campaign over thousands of simulated clusters at a fast simulator time scale:
 * control-plane CPU time (API + worker process) per cluster upgraded, and the inventory list's
 * latency (p99) measured from a separate process while the campaign runs, beside the same
 * measurement on the idle fleet before it. Health snapshots are off so the figures are the
 * campaign's own; the load generator runs in its own process so its CPU is not counted.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { runBenchmark, writeResults, type LatencySummary } from '../lib/report';
import { startBenchApp } from '../lib/bench-app';
import { onCleanup } from '../lib/cleanup';
import { sleep } from '../../services/core/clock';
import { cloneFleet } from './clone-fleet';

const CLUSTERS = Number(process.env.BENCH_CLUSTERS ?? 5000);
const TIME_SCALE = Number(process.env.BENCH_TIME_SCALE ?? 5000);
const IN_FLIGHT = Number(process.env.BENCH_IN_FLIGHT ?? 64);
const MAX_SECONDS = Number(process.env.BENCH_MAX_SECONDS ?? 900);
const BASELINE_SECONDS = Number(process.env.BENCH_BASELINE_SECONDS ?? 15);
const LIST_P99_TARGET_MS = 50;
const TEMPLATE = 'fleet-template';

function startProbe(url: string, token: string): { stop(): Promise<LatencySummary & { errors: number; seconds: number }> } {
  const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'list-probe.ts'), url, token], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  // An interrupted benchmark must not leave its probe running.
  const kill = onCleanup(async () => {
    if (child.exitCode === null) child.kill('SIGKILL');
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  return {
    stop: () =>
      new Promise((resolve, reject) => {
        child.once('exit', () => {
          void kill();
          return out.trim()
            ? resolve(JSON.parse(out) as LatencySummary & { errors: number; seconds: number })
            : reject(new Error('list probe printed nothing'));
        });
        child.stdin.write('stop\n');
      }),
  };
}

const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

async function main(): Promise<void> {
  const app = await startBenchApp('campaign', ['api', 'worker'], {
    simulatorTimeScale: TIME_SCALE,
    campaignTickMs: 250,
    healthIntervalMs: 3_600_000,
    logLevel: 'error',
  });
  try {
    const api = (path: string, body?: unknown) =>
      fetch(`${app.url}${path}`, {
        method: body ? 'POST' : 'GET',
        headers: { authorization: `Bearer ${app.adminToken}`, ...(body ? { 'content-type': 'application/json' } : {}) },
        body: body ? JSON.stringify(body) : undefined,
      });
    await api('/api/clusters', {
      name: TEMPLATE,
      engine: 'cassandra',
      owner: 'platform',
      environment: 'test',
      expectedDataGb: 30,
      regions: ['us-east-1'],
    });
    let template = await app.ctx.repos.clusters.find(TEMPLATE);
    while (template?.status !== 'ACTIVE') {
      await sleep(200);
      template = await app.ctx.repos.clusters.find(TEMPLATE);
    }
    const seedStarted = performance.now();
    await cloneFleet(app.ctx.pool, template.id, TEMPLATE, 'fleet', CLUSTERS - 1);
    const seedMs = Math.round(performance.now() - seedStarted);
    console.log(
      `fleet of ${CLUSTERS} simulated cassandra ${template.spec.version} clusters (${template.nodeCount} nodes each) seeded in ${seedMs} ms`,
    );

    const idleProbe = startProbe(app.url, app.adminToken);
    const idleCpu0 = cpuMs();
    await sleep(BASELINE_SECONDS * 1000);
    const idleCpuMsPerSecond = (cpuMs() - idleCpu0) / BASELINE_SECONDS;
    const listIdle = await idleProbe.stop();

    const probe = startProbe(app.url, app.adminToken);
    const cpu0 = cpuMs();
    const started = performance.now();
    const res = await api('/api/campaigns', {
      name: 'bench',
      engine: 'cassandra',
      toVersion: '5.0.2',
      prodWaveSize: Math.ceil(CLUSTERS / 4),
      inFlight: IN_FLIGHT,
      soakMinutes: 0,
      failureBudget: CLUSTERS,
      upgradeMinutes: 1,
      benchmarkSeconds: 1,
    });
    if (res.status !== 201) throw new Error(`campaign not created: ${res.status} ${await res.text()}`);
    const id = ((await res.json()) as { campaign: { id: string } }).campaign.id;
    let status = 'running';
    let counts: Record<string, number> = {};
    while (performance.now() - started < MAX_SECONDS * 1000) {
      await sleep(2000);
      const campaign = (await app.ctx.repos.campaigns.get(id))!;
      counts = Object.fromEntries(
        (
          await app.ctx.pool.query<{ status: string; n: number }>(
            'SELECT status, count(*) AS n FROM campaign_clusters WHERE campaign_id = $1 GROUP BY 1',
            [id],
          )
        ).rows.map((r) => [r.status, r.n]),
      );
      status = campaign.status;
      console.log(`${Math.round((performance.now() - started) / 1000)} s: ${status} ${JSON.stringify(counts)}`);
      if (status !== 'running') break;
    }
    const wallSeconds = (performance.now() - started) / 1000;
    const campaignCpuMs = cpuMs() - cpu0;
    const listDuring = await probe.stop();
    const finished = (counts.passed ?? 0) + (counts.rolled_back ?? 0) + (counts.failed ?? 0);
    const upgraded = counts.passed ?? 0;
    const cpuPerCluster = upgraded ? Math.round((campaignCpuMs / upgraded) * 10) / 10 : null;
    const netCpuPerCluster = upgraded ? Math.round(((campaignCpuMs - idleCpuMsPerSecond * wallSeconds) / upgraded) * 10) / 10 : null;

    writeResults(
      'campaign',
      {
        clusters: CLUSTERS,
        nodesPerCluster: template.nodeCount,
        timeScale: TIME_SCALE,
        inFlight: IN_FLIGHT,
        benchmarkSeconds: 1,
        seedMs,
        campaign: {
          status,
          completedWithinLimit: status === 'completed',
          maxSeconds: MAX_SECONDS,
          wallSeconds: Math.round(wallSeconds),
          counts,
          finished,
          upgraded,
        },
        cpu: {
          campaignMs: Math.round(campaignCpuMs),
          perClusterUpgradedMs: cpuPerCluster,
          perClusterUpgradedNetOfIdleMs: netCpuPerCluster,
          idleMsPerSecond: Math.round(idleCpuMsPerSecond),
        },
        list: { idle: listIdle, duringCampaign: listDuring },
        targets: { listP99Ms: LIST_P99_TARGET_MS, listP99Met: listDuring.p99Ms < LIST_P99_TARGET_MS },
        ...(CLUSTERS < 5000 ? { note: `a smaller run: ${CLUSTERS} clusters, not the 5,000 of the issue` } : {}),
      },
      [
        {
          measure: `campaign over ${CLUSTERS} clusters`,
          value: `${status}: ${upgraded} upgraded, ${finished} finished in ${Math.round(wallSeconds)} s`,
        },
        {
          measure: 'control-plane CPU per cluster upgraded',
          value: cpuPerCluster === null ? 'n/a' : `${cpuPerCluster} ms (${netCpuPerCluster} ms net of idle)`,
        },
        { measure: 'upgrades per second', value: Math.round((finished / wallSeconds) * 10) / 10 },
        { measure: 'list p50 / p99, idle fleet', value: `${listIdle.p50Ms} / ${listIdle.p99Ms} ms (${listIdle.count} requests)` },
        {
          measure: 'list p50 / p99, during the campaign',
          value: `${listDuring.p50Ms} / ${listDuring.p99Ms} ms (${listDuring.count} requests, ${listDuring.errors} errors)`,
        },
        {
          measure: 'list p99 during vs idle',
          value: listIdle.p99Ms > 0 ? `${(listDuring.p99Ms / listIdle.p99Ms).toFixed(2)}× (target ≤ 1.5×)` : 'n/a',
        },
      ],
    );
    if (CLUSTERS < 5000) console.log(`note: a smaller run, ${CLUSTERS} clusters rather than 5,000`);
  } finally {
    await app.stop();
  }
}

runBenchmark(main);

/**
 * A fleet upgrade campaign over thousands of simulated clusters at a fast simulator time scale:
 * control-plane CPU time per cluster upgraded (with the part spent generating the simulated
 * clusters' workloads measured apart), and the inventory list's latency (p99) measured from a
 * process of its own while the campaign runs, beside the same measurement on the idle fleet before
 * and after it. The API and the worker run in processes of their own, as a scaled-out deployment runs them
 * (`BENCH_LAYOUT=together`: one process with both roles, as `npm start`). Health snapshots and the
 * fleet's scheduled jobs are off so the figures are the campaign's own.
 */
import pg from 'pg';
import { runBenchmark, writeResults, type LatencySummary } from '../lib/report';
import { createBenchEnvironment } from '../lib/bench-app';
import { sleep } from '../../services/core/clock';
import { cloneFleet } from './clone-fleet';
import { startControlPlane, type ControlPlane, type ControlPlaneCpu, type Layout } from './control-plane';
import { startListProbe, type ProbeReport } from './list-probe-process';
import { machineBusy } from './machine-cpu';
import { PostgresCpu } from './postgres-cpu';
import { benchServerUrl } from '../lib/scratch-database';

const CLUSTERS = Number(process.env.BENCH_CLUSTERS ?? 5000);
const TIME_SCALE = Number(process.env.BENCH_TIME_SCALE ?? 5000);
// At this time scale an upgrade seldom waits, so more in flight than the worker runs at once (its
// concurrency, 8) mostly queues upgrades and makes each wave start in a burst.
const IN_FLIGHT = Number(process.env.BENCH_IN_FLIGHT ?? 16);
const WAVE_SIZE = Number(process.env.BENCH_WAVE_SIZE ?? Math.ceil(CLUSTERS / 4));
const WORKER_CONCURRENCY = Number(process.env.BENCH_WORKER_CONCURRENCY ?? 8);
const BENCHMARK_SECONDS = Number(process.env.BENCH_BENCHMARK_SECONDS ?? 1);
const MAX_SECONDS = Number(process.env.BENCH_MAX_SECONDS ?? 900);
const BASELINE_SECONDS = Number(process.env.BENCH_BASELINE_SECONDS ?? 30);
const LAYOUT = (process.env.BENCH_LAYOUT ?? 'apart') as Layout;
/** The worker's niceness (0-19) when the roles run apart: how a host shared by both would favour the API. */
const WORKER_NICE = Number(process.env.BENCH_WORKER_NICE ?? 0);
const LIST_RATIO_TARGET = 1.5;
const CPU_PER_CLUSTER_TARGET_MS = 50;
const TEMPLATE = 'fleet-template';
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;
const per = (ms: number, n: number) => (n > 0 ? round(ms / n) : null);
const minus = (a: ControlPlaneCpu, b: ControlPlaneCpu): ControlPlaneCpu => ({
  totalMs: a.totalMs - b.totalMs,
  simulatedWorkloadMs: a.simulatedWorkloadMs - b.simulatedWorkloadMs,
  byProcess: Object.fromEntries(Object.entries(a.byProcess).map(([k, v]) => [k, Math.round(v - (b.byProcess[k] ?? 0))])),
});

async function api<T>(plane: ControlPlane, path: string, body?: unknown): Promise<{ status: number; json: T }> {
  const res = await fetch(`${plane.url}${path}`, {
    method: body ? 'POST' : 'GET',
    headers: { authorization: `Bearer ${plane.token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: res.status, json: (await res.json()) as T };
}

/** Provisions one simulated cluster through the API and copies it in PostgreSQL to the fleet's size. */
async function seedFleet(plane: ControlPlane, pool: pg.Pool): Promise<{ version: string; nodes: number; ms: number }> {
  await api(plane, '/api/clusters', {
    name: TEMPLATE,
    engine: 'cassandra',
    owner: 'platform',
    environment: 'test',
    expectedDataGb: 30,
    regions: ['us-east-1'],
  });
  type Cluster = { id: string; status: string; version: string; nodeCount: number };
  let template = (await api<Cluster>(plane, `/api/clusters/${TEMPLATE}`)).json;
  while (template.status !== 'ACTIVE') {
    if (template.status === 'FAILED') throw new Error('the template cluster failed to provision');
    await sleep(200);
    template = (await api<Cluster>(plane, `/api/clusters/${TEMPLATE}`)).json;
  }
  const started = performance.now();
  await cloneFleet(pool, template.id, TEMPLATE, 'fleet', CLUSTERS - 1);
  return { version: template.version, nodes: template.nodeCount, ms: Math.round(performance.now() - started) };
}

/** Per-status counts of the campaign, from the API's campaign list (its counts are a GROUP BY, light on the server). */
async function progress(plane: ControlPlane, id: string): Promise<{ status: string; counts: Record<string, number> }> {
  const { json } = await api<Array<{ id: string; status: string; counts: Record<string, number> }>>(plane, '/api/campaigns?limit=5');
  const mine = json.find((c) => c.id === id);
  if (!mine) throw new Error(`campaign ${id} is not listed`);
  return { status: mine.status, counts: mine.counts };
}

async function main(): Promise<void> {
  let plane: ControlPlane | null = null;
  const { env, remove } = await createBenchEnvironment('campaign', async () => plane?.stop());
  const pool = new pg.Pool({ connectionString: env.databaseUrl, max: 2 });
  const admin = new pg.Pool({ connectionString: benchServerUrl, max: 1 });
  // Dropping the run's database at the end (or on SIGINT) ends these pools' idle connections: expected.
  for (const p of [pool, admin]) p.on('error', () => undefined);
  try {
    plane = await startControlPlane(
      env,
      LAYOUT,
      {
        simulatorTimeScale: TIME_SCALE,
        campaignTickMs: 250,
        workerConcurrency: WORKER_CONCURRENCY,
        healthIntervalMs: HOUR_MS,
        // The cloned fleet arrives without simulated history, and the scheduled fleet-wide jobs
        // (rollups, forecasts, maintenance scans) wait a day: the figures are the campaign's.
        simulatorHistoryDays: 0,
        metricsRollupEveryMs: DAY_MS,
        forecastEveryMs: DAY_MS,
        maintenanceScanEveryMs: DAY_MS,
      },
      WORKER_NICE,
    );
    const seed = await seedFleet(plane, pool);
    console.log(
      `fleet of ${CLUSTERS} simulated cassandra ${seed.version} clusters (${seed.nodes} nodes each) seeded in ${seed.ms} ms; control plane ${LAYOUT}`,
    );

    // One probe throughout: idle before, during, idle after; the idle baseline pools both idle stretches.
    const probe = startListProbe(plane.url, plane.token);
    const idleCpu0 = await plane.cpu();
    const idleBusy = machineBusy();
    await sleep(BASELINE_SECONDS * 1000);
    const idleCpu = minus(await plane.cpu(), idleCpu0);
    const idleMachine = idleBusy();

    const database = new URL(env.databaseUrl).pathname.slice(1);
    const postgres = new PostgresCpu(admin, database);
    await postgres.begin();
    probe.phase('during');
    const cpu0 = await plane.cpu();
    const busy = machineBusy();
    const started = performance.now();
    const created = await api<{ campaign: { id: string } }>(plane, '/api/campaigns', {
      name: 'bench',
      engine: 'cassandra',
      toVersion: '5.0.2',
      prodWaveSize: WAVE_SIZE,
      inFlight: IN_FLIGHT,
      soakMinutes: 0,
      failureBudget: CLUSTERS,
      upgradeMinutes: 1,
      benchmarkSeconds: BENCHMARK_SECONDS,
    });
    if (created.status !== 201) throw new Error(`campaign not created: ${created.status} ${JSON.stringify(created.json)}`);
    const id = created.json.campaign.id;
    let state = { status: 'running', counts: {} as Record<string, number> };
    while (performance.now() - started < MAX_SECONDS * 1000) {
      await sleep(2000);
      state = await progress(plane, id);
      await postgres.sample();
      console.log(`${Math.round((performance.now() - started) / 1000)} s: ${state.status} ${JSON.stringify(state.counts)}`);
      if (state.status !== 'running') break;
    }
    const wallSeconds = (performance.now() - started) / 1000;
    const cpu = minus(await plane.cpu(), cpu0);
    await postgres.sample();
    const machine = busy();
    probe.phase('idle-after');
    const afterBusy = machineBusy();
    await sleep(BASELINE_SECONDS * 1000);
    const afterMachine = afterBusy();
    const list = await probe.stop();
    const listIdle = list.idle;
    const listDuring = list.during!;
    report({
      seed,
      wallSeconds,
      state,
      cpu,
      idleCpu,
      postgresMs: postgres.usedMs(),
      machine,
      idleMachine,
      afterMachine,
      list,
      listIdle,
      listDuring,
    });
  } finally {
    await pool.end();
    await admin.end();
    await remove();
  }
}

interface Measured {
  seed: { version: string; nodes: number; ms: number };
  wallSeconds: number;
  state: { status: string; counts: Record<string, number> };
  cpu: ControlPlaneCpu;
  idleCpu: ControlPlaneCpu;
  postgresMs: number;
  machine: number;
  idleMachine: number;
  afterMachine: number;
  list: ProbeReport;
  listIdle: LatencySummary;
  listDuring: ProbeReport['during'];
}

function report(m: Measured): void {
  const { counts } = m.state;
  const finished = (counts.passed ?? 0) + (counts.rolled_back ?? 0) + (counts.failed ?? 0);
  const upgraded = counts.passed ?? 0;
  const idlePerSecond = m.idleCpu.totalMs / BASELINE_SECONDS;
  const controlPlaneMs = m.cpu.totalMs - m.cpu.simulatedWorkloadMs;
  const ratio = m.listIdle.p99Ms > 0 ? round(m.listDuring.p99Ms / m.listIdle.p99Ms, 2) : null;
  const netPerUpgraded = per(controlPlaneMs, upgraded);
  writeResults(
    'campaign',
    {
      clusters: CLUSTERS,
      nodesPerCluster: m.seed.nodes,
      layout: LAYOUT,
      workerNice: LAYOUT === 'apart' ? WORKER_NICE : null,
      timeScale: TIME_SCALE,
      inFlight: IN_FLIGHT,
      prodWaveSize: WAVE_SIZE,
      workerConcurrency: WORKER_CONCURRENCY,
      benchmarkSeconds: BENCHMARK_SECONDS,
      seedMs: m.seed.ms,
      campaign: {
        status: m.state.status,
        completedWithinLimit: m.state.status === 'completed',
        maxSeconds: MAX_SECONDS,
        wallSeconds: Math.round(m.wallSeconds),
        counts,
        finished,
        upgraded,
        upgradesPerSecond: round(finished / m.wallSeconds),
      },
      cpu: {
        note:
          'control-plane processes (api, worker) only. simulatedWorkloadMs is the CPU those processes spent generating the simulated ' +
          "clusters' before/after workloads (a real cluster's load is served by its own servers); controlPlaneMs is the rest. " +
          'postgresBackendsMs: the PostgreSQL backends of this run (a lower bound, sampled from /proc), not included above. ' +
          "Idle: the fleet before the campaign, its API answering the list probe; 'net of idle' subtracts that rate.",
        campaignMs: Math.round(m.cpu.totalMs),
        byProcess: m.cpu.byProcess,
        simulatedWorkloadMs: Math.round(m.cpu.simulatedWorkloadMs),
        controlPlaneMs: Math.round(controlPlaneMs),
        perClusterUpgradedMs: per(m.cpu.totalMs, upgraded),
        perClusterUpgradedControlPlaneMs: netPerUpgraded,
        perClusterUpgradedControlPlaneNetOfIdleMs: per(controlPlaneMs - idlePerSecond * m.wallSeconds, upgraded),
        perClusterFinishedControlPlaneMs: per(controlPlaneMs, finished),
        perClusterUpgradedSimulatedWorkloadMs: per(m.cpu.simulatedWorkloadMs, upgraded),
        idleMsPerSecond: Math.round(idlePerSecond),
        idleByProcess: m.idleCpu.byProcess,
        postgresBackendsMs: m.postgresMs,
        postgresBackendsPerClusterUpgradedMs: per(m.postgresMs, upgraded),
      },
      machineBusy: {
        idleBefore: m.idleMachine,
        duringCampaign: m.machine,
        idleAfter: m.afterMachine,
        note: 'share of all cores busy, every process on the machine',
      },
      list: {
        note: 'idle pools the idle stretches before and after the campaign; the ratio is during vs that pooled idle p99',
        idle: m.listIdle,
        idleBefore: m.list['idle-before'],
        duringCampaign: m.listDuring,
        idleAfter: m.list['idle-after'],
        p99Ratio: ratio,
      },
      targets: {
        listP99RatioMax: LIST_RATIO_TARGET,
        listP99RatioMet: ratio !== null && ratio <= LIST_RATIO_TARGET,
        controlPlaneCpuPerClusterMsMax: CPU_PER_CLUSTER_TARGET_MS,
        controlPlaneCpuPerClusterMet: netPerUpgraded !== null && netPerUpgraded <= CPU_PER_CLUSTER_TARGET_MS,
      },
      ...(CLUSTERS < 5000 ? { note: `a smaller run: ${CLUSTERS} clusters, not the 5,000 of the issue` } : {}),
    },
    [
      {
        measure: `campaign over ${CLUSTERS} clusters (${LAYOUT}${LAYOUT === 'apart' && WORKER_NICE ? `, worker nice ${WORKER_NICE}` : ''})`,
        value: `${m.state.status}: ${upgraded} upgraded, ${finished} finished in ${Math.round(m.wallSeconds)} s (${round(finished / m.wallSeconds)}/s)`,
      },
      {
        measure: 'control-plane CPU per cluster upgraded',
        value: `${netPerUpgraded ?? 'n/a'} ms (target ≤ ${CPU_PER_CLUSTER_TARGET_MS}); with the simulated workloads ${per(m.cpu.totalMs, upgraded) ?? 'n/a'} ms`,
      },
      { measure: 'PostgreSQL backends CPU per cluster upgraded', value: `${per(m.postgresMs, upgraded) ?? 'n/a'} ms` },
      {
        measure: 'machine busy, idle before / during / idle after',
        value: `${Math.round(m.idleMachine * 100)}% / ${Math.round(m.machine * 100)}% / ${Math.round(m.afterMachine * 100)}%`,
      },
      {
        measure: 'list p50 / p99, idle fleet (before and after)',
        value: `${m.listIdle.p50Ms} / ${m.listIdle.p99Ms} ms (${m.listIdle.count} requests; p99 before ${m.list['idle-before']?.p99Ms} ms, after ${m.list['idle-after']?.p99Ms} ms)`,
      },
      {
        measure: 'list p50 / p99, during the campaign',
        value: `${m.listDuring.p50Ms} / ${m.listDuring.p99Ms} ms (${m.listDuring.count} requests, ${m.listDuring.errors} errors)`,
      },
      { measure: 'list p99 during vs idle', value: ratio === null ? 'n/a' : `${ratio}× (target ≤ ${LIST_RATIO_TARGET}×)` },
    ],
  );
  if (CLUSTERS < 5000) console.log(`note: a smaller run, ${CLUSTERS} clusters rather than 5,000`);
}

runBenchmark(main);

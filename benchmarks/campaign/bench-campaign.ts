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
import { runBenchmark } from '../lib/report';
import { createBenchEnvironment } from '../lib/bench-app';
import { sleep } from '../../services/core/clock';
import { startControlPlane, type ControlPlane, type ControlPlaneCpu } from './control-plane';
import { startListProbe } from './list-probe-process';
import { machineBusy } from './machine-cpu';
import { PostgresCpu } from './postgres-cpu';
import { benchServerUrl } from '../lib/scratch-database';
import {
  BASELINE_SECONDS,
  BENCHMARK_SECONDS,
  CLUSTERS,
  DAY_MS,
  HOUR_MS,
  IN_FLIGHT,
  LAYOUT,
  MAX_SECONDS,
  TIME_SCALE,
  WAVE_SIZE,
  WORKER_CONCURRENCY,
  WORKER_NICE,
} from './campaign-settings';
import { api, progress, seedFleet } from './campaign-api';
import { report } from './campaign-report';

const minus = (a: ControlPlaneCpu, b: ControlPlaneCpu): ControlPlaneCpu => ({
  totalMs: a.totalMs - b.totalMs,
  simulatedWorkloadMs: a.simulatedWorkloadMs - b.simulatedWorkloadMs,
  byProcess: Object.fromEntries(Object.entries(a.byProcess).map(([k, v]) => [k, Math.round(v - (b.byProcess[k] ?? 0))])),
});

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

runBenchmark(main);

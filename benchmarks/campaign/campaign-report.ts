import { writeResults, type LatencySummary } from '../lib/report';
import type { ControlPlaneCpu } from './control-plane';
import type { ProbeReport } from './list-probe-process';
import {
  BASELINE_SECONDS,
  BENCHMARK_SECONDS,
  CLUSTERS,
  CPU_PER_CLUSTER_TARGET_MS,
  IN_FLIGHT,
  LAYOUT,
  LIST_RATIO_TARGET,
  MAX_SECONDS,
  TIME_SCALE,
  WAVE_SIZE,
  WORKER_CONCURRENCY,
  WORKER_NICE,
} from './campaign-settings';

const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;
const per = (ms: number, n: number) => (n > 0 ? round(ms / n) : null);

export interface Measured {
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

export function report(m: Measured): void {
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

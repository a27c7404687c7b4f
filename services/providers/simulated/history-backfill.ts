import type { ClusterRollupRow, NodeRollupRow } from '../../core/metric-rollups';
import { between } from './randomness';
import { nodeTraffic, trafficAt, type NodeTraffic } from './metrics';
import { clusterUsedGb, nodeShare, nodeUse, type ClusterUsage } from './usage-track';
import { DAY_MS, HOUR_MS } from '../../core/clock';
import type { SimEngine } from './sim-engine';

/** The traffic noise of the live simulator spans 0.9–1.1: an hour's peak is taken at its top. */
const PEAK_NOISE = 1.1;

export interface HistoryNode {
  nodeId: string;
  name: string;
  region: string;
  version: string;
  instance: { vcpu: number; diskGb: number; memoryGb: number };
}

export interface HistoryCluster {
  clusterId: string;
  engine: SimEngine;
  usage: ClusterUsage;
  nodes: HistoryNode[];
}

export interface HistoryOptions {
  seed: number;
  /** The simulator's time scale: traffic's daily cycle runs in simulated time, usage in real time. */
  timeScale: number;
  /** Raw points an hour would have held per node (the rollups' `samples`). */
  samplesPerHour: number;
  /** History ends at the start of this hour; from there the live simulator continues it. */
  until: number;
}

type HourTraffic = { readsAvg: number; readsMax: number; writesAvg: number; writesMax: number; p99Avg: number; p99Max: number };

/** An hour of a node's traffic from four quarter-hour samples of the live simulator's model (its noise at its mean and its top). */
function hourTraffic(t: NodeTraffic, vcpu: number, hourStart: number, timeScale: number): HourTraffic {
  const out = { readsAvg: 0, readsMax: 0, writesAvg: 0, writesMax: 0, p99Avg: 0, p99Max: 0 };
  for (let q = 0; q < 4; q++) {
    const at = hourStart + q * 900_000;
    const mean = trafficAt(t, vcpu, at, timeScale, 1, null);
    const peak = trafficAt(t, vcpu, at, timeScale, PEAK_NOISE, null);
    out.readsAvg += mean.reads / 4;
    out.writesAvg += mean.writes / 4;
    out.p99Avg += mean.p99 / 4;
    out.readsMax = Math.max(out.readsMax, peak.reads);
    out.writesMax = Math.max(out.writesMax, peak.writes);
    out.p99Max = Math.max(out.p99Max, peak.p99);
  }
  return out;
}

/** Folds hours into a day: maxima of maxima, averages of averages (hours weigh the same). */
class DayFold<T extends { samples: number }> {
  private acc: T | null = null;
  private hours = 0;
  constructor(private readonly merge: (into: T, hour: T, hours: number) => void) {}
  add(hour: T): void {
    if (this.acc === null) this.acc = { ...hour };
    else this.merge(this.acc, hour, this.hours);
    this.hours += 1;
  }
  take(bucket: Date): T | null {
    const day = this.acc;
    this.acc = null;
    this.hours = 0;
    return day ? { ...day, bucket } : null;
  }
}

const mean = (previous: number | null, next: number | null, n: number) => ((previous ?? 0) * n + (next ?? 0)) / (n + 1);
const top = (a: number | null, b: number | null) => Math.max(a ?? 0, b ?? 0);

function mergeNode(into: NodeRollupRow, h: NodeRollupRow, n: number): void {
  into.samples += h.samples;
  into.fillMax = top(into.fillMax, h.fillMax);
  into.diskUsedGbMax = top(into.diskUsedGbMax, h.diskUsedGbMax);
  into.memoryUsedGbMax = top(into.memoryUsedGbMax, h.memoryUsedGbMax);
  into.readsAvg = mean(into.readsAvg, h.readsAvg, n);
  into.readsMax = top(into.readsMax, h.readsMax);
  into.writesAvg = mean(into.writesAvg, h.writesAvg, n);
  into.writesMax = top(into.writesMax, h.writesMax);
  into.p99Avg = mean(into.p99Avg, h.p99Avg, n);
  into.p99Max = top(into.p99Max, h.p99Max);
}

function mergeCluster(into: ClusterRollupRow, h: ClusterRollupRow, n: number): void {
  into.samples += h.samples;
  into.fillMax = top(into.fillMax, h.fillMax);
  into.usedGbMax = top(into.usedGbMax, h.usedGbMax);
  into.capacityGb = h.capacityGb;
  into.readsAvg = mean(into.readsAvg, h.readsAvg, n);
  into.readsMax = top(into.readsMax, h.readsMax);
  into.writesAvg = mean(into.writesAvg, h.writesAvg, n);
  into.writesMax = top(into.writesMax, h.writesMax);
  into.p99Max = top(into.p99Max, h.p99Max);
  into.nodeCount = Math.max(into.nodeCount, h.nodeCount);
}

/**
 * A simulated cluster's past, as the rollup job would have recorded it: hourly rollups of every
 * node and of the cluster from the series' origin to `until`, and daily rollups of the whole days
 * among them. Usage is the series' hourly peak spread over the nodes as the live simulator spreads
 * it; traffic is the live simulator's model, so history and live points join up.
 */
export function historyOf(
  cluster: HistoryCluster,
  options: HistoryOptions,
  emit: { node(row: NodeRollupRow): void; cluster(row: ClusterRollupRow): void },
): void {
  const { usage, engine, clusterId, nodes } = cluster;
  const capacityGb = usage.series.capacityGb;
  const perNode = nodes.map((n) => ({
    node: n,
    share: nodeShare(engine, nodes.filter((m) => m.region === n.region).length),
    traffic: nodeTraffic(options.seed, { name: n.name, region: n.region, version: n.version }, engine),
    memoryBase: between(options.seed, 40, 75, n.name, 'mem'),
    days: new DayFold<NodeRollupRow>(mergeNode),
  }));
  const clusterDays = new DayFold<ClusterRollupRow>(mergeCluster);
  const end = Math.floor(options.until / HOUR_MS) * HOUR_MS;
  for (let at = usage.origin; at < end; at += HOUR_MS) {
    const bucket = new Date(at);
    const usedGb = Math.max(clusterUsedGb(usage, at), clusterUsedGb(usage, at + HOUR_MS / 2));
    const fill = capacityGb > 0 ? usedGb / capacityGb : null;
    const sum: ClusterRollupRow = {
      clusterId,
      resolution: 'hour',
      bucket,
      samples: 0,
      fillMax: fill,
      usedGbMax: usedGb,
      capacityGb,
      readsAvg: 0,
      readsMax: 0,
      writesAvg: 0,
      writesMax: 0,
      p99Max: 0,
      nodeCount: nodes.length,
    };
    for (const n of perNode) {
      const held = usedGb * n.share;
      const use = nodeUse(
        engine,
        held,
        { diskGb: n.node.instance.diskGb, memoryGb: n.node.instance.memoryGb },
        n.memoryBase + 10 * Math.min(1, held / n.node.instance.diskGb),
      );
      const t = hourTraffic(n.traffic, n.node.instance.vcpu, at, options.timeScale);
      const row: NodeRollupRow = {
        nodeId: n.node.nodeId,
        clusterId,
        resolution: 'hour',
        bucket,
        samples: options.samplesPerHour,
        fillMax: fill,
        diskUsedGbMax: use.diskUsedGb,
        memoryUsedGbMax: use.memoryUsedGb,
        ...t,
      };
      emit.node(row);
      n.days.add(row);
      sum.samples += row.samples;
      sum.readsAvg! += t.readsAvg;
      sum.readsMax! += t.readsMax;
      sum.writesAvg! += t.writesAvg;
      sum.writesMax! += t.writesMax;
      sum.p99Max = Math.max(sum.p99Max!, t.p99Max);
    }
    emit.cluster(sum);
    clusterDays.add(sum);
    if ((at + HOUR_MS) % DAY_MS === 0) {
      const day = new Date(at + HOUR_MS - DAY_MS);
      for (const n of perNode) emit.node({ ...n.days.take(day)!, resolution: 'day' });
      emit.cluster({ ...clusterDays.take(day)!, resolution: 'day' });
    }
  }
}

import type { CapacityDeps } from '../capacity-deps';
import type { Cluster } from '../../core/types';
import { InputError, NotFoundError } from '../../core/errors';
import { clusterRollups, nodeRollups, Resolutions, type Resolution } from './sql/metrics-repository';
import { DAY_MS, HOUR_MS } from '../../core/clock';

/** What a request covers when it leaves `from` out, and the longest range each resolution serves. */
const defaultSpanMs: Record<Resolution, number> = { raw: 6 * HOUR_MS, hour: 7 * DAY_MS, day: 365 * DAY_MS };
const maxSpanMs: Record<Resolution, number> = { raw: 2 * DAY_MS, hour: 366 * DAY_MS, day: 20 * 366 * DAY_MS };

export interface MetricsQuery {
  resolution?: string;
  from?: string;
  to?: string;
}

export interface MetricPoint {
  at: string;
  fill: number | null;
  usedGb: number | null;
  capacityGb: number | null;
  readsPerSecond: number | null;
  writesPerSecond: number | null;
  p99Ms: number | null;
  nodeCount: number;
}

export interface MetricSeries {
  resolution: Resolution;
  from: string;
  to: string;
  points: MetricPoint[];
}

const orNull = (value: number): number | null => (Number.isFinite(value) ? Math.round(value * 1000) / 1000 : null);

function parseInstant(name: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const at = Date.parse(text);
  if (!/^\d{4}-\d{2}-\d{2}/.test(text) || Number.isNaN(at))
    throw new InputError(`${name} must be an ISO 8601 date or date-time, got "${text}"`, { [name]: text });
  return at;
}

/** The resolution and [from, to) of a request, or an InputError saying what is wrong. */
export function parseRange(query: MetricsQuery, now: number): { resolution: Resolution; from: number; to: number } {
  const resolution = (query.resolution ?? 'hour') as Resolution;
  if (!Resolutions.includes(resolution))
    throw new InputError(`resolution must be one of ${Resolutions.join(', ')}, got "${query.resolution}"`, {
      resolution: query.resolution,
    });
  const to = parseInstant('to', query.to, now);
  const from = parseInstant('from', query.from, to - defaultSpanMs[resolution]);
  if (from >= to) throw new InputError('from must be before to', { from: query.from, to: query.to });
  if (to - from > maxSpanMs[resolution]) {
    const days = maxSpanMs[resolution] / DAY_MS;
    throw new InputError(`a ${resolution} range may cover at most ${days} days; ask for a coarser resolution`, {
      resolution,
      maxDays: days,
    });
  }
  return { resolution, from, to };
}

/** A cluster's or one node's metrics history, at the resolution and over the range a reader asks for. */
export class MetricsService {
  constructor(private readonly ctx: CapacityDeps) {}

  async forCluster(cluster: Cluster, query: MetricsQuery): Promise<MetricSeries> {
    const range = parseRange(query, this.ctx.clock.now().getTime());
    const rows = await clusterRollups(this.ctx.pool, cluster.id, range.resolution, new Date(range.from), new Date(range.to));
    return {
      ...this.head(range),
      points: rows.map((r) => ({
        at: r.bucket.toISOString(),
        fill: orNull(r.fillMax),
        usedGb: orNull(r.usedGbMax),
        capacityGb: orNull(r.capacityGb),
        readsPerSecond: orNull(r.readsAvg),
        writesPerSecond: orNull(r.writesAvg),
        p99Ms: orNull(r.p99Max),
        nodeCount: r.nodeCount,
      })),
    };
  }

  /** A node's used GB is of the resource its engine's data fills (memory for Redis, disk otherwise); its capacity follows from its fill. */
  async forNode(cluster: Cluster, nodeRef: string, query: MetricsQuery): Promise<MetricSeries & { node: string }> {
    const range = parseRange(query, this.ctx.clock.now().getTime());
    const node = (await this.ctx.repos.nodes.forCluster(cluster.id)).find((n) => n.name === nodeRef || n.id === nodeRef);
    if (!node) throw new NotFoundError('node', nodeRef);
    const rows = await nodeRollups(this.ctx.pool, node.id, range.resolution, new Date(range.from), new Date(range.to));
    const byMemory = this.ctx.engines.get(cluster.engine).sizing.resource === 'memoryGb';
    return {
      node: node.name,
      ...this.head(range),
      points: rows.map((r) => {
        const used = byMemory ? r.memoryUsedGbMax : r.diskUsedGbMax;
        return {
          at: r.bucket.toISOString(),
          fill: orNull(r.fillMax),
          usedGb: orNull(used),
          capacityGb: r.fillMax > 0 ? orNull(used / r.fillMax) : null,
          readsPerSecond: orNull(r.readsAvg),
          writesPerSecond: orNull(r.writesAvg),
          p99Ms: orNull(r.p99Max),
          nodeCount: 1,
        };
      }),
    };
  }

  private head(range: { resolution: Resolution; from: number; to: number }) {
    return { resolution: range.resolution, from: new Date(range.from).toISOString(), to: new Date(range.to).toISOString() };
  }
}

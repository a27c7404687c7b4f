import { Gauge, type Registry } from 'prom-client';
import type { Logger } from 'pino';
import type { Pool } from '../infra/db/pool';
import type { LiveEvent } from '../infra/queues/live-events';
import type { HealthNotice } from './health-notices';
import { clusterGaugeRows, type ClusterGaugeRow } from './sql/cluster-gauges';

export interface ClusterGaugeDeps {
  pool: Pool;
  logger: Logger;
  /** Live events from every process (the API's hub): health batches move the scores at once. */
  onLiveEvent: (listener: (event: LiveEvent) => void) => () => void;
}

export interface ClusterGaugeOptions {
  /** How often the whole fleet is read again (new, renamed, reassigned and decommissioned clusters; forecasts). */
  refreshMs?: number;
  /** After a cluster record changes, the soonest the fleet is read again. */
  minRefreshGapMs?: number;
}

const LABELS = ['cluster', 'engine', 'team'] as const;
type Labels = Record<(typeof LABELS)[number], string>;

/**
 * Per-cluster health score, fill and days left on /metrics, so a team can alert on its clusters in
 * its own Prometheus and Grafana. A scrape reads memory only: the fleet is read in one query every
 * `refreshMs` (and soon after a cluster record changes), and the health stream's live events move a
 * cluster's score as soon as its state changes. Labels are the cluster's name, engine and owning
 * team, one series per live cluster and gauge: a decommissioned cluster's series go away.
 */
export class ClusterGauges {
  private readonly score: Gauge;
  private readonly fill: Gauge;
  private readonly daysLeft: Gauge;
  private labelsById = new Map<string, Labels>();
  private timer: NodeJS.Timeout | undefined;
  private pending: NodeJS.Timeout | undefined;
  private lastRefreshAt = 0;
  private refreshing: Promise<void> | undefined;
  private stopListening: (() => void) | undefined;

  constructor(
    registry: Registry,
    private readonly deps: ClusterGaugeDeps,
    private readonly options: ClusterGaugeOptions = {},
  ) {
    const gauge = (name: string, help: string) => new Gauge({ name, help, labelNames: LABELS, registers: [registry] });
    this.score = gauge(
      'datafleet_cluster_health_score',
      "A cluster's health score, 0-100 (80+ healthy, 50-79 degraded, below 50 unhealthy)",
    );
    this.fill = gauge(
      'datafleet_cluster_fill_ratio',
      "The latest forecast's fill of a cluster's usable capacity (disk; memory for in-memory engines), 1 = exhausted",
    );
    this.daysLeft = gauge(
      'datafleet_cluster_capacity_days_left',
      'Days until a cluster runs out of usable capacity by its latest forecast; +Inf when not within the forecast horizon',
    );
  }

  start(): void {
    this.stopListening = this.deps.onLiveEvent((event) => this.onEvent(event));
    void this.refresh();
    this.timer = setInterval(() => void this.refresh(), this.options.refreshMs ?? 30_000).unref();
  }

  stop(): void {
    clearInterval(this.timer);
    clearTimeout(this.pending);
    this.stopListening?.();
  }

  /** Reads the fleet and replaces every series; a database that does not answer keeps the last values. */
  refresh(): Promise<void> {
    this.refreshing ??= this.readFleet().finally(() => (this.refreshing = undefined));
    return this.refreshing;
  }

  private async readFleet(): Promise<void> {
    this.lastRefreshAt = Date.now();
    let rows: ClusterGaugeRow[];
    try {
      rows = await clusterGaugeRows(this.deps.pool);
    } catch (error) {
      this.deps.logger.warn({ err: error }, 'cluster gauges not refreshed; the last values stay');
      return;
    }
    this.score.reset();
    this.fill.reset();
    this.daysLeft.reset();
    this.labelsById = new Map();
    for (const row of rows) {
      const labels = { cluster: row.name, engine: row.engine, team: row.team };
      this.labelsById.set(row.id, labels);
      if (row.score !== null) this.score.set(labels, row.score);
      if (row.fill !== null) this.fill.set(labels, row.fill);
      if (row.forecast) this.daysLeft.set(labels, row.daysLeft ?? Number.POSITIVE_INFINITY);
    }
  }

  private onEvent(event: LiveEvent): void {
    if (event.type === 'health') {
      for (const notice of (event.data as { clusters?: HealthNotice[] }).clusters ?? []) {
        const labels = this.labelsById.get(notice.clusterId);
        if (labels && 'score' in notice) this.score.set(labels, notice.score);
      }
    } else if (event.type === 'cluster') {
      this.refreshSoon();
    }
  }

  /** A cluster was created, renamed, reassigned or decommissioned: read the fleet again, at most once a gap. */
  private refreshSoon(): void {
    if (this.pending) return;
    const wait = Math.max(0, this.lastRefreshAt + (this.options.minRefreshGapMs ?? 2000) - Date.now());
    this.pending = setTimeout(() => {
      this.pending = undefined;
      void this.refresh();
    }, wait).unref();
  }
}

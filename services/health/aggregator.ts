import type { Redis } from 'ioredis';
import type { HealthDeps } from './health-deps';
import { decodeSnapshot, type NodeSnapshot } from './snapshot';
import { foldObservations, scoreBatch, silentNodes, type ClusterMemory, type FoldResult, type Observation } from './fold';
import type { ClusterViews } from './peer-views';
import { HealthStore } from './health-store';
import { SlaCache } from './sla-cache';
import { servingNodeIds } from './sql/cluster-facts';
import type { HealthAlerts } from './health-alerts';
import { healthNotices } from './health-notices';
import type { HealthState } from './scoring';
import type { RawPointRecorder } from '../capacity/metrics/raw-point-recorder';

const CONSUMER = `aggregator-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
/**
 * Entries read and applied at once. Past a few hundred the round trips per snapshot no longer
 * matter, while a bigger batch keeps more alive through each young-generation garbage collection:
 * 1,000 took 5-10% less CPU per snapshot than 5,000 in bench:health.
 */
const BATCH = 1000;
const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
type StreamEntries = Array<[string, string[]]>;
const settled: Promise<unknown> = Promise.resolve(null);
const noFailure = () => null;

/**
 * Reads the health stream as one consumer of a group, so several workers share the load and a
 * snapshot a crashed worker had read but not acknowledged is claimed by another. Each batch costs
 * a fixed number of round trips whatever its size: one script loads the state of every cluster it
 * touches, scoring and hysteresis run in memory, PostgreSQL is written only for state changes (one
 * statement), one PUBLISH tells the consoles, and one script stores the new state and
 * acknowledges the batch.
 */
export class HealthAggregator {
  private running = false;
  private watchdog: NodeJS.Timeout | undefined;
  private readonly store: HealthStore;
  private readonly slas: SlaCache;
  private readonly alerts: HealthAlerts;
  /** Averages snapshots into the metrics history's raw points (workers/metrics). */
  readonly points: RawPointRecorder;
  private lastClaimAt = 0;
  /** The last batch's store write while consume leaves it in flight: what it failed with, or null. */
  private storing: Promise<unknown> = settled;

  constructor(
    private readonly ctx: HealthDeps,
    private readonly redis: Redis,
    parts: { alerts: HealthAlerts; points: RawPointRecorder },
    private readonly consumer = CONSUMER,
  ) {
    this.store = new HealthStore(redis, ctx.config.queuePrefix);
    this.slas = new SlaCache(ctx.pool);
    this.alerts = parts.alerts;
    this.points = parts.points;
  }

  get keys() {
    return this.store.keys;
  }

  /**
   * Creates the stream and the group where missing. At start the group begins at the stream's end
   * ('$'); when Redis lost them (a flush, a failover without persistence) the group is recreated
   * from the beginning ('0') of the stream the collector has been refilling, so nothing it wrote
   * since is skipped. Until then the collector-silence rule covers the gap.
   */
  async ensureGroup(from: '$' | '0' = '$'): Promise<void> {
    await this.redis.xgroup('CREATE', this.keys.stream, this.keys.group, from, 'MKSTREAM').catch((e: Error) => {
      if (!/BUSYGROUP/.test(e.message)) throw e;
    });
  }

  /**
   * Applies one batch of stream entries and acknowledges them; returns how many snapshots it applied.
   * `pipelined`: return once the batch's store write is sent, not answered (see consume).
   */
  async applyEntries(entries: StreamEntries, pipelined = false): Promise<number> {
    if (entries.length === 0) return 0;
    const snapshots: NodeSnapshot[] = [];
    for (const [, fields] of entries) {
      const s = decodeSnapshot(fields[1] ?? '');
      if (s && uuidPattern.test(s.clusterId)) snapshots.push(s); // anything else is acknowledged and dropped
    }
    this.points.add(snapshots);
    const clusterIds = [...new Set(snapshots.map((s) => s.clusterId))];
    const [memory, slas] = await Promise.all([this.store.load(clusterIds), this.slas.forClusters(clusterIds)]);
    const { observations, views } = scoreBatch(snapshots, memory, slas, this.ctx.config.healthIntervalMs / 2);
    await this.commit(
      observations,
      memory,
      views,
      entries.map(([id]) => id),
      pipelined,
    );
    return observations.length;
  }

  /**
   * PostgreSQL first, Redis (with the acknowledgement) last: a crash in between replays the batch,
   * never loses it. `pipelined`: the Redis write is left in flight (this.storing) and the next
   * commit waits for it before writing anything of its own.
   */
  private async commit(
    observations: Observation[],
    memory: Map<string, ClusterMemory>,
    views: Map<string, ClusterViews>,
    ackIds: string[],
    pipelined = false,
  ): Promise<FoldResult> {
    // Complete metric intervals are written alongside the state changes (flush never throws), before the acknowledgement.
    const pointsWritten = this.points.flush();
    try {
      await this.fillClusterStates(observations, memory);
      const result = foldObservations(observations, memory, views);
      // The previous batch's store write failed: this batch's fold may rest on it, so it writes nothing either.
      await this.stored();
      await this.ctx.repos.health.transitionMany([...result.nodeChanges, ...result.clusterChanges]);
      await this.alerts.raise(result.nodeChanges);
      const notices = healthNotices(result);
      if (notices.length > 0) await this.ctx.events.publish({ type: 'health', data: { clusters: notices } });
      await pointsWritten;
      const saved = this.store.save(result, ackIds, memory);
      if (pipelined) this.storing = saved.then(noFailure, (error: unknown) => error);
      else await saved;
      return result;
    } catch (error) {
      this.store.forget();
      throw error;
    }
  }

  /** Waits for the store write left in flight, if any; throws what it failed with. */
  private async stored(): Promise<void> {
    const failure = await this.storing;
    this.storing = settled;
    if (failure !== null) throw failure;
  }

  /** A cluster whose state Redis does not hold (first seen, or Redis was emptied) takes it from PostgreSQL. */
  private async fillClusterStates(observations: Observation[], memory: Map<string, ClusterMemory>): Promise<void> {
    const unknown = [...new Set(observations.map((o) => o.clusterId))].filter((id) => memory.get(id)?.state === undefined);
    if (unknown.length === 0) return;
    for (const [id, recorded] of await this.ctx.repos.health.clusterStates(unknown)) {
      const cluster = memory.get(id);
      if (cluster) cluster.state = { state: recorded.state as HealthState, score: recorded.score };
    }
  }

  private async read(blockMs: number | null): Promise<StreamEntries> {
    const { group, stream } = this.keys;
    const reply = (
      blockMs === null
        ? await this.redis.xreadgroup('GROUP', group, this.consumer, 'COUNT', BATCH, 'STREAMS', stream, '>')
        : await this.redis.xreadgroup('GROUP', group, this.consumer, 'COUNT', BATCH, 'BLOCK', blockMs, 'STREAMS', stream, '>')
    ) as Array<[string, StreamEntries]> | null;
    return (reply ?? []).flatMap(([, entries]) => entries);
  }

  /**
   * A read started while the previous batch is applied. It may fail (Redis emptied or gone) before
   * anyone awaits it: a handler is attached at once so that failure is not an unhandled rejection,
   * and awaiting the returned promise still throws it.
   */
  private readAhead(blockMs: number | null): Promise<StreamEntries> {
    const reading = this.read(blockMs);
    reading.catch(() => undefined);
    return reading;
  }

  /** What dead consumers read and never acknowledged, now and then (they are idle for six intervals). */
  private async claimAbandoned(): Promise<number> {
    if (Date.now() - this.lastClaimAt <= this.ctx.config.healthIntervalMs * 6) return 0;
    this.lastClaimAt = Date.now();
    const claimed = (await this.redis.xautoclaim(
      this.keys.stream,
      this.keys.group,
      this.consumer,
      this.ctx.config.healthIntervalMs * 6,
      '0-0',
      'COUNT',
      BATCH,
    )) as [string, StreamEntries];
    return this.applyEntries((claimed[1] ?? []).filter((e) => Array.isArray(e[1])));
  }

  /** Reads and applies what the stream holds for this consumer; returns how many snapshots it applied. */
  async consumeOnce(blockMs = 1000): Promise<number> {
    return (await this.claimAbandoned()) + (await this.applyEntries(await this.read(blockMs)));
  }

  /**
   * Consumes until `stop(applied so far)` says so. While the stream has more, the next batch is read
   * while this one is applied (it stays pending, unacknowledged, until its turn), and a batch is
   * decoded, loaded and scored while Redis still runs the previous batch's store write: the load
   * follows that write on the same connection, so it reads what the write stored. Only an empty read
   * blocks, and then only commands sent after it wait behind it. Returns once every applied batch is stored.
   */
  async consume(stop: (applied: number) => boolean, blockMs = 1000): Promise<number> {
    let applied = 0;
    let next = this.readAhead(blockMs);
    try {
      while (!stop(applied)) {
        const entries = await next;
        next = this.readAhead(entries.length > 0 ? null : blockMs);
        applied += (await this.claimAbandoned()) + (await this.applyEntries(entries, true));
      }
      await this.stored();
    } finally {
      // Entries read ahead and not applied stay pending; claimAbandoned takes them back later.
      await next.catch(() => undefined);
      await this.storing;
    }
    return applied;
  }

  /**
   * A node with no snapshot for three intervals is unhealthy ("silent") — but only while the
   * collector itself is alive: when the collector was down, nobody heard from anyone, and that is
   * no reason to declare the whole fleet sick. Its heartbeat holds when its previous round started:
   * a node is silent only when that completed round went by without it.
   */
  async checkSilence(now = Date.now()): Promise<number> {
    const heartbeat = await this.redis.get(this.keys.collectorHeartbeat);
    if (heartbeat === null) return 0;
    const roundStartedAt = Number(heartbeat) || 0;
    const limit = this.ctx.config.healthIntervalMs * 3;
    const clusterIds: string[] = [];
    for await (const batch of this.redis.scanStream({ match: this.keys.nodeHealth('*'), count: 500 }) as AsyncIterable<string[]>) {
      for (const key of batch) clusterIds.push(key.slice(key.lastIndexOf(':') + 1));
    }
    const memory = await this.store.load(clusterIds);
    const observations = await this.stillServing(silentNodes(memory, now, limit, roundStartedAt));
    if (observations.length > 0) await this.commit(observations, memory, new Map(), []);
    return observations.length;
  }

  /**
   * A node that was replaced, scaled in or decommissioned stops reporting on purpose: its silence
   * is no alarm. Only nodes PostgreSQL still counts as serving a live cluster can go silent.
   */
  private async stillServing(observations: Observation[]): Promise<Observation[]> {
    if (observations.length === 0) return observations;
    const serving = await servingNodeIds(
      this.ctx.pool,
      observations.map((o) => o.nodeId).filter((id) => uuidPattern.test(id)),
    );
    return observations.filter((o) => serving.has(o.nodeId));
  }

  async start(): Promise<void> {
    await this.ensureGroup();
    this.running = true;
    let checking = false;
    this.watchdog = setInterval(() => {
      // One check at a time: while Redis is away a check waits for it, and checks must not pile up.
      if (checking) return;
      checking = true;
      void this.checkSilence()
        .catch(() => undefined)
        .finally(() => (checking = false));
    }, this.ctx.config.healthIntervalMs);
    this.watchdog.unref();
    void (async () => {
      while (this.running) {
        await this.consume(() => !this.running).catch(async (error: unknown) => {
          if (!this.running) return; // the connection was closed on purpose
          await this.recover(error);
        });
      }
    })();
  }

  /** After a failed read or batch: recreates a vanished stream or group, otherwise waits a moment before retrying. */
  private async recover(error: unknown): Promise<void> {
    const message = error instanceof Error ? error.message : String(error);
    if (/NOGROUP|no longer exists/i.test(message)) {
      this.ctx.logger.warn('the health stream or its consumer group vanished from Redis; recreating them');
      const recreated = await this.ensureGroup('0').then(
        () => true,
        () => false,
      );
      if (recreated) return;
    } else {
      this.ctx.logger.warn({ err: error }, 'health aggregation failed; retrying');
    }
    await new Promise((r) => setTimeout(r, 1000));
  }

  stop(): void {
    this.running = false;
    if (this.watchdog) clearInterval(this.watchdog);
  }
}

import type { Redis } from 'ioredis';
import type { CoreContext } from '../../services/context';
import type { Sla } from '../../services/domain/types';
import { decodeSnapshot, type NodeSnapshot } from './snapshot';
import { healthKeys } from './stream';
import { scoreSnapshot } from './scoring';
import { advance, type NodeHealth } from './hysteresis';
import { clusterHealth } from './cluster-health';
import { AlertService } from '../../services/alerts/alert-service';
import type { HealthState } from './scoring';

const CONSUMER = `aggregator-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;

/**
 * Reads the health stream as one consumer of a group, so several workers share the load and a
 * snapshot a crashed worker had read but not acknowledged is handed to another. Scores each
 * snapshot, folds it into the node's health with hysteresis, and records every state change of a
 * node or of its cluster in PostgreSQL.
 */
export class HealthAggregator {
  private running = false;
  private watchdog: NodeJS.Timeout | undefined;
  private readonly slas = new Map<string, { sla: Sla; until: number }>();

  private readonly alerts: AlertService;

  constructor(private readonly ctx: CoreContext, private readonly redis: Redis) {
    this.alerts = new AlertService(ctx);
  }

  private get keys() {
    return healthKeys(this.ctx.config.queuePrefix);
  }

  async ensureGroup(): Promise<void> {
    await this.redis.xgroup('CREATE', this.keys.stream, this.keys.group, '$', 'MKSTREAM').catch((e: Error) => {
      if (!/BUSYGROUP/.test(e.message)) throw e;
    });
  }

  private async slaOf(clusterId: string): Promise<Sla | null> {
    const hit = this.slas.get(clusterId);
    if (hit && hit.until > Date.now()) return hit.sla;
    const cluster = await this.ctx.repos.clusters.find(clusterId);
    if (!cluster) return null;
    this.slas.set(clusterId, { sla: cluster.sla, until: Date.now() + 10_000 });
    return cluster.sla;
  }

  /** Folds one snapshot in; returns true when the node's state changed. */
  async apply(snapshot: NodeSnapshot): Promise<boolean> {
    const sla = await this.slaOf(snapshot.clusterId);
    if (!sla) return false;
    const { score, causes } = scoreSnapshot(snapshot, sla);
    return this.record(snapshot.clusterId, snapshot.nodeId, score, causes, snapshot.at, snapshot.nodeName);
  }

  async record(clusterId: string, nodeId: string, score: number, causes: string[], at: number, nodeName?: string): Promise<boolean> {
    const key = this.keys.nodeHealth(clusterId);
    const raw = await this.redis.hget(key, nodeId);
    const previous = raw ? (JSON.parse(raw) as NodeHealth) : undefined;
    const { health, changed } = advance(previous, score, causes, at);
    await this.redis.hset(key, nodeId, JSON.stringify(health));
    if (!changed) return false;
    await this.ctx.repos.health.transition({ targetType: 'node', targetId: nodeId, clusterId, fromState: previous?.state ?? null, toState: health.state, score, causes });
    await this.refreshCluster(clusterId);
    await this.raiseAlert(clusterId, nodeId, nodeName, previous?.state, health.state, causes);
    return true;
  }

  /**
   * Health transitions are alerts too: a node turning unhealthy fires NodeDown (it did not answer,
   * or went silent) or NodeUnhealthy; recovering from unhealthy resolves it.
   */
  private async raiseAlert(clusterId: string, nodeId: string, nodeName: string | undefined, from: HealthState | undefined, to: HealthState, causes: string[]): Promise<void> {
    const down = causes.some((c) => c.startsWith('node down') || c.startsWith('node silent'));
    const becameUnhealthy = to === 'unhealthy' && from !== undefined;
    const recovered = from === 'unhealthy' && to !== 'unhealthy';
    if (!becameUnhealthy && !recovered) return;
    const name = nodeName ?? (await this.ctx.repos.nodes.forCluster(clusterId)).find((n) => n.id === nodeId)?.name ?? null;
    for (const alertName of becameUnhealthy ? [down ? 'NodeDown' : 'NodeUnhealthy'] : ['NodeDown', 'NodeUnhealthy']) {
      await this.alerts.receive({
        source: 'health', name: alertName, status: becameUnhealthy ? 'firing' : 'resolved', cluster: clusterId, node: name,
        severity: 'critical', summary: causes.join('; ') || `node ${name ?? nodeId} recovered`, fingerprint: null, labels: {},
      });
    }
  }

  private async refreshCluster(clusterId: string): Promise<void> {
    const all = await this.redis.hgetall(this.keys.nodeHealth(clusterId));
    const nodes = Object.values(all).map((v) => JSON.parse(v) as NodeHealth);
    const next = clusterHealth(nodes);
    const current = (await this.ctx.repos.health.forCluster(clusterId)).find((h) => h.targetType === 'cluster');
    if (current?.state === next.state && current.score === next.score) return;
    await this.ctx.repos.health.transition({ targetType: 'cluster', targetId: clusterId, clusterId, fromState: current?.state ?? null, toState: next.state, score: next.score, causes: next.causes });
    await this.ctx.events.publish({ type: 'health', data: { clusterId, state: next.state, score: next.score } });
  }

  /** Reads and applies what the stream holds for this consumer; returns how many snapshots it applied. */
  async consumeOnce(blockMs = 1000): Promise<number> {
    const reply = (await this.redis.xreadgroup('GROUP', this.keys.group, CONSUMER, 'COUNT', 500, 'BLOCK', blockMs, 'STREAMS', this.keys.stream, '>')) as
      | Array<[string, Array<[string, string[]]>]>
      | null;
    let applied = 0;
    for (const [, entries] of reply ?? []) {
      for (const [id, fields] of entries) {
        const snapshot = decodeSnapshot(fields[1] ?? '');
        if (snapshot) {
          await this.apply(snapshot);
          applied += 1;
        }
        await this.redis.xack(this.keys.stream, this.keys.group, id);
      }
    }
    return applied;
  }

  /**
   * A node with no snapshot for three intervals is unhealthy ("silent") — but only while the
   * collector itself is alive: when the collector was down, nobody heard from anyone, and that is
   * no reason to declare the whole fleet sick.
   */
  async checkSilence(now = Date.now()): Promise<number> {
    if (!(await this.redis.exists(this.keys.collectorHeartbeat))) return 0;
    const limit = this.ctx.config.healthIntervalMs * 3;
    let silent = 0;
    for (const key of await this.redis.keys(this.keys.nodeHealth('*'))) {
      const clusterId = key.slice(key.lastIndexOf(':') + 1);
      for (const [nodeId, raw] of Object.entries(await this.redis.hgetall(key))) {
        const health = JSON.parse(raw) as NodeHealth;
        if (now - health.lastSnapshotAt <= limit) continue;
        silent += 1;
        await this.record(clusterId, nodeId, 0, [`node silent: no snapshot for ${Math.round((now - health.lastSnapshotAt) / 1000)} s`], health.lastSnapshotAt);
      }
    }
    return silent;
  }

  async start(): Promise<void> {
    await this.ensureGroup();
    this.running = true;
    this.watchdog = setInterval(() => void this.checkSilence().catch(() => undefined), this.ctx.config.healthIntervalMs);
    this.watchdog.unref();
    void (async () => {
      while (this.running) {
        await this.consumeOnce().catch(async (error) => {
          if (!this.running) return; // the connection was closed on purpose
          this.ctx.logger.warn({ err: error }, 'health aggregation failed; retrying');
          await new Promise((r) => setTimeout(r, 1000));
        });
      }
    })();
  }

  stop(): void {
    this.running = false;
    if (this.watchdog) clearInterval(this.watchdog);
  }
}

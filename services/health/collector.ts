import type { Redis } from 'ioredis';
import type { HealthDeps } from './health-deps';
import type { ClusterNode, EngineName } from '../core/types';
import { observerOf } from '../providers/capabilities';
import type { NodeObserver } from '../providers/observed-node';
import type { ProbeResult } from '../engines/engine';
import { encodeSnapshot, type NodeSnapshot } from './snapshot';
import { ErrorCounts } from './error-counts';
import { lagSeenByPrimary, resolvePeers, snapshotFromProbe, snapshotFromSimulator } from './snapshot-facts';
import { healthKeys, STREAM_MAX_LENGTH } from './stream';
import { UsageReader } from './usage-facts';

/** At most one overrun warning per this long: a fleet too big for its interval overruns every round. */
const OVERRUN_LOG_EVERY_MS = 60_000;

interface ClusterTarget {
  clusterId: string;
  engine: EngineName;
  /** Opened only when a node is probed with the engine's driver (simulated nodes need none). */
  password: () => string;
  nodes: ClusterNode[];
}

/**
 * Stands in for the agent on every node: each interval it reads each running node of each live
 * cluster — with the engine's real driver for local nodes, from the simulator for simulated ones
 * (one read per cluster) — and pushes one snapshot per node into the health stream.
 */
export class HealthCollector {
  private timer: NodeJS.Timeout | undefined;
  private busy = false;
  private overrunLoggedAt = Number.NEGATIVE_INFINITY;
  /** Each node's last cumulative error counter, to report errors per interval. */
  private readonly errors = new ErrorCounts();
  private readonly usage = new UsageReader();
  /** When the last round whose snapshots are all in the stream started. */
  private previousRoundStartedAt = 0;

  constructor(
    private readonly ctx: HealthDeps,
    private readonly redis: Redis,
  ) {}

  private async targets(): Promise<ClusterTarget[]> {
    const clusters = await this.ctx.repos.clusterSecrets.liveClusterCredentials();
    return Promise.all(
      clusters.map(async (c) => ({
        ...c,
        nodes: (await this.ctx.repos.nodes.forCluster(c.clusterId)).filter((n) => n.state !== 'terminated'),
      })),
    );
  }

  private base(node: ClusterNode) {
    return { clusterId: node.clusterId, nodeId: node.id, nodeName: node.name, role: node.role, at: Date.now(), simulated: node.simulated };
  }

  private async probeNode(target: ClusterTarget, node: ClusterNode): Promise<ProbeResult> {
    if (node.host === null || node.port === null) return { up: false, error: 'node has no endpoint', latencyMs: 0, details: {} };
    const adapter = this.ctx.engines.get(target.engine);
    let password: string;
    try {
      password = target.password();
    } catch (error) {
      // One unreadable credential must not stop the round for every other cluster.
      return { up: false, error: (error as Error).message, latencyMs: 0, details: {} };
    }
    return adapter.probe(
      { name: node.name, host: node.host, port: node.port, role: node.role },
      { username: adapter.adminUsername, password },
    );
  }

  /** Probes every node first: a replica's lag is read from its primary's answer in the same round. */
  private async probeAll(target: ClusterTarget, nodes: ClusterNode[]): Promise<NodeSnapshot[]> {
    const at = Date.now();
    const probes = new Map(await Promise.all(nodes.map(async (node) => [node.id, await this.probeNode(target, node)] as const)));
    return Promise.all(
      nodes.map(async (node) => {
        const probe = probes.get(node.id)!;
        const base = { ...this.base(node), at };
        const errors = this.errors.since(node.id, probe);
        const usage = node.host === null ? {} : await this.usage.usage(node.id, node.host, at, probe);
        const peers = resolvePeers(node, target.nodes, probe.peers);
        return { ...snapshotFromProbe(base, probe, peers, errors, lagSeenByPrimary(node, target.nodes, probes)), ...usage };
      }),
    );
  }

  private async observeSimulated(target: ClusterTarget, observer: NodeObserver, nodes: ClusterNode[]): Promise<NodeSnapshot[]> {
    const seen = await observer.observeCluster(target.clusterId);
    return nodes.map((node) => {
      const observed = node.providerId ? seen.get(node.providerId) : undefined;
      return snapshotFromSimulator(this.base(node), observed?.node.state ?? 'missing', observed?.metrics, observed?.peers ?? []);
    });
  }

  private async snapshotsOf(target: ClusterTarget): Promise<NodeSnapshot[]> {
    // Nodes of a provider with real servers are probed; the others are observed by their provider.
    const observed = new Map<NodeObserver, ClusterNode[]>();
    const real: ClusterNode[] = [];
    for (const node of target.nodes) {
      const observer = observerOf(this.ctx.providers.forRegion(node.region));
      if (observer && node.providerId) observed.set(observer, [...(observed.get(observer) ?? []), node]);
      else real.push(node);
    }
    const groups = await Promise.all([
      ...[...observed].map(([observer, nodes]) => this.observeSimulated(target, observer, nodes)),
      this.probeAll(target, real),
    ]);
    return groups.flat();
  }

  async collectOnce(): Promise<number> {
    const startedAt = Date.now();
    const keys = healthKeys(this.ctx.config.queuePrefix);
    const targets = await this.targets();
    this.errors.keepOnly(new Set(targets.flatMap((t) => t.nodes.map((n) => n.id))));
    const snapshots = (await Promise.all(targets.map((t) => this.snapshotsOf(t)))).flat();
    const pipeline = this.redis.pipeline();
    for (const s of snapshots) pipeline.xadd(keys.stream, 'MAXLEN', '~', STREAM_MAX_LENGTH, '*', 'snapshot', encodeSnapshot(s));
    // The heartbeat names when the previous completed round started (0 before there was one): its
    // snapshots are in the stream, so a node the aggregator has not heard from since then is silent.
    pipeline.set(keys.collectorHeartbeat, String(this.previousRoundStartedAt), 'PX', this.ctx.config.healthIntervalMs * 3);
    await pipeline.exec();
    this.previousRoundStartedAt = startedAt;
    return snapshots.length;
  }

  start(): void {
    const intervalMs = this.ctx.config.healthIntervalMs;
    this.timer = setInterval(() => {
      if (this.busy) return;
      this.busy = true;
      const startedAt = Date.now();
      this.collectOnce()
        .then(() => this.checkBudget(Date.now() - startedAt, intervalMs))
        .catch((error) => this.ctx.logger.warn({ err: error }, 'health collection round failed'))
        .finally(() => (this.busy = false));
    }, intervalMs);
    this.timer.unref();
  }

  /**
   * A round longer than the interval skips the next one, so nodes report less often than
   * configured and deaths take longer to confirm: the interval is shorter than this fleet allows.
   */
  private checkBudget(tookMs: number, intervalMs: number): void {
    if (tookMs <= intervalMs || Date.now() - this.overrunLoggedAt < OVERRUN_LOG_EVERY_MS) return;
    this.overrunLoggedAt = Date.now();
    this.ctx.logger.warn(
      { tookMs, intervalMs },
      'a health collection round took longer than DATAFLEET_HEALTH_INTERVAL_MS; rounds are skipped until the interval is raised',
    );
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }
}

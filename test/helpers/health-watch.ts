import type { Redis } from 'ioredis';
import type { TestApp } from './app';
import type { ClusterDetailView } from '../../services/api/json-types';
import type { NodeHealthJson } from '../../services/api/schemas/health';
import type { Sla } from '../../services/core/types';
import { decodeSnapshot, type NodeSnapshot } from '../../services/health/snapshot';
import { scoreSnapshot } from '../../services/health/scoring';
import { healthKeys } from '../../services/health/stream';

/** A cause found in one snapshot: by the scoring rules, or a peer it should see but calls down. */
export interface FoundCause {
  node: string;
  at: number;
  cause: string;
}

/**
 * Reads the health stream of one app from where it last stopped and keeps, per node of the watched
 * clusters, how many snapshots arrived and every cause they carry, scored exactly as the aggregator
 * scores them (peer opinions aside: those come from the peers' own snapshots, read here as views).
 */
export class StreamWatch {
  private lastId: string;
  readonly counts = new Map<string, number>();
  readonly causes: FoundCause[] = [];
  readonly snapshots: NodeSnapshot[] = [];

  constructor(
    private readonly redis: Redis,
    private readonly app: TestApp,
    private readonly clusterIds: Set<string>,
    private readonly sla: Sla,
    from = Date.now(),
  ) {
    this.lastId = `${from}-0`;
  }

  /** Takes in every snapshot written since the last call. */
  async read(): Promise<void> {
    const key = healthKeys(this.app.config.queuePrefix).stream;
    for (;;) {
      const entries = await this.redis.xrange(key, `(${this.lastId}`, '+', 'COUNT', 5000);
      if (entries.length === 0) return;
      for (const [id, fields] of entries) {
        this.lastId = id;
        const s = decodeSnapshot(fields[1] ?? '');
        if (s && this.clusterIds.has(s.clusterId)) this.take(s);
      }
    }
  }

  private take(s: NodeSnapshot): void {
    this.snapshots.push(s);
    this.counts.set(s.nodeName, (this.counts.get(s.nodeName) ?? 0) + 1);
    for (const cause of scoreSnapshot(s, this.sla).causes) this.causes.push({ node: s.nodeName, at: s.at, cause });
    for (const peer of s.peers ?? []) if (!peer.up) this.causes.push({ node: s.nodeName, at: s.at, cause: `sees ${peer.name} down` });
  }

  /** The fewest snapshots any of these nodes has sent so far. */
  fewest(nodes: string[]): number {
    return Math.min(...nodes.map((n) => this.counts.get(n) ?? 0));
  }
}

/** Every score a node is shown with: the cluster's nodes table, its health table and the node's drill-down. */
export async function scoresShown(app: TestApp, cluster: string): Promise<Map<string, { scores: Array<number | null>; causes: string[] }>> {
  const detail = (await (await app.api(`/api/clusters/${cluster}`)).json()) as ClusterDetailView;
  const table = (await (await app.api(`/api/clusters/${cluster}/health`)).json()) as {
    nodes: Array<{ name: string; score: number | null; causes: string[] }>;
  };
  const shown = new Map<string, { scores: Array<number | null>; causes: string[] }>();
  for (const node of detail.nodes) {
    const drill = (await (await app.api(`/api/clusters/${cluster}/nodes/${node.name}/health`)).json()) as NodeHealthJson;
    const row = table.nodes.find((n) => n.name === node.name);
    shown.set(node.name, {
      scores: [node.health.score, row?.score ?? null, drill.score],
      causes: [...node.health.causes, ...(row?.causes ?? []), ...drill.causes],
    });
  }
  return shown;
}

import type { Redis } from 'ioredis';
import { asObservedState, unknownHealth, type ObservedHealth } from '../fleet/node-condition';
import type { HealthRepository } from './sql/health';
import type { NodeHealth } from './hysteresis';
import { healthKeys } from './stream';

/**
 * One node's health as every place shows it (the cluster's nodes table, its health table, the
 * node's drill-down, the CLI): the aggregator's live record — its confirmed state, and the score and
 * causes of its last snapshot — and, where Redis holds none, what PostgreSQL recorded at the last
 * change of state. `since` is that change's time while both agree on the state.
 */
export function nodeHealthNow(live: NodeHealth | undefined, recorded: ObservedHealth | undefined): ObservedHealth {
  if (!live) return recorded ?? unknownHealth;
  const state = asObservedState(live.state);
  return { state, score: live.score, causes: live.causes, since: recorded?.state === state ? recorded.since : null };
}

function parseLive(text: string | undefined): NodeHealth | undefined {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as NodeHealth;
  } catch {
    return undefined;
  }
}

/** Reads a cluster's nodes' health through nodeHealthNow: one score per node, wherever it is shown. */
export class NodeHealthNow {
  private readonly keys: ReturnType<typeof healthKeys>;

  constructor(
    private readonly redis: Redis,
    queuePrefix: string,
    private readonly recorded: Pick<HealthRepository, 'nodeHealth'>,
  ) {
    this.keys = healthKeys(queuePrefix);
  }

  /** Each node's health by node id; nodes never scored are absent. Without Redis, what PostgreSQL recorded. */
  async forCluster(clusterId: string): Promise<Map<string, ObservedHealth>> {
    const [live, recorded] = await Promise.all([
      this.redis.hgetall(this.keys.nodeHealth(clusterId)).catch((): Record<string, string> => ({})),
      this.recorded.nodeHealth(clusterId),
    ]);
    const health = new Map<string, ObservedHealth>();
    for (const nodeId of new Set([...Object.keys(live), ...recorded.keys()])) {
      health.set(nodeId, nodeHealthNow(parseLive(live[nodeId]), recorded.get(nodeId)));
    }
    return health;
  }
}

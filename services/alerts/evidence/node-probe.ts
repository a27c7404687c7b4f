import type { AlertsDeps } from '../alerts-deps';
import type { ClusterRecord } from '../../fleet/cluster-record';
import type { ClusterNode } from '../../core/types';
import { askNode } from '../../fleet/node-answer';
import { confirmed, unconfirmed, unseen, type Evidence } from './evidence';

const CHECKED = 'fresh probe';

/**
 * NodeDown is confirmed only by asking the node now (`askNode`). A node that answers is not down,
 * whatever the alert says; one that cannot be asked (no machine yet, the probe itself failing) does
 * not confirm it either.
 */
export async function probeNode(ctx: AlertsDeps, cluster: ClusterRecord, node: ClusterNode): Promise<Evidence> {
  try {
    const engine = ctx.engines.get(cluster.engine);
    const answer = await askNode(ctx, cluster.engine, node, async () => ({
      username: engine.adminUsername,
      password: await ctx.repos.clusters.password(cluster.id),
    }));
    if (answer.up === null) return unseen(CHECKED, answer.detail, answer.facts);
    return answer.up ? unconfirmed(CHECKED, answer.detail, answer.facts) : confirmed(CHECKED, answer.detail, answer.facts);
  } catch (error) {
    return unseen(CHECKED, `could not probe ${node.name}: ${(error as Error).message}`, { node: node.name });
  }
}

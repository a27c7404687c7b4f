import type { AlertsDeps } from '../alerts-deps';
import type { ClusterRecord } from '../../fleet/cluster-record';
import type { ClusterNode } from '../../core/types';
import { confirmed, unconfirmed, type Evidence } from './evidence';
import { isSimulated } from '../../providers/capabilities';

const CHECKED = 'fresh probe';

/**
 * NodeDown is confirmed only by a probe taken now: the engine's own driver for a node that runs as
 * a real process, the provider's view of the machine for a simulated one. A node that answers is
 * not down, whatever the alert says.
 */
export async function probeNode(ctx: AlertsDeps, cluster: ClusterRecord, node: ClusterNode): Promise<Evidence> {
  try {
    if (isSimulated(ctx.providers.forRegion(node.region)) || node.host === null || node.port === null) {
      if (!node.providerId) return unconfirmed(CHECKED, `node ${node.name} has no machine at its provider yet`, { node: node.name });
      const seen = await ctx.providers.forRegion(node.region).describeNode(node.providerId);
      const state = seen?.state ?? 'missing';
      const facts = { node: node.name, providerState: state };
      return state === 'running'
        ? unconfirmed(CHECKED, `the provider reports ${node.name} running`, facts)
        : confirmed(CHECKED, `the provider reports ${node.name} ${state}`, facts);
    }
    const engine = ctx.engines.get(cluster.engine);
    const credentials = { username: engine.adminUsername, password: await ctx.repos.clusters.password(cluster.id) };
    const probe = await engine.probe({ name: node.name, host: node.host, port: node.port, role: node.role }, credentials);
    const facts = {
      node: node.name,
      up: probe.up,
      latencyMs: Math.round(probe.latencyMs * 10) / 10,
      ...(probe.error ? { error: probe.error } : {}),
    };
    return probe.up
      ? unconfirmed(CHECKED, `${node.name} answered its ${cluster.engine} probe in ${facts.latencyMs} ms`, facts)
      : confirmed(CHECKED, `${node.name} does not answer its ${cluster.engine} probe: ${probe.error ?? 'no answer'}`, facts);
  } catch (error) {
    return unconfirmed(CHECKED, `could not probe ${node.name}: ${(error as Error).message}`, { node: node.name });
  }
}

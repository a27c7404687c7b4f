import type { ClusterNode, EngineName } from '../core/types';
import type { Credentials } from '../engines/engine';
import type { EngineRegistry } from '../engines/registry';
import { isSimulated } from '../providers/capabilities';
import type { ProviderRegistry } from '../providers/registry';

export interface NodeAnswer {
  /** null: the node has no machine at its provider yet, so there is nothing to ask. */
  up: boolean | null;
  /** What was seen, in words naming the node. */
  detail: string;
  facts: Record<string, unknown>;
}

/**
 * Whether a node answers right now: its engine's own probe for a node that runs as a real process,
 * the provider's view of the machine for a simulated one. What an alert or a health score said
 * earlier is no evidence of this moment: an alert's confirmation and a remediation that acts on a
 * node both ask this. `credentials` is read only when a real node is probed.
 */
export async function askNode(
  deps: { providers: ProviderRegistry; engines: EngineRegistry },
  engineName: EngineName,
  node: ClusterNode,
  credentials: () => Promise<Credentials>,
): Promise<NodeAnswer> {
  const provider = deps.providers.forRegion(node.region);
  if (isSimulated(provider) || node.host === null || node.port === null) {
    if (!node.providerId) return { up: null, detail: `node ${node.name} has no machine at its provider yet`, facts: { node: node.name } };
    const state = (await provider.describeNode(node.providerId))?.state ?? 'missing';
    return {
      up: state === 'running',
      detail: `the provider reports ${node.name} ${state}`,
      facts: { node: node.name, providerState: state },
    };
  }
  const engine = deps.engines.get(engineName);
  const probe = await engine.probe({ name: node.name, host: node.host, port: node.port, role: node.role }, await credentials());
  const latencyMs = Math.round(probe.latencyMs * 10) / 10;
  const facts = { node: node.name, up: probe.up, latencyMs, ...(probe.error ? { error: probe.error } : {}) };
  const detail = probe.up
    ? `${node.name} answered its ${engineName} probe in ${latencyMs} ms`
    : `${node.name} does not answer its ${engineName} probe: ${probe.error ?? 'no answer'}`;
  return { up: probe.up, detail, facts };
}

import type { StepRun } from '../workflow';
import type { ClusterNode } from '../../core/types';
import { credentialsFor } from './cluster-credentials';
import { nodeIsSimulated } from './cluster-provider';

/**
 * Whether the node answers right now: its engine's own probe for a node that runs as a real process,
 * the provider's view of the machine for a simulated one. What an alert said earlier is no evidence
 * of this moment; a remediation that acts on a node asks this first.
 */
export async function nodeAnswers(run: StepRun, node: ClusterNode): Promise<{ up: boolean; detail: string }> {
  if (nodeIsSimulated(run.ctx, node) || node.host === null || node.port === null) {
    const seen = node.providerId ? await run.ctx.providers.forRegion(node.region).describeNode(node.providerId) : null;
    return { up: seen?.state === 'running', detail: `the provider reports it ${seen?.state ?? 'missing'}` };
  }
  const engine = run.ctx.engines.get(run.cluster.engine);
  const probe = await engine.probe(
    { name: node.name, host: node.host, port: node.port, role: node.role },
    await credentialsFor(run.ctx, run.cluster),
  );
  return { up: probe.up, detail: probe.error ?? `answered its ${run.cluster.engine} probe in ${probe.latencyMs.toFixed(1)} ms` };
}

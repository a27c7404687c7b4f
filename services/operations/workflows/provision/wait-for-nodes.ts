import type { StepRun, StepResult } from '../../workflow';
import { done, waitFor } from '../../workflow';
import { recordNode } from '../node-sync';
import { provisionCheckpoints as checkpoints } from './checkpoints';

/** A node that has not come up in this long (simulated boots count in real time) fails provisioning. */
const NODE_BOOT_TIMEOUT_MS = 10 * 60_000;
const POLL_MS = 1000;

/** Waits, as a delayed job rather than a sleeping worker, until every node is running. */
export async function waitForNodes(run: StepRun<'provision'>): Promise<StepResult> {
  const { ctx, cluster } = run;
  const { waitingSince } = checkpoints.own(run, 'wait-for-nodes');
  const since = waitingSince ?? Date.now();
  if (waitingSince === undefined) await checkpoints.save(run, 'wait-for-nodes', { waitingSince: since });
  const nodes = await ctx.repos.nodes.forCluster(cluster.id);
  const notRunning: string[] = [];
  for (const node of nodes) {
    const seen = node.providerId ? await ctx.providers.forRegion(node.region).describeNode(node.providerId) : null;
    if (!seen) throw new Error(`node ${node.name} is missing at its provider`);
    if (seen.state !== node.state) await recordNode(ctx, cluster, node.role, seen);
    if (seen.state === 'failed') throw new Error(`node ${node.name} failed to start`);
    if (seen.state !== 'running') notRunning.push(node.name);
  }
  if (notRunning.length === 0) return done;
  if (Date.now() - since > NODE_BOOT_TIMEOUT_MS)
    throw new Error(`nodes ${notRunning.join(', ')} did not start within ${NODE_BOOT_TIMEOUT_MS / 60_000} minutes`);
  return waitFor(POLL_MS, `waiting for ${notRunning.length} node(s) to boot`);
}

import type { StepRun, StepResult } from '../../workflow';
import { done, waitFor } from '../../workflow';
import { credentialsFor, endpointsOf } from '../cluster-credentials';
import { clusterIsSimulated } from '../cluster-provider';
import { provisionCheckpoints as checkpoints } from './checkpoints';

const MAX_PROBE_ROUNDS = 30;

/** Real nodes must answer their engine's own probe before the cluster is handed over. */
export async function verifyHealth(run: StepRun<'provision'>): Promise<StepResult> {
  const { ctx, cluster } = run;
  if (clusterIsSimulated(ctx, cluster)) return done; // the simulator's node state is all there is to check
  const engine = ctx.engines.get(cluster.engine);
  const credentials = await credentialsFor(ctx, cluster);
  const endpoints = endpointsOf(await ctx.repos.nodes.forCluster(cluster.id));
  const results = await Promise.all(endpoints.map(async (e) => ({ e, probe: await engine.probe(e, credentials) })));
  const down = results.filter((r) => !r.probe.up);
  if (down.length === 0) return done;
  const rounds = (checkpoints.own(run, 'verify-health').probeRounds ?? 0) + 1;
  await checkpoints.save(run, 'verify-health', { probeRounds: rounds });
  const detail = down.map((r) => `${r.e.name}: ${r.probe.error ?? 'down'}`).join('; ');
  if (rounds >= MAX_PROBE_ROUNDS) throw new Error(`nodes did not answer their health probe: ${detail}`);
  return waitFor(1000, `waiting for probes: ${detail}`);
}

import type { StepRun, StepResult } from '../../workflow';
import { done, waitFor } from '../../workflow';
import { credentialsFor, endpointsOf } from '../cluster-credentials';
import { clusterIsSimulated } from '../cluster-provider';
import { synchronousStandbyMissing } from '../synchronous-standby';
import { provisionCheckpoints as checkpoints } from './checkpoints';

const MAX_PROBE_ROUNDS = 30;
/** Patroni names a synchronous standby a loop or two after the replicas stream; a loaded machine takes longer. */
const MAX_STANDBY_ROUNDS = 180;

/**
 * Real nodes must answer their engine's own probe before the cluster is handed over, and a cluster
 * that asked for synchronous replication must have a standby its HA manager would promote.
 */
export async function verifyHealth(run: StepRun<'provision'>): Promise<StepResult> {
  const { ctx, cluster } = run;
  if (clusterIsSimulated(ctx, cluster)) return done; // the simulator's node state is all there is to check
  const engine = ctx.engines.get(cluster.engine);
  const credentials = await credentialsFor(ctx, cluster);
  const endpoints = endpointsOf(await ctx.repos.nodes.forCluster(cluster.id));
  const results = await Promise.all(endpoints.map(async (e) => ({ e, probe: await engine.probe(e, credentials) })));
  const down = results.filter((r) => !r.probe.up);
  if (down.length === 0) return standbyNamed(run);
  const rounds = (checkpoints.own(run, 'verify-health').probeRounds ?? 0) + 1;
  await checkpoints.save(run, 'verify-health', { probeRounds: rounds });
  const detail = down.map((r) => `${r.e.name}: ${r.probe.error ?? 'down'}`).join('; ');
  if (rounds >= MAX_PROBE_ROUNDS) throw new Error(`nodes did not answer their health probe: ${detail}`);
  return waitFor(1000, `waiting for probes: ${detail}`);
}

async function standbyNamed(run: StepRun<'provision'>): Promise<StepResult> {
  const missing = await synchronousStandbyMissing(run.ctx, run.cluster);
  if (!missing) return done;
  const rounds = (checkpoints.own(run, 'verify-health').standbyRounds ?? 0) + 1;
  await checkpoints.save(run, 'verify-health', { standbyRounds: rounds });
  if (rounds >= MAX_STANDBY_ROUNDS) throw new Error(`synchronous replication is not in force: ${missing}`);
  return waitFor(1000, `waiting for a synchronous standby: ${missing}`);
}

import type { SimulatedFailoverModel } from '../../core/engine-port';
import type { ModelledFailover } from '../provider';
import { between, unitFrom } from './randomness';
import { realMs, type SimulatorTime } from './instance-plan';
import { stateAt, type SimInstanceRow } from './rows';

/**
 * The simulated cloud's HA manager for a primary: from the moment the primary died, it takes a
 * detection time and an election time drawn from the engine's model (seeded by the node and that
 * moment, so every process and every rerun sees the same failover), then promotes one of the
 * replicas that run and the managers reach, or, in the model's share of primaries (seeded), elects no one. A primary
 * stopped on purpose is not failed over: a person stopped it.
 */
export function modelFailover(
  time: SimulatorTime,
  model: SimulatedFailoverModel,
  primary: SimInstanceRow,
  cluster: SimInstanceRow[],
  now: Date,
): ModelledFailover {
  const manager = `${model.managerName} (simulated)`;
  const state = stateAt(primary, now);
  if (state === 'running' || state === 'pending') return { state: 'primary-up' };
  const diedAt = primary.failed_at ?? primary.retirement_at;
  if (!diedAt) return { state: 'failed', manager, why: `${primary.name} was stopped on purpose: ${manager} leaves it to a person` };
  const key = [primary.name, diedAt.toISOString()];
  const detect = between(time.seed, model.detectSeconds.min, model.detectSeconds.max, ...key, 'detect');
  const elect = between(time.seed, model.electSeconds.min, model.electSeconds.max, ...key, 'elect');
  if (now.getTime() < diedAt.getTime() + realMs(time, detect + elect))
    return { state: 'electing', manager, why: `${manager} is failing ${primary.name} over` };
  if (electionFails(time.seed, model, primary.name))
    return { state: 'failed', manager, why: `${manager} could not elect a replica in place of ${primary.name}: no majority agreed` };
  const chosen = promotable(time, primary, cluster, now, key)[0];
  if (!chosen)
    return { state: 'failed', manager, why: `${manager} cannot act: ${primary.name} is down and no healthy replica is left to promote` };
  return {
    state: 'promoted',
    manager,
    managerKind: model.managerKind,
    newPrimary: chosen.provider_id,
    unavailableMs: Math.round((detect + elect) * 1000),
  };
}

/**
 * The replicas the managers could promote in place of `primary` now, in the seeded order of their
 * preference for this event (`key`): running replicas the managers reach (a partitioned one is cut off).
 */
export function promotable(
  time: SimulatorTime,
  primary: SimInstanceRow,
  cluster: SimInstanceRow[],
  now: Date,
  key: string[],
): SimInstanceRow[] {
  return cluster
    .filter(
      (r) =>
        r.provider_id !== primary.provider_id && r.role === 'replica' && stateAt(r, now) === 'running' && r.failure !== 'network_partition',
    )
    .sort((a, b) => unitFrom(time.seed, ...key, a.name) - unitFrom(time.seed, ...key, b.name));
}

/**
 * Whether the managers fail to elect anyone when this primary dies: a property of the node (seeded
 * by its name), so a rerun of the same fleet fails the same failovers and a test can name one that does.
 */
export function electionFails(seed: number, model: Pick<SimulatedFailoverModel, 'electionFailureRate'>, primaryName: string): boolean {
  return unitFrom(seed, primaryName, 'election-fails') < model.electionFailureRate;
}

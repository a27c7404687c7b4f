import type { SimulatedFailoverModel } from '../../core/engine-port';
import type { ModelledSwitchover } from '../provider';
import { between } from './randomness';
import { realMs, type SimulatorTime } from './instance-plan';
import { stateAt, type SimInstanceRow } from './rows';
import { promotable } from './failover-model';

/**
 * The simulated cloud's HA manager handing a primary's role over on request (Sentinel's SENTINEL
 * FAILOVER, Patroni's switchover). The primary steps down on purpose, so nothing has to notice it
 * is gone: writes pause for the election time of the engine's model alone, drawn seeded by the
 * primary and the moment it was asked (a resumed worker sees the same switchover). The manager
 * promotes the named replica, or the one it prefers, if the managers reach it and it runs; it
 * refuses a primary that is down (that is a failover) and a cluster with no such replica.
 */
export function modelSwitchover(
  time: SimulatorTime,
  model: SimulatedFailoverModel,
  primary: SimInstanceRow,
  cluster: SimInstanceRow[],
  request: { askedAt: Date; to?: string },
  now: Date,
): ModelledSwitchover {
  const manager = `${model.managerName} (simulated)`;
  const key = [primary.name, request.askedAt.toISOString(), 'switchover'];
  const candidates = promotable(time, primary, cluster, now, key);
  const ids = candidates.map((r) => r.provider_id);
  const state = stateAt(primary, now);
  if (state !== 'running')
    return {
      state: 'refused',
      manager,
      primaryDown: true,
      candidates: ids,
      why: `${primary.name} is ${state}: ${manager} fails it over instead`,
    };
  if (primary.failure === 'network_partition')
    return {
      state: 'refused',
      manager,
      primaryDown: true,
      candidates: ids,
      why: `${manager} cannot reach ${primary.name} to ask it to step down`,
    };
  const chosen = request.to === undefined ? candidates[0] : candidates.find((r) => r.provider_id === request.to);
  if (!chosen) {
    const why =
      request.to === undefined
        ? `${manager} has no running replica it reaches to hand ${primary.name}'s role to`
        : `${request.to} is not a running replica ${manager} reaches`;
    return { state: 'refused', manager, primaryDown: false, candidates: ids, why };
  }
  const electSeconds = between(time.seed, model.electSeconds.min, model.electSeconds.max, ...key);
  const leadsAt = new Date(request.askedAt.getTime() + realMs(time, electSeconds));
  if (now.getTime() < leadsAt.getTime())
    return {
      state: 'switching',
      manager,
      to: chosen.provider_id,
      leadsAt,
      candidates: ids,
      why: `${manager} is handing ${primary.name}'s role to ${chosen.name}`,
    };
  return {
    state: 'switched',
    manager,
    managerKind: model.managerKind,
    newPrimary: chosen.provider_id,
    unavailableMs: Math.round(electSeconds * 1000),
    candidates: ids,
  };
}

import type { UpgradesDeps } from './upgrades-deps';
import type { ClusterRecord } from '../fleet/cluster-record';
import { changeHeldUntil } from '../fleet/maintenance-window';
import { latestUsedGb } from './sql/cluster-usage';

/** Hours in an average month, as the inventory prices nodes. */
const HOURS_PER_MONTH = 730;

export interface MonthlyCost {
  before: number;
  after: number;
  difference: number;
}

/** When a day-2 change would start: the opening of the next maintenance window, or null for now (urgent, no window, or open now). */
export function heldUntil(ctx: Pick<UpgradesDeps, 'clock'>, cluster: ClusterRecord, urgent: boolean): string | null {
  return changeHeldUntil(cluster.maintenanceWindow, ctx.clock.now(), urgent)?.toISOString() ?? null;
}

/**
 * What the cluster would cost a month with `nodes` nodes of `instanceType`, beside what it costs
 * now: the instance type's price where the provider prices nodes (processes on this machine, or
 * servers someone else pays for, cost the fleet nothing).
 */
export function monthlyCost(ctx: UpgradesDeps, cluster: ClusterRecord, nodes: number, instanceType: string): MonthlyCost {
  const region = cluster.regions[0];
  const priced = region !== undefined && ctx.providers.forRegion(region).capabilities.has('pricesNodes');
  const hourly = priced ? (ctx.regions.instanceTypes.get(instanceType)?.hourlyUsd ?? 0) : 0;
  const after = Math.round(hourly * nodes * HOURS_PER_MONTH * 100) / 100;
  return { before: cluster.monthlyCostUsd, after, difference: Math.round((after - cluster.monthlyCostUsd) * 100) / 100 };
}

/** The data a size must hold: what was last measured, else what the team said to expect. */
export async function dataHeldGb(ctx: UpgradesDeps, cluster: ClusterRecord): Promise<number> {
  const measured = await latestUsedGb(ctx.pool, cluster.id);
  return Math.round((measured ?? cluster.expectedDataGb) * 100) / 100;
}

import type { ClusterUpgradeOutcome } from './campaign-plan';
import type { CampaignClusterStatus } from './types';
import type { RunningUpgrade } from './sql/campaigns';

/**
 * What a finished upgrade operation means for the campaign: succeeded → passed; rolled_back (the
 * benchmark gate found a regression and the nodes were put back) → rolled_back, with the gate's
 * comparison as evidence; failed → failed; cancelled → cancelled. Null while it runs. Both
 * rolled_back and failed count against the campaign's failure budget (see budgetOutcome).
 */
export function outcomeOf(upgrade: RunningUpgrade): { status: CampaignClusterStatus; reason: string | null; comparison: unknown } | null {
  switch (upgrade.status) {
    case 'pending':
    case 'running':
      return null;
    case 'succeeded':
      return { status: 'passed', reason: null, comparison: upgrade.compare ?? null };
    case 'cancelled':
      return { status: 'cancelled', reason: upgrade.error ?? 'upgrade operation cancelled', comparison: null };
    case 'rolled_back':
      return { status: 'rolled_back', reason: upgrade.error ?? 'rolled back by the benchmark gate', comparison: upgrade.compare ?? null };
    case 'failed':
      return { status: 'failed', reason: upgrade.error ?? 'upgrade failed', comparison: upgrade.compare ?? null };
  }
}

/** The planner's vocabulary for the failure budget. */
export function budgetOutcome(status: CampaignClusterStatus): ClusterUpgradeOutcome {
  if (status === 'passed') return 'succeeded';
  if (status === 'scheduled') return 'pending';
  return status;
}

import type { ClusterUpgradeOutcome } from '../../services/domain/campaign-plan';
import type { CampaignClusterStatus } from '../../services/domain/campaigns/types';
import type { RunningUpgrade } from '../../services/db/repositories/campaigns';

/**
 * What a finished upgrade operation means for the campaign: succeeded → passed; failed because the
 * benchmark gate found a regression (and rolled the nodes back) → rolled_back, with the gate's
 * comparison as evidence; any other failure → failed; cancelled → cancelled. Null while it runs.
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
    case 'failed': {
      const regression = upgrade.compare?.verdict === 'regression' || /(^|: )regression:/.test(upgrade.error ?? '');
      return { status: regression ? 'rolled_back' : 'failed', reason: upgrade.error ?? 'upgrade failed', comparison: upgrade.compare ?? null };
    }
  }
}

/** The planner's vocabulary for the failure budget. */
export function budgetOutcome(status: CampaignClusterStatus): ClusterUpgradeOutcome {
  if (status === 'passed') return 'succeeded';
  if (status === 'scheduled') return 'pending';
  return status;
}

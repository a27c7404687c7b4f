import { planCampaign, type CampaignCluster, type CampaignPlan, type CampaignSelector } from './campaign-plan';
import type { CampaignRequest, CampaignWaves } from './types';

/** What a campaign runs with when the request leaves a setting out. */
export const CampaignDefaults = { prodWaveSize: 10, inFlight: 5, soakMinutes: 30, failureBudget: 0, upgradeMinutes: 30 } as const;

export interface CampaignSettings {
  waves: CampaignWaves;
  inFlight: number;
  soakMinutes: number;
  failureBudget: number;
  upgradeMinutes: number;
}

export function settingsOf(request: CampaignRequest): CampaignSettings {
  return {
    waves: { testFirst: true, prodWaveSize: request.prodWaveSize ?? CampaignDefaults.prodWaveSize },
    inFlight: request.inFlight ?? CampaignDefaults.inFlight,
    soakMinutes: request.soakMinutes ?? CampaignDefaults.soakMinutes,
    failureBudget: request.failureBudget ?? CampaignDefaults.failureBudget,
    upgradeMinutes: request.upgradeMinutes ?? CampaignDefaults.upgradeMinutes,
  };
}

export interface PlannedCampaign {
  settings: CampaignSettings;
  plan: CampaignPlan;
  /** Each planned cluster's current version, to record what it was upgraded from. */
  versions: Map<string, string>;
}

/** The planner's selector rule (every given criterion must match), for the clusters it is not shown. */
function selected(c: CampaignCluster, selector: CampaignSelector | undefined): boolean {
  if (selector?.regions?.length && !c.regions.some((r) => selector.regions!.includes(r))) return false;
  if (selector?.owners?.length && !selector.owners.includes(c.owner)) return false;
  return Object.entries(selector?.tags ?? {}).every(([key, value]) => c.tags?.[key] === value);
}

/**
 * The dry run and the schedule a created campaign follows: the pure planner over the engine's
 * clusters, with clusters that are not ACTIVE (provisioning, failed, mid-change) skipped and said so.
 */
export function planFromRequest(
  request: CampaignRequest,
  candidates: ReadonlyArray<CampaignCluster & { status: string }>,
  now: Date,
  upgradePaths: (engine: string, from: string) => string[],
): PlannedCampaign {
  const settings = settingsOf(request);
  const active = candidates.filter((c) => c.status === 'ACTIVE');
  const plan = planCampaign({
    clusters: active,
    target: {
      engine: request.engine,
      ...(request.toVersion ? { toVersion: request.toVersion } : {}),
      ...(request.toInstanceType ? { toInstanceType: request.toInstanceType } : {}),
      ...(request.fromVersion ? { fromVersion: request.fromVersion } : {}),
    },
    ...(request.selector ? { selector: request.selector } : {}),
    waves: settings.waves,
    inFlight: settings.inFlight,
    soakMinutes: settings.soakMinutes,
    upgradeMinutes: settings.upgradeMinutes,
    now,
    upgradePaths,
  });
  for (const c of candidates) {
    if (c.status !== 'ACTIVE' && c.engine === request.engine && selected(c, request.selector)) {
      plan.skipped.push({ id: c.id, name: c.name, reason: `cluster is ${c.status}; only ACTIVE clusters are upgraded` });
    }
  }
  return { settings, plan, versions: new Map(candidates.map((c) => [c.id, c.version])) };
}

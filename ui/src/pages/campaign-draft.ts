import { fieldErrorsOf, type FieldErrors } from '../field-errors';

/** The campaign planner's form: what it moves clusters to (a version, an instance type, or both), which clusters, how fast. */
export interface CampaignDraft {
  name: string;
  engine: string;
  fromVersion: string;
  /** Empty: keep each cluster's version. */
  toVersion: string;
  /** Empty: keep each cluster's instance type. */
  toInstanceType: string;
  regions: string[];
  owners: string[];
  tags: string;
  prodWaveSize: string;
  inFlight: string;
  soakMinutes: string;
  failureBudget: string;
  benchmarkSeconds: string;
}

export type CampaignField = keyof CampaignDraft;
export type CampaignFieldErrors = FieldErrors<CampaignField>;

export const newCampaignDraft = (): CampaignDraft => ({
  name: '',
  engine: 'cassandra',
  fromVersion: '',
  toVersion: '',
  toInstanceType: '',
  regions: [],
  owners: [],
  tags: '',
  prodWaveSize: '10',
  inFlight: '5',
  soakMinutes: '30',
  failureBudget: '0',
  benchmarkSeconds: '',
});

/** A draft worth a dry run: named, with something to move to. */
export const planReady = (d: CampaignDraft) => Boolean(d.name.trim() && (d.toVersion || d.toInstanceType));

/** "team=orders, tier=gold" → {team: 'orders', tier: 'gold'}; an entry without "=" is kept whole, so the server names it. */
const tagsOf = (text: string): Record<string, string> =>
  Object.fromEntries(
    text
      .split(',')
      .map((t) => t.trim())
      .filter(Boolean)
      .map((t) => [t.split('=')[0]!.trim(), t.includes('=') ? t.slice(t.indexOf('=') + 1).trim() : '']),
  );

/** The body of the dry run and of Start alike: the same form makes the same request. */
export function campaignBodyOf(d: CampaignDraft): Record<string, unknown> {
  const selector = {
    ...(d.regions.length ? { regions: d.regions } : {}),
    ...(d.owners.length ? { owners: d.owners } : {}),
    ...(d.tags.trim() ? { tags: tagsOf(d.tags) } : {}),
  };
  return {
    name: d.name,
    engine: d.engine,
    ...(d.fromVersion ? { fromVersion: d.fromVersion } : {}),
    ...(d.toVersion ? { toVersion: d.toVersion } : {}),
    ...(d.toInstanceType ? { toInstanceType: d.toInstanceType } : {}),
    ...(Object.keys(selector).length ? { selector } : {}),
    prodWaveSize: Number(d.prodWaveSize),
    inFlight: Number(d.inFlight),
    soakMinutes: Number(d.soakMinutes),
    failureBudget: Number(d.failureBudget),
    ...(d.benchmarkSeconds ? { benchmarkSeconds: Number(d.benchmarkSeconds) } : {}),
  };
}

const labels: Record<CampaignField, string> = {
  name: 'The name',
  engine: 'The engine',
  fromVersion: 'The current version',
  toVersion: 'The target version',
  toInstanceType: 'The target instance type',
  regions: 'Regions',
  owners: 'Owner teams',
  tags: 'Tags',
  prodWaveSize: 'Prod clusters per wave',
  inFlight: 'Upgrading at once',
  soakMinutes: 'Soak',
  failureBudget: 'The failure budget',
  benchmarkSeconds: 'Benchmark seconds',
};

/** The request body's path behind each form field. */
const bodyFields: Record<string, CampaignField> = {
  name: 'name',
  engine: 'engine',
  fromVersion: 'fromVersion',
  toVersion: 'toVersion',
  toInstanceType: 'toInstanceType',
  'selector/regions': 'regions',
  'selector/owners': 'owners',
  'selector/tags': 'tags',
  prodWaveSize: 'prodWaveSize',
  inFlight: 'inFlight',
  soakMinutes: 'soakMinutes',
  failureBudget: 'failureBudget',
  benchmarkSeconds: 'benchmarkSeconds',
};

/** Places each problem of a refused dry run (or Start) under its field; what belongs to no field is the rest. */
export const campaignFieldErrorsOf = (error: unknown) => fieldErrorsOf(error, { bodyFields, labels });

import { Type } from '@sinclair/typebox';
import { Environments } from '../../core/types';
import { CampaignClusterStatuses, CampaignStatuses } from '../../campaigns/types';
import { EngineNameSchema, EngineNameText, Nullable, PlainText, StringEnum, Timestamp } from './common';
import { RegionName, Tags, VERSION_PATTERN } from './fields';

const Version = Type.String({ minLength: 1, maxLength: 40, pattern: VERSION_PATTERN });
const TeamNames = Type.Array(Type.String({ pattern: '^[a-z][a-z0-9-]{1,38}[a-z0-9]$' }), { minItems: 1, maxItems: 100, uniqueItems: true });

export const CampaignSelectorBody = Type.Object(
  {
    regions: Type.Optional(
      Type.Array(RegionName, { minItems: 1, maxItems: 20, uniqueItems: true, description: 'configured regions (GET /api/regions)' }),
    ),
    owners: Type.Optional(TeamNames),
    tags: Type.Optional(Tags(20)),
  },
  { additionalProperties: false, description: 'every given criterion must match (regions: any of them; owners: team names)' },
);

/** One body for the dry run and for creating: what the dry run showed is what gets created. */
export const CampaignBody = Type.Object(
  {
    name: PlainText({ minLength: 1, maxLength: 100 }),
    engine: EngineNameSchema,
    fromVersion: Type.Optional(Version),
    toVersion: Type.Optional(Version),
    toInstanceType: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 60,
        description: 'an instance type of the catalog (GET /api/regions); with or instead of toVersion',
      }),
    ),
    selector: Type.Optional(CampaignSelectorBody),
    prodWaveSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000, description: 'prod clusters per wave (default 10)' })),
    inFlight: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, description: 'clusters upgrading at once (default 5)' })),
    soakMinutes: Type.Optional(Type.Number({ minimum: 0, maximum: 10_080, description: 'wait between waves (default 30)' })),
    failureBudget: Type.Optional(
      Type.Integer({ minimum: 0, maximum: 10_000, description: 'failed or rolled-back clusters tolerated; one more halts (default 0)' }),
    ),
    upgradeMinutes: Type.Optional(
      Type.Number({ minimum: 0.01, maximum: 1440, description: "planning estimate of one cluster's upgrade (default 30)" }),
    ),
    benchmarkSeconds: Type.Optional(Type.Integer({ minimum: 1, maximum: 600, description: "each upgrade's before/after workload length" })),
  },
  { additionalProperties: false },
);

export const ControlBody = Type.Object({ reason: Type.Optional(PlainText({ maxLength: 500 })) }, { additionalProperties: false });
export const ListCampaignsQuery = Type.Object(
  { limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })) },
  { additionalProperties: false },
);

const Counts = Type.Record(Type.String(), Type.Integer());

export const CampaignJson = Type.Object({
  id: Type.String(),
  name: Type.String(),
  engine: EngineNameText,
  fromVersion: Nullable(Type.String()),
  toVersion: Nullable(Type.String()),
  toInstanceType: Nullable(Type.String()),
  selector: Type.Unknown(),
  prodWaveSize: Type.Integer(),
  inFlight: Type.Integer(),
  soakMinutes: Type.Number(),
  failureBudget: Type.Integer(),
  upgradeMinutes: Type.Number(),
  benchmarkSeconds: Nullable(Type.Number()),
  status: StringEnum(CampaignStatuses),
  currentWave: Type.Integer(),
  soakUntil: Nullable(Timestamp),
  createdBy: Type.String(),
  createdAt: Timestamp,
  finishedAt: Nullable(Timestamp),
  haltedReason: Nullable(Type.String()),
});

export const CampaignSummaryJson = Type.Composite([CampaignJson, Type.Object({ counts: Counts })]);

export const CampaignClusterJson = Type.Object({
  clusterId: Type.String(),
  name: Type.String(),
  environment: StringEnum(Environments),
  owner: Type.String(),
  wave: Type.Integer(),
  status: StringEnum(CampaignClusterStatuses),
  plannedStart: Timestamp,
  startedAt: Nullable(Timestamp),
  finishedAt: Nullable(Timestamp),
  operationId: Nullable(Type.String()),
  fromVersion: Type.String(),
  reason: Nullable(Type.String()),
});

const Progress = Type.Object({ total: Type.Integer(), upgraded: Type.Integer(), percent: Type.Number() });

export const CampaignViewJson = Type.Object({
  campaign: CampaignJson,
  progress: Type.Object({ test: Progress, prod: Progress }),
  counts: Counts,
  eta: Nullable(Timestamp),
  waves: Type.Array(
    Type.Object({
      index: Type.Integer(),
      environment: StringEnum(Environments),
      plannedStart: Nullable(Type.String()),
      plannedEnd: Nullable(Type.String()),
      counts: Counts,
      clusters: Type.Array(CampaignClusterJson),
    }),
  ),
  failures: Type.Array(Type.Composite([CampaignClusterJson, Type.Object({ comparison: Type.Unknown() })])),
  skipped: Type.Array(Type.Object({ id: Type.String(), name: Type.String(), reason: Type.String() })),
});

export const CampaignPlanJson = Type.Object({
  settings: Type.Object({
    prodWaveSize: Type.Integer(),
    inFlight: Type.Integer(),
    soakMinutes: Type.Number(),
    failureBudget: Type.Integer(),
    upgradeMinutes: Type.Number(),
  }),
  summary: Type.Object({
    clusters: Type.Integer(),
    test: Type.Integer(),
    prod: Type.Integer(),
    waves: Type.Integer(),
    skipped: Type.Integer(),
    estimatedEnd: Timestamp,
  }),
  waves: Type.Array(
    Type.Object({
      index: Type.Integer(),
      environment: StringEnum(Environments),
      start: Timestamp,
      end: Timestamp,
      clusters: Type.Array(
        Type.Object({ id: Type.String(), name: Type.String(), earliestStart: Timestamp, plannedStart: Timestamp, plannedEnd: Timestamp }),
      ),
    }),
  ),
  skipped: Type.Array(Type.Object({ id: Type.String(), name: Type.String(), reason: Type.String() })),
});

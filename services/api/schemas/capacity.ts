import { Type } from '@sinclair/typebox';
import { Nullable, StringEnum, Timestamp } from './common';

const NullableTime = Nullable(Timestamp);

export const ForecastJson = Type.Object({
  cluster: Type.String(),
  simulated: Type.Boolean(),
  computedAt: Timestamp,
  method: StringEnum(['holt-winters', 'linear', 'insufficient-history'] as const),
  resource: StringEnum(['disk', 'memory'] as const),
  fillNow: Type.Number({ description: '1.0 = the usable capacity is exhausted' }),
  usedGb: Type.Number(),
  capacityGb: Type.Number({ description: 'usable capacity: the fill limit of the resource, per region' }),
  dailyGrowthGb: Type.Number(),
  daysLeft: Nullable(Type.Integer({ description: 'null: no exhaustion within the horizon' })),
  exhaustionAt: NullableTime,
  earliestAt: NullableTime,
  latestAt: NullableTime,
  warningDays: Type.Integer(),
  atRisk: Type.Boolean(),
  horizonDays: Type.Integer(),
  historyDays: Type.Integer(),
  history: Type.Array(Type.Object({ at: Timestamp, usedGb: Type.Number() })),
  forecast: Type.Array(Type.Object({ at: Timestamp, usedGb: Type.Number(), lowGb: Type.Number(), highGb: Type.Number() })),
  ops: Type.Object({ peakPerSecond: Type.Number(), limitPerSecond: Type.Number(), limitAt: NullableTime, unit: Type.String() }),
  sla: Type.Object({ p99ReadMs: Type.Number(), p99Ms: Nullable(Type.Number()), met: Nullable(Type.Boolean()) }),
});

/** At least one change; a zero change is allowed (it answers "how long does today's rate last"). */
export const WhatIfBody = Type.Object(
  {
    writesPercent: Type.Optional(Type.Number({ minimum: -90, maximum: 1000, description: '+30 = 30% more writes: growth × 1.3' })),
    addGbPerDay: Type.Optional(Type.Number({ minimum: -10000, maximum: 100000, description: 'extra growth, GB per day' })),
  },
  { additionalProperties: false, minProperties: 1 },
);

/** The same change as the what-if, and whether its advice runs now instead of in the maintenance window. */
export const WhatIfApplyBody = Type.Object(
  {
    ...WhatIfBody.properties,
    urgent: Type.Optional(Type.Boolean({ description: 'run now instead of in the next maintenance window' })),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const WhatIfJson = Type.Object({
  sufficientUntil: Nullable(Timestamp),
  daysLeft: Nullable(Type.Integer()),
  horizonDays: Type.Integer(),
  dailyGrowthGb: Type.Number(),
  scaleTo: Nullable(
    Type.Object({
      nodes: Type.Optional(Type.Integer()),
      nodesPerRegion: Type.Optional(Type.Integer()),
      instanceType: Type.Optional(Type.String()),
      diskGb: Type.Optional(Type.Integer()),
      by: Timestamp,
      sizedForGb: Type.Number(),
      note: Type.Optional(Type.String()),
    }),
  ),
  message: Type.String(),
});

export const AtRiskQuery = Type.Object(
  { limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 50 })) },
  { additionalProperties: false },
);

export const AtRiskJson = Type.Object({
  cluster: Type.String(),
  engine: Type.String(),
  owner: Type.String(),
  daysLeft: Type.Integer(),
  exhaustionAt: NullableTime,
  earliestAt: NullableTime,
  latestAt: NullableTime,
  fillNow: Type.Number(),
  simulated: Type.Boolean(),
  warningDays: Type.Integer({ description: 'the warning horizon (DATAFLEET_CAPACITY_WARNING_DAYS): owners are warned inside it' }),
  withinWarning: Type.Boolean({ description: 'daysLeft is within warningDays' }),
});

export const CapacityNoticeJson = Type.Object({
  id: Type.String(),
  thresholdDays: Type.Integer(),
  crossedAt: Timestamp,
  daysLeft: Type.Integer(),
  exhaustionAt: NullableTime,
  notifiedAt: NullableTime,
  deliveries: Type.Array(Type.Object({ channel: Type.String(), ok: Type.Boolean(), detail: Type.String() })),
  clearedAt: NullableTime,
  open: Type.Boolean(),
});

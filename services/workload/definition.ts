import { Type, type Static } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';

export const KeyDistributions = ['uniform', 'zipfian'] as const;
export type KeyDistribution = (typeof KeyDistributions)[number];

/**
 * A declarative workload, NDBench-style: what share of operations read, over how many keys, with
 * which payload and key popularity, from how many concurrent callers, how fast and for how long.
 * The bounds keep one run from exhausting the machine it runs on.
 */
export const WorkloadDefinition = Type.Object(
  {
    name: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,62}$', description: 'lower-case letters, digits and dashes' }),
    description: Type.Optional(Type.String({ maxLength: 300 })),
    readRatio: Type.Number({ minimum: 0, maximum: 1, description: 'share of operations that read; the rest write' }),
    keySpace: Type.Integer({ minimum: 1, maximum: 100_000_000 }),
    payloadBytes: Type.Integer({ minimum: 1, maximum: 1_048_576 }),
    distribution: Type.Union([Type.Literal('uniform'), Type.Literal('zipfian')]),
    zipfianTheta: Type.Optional(Type.Number({ exclusiveMinimum: 0, exclusiveMaximum: 1, description: 'skew; YCSB uses 0.99' })),
    concurrency: Type.Integer({ minimum: 1, maximum: 1024 }),
    rateLimitPerSecond: Type.Optional(
      Type.Integer({ minimum: 1, maximum: 10_000_000, description: 'absent: as fast as the target answers' }),
    ),
    durationSeconds: Type.Number({ exclusiveMinimum: 0, maximum: 3600 }),
    warmupSeconds: Type.Number({ minimum: 0, maximum: 600, description: 'run first and left out of the results' }),
  },
  { additionalProperties: false },
);
export type WorkloadDefinition = Static<typeof WorkloadDefinition>;

export class InvalidWorkloadError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid workload: ${problems.join('; ')}`);
  }
}

/** The definition as given, or an error naming every field that is wrong. */
export function validateWorkload(input: unknown): WorkloadDefinition {
  if (Value.Check(WorkloadDefinition, input)) return input;
  const problems = [...Value.Errors(WorkloadDefinition, input)].map((e) => `${e.path || '/'} ${e.message}`);
  throw new InvalidWorkloadError(problems.length > 0 ? problems : ['not a workload definition']);
}

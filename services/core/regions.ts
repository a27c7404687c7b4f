import { readFileSync } from 'node:fs';
import { Type, type Static } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';

/**
 * A provider's kind, as a region names it. The set is the provider registry's
 * (services/providers/registry.ts): a region naming a kind it lacks stops the process at startup.
 */
export type ProviderKind = string;

const InstanceTypeSchema = Type.Object(
  {
    vcpu: Type.Number({ minimum: 1 }),
    memoryGb: Type.Number({ exclusiveMinimum: 0 }),
    diskGb: Type.Number({ exclusiveMinimum: 0 }),
    hourlyUsd: Type.Number({ minimum: 0 }),
  },
  { additionalProperties: false },
);

const RegionSchema = Type.Object(
  {
    provider: Type.String({ pattern: '^[a-z][a-z0-9-]*$' }),
    zones: Type.Array(Type.String({ minLength: 1 }), { minItems: 1 }),
    description: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);

export const RegionsFileSchema = Type.Object(
  {
    regions: Type.Record(Type.String({ pattern: '^[a-z0-9-]+$' }), RegionSchema),
    instanceTypes: Type.Record(Type.String(), InstanceTypeSchema),
  },
  { additionalProperties: false },
);

export type InstanceType = Static<typeof InstanceTypeSchema> & { name: string };
export type RegionConfig = Static<typeof RegionSchema> & { name: string };
export interface RegionsConfig {
  regions: Map<string, RegionConfig>;
  instanceTypes: Map<string, InstanceType>;
}

/** Reads and validates the regions file; a bad file stops the process with the reason. */
export function loadRegions(path: string): RegionsConfig {
  const raw: unknown = JSON.parse(readFileSync(path, 'utf8'));
  if (!Value.Check(RegionsFileSchema, raw)) {
    const first = [...Value.Errors(RegionsFileSchema, raw)][0];
    throw new Error(`regions file ${path} is invalid at ${first?.path ?? '/'}: ${first?.message ?? 'unknown error'}`);
  }
  return {
    regions: new Map(Object.entries(raw.regions).map(([name, r]) => [name, { ...r, name }])),
    instanceTypes: new Map(Object.entries(raw.instanceTypes).map(([name, t]) => [name, { ...t, name }])),
  };
}

export function monthlyCostUsd(instance: InstanceType | undefined, nodeCount: number): number {
  if (!instance) return 0;
  return Math.round(instance.hourlyUsd * 730 * nodeCount * 100) / 100;
}

import type { ClusterSpec, Environment } from '../core/types';
import { InputError } from '../core/errors';
import type { InstanceType } from '../core/regions';
import type { SizedSettingsInput, SizingInput, SizingProfile, VersionCatalog } from './engine';

export type { SizingProfile } from './engine';
import { resolveVersion } from './versions';

export interface SizedCluster {
  instance: InstanceType;
  nodesPerRegion: number;
  replicationFactor: number;
  usableCapacityGb: number;
}

export interface SettingsContext {
  version: string;
  environment: Environment;
  expectedDataGb: number;
  sized: SizedCluster;
}

type SettingsFor = (context: SettingsContext) => ClusterSpec['settings'];

/** Rounds down to hundredths, so the capacity we promise is never more than we computed. */
const floorCents = (value: number): number => Math.floor(value * 100) / 100;

/**
 * What a region of `nodesPerRegion` nodes of this instance type may hold within the fill limit: one
 * node's share for replicated engines (every node holds everything), the nodes' sum over the copies
 * kept for partitioned ones. Rounded down to hundredths.
 */
export function usableCapacityGb(profile: SizingProfile, instance: InstanceType, nodesPerRegion: number): number {
  const limitPerNode = instance[profile.resource] * profile.fillLimit;
  if (profile.placement === 'replicated') return floorCents(limitPerNode);
  return floorCents((nodesPerRegion * limitPerNode) / profile.copiesPerRegion);
}

function candidateFor(profile: SizingProfile, instance: InstanceType, environment: Environment, dataGb: number): SizedCluster | null {
  if (instance.memoryGb < profile.minMemoryGb(environment)) return null;
  const limitPerNode = instance[profile.resource] * profile.fillLimit;
  const minNodes = profile.minNodesPerRegion(environment, dataGb);
  if (profile.placement === 'replicated') {
    const capacity = usableCapacityGb(profile, instance, minNodes);
    if (capacity < dataGb) return null;
    return { instance, nodesPerRegion: minNodes, replicationFactor: minNodes, usableCapacityGb: capacity };
  }
  const needed = Math.ceil((dataGb * profile.copiesPerRegion) / limitPerNode);
  const stepped = Math.ceil(Math.max(minNodes, needed) / profile.nodeStep) * profile.nodeStep;
  for (let nodes = stepped; nodes <= profile.maxNodesPerRegion; nodes += profile.nodeStep) {
    // Re-checked after rounding down so floating point never promises a hair more than fits.
    const capacity = usableCapacityGb(profile, instance, nodes);
    if (capacity >= dataGb)
      return { instance, nodesPerRegion: nodes, replicationFactor: profile.copiesPerRegion, usableCapacityGb: capacity };
  }
  return null;
}

const hourlyCost = (c: SizedCluster): number => c.instance.hourlyUsd * c.nodesPerRegion;

/** Cheapest first; then fewer nodes (less to operate); then more room to grow; then name, for determinism. */
function cheaper(a: SizedCluster, b: SizedCluster): number {
  return (
    hourlyCost(a) - hourlyCost(b) ||
    a.nodesPerRegion - b.nodesPerRegion ||
    b.usableCapacityGb - a.usableCapacityGb ||
    a.instance.name.localeCompare(b.instance.name)
  );
}

/** The most one region of this engine can hold on the given instance types. */
export function largestCapacityGb(profile: SizingProfile, instanceTypes: InstanceType[], environment: Environment): number {
  const capacities = instanceTypes
    .filter((t) => t.memoryGb >= profile.minMemoryGb(environment))
    .map((t) => {
      const perNode = t[profile.resource] * profile.fillLimit;
      if (profile.placement === 'replicated') return floorCents(perNode);
      const maxNodes = Math.floor(profile.maxNodesPerRegion / profile.nodeStep) * profile.nodeStep;
      return floorCents((maxNodes * perNode) / profile.copiesPerRegion);
    });
  return Math.max(0, ...capacities);
}

function assertSaneInput(profile: SizingProfile, input: SizingInput, instanceTypes: InstanceType[]): void {
  const { expectedDataGb, regionCount } = input;
  if (!Number.isFinite(expectedDataGb) || expectedDataGb <= 0) {
    throw new InputError(`expectedDataGb must be a positive number of gigabytes, got ${expectedDataGb}`, { expectedDataGb });
  }
  if (!Number.isInteger(regionCount) || regionCount < 1) {
    throw new InputError(`regionCount must be a whole number of at least 1, got ${regionCount}`, { regionCount });
  }
  const largest = largestCapacityGb(profile, instanceTypes, input.environment);
  if (expectedDataGb > largest) {
    const largestText = Math.floor(largest).toLocaleString('en-US');
    throw new InputError(
      `expectedDataGb ${expectedDataGb} exceeds the ${largestText} GB a ${profile.engine} cluster can hold per region; ${profile.tooBigAdvice}`,
      { expectedDataGb, largestCapacityGb: Math.floor(largest) },
    );
  }
}

/** Picks the cheapest instance type and node count that keep the data within the fill limit. */
export function sizeCluster(profile: SizingProfile, input: SizingInput, instanceTypes: InstanceType[]): SizedCluster {
  assertSaneInput(profile, input, instanceTypes);
  const candidates = instanceTypes
    .map((t) => candidateFor(profile, t, input.environment, input.expectedDataGb))
    .filter((c): c is SizedCluster => c !== null)
    .sort(cheaper);
  const best = candidates[0];
  // assertSaneInput guarantees at least the largest type fits; reaching here means a bug.
  if (!best) throw new Error(`no ${profile.engine} sizing for ${input.expectedDataGb} GB despite passing the capacity check`);
  return best;
}

/**
 * The settings of a cluster on `instance`, as planSpec would set them for that size (a resize
 * recomputes what depends on it: Redis maxmemory, PostgreSQL shared_buffers, memcached's memory).
 */
export function createSizedSettings(profile: SizingProfile, settingsFor: SettingsFor) {
  return (cluster: SizedSettingsInput, instance: InstanceType): ClusterSpec['settings'] =>
    settingsFor({
      version: cluster.version,
      environment: cluster.environment,
      expectedDataGb: cluster.expectedDataGb,
      sized: {
        instance,
        nodesPerRegion: cluster.nodesPerRegion,
        replicationFactor: cluster.replicationFactor,
        usableCapacityGb: usableCapacityGb(profile, instance, cluster.nodesPerRegion),
      },
    });
}

/** The planSpec every adapter exposes: version, then size, then the engine's settings for that size. */
export function createSpecPlanner(profile: SizingProfile, catalog: VersionCatalog, settingsFor: SettingsFor) {
  return (input: SizingInput, instanceTypes: InstanceType[]): ClusterSpec => {
    const sized = sizeCluster(profile, input, instanceTypes);
    const version = resolveVersion(profile.engine, catalog, input);
    return {
      version,
      nodesPerRegion: sized.nodesPerRegion,
      instanceType: sized.instance.name,
      replicationFactor: sized.replicationFactor,
      usableCapacityGb: sized.usableCapacityGb,
      settings: settingsFor({ version, environment: input.environment, expectedDataGb: input.expectedDataGb, sized }),
    };
  };
}

import type { Forecast } from './forecast/forecast';
import { instanceTypeNeeded, nodesNeeded } from './forecast/scale-to';
import type { InstanceType } from '../core/regions';
import type { CapacitySubject } from './sql/capacity-subjects';
import type { SizingProfile } from '../core/engine-port';
import { DAY_MS } from '../core/clock';
import { diskFor, MAX_DISK_GB } from '../core/disk';

/**
 * Lead time before the exhaustion date by which the change must be done: two weekly maintenance
 * windows, one to make the change and one spare in case it has to be retried. Streaming the data
 * itself takes hours (a node's share at a throttled 50–200 MB/s), so the windows are what decide it.
 */
export const LEAD_DAYS = 14;

export interface ScaleAdvice {
  /** Partitioned engines: nodes in all regions together, and per region (what a scale operation sets). */
  nodes?: number;
  nodesPerRegion?: number;
  /** Replicated engines: the instance type every node moves to. */
  instanceType?: string;
  /** Replicated engines whose capacity is their disk: each node's disk grown to this, GB (a grow-storage operation). */
  diskGb?: number;
  /** Done by this date: the exhaustion date minus LEAD_DAYS, never before today. */
  by: Date;
  /** The usable capacity per region the advice was sized for. */
  sizedForGb: number;
  /** Set when no size within the engine's limits holds the projection. */
  note?: string;
}

/**
 * What to scale to so the cluster holds the forecast's highest central value within the horizon
 * (a year's growth at the changed rate), by LEAD_DAYS before it would run out.
 */
export function scaleAdvice(
  subject: CapacitySubject,
  changed: Forecast,
  exhaustionAt: Date,
  instanceTypes: Iterable<InstanceType>,
  now: Date,
  profile: SizingProfile,
  /** Each node's disk now, when known: a disk-bound replicated engine is first advised to grow it. */
  diskGb: number | null = null,
): ScaleAdvice {
  const capacity = subject.spec.usableCapacityGb;
  const projectedGb = Math.max(capacity, ...changed.points.map((p) => p.value));
  const by = new Date(Math.max(now.getTime(), exhaustionAt.getTime() - LEAD_DAYS * DAY_MS));
  if (profile.placement === 'partitioned') {
    const current = subject.spec.nodesPerRegion;
    // Running out within the horizon means today's size is not enough: at least one step more.
    const wanted = Math.max(current + profile.nodeStep, nodesNeeded(capacity > 0 ? projectedGb / capacity : 1, current, profile.nodeStep));
    const maxNodes = Math.floor(profile.maxNodesPerRegion / profile.nodeStep) * profile.nodeStep;
    const perRegion = Math.min(wanted, maxNodes);
    const note =
      wanted > maxNodes
        ? `${wanted} nodes per region would be needed, beyond the ${maxNodes} a region may have; ${profile.tooBigAdvice}`
        : undefined;
    return {
      nodes: perRegion * subject.regions.length,
      nodesPerRegion: perRegion,
      by,
      sizedForGb: Math.round(projectedGb),
      ...(note ? { note } : {}),
    };
  }
  // Growing the volumes is online and moves no data, so it comes before a move to a bigger instance.
  if (profile.resource === 'diskGb' && diskGb !== null && capacity > 0) {
    const grown = Math.max(diskFor(projectedGb, capacity, diskGb), diskGb + 10);
    if (grown <= MAX_DISK_GB) return { diskGb: grown, by, sizedForGb: Math.round(projectedGb) };
  }
  const types = [...instanceTypes];
  const bigger = types.filter((t) => t[profile.resource] * profile.fillLimit > capacity);
  const fits = instanceTypeNeeded(projectedGb, bigger, profile.resource, profile.fillLimit);
  if (fits) return { instanceType: fits.name, by, sizedForGb: Math.round(projectedGb) };
  const largest = types.sort((a, b) => b[profile.resource] - a[profile.resource])[0];
  if (!largest) return { by, sizedForGb: Math.round(projectedGb), note: 'no instance types are configured' };
  const holds = Math.floor(largest[profile.resource] * profile.fillLimit);
  return {
    instanceType: largest.name,
    by,
    sizedForGb: Math.round(projectedGb),
    note: `even ${largest.name} holds only ${holds} GB of the ${Math.round(projectedGb)} GB projected; ${profile.tooBigAdvice}`,
  };
}

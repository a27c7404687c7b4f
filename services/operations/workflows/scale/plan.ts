import type { StepRun } from '../../workflow';
import type { ClusterNode } from '../../../core/types';
import { nextNodeName } from '../node-addition';
import type { PlacedNode } from './checkpoints';

/** The nodes a scale adds in each region: new names, spread over the region's zones after those in use. */
export function nodesToAdd(run: StepRun<'scale'>, every: ClusterNode[], addPerRegion: number): PlacedNode[] {
  return run.cluster.regions.flatMap((region) => {
    const zones = run.ctx.regions.regions.get(region)?.zones ?? [region];
    const names: string[] = [];
    for (let i = 0; i < addPerRegion; i += 1) names.push(nextNodeName(run.cluster.name, region, [...every.map((n) => n.name), ...names]));
    return names.map((name, i) => ({
      name,
      region,
      zone: zones[(every.filter((n) => n.region === region).length + i) % zones.length]!,
    }));
  });
}

const suffix = (name: string): number => Number(name.slice(name.lastIndexOf('-') + 1)) || 0;

/**
 * The nodes a scale-in removes from one region: never the primary; each from the zone that keeps
 * the most nodes (so the zones stay even, as partitioned engines keep a copy per zone), the
 * newest of that zone first.
 */
export function nodesToRemove(live: ClusterNode[], removeCount: number): ClusterNode[] {
  const staying = [...live];
  const leaving: ClusterNode[] = [];
  for (let i = 0; i < removeCount; i += 1) {
    const perZone = new Map<string, number>();
    for (const n of staying) perZone.set(n.zone, (perZone.get(n.zone) ?? 0) + 1);
    const candidates = staying
      .filter((n) => n.role !== 'primary')
      .sort((a, b) => (perZone.get(b.zone) ?? 0) - (perZone.get(a.zone) ?? 0) || suffix(b.name) - suffix(a.name));
    const pick = candidates[0];
    if (!pick) break;
    leaving.push(pick);
    staying.splice(staying.indexOf(pick), 1);
  }
  return leaving;
}

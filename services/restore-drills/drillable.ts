import type { RestoreDrillsDeps } from './restore-drills-deps';

type Registries = Pick<RestoreDrillsDeps, 'regions' | 'providers' | 'engines'>;

/** Regions whose provider backs up and restores (the scratch cluster is a restore into a new cluster). */
export const drillableRegions = (ctx: Registries): string[] =>
  [...ctx.regions.regions.keys()].filter((r) => {
    const capabilities = ctx.providers.forRegion(r).capabilities;
    return capabilities.has('backsUpData') && capabilities.has('createsNodes');
  });

/** Engines whose restores Datafleet can check. */
export const drillableEngines = (ctx: Registries): string[] =>
  ctx.engines
    .all()
    .filter((e) => e.restoreCheck)
    .map((e) => e.name);

import type { EngineName } from '../core/types';
import type { FleetDeps } from './fleet-deps';
import { resolveVersion } from '../engines/versions';

export interface VersionChoices {
  /** Catalog versions a cluster in the region may ask for. */
  versions: string[];
  /** What a request without a version gets there; null when the region can run none. */
  defaultVersion: string | null;
}

/**
 * The versions of an engine one region can run, and the one it picks by default, from the same
 * rule the create request follows (`resolveVersion`): a form built on this offers only what the
 * server accepts, and its "recommended" is the version the server will create.
 */
export async function versionChoices(
  ctx: Pick<FleetDeps, 'engines' | 'providers'>,
  region: string,
  engine: EngineName,
): Promise<VersionChoices> {
  const catalog = ctx.engines.get(engine).catalog;
  const available = await ctx.providers.forRegion(region).availableVersions(engine);
  const qualified = catalog.versions.map((v) => v.version);
  const versions = available === null ? qualified : qualified.filter((v) => available.includes(v));
  let defaultVersion: string | null = null;
  try {
    defaultVersion = resolveVersion(engine, catalog, {
      expectedDataGb: 1,
      regionCount: 1,
      environment: 'test',
      availableVersions: available,
    });
  } catch {
    // Nothing installed for the engine there: the region offers no version, and says so by null.
  }
  return { versions, defaultVersion };
}

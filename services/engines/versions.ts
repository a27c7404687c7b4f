import { InputError } from '../core/errors';
import type { CatalogVersion, SizingInput, VersionCatalog } from './engine';

/** Numeric, segment by segment: "4.1.10" is newer than "4.1.9". Non-numeric segments count as 0. */
export function compareVersions(a: string, b: string): number {
  const left = a.split('.').map((part) => Number.parseInt(part, 10) || 0);
  const right = b.split('.').map((part) => Number.parseInt(part, 10) || 0);
  for (let i = 0; i < Math.max(left.length, right.length); i++) {
    const diff = (left[i] ?? 0) - (right[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return 0;
}

export interface CatalogDefinition {
  versions: readonly CatalogVersion[];
  recommended: string;
  /** The release line a version belongs to ("4.1" for Cassandra, "16" for PostgreSQL). */
  lineOf(version: string): string;
  /** Whether a version may move to the next line; e.g. Elasticsearch reaches 8.x only from 7.17. */
  mayLeaveLine?(version: string): boolean;
}

/**
 * Builds an immutable catalog whose upgrade paths follow one rule shared by every engine: any newer
 * version of the same line (a patch or minor upgrade), or any version of the next line (one major
 * step at a time, because every engine here supports rolling or pg_upgrade moves of one line only).
 * Paths are computed from the version string, so a node running a version no longer in the catalog
 * still gets a way forward.
 */
export function createCatalog(definition: CatalogDefinition): VersionCatalog {
  const versions = [...definition.versions].sort((a, b) => compareVersions(a.version, b.version));
  if (!versions.some((v) => v.version === definition.recommended)) {
    throw new Error(`catalog recommends ${definition.recommended}, which it does not list`);
  }
  const lines = [...new Set(versions.map((v) => definition.lineOf(v.version)))].sort(compareVersions);

  function upgradePaths(from: string): string[] {
    const line = definition.lineOf(from);
    const nextLine = lines.find((candidate) => compareVersions(candidate, line) > 0);
    const mayLeave = definition.mayLeaveLine?.(from) ?? true;
    return versions
      .map((v) => v.version)
      .filter((to) => compareVersions(to, from) > 0)
      .filter((to) => {
        const toLine = definition.lineOf(to);
        return toLine === line || (mayLeave && toLine === nextLine);
      });
  }

  return Object.freeze({
    versions: Object.freeze(versions.map((v) => Object.freeze({ ...v }))) as CatalogVersion[],
    recommended: definition.recommended,
    upgradePaths,
  });
}

/** "4.1.6" → "4.1" */
export const majorMinorLine = (version: string): string => version.split('.').slice(0, 2).join('.');
/** "16.4" → "16" */
export const majorLine = (version: string): string => version.split('.')[0] ?? version;

/**
 * The version a new cluster gets. An explicit request must be in the catalog (we only run what the
 * platform team has qualified) and runnable in the region. Without one: the recommended version if
 * the region can run it, else the newest qualified version it can run, else whatever the region has
 * installed (a local provider runs the binaries on the machine, qualified or not).
 */
export function resolveVersion(engine: string, catalog: VersionCatalog, input: SizingInput): string {
  const known = catalog.versions.map((v) => v.version);
  const available = input.availableVersions;
  if (input.version !== undefined) {
    if (!known.includes(input.version)) {
      throw new InputError(`${engine} version ${input.version} is not in the catalog; choose one of ${known.join(', ')}`, {
        version: input.version,
        validVersions: known,
      });
    }
    if (available !== null && !available.includes(input.version)) {
      throw new InputError(
        `${engine} ${input.version} cannot run in the chosen regions; they offer ${available.join(', ') || 'no versions'}`,
        { version: input.version, availableVersions: available },
      );
    }
    return input.version;
  }
  if (available === null || available.includes(catalog.recommended)) return catalog.recommended;
  const newestQualified = known
    .filter((v) => available.includes(v))
    .sort(compareVersions)
    .at(-1);
  if (newestQualified !== undefined) return newestQualified;
  const installed = available[0];
  if (installed === undefined) {
    throw new InputError(`no ${engine} version is available in the chosen regions`, { availableVersions: available });
  }
  return installed;
}

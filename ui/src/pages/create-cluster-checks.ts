import { fieldErrorsOf, type FieldErrors as ErrorsOf } from '../field-errors';
import type { Region } from '../types';

/** The create form's fields, as the form names them. */
export type CreateField = 'name' | 'engine' | 'owner' | 'size' | 'regions' | 'environment' | 'version' | 'synchronous';
export type FieldErrors = ErrorsOf<CreateField>;

export interface CreateDraft {
  name: string;
  engine: string;
  owner: string;
  size: string;
  regions: string[];
  environment: string;
  version: string;
  /** Every commit waits for a replica; only sent for an engine that offers it. */
  synchronous: boolean;
}

const labels: Record<CreateField, string> = {
  name: 'The name',
  engine: 'The engine',
  owner: 'The owner',
  size: 'Expected data',
  regions: 'Regions',
  environment: 'The environment',
  version: 'The version',
  synchronous: 'Synchronous replication',
};

/** The request body's field behind each form field. */
const bodyFields: Record<string, CreateField> = {
  name: 'name',
  engine: 'engine',
  owner: 'owner',
  expectedDataGb: 'size',
  regions: 'regions',
  environment: 'environment',
  version: 'version',
  synchronousReplication: 'synchronous',
};

// The server's rule, repeated to answer while typing; the server's answer is what counts.
const dnsSafeName = /^[a-z][a-z0-9-]{1,38}[a-z0-9]$/;
export const NAME_RULE = '3–40 lowercase letters, digits or dashes; starts with a letter, does not end with a dash.';

/** What can be told without asking the server: an empty or malformed field, a version the regions do not run. */
export function checkDraft(draft: CreateDraft, runnableVersions: string[] | null): FieldErrors {
  const errors: FieldErrors = {};
  if (!draft.name) errors.name = 'Give the cluster a name.';
  else if (!dnsSafeName.test(draft.name)) errors.name = `The name must be DNS-safe: ${NAME_RULE}`;
  if (!draft.owner) errors.owner = 'Choose the team that owns it.';
  const size = Number(draft.size);
  if (draft.size.trim() === '' || !Number.isFinite(size)) errors.size = 'Give the expected data in GB, as a number.';
  else if (size <= 0) errors.size = 'Expected data must be more than 0 GB.';
  if (draft.regions.length === 0) errors.regions = 'Choose at least one region.';
  if (draft.version && runnableVersions && !runnableVersions.includes(draft.version))
    errors.version = `The chosen regions do not run ${draft.version}; they run ${runnableVersions.join(', ') || 'no qualified version'}.`;
  return errors;
}

/** Places each problem of a refused create (or preview) under its field; what belongs to no field is the rest. */
export const createFieldErrorsOf = (error: unknown) => fieldErrorsOf(error, { bodyFields, labels });

/** The create (and preview) body from the form: the name only once there is one. */
export function bodyOf(draft: CreateDraft): Record<string, unknown> {
  return {
    ...(draft.name ? { name: draft.name } : {}),
    engine: draft.engine,
    owner: draft.owner,
    expectedDataGb: Number(draft.size),
    regions: draft.regions,
    environment: draft.environment,
    ...(draft.version ? { version: draft.version } : {}),
    ...(draft.synchronous ? { synchronousReplication: true } : {}),
  };
}

/**
 * The versions every chosen region can run and the one a request without a version gets (the first
 * region's, as the server places a cluster by its first region); null before a region is chosen.
 */
export function versionChoicesOf(
  regions: Region[],
  chosen: string[],
  engine: string,
): { versions: string[]; defaultVersion: string | null } | null {
  const picked = chosen.map((name) => regions.find((r) => r.name === name)?.versions?.[engine]);
  if (picked.length === 0 || picked.some((p) => !p)) return null;
  const [first, ...others] = picked as Array<{ versions: string[]; defaultVersion: string | null }>;
  return {
    versions: first!.versions.filter((v) => others.every((o) => o.versions.includes(v))),
    defaultVersion: first!.defaultVersion,
  };
}

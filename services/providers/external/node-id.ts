import type { AdoptedNodeRequest } from '../provider';
import { NodeRoles } from '../../core/types';

/** What an adopted server is: everything describeNode reports, carried in its provider id. */
export interface ExternalNodeFacts extends AdoptedNodeRequest {
  adoptedAt: number;
}

const PREFIX = 'ext.';

/**
 * The provider id of an adopted server holds its facts, so the external provider keeps no state of
 * its own: the inventory's nodes table, which stores the id, is the only record (and any process
 * can describe any adopted node). No credential ever goes in here.
 */
export function encodeNodeId(facts: ExternalNodeFacts): string {
  return PREFIX + Buffer.from(JSON.stringify(facts), 'utf8').toString('base64url');
}

/** The facts in an id, or null for an id this provider never made. */
export function decodeNodeId(providerId: string): ExternalNodeFacts | null {
  if (!providerId.startsWith(PREFIX)) return null;
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(providerId.slice(PREFIX.length), 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  return isFacts(raw) ? raw : null;
}

function isFacts(value: unknown): value is ExternalNodeFacts {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  const strings = ['name', 'clusterId', 'version', 'region', 'zone', 'host'].every((k) => typeof v[k] === 'string');
  return (
    strings &&
    typeof v.port === 'number' &&
    typeof v.adoptedAt === 'number' &&
    typeof v.engine === 'string' &&
    (NodeRoles as readonly unknown[]).includes(v.role)
  );
}

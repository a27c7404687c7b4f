import type { NodeRole } from '../core/types';
import { InputError } from '../core/errors';

function assertNodeCount(nodesPerRegion: number): void {
  if (!Number.isInteger(nodesPerRegion) || nodesPerRegion < 0) {
    throw new InputError(`nodesPerRegion must be a whole number of at least 0, got ${nodesPerRegion}`, { nodesPerRegion });
  }
}

/** Redis and PostgreSQL: writes go to one primary, the others follow it. */
export function primaryThenReplicas(nodesPerRegion: number): NodeRole[] {
  assertNodeCount(nodesPerRegion);
  return Array.from({ length: nodesPerRegion }, (_, i): NodeRole => (i === 0 ? 'primary' : 'replica'));
}

/** Cassandra and Elasticsearch: every node is an equal member of the ring or cluster. */
export function equalMembers(nodesPerRegion: number): NodeRole[] {
  assertNodeCount(nodesPerRegion);
  return Array.from({ length: nodesPerRegion }, (): NodeRole => 'member');
}

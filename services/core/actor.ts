import type { Team } from './types';
import { ForbiddenError } from './errors';

/** Who is calling: resolved from a bearer token, or a system component such as the reconciler. */
export interface Actor {
  team: Team;
  tokenName: string;
  /** The bearer token's id, when the actor came from one. */
  tokenId?: string;
}

export const actorLabel = (actor: Actor): string => `${actor.team.name}/${actor.tokenName}`;

/** A team may change only its own clusters; the platform team may change any. */
export function assertMayChange(actor: Actor, ownerTeamId: string, what: string): void {
  if (actor.team.isPlatform || actor.team.id === ownerTeamId) return;
  throw new ForbiddenError(`team ${actor.team.name} may not change ${what}: it belongs to another team`, { team: actor.team.name });
}

export function assertPlatform(actor: Actor, what: string): void {
  if (!actor.team.isPlatform) throw new ForbiddenError(`only the platform team may ${what}`, { team: actor.team.name });
}

import type { Actor } from '../core/actor';
import type { ClusterRecord } from '../fleet/cluster-record';

/** Who sent an alert: a monitoring system with an alert-source credential, or a team's token. */
export type AlertSender = { kind: 'source'; id: string; name: string } | { kind: 'team'; actor: Actor };

export const senderLabel = (sender: AlertSender): string =>
  sender.kind === 'source' ? `alert-source:${sender.name}` : `${sender.actor.team.name}/${sender.actor.tokenName}`;

/** Alert sources and the platform team speak for the whole fleet; any other team only for its own clusters. */
export const speaksForFleet = (sender: AlertSender): boolean => sender.kind === 'source' || sender.actor.team.isPlatform;

/** Why an alert was refused: the sender may not speak for it, or it names a cluster that does not exist. */
export type AlertRefusal = 'forbidden' | 'not_found';

export type Admission = { admitted: true; cluster: ClusterRecord | null } | { admitted: false; refusal: AlertRefusal; reason: string };

/**
 * Whether a sender may raise an alert naming `clusterRef` (resolved to `cluster`, or null when no
 * such cluster exists). A team token names only its own clusters: an unknown one is not found
 * (nothing is recorded), another team's forbidden. Fleet-wide senders may name an unknown cluster: the alert is
 * recorded as unroutable and the platform team is paged.
 */
export function admit(sender: AlertSender, clusterRef: string | null, cluster: ClusterRecord | null): Admission {
  if (speaksForFleet(sender)) return { admitted: true, cluster };
  const team = sender.kind === 'team' ? sender.actor.team : null;
  if (clusterRef === null)
    return {
      admitted: false,
      refusal: 'forbidden',
      reason: `team ${team?.name} may raise alerts only about its own clusters, and this alert names none`,
    };
  if (!cluster) return { admitted: false, refusal: 'not_found', reason: `cluster ${clusterRef} does not exist` };
  if (cluster.ownerTeamId !== team?.id) {
    return {
      admitted: false,
      refusal: 'forbidden',
      reason: `team ${team?.name} may not raise alerts about cluster ${cluster.name}: it belongs to team ${cluster.ownerTeamName}`,
    };
  }
  return { admitted: true, cluster };
}

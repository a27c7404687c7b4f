import type { PeerOpinion } from './scoring';
import type { NodeSnapshot, PeerView } from './snapshot';

/** One node's latest word on its peers, as kept per cluster (observer name → view). */
export interface ObserverView {
  at: number;
  peers: PeerView[];
}

export type ClusterViews = Map<string, ObserverView>;

/** Takes the peers of each snapshot that is newer than what its observer said before. */
export function absorbViews(views: ClusterViews, snapshots: NodeSnapshot[]): Set<string> {
  const changed = new Set<string>();
  for (const s of snapshots) {
    if (!s.up || s.peers === undefined) continue;
    const known = views.get(s.nodeName);
    if (known && known.at >= s.at) continue;
    views.set(s.nodeName, { at: s.at, peers: s.peers });
    changed.add(s.nodeName);
  }
  return changed;
}

/**
 * What the peers think of `nodeName` around `at`. Only views taken within `freshnessMs` of the
 * snapshot count: a view from before a crash cannot speak for the node after it, and one from far
 * later belongs to another round.
 */
export function opinionOf(views: ClusterViews, nodeName: string, at: number, freshnessMs: number): PeerOpinion {
  const opinion: PeerOpinion = { seenUpBy: [], seenDownBy: [] };
  for (const [observer, view] of views) {
    if (observer === nodeName || Math.abs(view.at - at) > freshnessMs) continue;
    const seen = view.peers.find((p) => p.name === nodeName);
    if (!seen) continue;
    (seen.up ? opinion.seenUpBy : opinion.seenDownBy).push(observer);
  }
  opinion.seenUpBy.sort();
  opinion.seenDownBy.sort();
  return opinion;
}

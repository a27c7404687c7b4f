import type { PeerView } from '../observed-node';
import { stateAt, type SimInstanceRow } from './rows';

/** One peer as a node sees it (the shape health snapshots carry). */
export type GossipView = PeerView;

/** Ring neighbours an equal member reports on each side: enough eyes on every node, bounded in a 500-node ring. */
const RING_NEIGHBOURS = 3;

/**
 * What a simulated node says about its peers, as its agent would from replication links or a
 * gossip protocol: a replica watches the primaries of its region, a primary its region's replicas,
 * an equal member (Cassandra, Elasticsearch) its nearest members on the ring (by name), where its
 * engine's members gossip at all (memcached's never learn of one another). A peer is
 * seen up when it runs and no partition stands between the two. A node that does not run says nothing.
 */
export function gossipFor(observer: SimInstanceRow, cluster: SimInstanceRow[], now: Date, membersGossip = true): GossipView[] {
  if (stateAt(observer, now) !== 'running') return [];
  if (observer.role === 'member' && !membersGossip) return [];
  // The cluster's rows come ordered by name: that order is the ring.
  const live = cluster.filter((peer) => !peer.terminated_at);
  const watched =
    observer.role === 'replica' || observer.role === 'primary'
      ? live.filter((peer) => peer.region === observer.region && peer.role === (observer.role === 'replica' ? 'primary' : 'replica'))
      : ringNeighbours(live, observer);
  const isolated = observer.failure === 'network_partition';
  return watched.map((peer) => ({
    name: peer.name,
    up: !isolated && peer.failure !== 'network_partition' && stateAt(peer, now) === 'running',
  }));
}

function ringNeighbours(ring: SimInstanceRow[], observer: SimInstanceRow): SimInstanceRow[] {
  const others = ring.filter((r) => r.provider_id !== observer.provider_id);
  const at = ring.findIndex((r) => r.provider_id === observer.provider_id);
  if (at < 0 || others.length <= RING_NEIGHBOURS * 2) return others;
  const picked: SimInstanceRow[] = [];
  for (let step = 1; step <= RING_NEIGHBOURS; step += 1) {
    picked.push(ring[(at + step) % ring.length]!, ring[(at - step + ring.length) % ring.length]!);
  }
  return picked;
}

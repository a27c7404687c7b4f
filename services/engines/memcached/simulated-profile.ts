import type { SimulatedProfile } from '../engine';

/**
 * What the simulated cloud needs to fake a memcached node. Held data counts against memory (the
 * sizing profile's resource) and is spread over a zone's nodes (its placement).
 */
export const memcachedSimulatedProfile: SimulatedProfile = {
  defaultPort: 11211,
  /**
   * An in-memory hash lookup with no persistence, well under the 1.5–6 ms the simulator draws for
   * the other engines.
   */
  p99BaselineMs: { min: 0.3, max: 1.2 },
  /** No qualified version is known to regress; the simulator's per-version 0.8–1.2 factor still applies. */
  knownRegressions: {},
  /** Disk GB written per GB held: none, memcached persists nothing (Redis writes about as much again to its AOF). */
  diskPerHeldGb: 0,
  /** Members never learn of one another (clients spread keys), so a simulated node reports no peers. */
  membersGossip: false,
};

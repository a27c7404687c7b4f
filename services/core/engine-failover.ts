import type { FailoverManagerInfo } from './types';
import type { Credentials } from './node-endpoint';

/*
 * The engine's own HA manager (Redis Sentinel, Patroni): it decides who leads; Datafleet only watches it,
 * records what it did and asks it for planned switchovers. Declared in core so that providers and
 * features speak it without importing an engine.
 */

export interface HostPort {
  host: string;
  port: number;
}

/** What the HA manager reports about one cluster, merged over the managers that answered. */
export interface FailoverTopology {
  /** The primary the answering managers agree on; null when none answered. */
  primary: HostPort | null;
  /** Milliseconds since the managers first saw that primary lead (Sentinel's role-reported-time). */
  primarySinceMs: number | null;
  /** Milliseconds since that primary last answered the managers (Sentinel's last-ok-ping-reply). */
  primaryLastReplyMsAgo: number | null;
  /** With how long ago each last answered: the primary a failover replaced is listed here, down. */
  replicas: (HostPort & { down: boolean; lastReplyMsAgo: number | null })[];
  managersReachable: number;
  managersTotal: number;
  quorum: number;
  /** The managers see the primary as down (subjectively or objectively) and have not replaced it. */
  primaryDown: boolean;
  failoverInProgress: boolean;
  /**
   * Under synchronous replication, the live replicas the manager knows hold every commit the
   * primary acknowledged: the only ones it will promote should the primary be lost (Patroni names
   * them in its store once the server waits for them; none named, a lost primary waits for a
   * person). Absent when the cluster does not replicate synchronously.
   */
  synchronousStandbys?: HostPort[];
}

/** The HA manager capability of an engine adapter; absent for engines without one. */
export interface EngineFailover {
  /** The manager's name as people know it ("Redis Sentinel", "Patroni"). */
  readonly managerName: string;
  /** What its `managersTotal` counts, as people say it ("sentinels", "etcd members"). */
  readonly managersNoun: string;
  /** How long a lost primary's replacement waits for the manager to promote a replica before a person is paged; absent: 45 s. */
  readonly promotionWaitMs?: number;
  /**
   * The manager can make every commit wait until a replica holds it (Patroni's synchronous_mode),
   * so a failover loses no acknowledged write; a cluster asks for it at create time.
   */
  readonly synchronousReplication?: boolean;
  /** Asks every manager (bounded); never throws for an unreachable one, which is counted instead. */
  topology(manager: FailoverManagerInfo, credentials: Credentials): Promise<FailoverTopology>;
  /**
   * Asks the managers to hand the primary role to a replica: `to` when given, else one they choose
   * (SENTINEL FAILOVER). Resolves once one accepted; throws with the manager's reason when none did
   * (no good replica, no quorum, `to` not a healthy replica they know).
   */
  requestSwitchover(manager: FailoverManagerInfo, credentials: Credentials, to?: HostPort): Promise<void>;
  /** Tells the managers to forget nodes that are gone (after a replaced node was terminated). */
  forgetGone(manager: FailoverManagerInfo, credentials: Credentials): Promise<void>;
  /**
   * A rotation of the cluster's admin password: the managers accept `next` beside the current one
   * and log in to the nodes (and to each other) with it. Repeating it is harmless.
   */
  introducePassword(manager: FailoverManagerInfo, current: Credentials, next: string): Promise<void>;
  /** After the grace period: the managers stop accepting the previous password (by its sha256). */
  retirePassword(manager: FailoverManagerInfo, current: Credentials, previousSha256: string): Promise<void>;
}

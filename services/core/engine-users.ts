import type { Credentials, NodeEndpoint } from './node-endpoint';

// The users part of the EngineAdapter port (see engine-port.ts): applications' logins and the
// rotation of the control plane's own.

/**
 * An application's own login on a cluster, with least privilege: readwrite or readonly over its
 * scope — Redis key patterns, PostgreSQL databases, Cassandra keyspaces, Elasticsearch index patterns.
 */
export interface DatabaseUserSpec {
  name: string;
  access: 'readwrite' | 'readonly';
  scope: string[];
}

/**
 * One change to an application's user; each is idempotent, so a step repeated after a crash changes
 * nothing more. Passwords come in generations: rotation adds the next one while the previous keeps
 * working, and a later change removes the previous one when its grace period is over.
 */
export type DatabaseUserChange =
  | {
      kind: 'add-password';
      user: DatabaseUserSpec;
      generation: number;
      password: string;
      /** The generation this one replaces and when it stops: engines with an expiry of their own (PostgreSQL VALID UNTIL) set it now. */
      previous?: { generation: number; validUntil: Date };
    }
  | { kind: 'remove-password'; user: DatabaseUserSpec; generation: number; passwordSha256: string }
  | { kind: 'drop'; user: DatabaseUserSpec; generations: number[] };

/** The servers refused a user change for a reason a retry cannot change (a database another user owns, one that does not exist). */
export class UserChangeRefused extends Error {}

/** An engine's application users. */
export interface DatabaseUsers {
  /**
   * How an old password keeps working during a rotation: 'passwords' — one login holds two passwords
   * (Redis ACL); 'logins' — one login per generation, each a member of a role that holds the grants.
   */
  readonly rotation: 'passwords' | 'logins';
  /** What a user's scope names on this engine (key patterns, databases, keyspaces, index patterns). */
  readonly scopeMeaning: string;
  /** Why one entry of a scope cannot be used on this engine, or null. */
  scopeProblem(entry: string): string | null;
  /** The login an application uses for a generation of the user's password. */
  loginName(name: string, generation: number): string;
  /** The statements or requests `apply` sends, the password masked: what a simulated cluster records instead. */
  describe(change: DatabaseUserChange): string[];
  /** Applies the change on real nodes with the engine's driver, logged in as the admin. */
  apply(nodes: NodeEndpoint[], admin: Credentials, change: DatabaseUserChange): Promise<void>;
}

/** Rotating the control plane's own login on an engine's real nodes. */
export interface AdminCredentialRotation {
  /**
   * true: the previous password keeps working until `retire` (Redis: a user holds two passwords);
   * false: the new one replaces it at once (one password per login, used by the control plane alone).
   */
  readonly overlaps: boolean;
  /**
   * Makes `next` the admin's password on every node and what replicas authenticate with. Logs in
   * with `current`, or with `next` when a repeated call finds it already in place. Idempotent.
   */
  introduce(nodes: NodeEndpoint[], username: string, current: string, next: string): Promise<void>;
  /** The previous password, known by its SHA-256, stops working (overlapping engines only). */
  retire(nodes: NodeEndpoint[], admin: Credentials, previousSha256: string): Promise<void>;
}

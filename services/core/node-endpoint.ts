import type { NodeRole } from './types';

/** Where one node of a cluster answers, and what it is in the cluster. */
export interface NodeEndpoint {
  name: string;
  host: string;
  port: number;
  role: NodeRole;
}

/** A login on a datastore. */
export interface Credentials {
  username: string;
  password: string;
}

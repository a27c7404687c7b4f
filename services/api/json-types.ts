import type { Static } from '@sinclair/typebox';
import type { ClusterDetailJson, ClusterJson, NodeJson } from './schemas/cluster';
import type { OperationJson } from './schemas/operation';
import type { TeamJson, TokenInfoJson, TokenJson } from './schemas/team';
import type { OfferJson } from './schemas/transfer';
import type { DatabaseUserJson, IssuedPasswordJson } from './schemas/database-user';

/**
 * The API's answers as TypeScript types, derived from the same schemas that validate and document
 * them. The console and the CLI import these (types only), so they cannot drift from the server.
 */
export type ClusterView = Static<typeof ClusterJson>;
export type ClusterDetailView = Static<typeof ClusterDetailJson>;
export type NodeView = Static<typeof NodeJson>;
export type OperationView = Static<typeof OperationJson>;
export type TeamView = Static<typeof TeamJson>;
export type TokenInfoView = Static<typeof TokenInfoJson>;
export type IssuedTokenView = Static<typeof TokenJson>;
export type TransferOfferView = Static<typeof OfferJson>;
export type DatabaseUserView = Static<typeof DatabaseUserJson>;
export type IssuedPasswordView = Static<typeof IssuedPasswordJson>;

export interface RegionView {
  name: string;
  provider: string;
  simulated: boolean;
  zones: string[];
  description: string | null;
  engines: string[];
  /** What the region's provider can do (createsNodes, adoptsNodes, …): the create form offers regions that create nodes, the adopt form those that adopt. */
  capabilities: string[];
  /** Per engine it runs: the catalog versions a request may name there, and what a request without one gets. */
  versions: Record<string, { versions: string[]; defaultVersion: string | null }>;
}

export interface EngineView {
  name: string;
  displayName: string;
  recommended: string;
  versions: Array<{ version: string; releasedAt: string; upgradesTo: string[] }>;
  /** What a user's scope names and how passwords rotate, or null: the engine has no users (memcached). */
  users?: { scope: string; rotation: string } | null;
  /** Whether a create may ask that every commit wait for a replica (`synchronousReplication`). */
  synchronousReplication?: boolean;
}

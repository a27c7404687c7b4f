import type { BackupArtifact } from '../../../core/engine-port';
import type { EngineName } from '../../../core/types';
import { InputError } from '../../../core/errors';
import type { NodeBackupRequest } from '../../provider';
import type { ExternalNodeFacts } from '../node-id';
import { snapshotClient, type SnapshotServer } from './snapshot-client';
import { expireSnapshots, restoreRenamed, takeSnapshot } from './snapshots';

/** The engines whose adopted servers Datafleet snapshots itself, and why the others are not. */
export const backedUpEngines: ReadonlySet<EngineName> = new Set<EngineName>(['elasticsearch']);

const BACKED_UP_ELSEWHERE: Partial<Record<EngineName, string>> = {
  cassandra:
    'cassandra-driver cannot snapshot and Datafleet has no command access to servers it did not start; back adopted Cassandra up with Medusa (nodetool snapshot on every node) outside Datafleet',
};

export function backedUpElsewhere(engine: EngineName): string | null {
  return BACKED_UP_ELSEWHERE[engine] ?? (backedUpEngines.has(engine) ? null : `adopted ${engine} servers are backed up outside Datafleet`);
}

function serverOf(node: ExternalNodeFacts, login: { username?: string; password: string }): SnapshotServer {
  if (!login.username) throw new InputError('a snapshot of an adopted server needs its admin username', { node: node.name });
  return { host: node.host, port: node.port, username: login.username, password: login.password };
}

/** Runs `work` with a client for the node's server and always closes it. */
async function withClient<T>(server: SnapshotServer, work: (client: ReturnType<typeof snapshotClient>) => Promise<T>): Promise<T> {
  const client = snapshotClient(server);
  try {
    return await work(client);
  } finally {
    await client.close();
  }
}

/** One `_snapshot` of the adopted cluster the node belongs to (any node takes it for the whole cluster). */
export function snapshotAdoptedNode(node: ExternalNodeFacts, request: NodeBackupRequest): Promise<BackupArtifact | 'busy'> {
  return withClient(serverOf(node, request), (client) =>
    takeSnapshot(client, { clusterId: node.clusterId, tag: request.tag, kind: request.kind, address: `${node.host}:${node.port}` }),
  );
}

export function expireAdoptedSnapshots(
  node: ExternalNodeFacts,
  keep: number,
  login: { username: string; password: string },
): Promise<string[]> {
  return withClient(serverOf(node, login), (client) => expireSnapshots(client, node.clusterId, keep));
}

/** A snapshot of the node's cluster restored beside its indices under `prefix` (a clone on the same server). */
export function restoreAdoptedRenamed(
  node: ExternalNodeFacts,
  input: { label: string; prefix: string; indices?: readonly string[] },
  login: { username: string; password: string },
): Promise<string[]> {
  return withClient(serverOf(node, login), (client) => restoreRenamed(client, { clusterId: node.clusterId, ...input }));
}

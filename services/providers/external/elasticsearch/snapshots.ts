import { createHash } from 'node:crypto';
import type { Client } from '@elastic/elasticsearch';
import type { SnapshotSnapshotInfo } from '@elastic/elasticsearch/lib/api/types';
import type { BackupArtifact, BackupKind } from '../../../core/engine-port';
import { UnprocessableError } from '../../../core/errors';

/**
 * Snapshots of an adopted Elasticsearch cluster through its own `_snapshot` API. Each cluster has
 * its own `fs` repository, `datafleet-<cluster id>`, at the relative location `datafleet/<cluster
 * id>`, which the server resolves under its first `path.repo` entry (docker-compose.yml sets it); a
 * multi-node cluster needs that path on a shared file system, as Elasticsearch requires for any fs
 * repository. A snapshot's id is `datafleet-<tag>` (the backup operation's id), so a retried backup
 * finds the one it started instead of taking a second.
 */
export function repositoryOf(clusterId: string): { name: string; location: string } {
  return { name: `datafleet-${clusterId}`, location: `datafleet/${clusterId}` };
}

export const snapshotIdOf = (tag: string): string => `datafleet-${tag.toLowerCase()}`;

/** Registers the cluster's repository (idempotent: the same settings again change nothing). */
export async function ensureRepository(client: Client, clusterId: string): Promise<string> {
  const { name, location } = repositoryOf(clusterId);
  try {
    await client.snapshot.createRepository({ name, repository: { type: 'fs', settings: { location } } });
  } catch (error) {
    if (mentionsPathRepo(error))
      throw new UnprocessableError(
        `the Elasticsearch server has no path.repo for the snapshot repository ${name}: set path.repo (docker-compose.yml uses /usr/share/elasticsearch/snapshots) and restart it`,
        { repository: name, location },
      );
    throw error;
  }
  return name;
}

/** Whether the server refused the repository for want of `path.repo` (the reason sits in the response body). */
function mentionsPathRepo(error: unknown): boolean {
  const body = (error as { meta?: { body?: unknown } }).meta?.body;
  return `${String((error as Error).message)} ${JSON.stringify(body ?? '')}`.includes('path.repo');
}

/** Datafleet's snapshots in the cluster's repository, oldest first. */
export async function listSnapshots(client: Client, repository: string): Promise<SnapshotSnapshotInfo[]> {
  const found = await client.snapshot.get({ repository, snapshot: 'datafleet-*', ignore_unavailable: true });
  return (found.snapshots ?? [])
    .filter((s) => s.snapshot.startsWith('datafleet-'))
    .sort((a, b) => Number(a.start_time_in_millis ?? 0) - Number(b.start_time_in_millis ?? 0));
}

/**
 * Takes the snapshot tagged `tag` with `wait_for_completion`, or returns the one already taken
 * with that tag; 'busy' while it (a killed worker's request) or another of Datafleet's snapshots of
 * the cluster is still running. A failed or partial one is deleted and refused, so a retry starts clean.
 */
export async function takeSnapshot(
  client: Client,
  input: { clusterId: string; tag: string; kind: BackupKind; address: string },
): Promise<BackupArtifact | 'busy'> {
  const repository = await ensureRepository(client, input.clusterId);
  const snapshot = snapshotIdOf(input.tag);
  const existing = await listSnapshots(client, repository);
  const mine = existing.find((s) => s.snapshot === snapshot);
  if (mine?.state === 'IN_PROGRESS' || (!mine && existing.some((s) => s.state === 'IN_PROGRESS'))) return 'busy';
  if (!mine) {
    await client.snapshot.create({
      repository,
      snapshot,
      wait_for_completion: true,
      // Every regular index and data stream; dot-prefixed ones belong to the server and its features.
      indices: '*,-.*',
      include_global_state: false,
      metadata: { taken_by: 'datafleet', tag: input.tag },
    });
  }
  const [info] = (await client.snapshot.get({ repository, snapshot })).snapshots ?? [];
  if (!info) throw new Error(`snapshot ${snapshot} vanished from repository ${repository}`);
  if (info.state !== 'SUCCESS') {
    await client.snapshot.delete({ repository, snapshot }).catch(() => undefined);
    const reasons = (info.failures ?? []).map((f) => `${f.index}[${f.shard_id}]: ${f.reason}`).join('; ');
    throw new Error(`snapshot ${snapshot} ended ${info.state ?? 'without a state'}${reasons ? `: ${reasons}` : ''}; it was deleted`);
  }
  return artifactOf(client, repository, info, input);
}

async function artifactOf(
  client: Client,
  repository: string,
  info: SnapshotSnapshotInfo,
  input: { kind: BackupKind; address: string },
): Promise<BackupArtifact> {
  const [status] = (await client.snapshot.status({ repository, snapshot: info.snapshot })).snapshots;
  const manifest = { uuid: info.uuid, indices: [...(info.indices ?? [])].sort(), shards: info.shards };
  return {
    kind: input.kind,
    label: info.snapshot,
    sizeBytes: Number(status?.stats.total.size_in_bytes ?? 0),
    storedBytes: Number(status?.stats.incremental.size_in_bytes ?? 0),
    startedAt: new Date(Number(info.start_time_in_millis ?? Date.now())).toISOString(),
    finishedAt: new Date(Number(info.end_time_in_millis ?? Date.now())).toISOString(),
    walStart: null,
    walStop: null,
    checksum: createHash('sha256').update(JSON.stringify(manifest)).digest('hex'),
    location: `http://${input.address}/_snapshot/${repository}/${info.snapshot}`,
  };
}

/** Retention: deletes Datafleet's completed snapshots beyond the newest `keep`; returns the ids kept. */
export async function expireSnapshots(client: Client, clusterId: string, keep: number): Promise<string[]> {
  const repository = await ensureRepository(client, clusterId);
  const all = await listSnapshots(client, repository);
  const done = all.filter((s) => s.state !== 'IN_PROGRESS');
  const expired = done.slice(0, Math.max(0, done.length - Math.max(1, keep)));
  for (const s of expired) await client.snapshot.delete({ repository, snapshot: s.snapshot });
  const gone = new Set(expired.map((s) => s.snapshot));
  return all.filter((s) => !gone.has(s.snapshot)).map((s) => s.snapshot);
}

/**
 * A clone on the same server: every index of the snapshot restored under `prefix` + its name
 * (`rename_pattern`/`rename_replacement`), beside the originals, which keep serving; `indices`
 * picks some (default: all). Refused (422) when an index of a new name exists already. Returns the
 * new indices' names.
 */
export async function restoreRenamed(
  client: Client,
  input: { clusterId: string; label: string; prefix: string; indices?: readonly string[] },
): Promise<string[]> {
  if (!/^[a-z0-9][a-z0-9_-]*$/.test(input.prefix))
    throw new UnprocessableError('an index prefix is lower-case letters, digits, - and _, starting with a letter or digit', {
      prefix: input.prefix,
    });
  const repository = repositoryOf(input.clusterId).name;
  const [info] = (await client.snapshot.get({ repository, snapshot: input.label, ignore_unavailable: true })).snapshots ?? [];
  if (!info) throw new UnprocessableError(`snapshot ${input.label} is not in repository ${repository}`, { label: input.label });
  const chosen = input.indices ?? info.indices ?? [];
  const targets = chosen.map((i) => `${input.prefix}${i}`);
  if (targets.length > 0) {
    const existing = await client.indices.get({ index: targets, ignore_unavailable: true, allow_no_indices: true });
    const taken = Object.keys(existing);
    if (taken.length > 0)
      throw new UnprocessableError(`restored indices would overwrite existing ones (prefix ${input.prefix})`, { taken });
  }
  const restored = await client.snapshot.restore({
    repository,
    snapshot: input.label,
    wait_for_completion: true,
    indices: input.indices ? input.indices.join(',') : '*',
    include_global_state: false,
    include_aliases: false,
    rename_pattern: '(.+)',
    rename_replacement: `${input.prefix}$1`,
  });
  return restored.snapshot?.indices ?? targets;
}

import { createHash } from 'node:crypto';
import type { BackupArtifact, SnapshotModel } from '../../core/engine-port';
import type { NodeRequest } from '../provider';
import { UnprocessableError } from '../../core/errors';
import { MissingCapabilityError } from '../capabilities';
import { realMs, type SimulatorTime } from './instance-plan';
import { stateAt, type SimInstanceRow } from './rows';
import type { SimEngine } from './sim-engine';
import type { SimSnapshotRow, SimSnapshots } from './sql/sim-snapshots';

const GB = 1024 ** 3;

export interface SnapshotDeps {
  time: SimulatorTime;
  store: SimSnapshots;
  engine(name: string): SimEngine;
  /** The cluster's nodes, terminated ones included. */
  clusterNodes(clusterId: string): Promise<SimInstanceRow[]>;
  /** The GB a node holds now (its metrics' disk use). */
  heldGb(row: SimInstanceRow): Promise<number>;
}

/**
 * The simulated cloud's snapshot repository, following each engine's snapshot model: one snapshot
 * id across every node of the cluster, each node's part, size and duration from the data it holds
 * now. A snapshot exists from the request on (its tag finds it again) and is usable once its
 * simulated duration has passed; until then the backup is 'busy'.
 */
export class SimulatedSnapshots {
  constructor(private readonly deps: SnapshotDeps) {}

  private model(engine: string): SnapshotModel {
    const model = this.deps.engine(engine).simulated.snapshot;
    if (!model) throw new MissingCapabilityError('simulated', 'backsUpData', `the simulated cloud does not back up ${engine} nodes`);
    return model;
  }

  async backUp(row: SimInstanceRow, tag: string, now: Date): Promise<BackupArtifact | 'busy'> {
    const model = this.model(row.engine);
    const existing = await this.deps.store.byTag(tag);
    if (existing) return existing.finished_at > now ? 'busy' : artifactOf(existing, row.region);
    const kept = await this.deps.store.kept(row.cluster_id);
    if (kept.some((s) => s.finished_at > now)) return 'busy';
    const members = (await this.deps.clusterNodes(row.cluster_id)).filter((n) => !n.terminated_at);
    const down = members.filter((n) => stateAt(n, now) !== 'running');
    if (down.length > 0)
      throw new Error(
        `a ${row.engine} snapshot needs every node: ${down.map((n) => `${n.name} is ${stateAt(n, now)}`).join(', ')}; it is retried`,
      );
    const inputs = await Promise.all(members.map(async (n) => ({ name: n.name, dataBytes: Math.round((await this.deps.heldGb(n)) * GB) })));
    const plan = model.plan(inputs, kept.length > 0);
    const snapshotId = model.snapshotId(tag);
    const recorded = await this.deps.store.insert({
      snapshot_id: snapshotId,
      tag,
      cluster_id: row.cluster_id,
      engine: row.engine,
      manifest: plan.nodes,
      size_bytes: plan.nodes.reduce((sum, n) => sum + n.bytes, 0),
      stored_bytes: plan.nodes.reduce((sum, n) => sum + n.storedBytes, 0),
      started_at: now,
      finished_at: new Date(now.getTime() + realMs(this.deps.time, plan.seconds)),
      checksum: createHash('sha256')
        .update(JSON.stringify({ snapshotId, nodes: plan.nodes }))
        .digest('hex'),
    });
    return recorded.finished_at > now ? 'busy' : artifactOf(recorded, row.region);
  }

  /** Keeps the newest `keepFull` finished snapshots (and any still running); returns the ids kept. */
  async expire(clusterId: string, keepFull: number, now: Date): Promise<string[]> {
    const kept = await this.deps.store.kept(clusterId);
    const finished = kept.filter((s) => s.finished_at <= now);
    const drop = finished.slice(keepFull).map((s) => s.snapshot_id);
    await this.deps.store.expire(clusterId, drop, now);
    return kept.map((s) => s.snapshot_id).filter((id) => !drop.includes(id));
  }

  /**
   * Simulated seconds a node made from a snapshot spends loading its part (an equal share of the
   * snapshot) before it serves; refuses a snapshot the repository does not hold (anymore).
   */
  async restoreSeconds(request: NodeRequest, now: Date): Promise<number> {
    const from = request.restoreFrom;
    if (!from) return 0;
    const model = this.model(request.engine);
    if (from.targetTime)
      throw new UnprocessableError(`${request.engine} snapshots restore as taken; there is no log to replay to ${from.targetTime}`);
    const snapshot = await this.deps.store.byId(from.clusterId, from.label);
    if (!snapshot || snapshot.expired_at || snapshot.finished_at > now)
      throw new UnprocessableError(
        `snapshot ${from.label} of cluster ${from.clusterId} is ${!snapshot ? 'not in the repository' : snapshot.expired_at ? 'expired' : 'still running'}`,
        { label: from.label },
      );
    return model.restoreSeconds(Number(snapshot.size_bytes) / Math.max(1, snapshot.manifest.length));
  }
}

function artifactOf(s: SimSnapshotRow, region: string): BackupArtifact {
  return {
    kind: 'snapshot',
    label: s.snapshot_id,
    sizeBytes: Number(s.size_bytes),
    storedBytes: Number(s.stored_bytes),
    startedAt: s.started_at.toISOString(),
    finishedAt: s.finished_at.toISOString(),
    walStart: null,
    walStop: null,
    checksum: s.checksum,
    location: `simulated-s3://datafleet-snapshots-${region}/${s.cluster_id}/${s.snapshot_id}`,
    manifest: s.manifest,
  };
}

import { createSnapshotModel, mbPerSecond } from '../snapshot-model';

/**
 * The `_snapshot` API: `PUT _snapshot/<repository>/<id>` on any node snapshots every index's
 * primary shards (replicas are not copied: one primary + one replica puts half of each node's data
 * in the repository), each data node copying its primaries at `max_snapshot_bytes_per_sec`
 * (40 MB/s by default). Incremental by segment: a later snapshot copies only segments the
 * repository lacks, about a sixth after a day of merges. A restore recovers at the recovery rate
 * (`indices.recovery.max_bytes_per_sec`, 40 MB/s).
 */
export const elasticsearchSnapshots = createSnapshotModel({
  scope: 'cluster',
  mechanism: 'one _snapshot request copying every primary shard, each data node its own',
  snapshottedShare: 0.5,
  changedShare: 0.15,
  setupSeconds: 3,
  uploadBytesPerSecond: mbPerSecond(40),
  restoreBytesPerSecond: mbPerSecond(40),
});

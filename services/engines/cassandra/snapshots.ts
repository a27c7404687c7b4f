import { createSnapshotModel, mbPerSecond } from '../snapshot-model';

/**
 * Medusa's way: `nodetool snapshot -t <id>` on every node at once (a flush, then hard links of the
 * SSTables: seconds, no copy), then each node uploads its own snapshot directory. Every replica's
 * SSTables are in it (RF 3 means three copies in the repository, as Medusa keeps them). A later
 * snapshot uploads only SSTables the repository does not hold yet — compaction rewrites about a
 * quarter of them a day. A restored node downloads its part and loads it before it joins.
 */
export const cassandraSnapshots = createSnapshotModel({
  scope: 'every-node',
  mechanism: 'nodetool snapshot on every node under one id, each node uploading its SSTables',
  snapshottedShare: 1,
  changedShare: 0.25,
  setupSeconds: 10,
  uploadBytesPerSecond: mbPerSecond(100),
  restoreBytesPerSecond: mbPerSecond(150),
});

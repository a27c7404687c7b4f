import type { StepRun } from '../../workflow';
import type { RestoreSource } from '../../../core/engine-port';
import { archiveNow } from '../archive-now';

/**
 * A clone's primary is made from its backup. For a point in time, the source's log up to now is
 * archived first (while the source runs): the replay must find the writes before the target and a
 * commit after it. A source that is gone restores to what its archive already holds.
 */
export async function restoreSource(run: StepRun<'provision'>): Promise<RestoreSource | undefined> {
  const restore = run.op.params.restore;
  if (!restore) return undefined;
  const source = { clusterId: restore.sourceClusterId, label: restore.label, ...(restore.to ? { targetTime: restore.to } : {}) };
  if (restore.to) await archiveNow(run.ctx, restore.sourceClusterId);
  return source;
}

import type { StepRun } from '../../workflow';
import { FinalStepError } from '../../workflow';
import type { ClusterNode } from '../../../core/types';
import { isSimulated, requireCapabilities } from '../../../providers/capabilities';

/**
 * Whether this operation may replace a primary, by a switchover to the new node once it holds the
 * data. Refused (for good, not retried): an operation recorded before switch-over was a step; a
 * real primary of an engine whose adapter has no switchover (PostgreSQL: promoting a streaming
 * replica and re-pointing the others is not automated); a primary that does not run, since promoting a copy of a dead primary loses what
 * it had not sent yet, and that is a person's decision.
 */
export async function assertPrimaryReplaceable(run: StepRun, primary: ClusterNode): Promise<void> {
  const { cluster } = run;
  if (!run.op.steps.some((s) => s.name === 'switch-over')) {
    throw new FinalStepError(`${primary.name} is the primary: fail over to a replica before replacing it`);
  }
  const provider = run.ctx.providers.forRegion(primary.region);
  try {
    requireCapabilities(provider, ['switchesOver'], `replace the primary ${primary.name}`);
  } catch (error) {
    throw new FinalStepError((error as Error).message);
  }
  if (!isSimulated(provider) && !run.ctx.engines.get(cluster.engine).switchover) {
    throw new FinalStepError(
      `${primary.name} is the primary of ${cluster.name}, a local ${cluster.engine} cluster: its switchover is not automated. ` +
        'A person must promote a replica and re-point the others, then replace the old primary as a replica',
    );
  }
  const seen = primary.providerId ? await provider.describeNode(primary.providerId) : null;
  if (seen?.state !== 'running') {
    throw new FinalStepError(
      `${primary.name} is the primary and is ${seen?.state ?? 'missing'}: promoting a replica of a primary that does not run may lose writes, so a person decides`,
    );
  }
}

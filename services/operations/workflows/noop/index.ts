import type { Workflow } from '../../workflow';
import { done } from '../../workflow';

/** An operation that changes nothing: it exercises the whole operation path (benchmarks, drills). */
export const noopWorkflow: Workflow<'noop'> = {
  type: 'noop',
  leavesClusterUnchanged: true,
  steps: { noop: async () => done },
};

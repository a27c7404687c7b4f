import type { OperationType } from '../core/types';
import type { StepName } from './workflow-steps';
import type { HookRun, StepRun } from './workflow';

/** What each step of a workflow records in its checkpoint (an empty object for a step that records nothing). */
export type CheckpointShapes<T extends OperationType> = { [S in StepName<T>]: object };

/**
 * A workflow's checkpoints, read and written as the shapes it declares. Checkpoints are JSON that
 * only the same workflow's steps write, through `save` here, so this is the one place they are
 * read back as those shapes. Every field may be missing: the step may not have got that far.
 */
export interface Checkpoints<T extends OperationType, C extends CheckpointShapes<T>> {
  /** The running step's own checkpoint, from its earlier attempts. */
  own<S extends StepName<T>>(run: StepRun<T>, step: S): Partial<C[S]>;
  /** Durably merges into the running step's checkpoint. */
  save<S extends StepName<T>>(run: StepRun<T>, step: S, patch: Partial<C[S]>): Promise<void>;
  /** What an earlier step of the same operation recorded (read fresh: it may have run in this same pass). */
  of<S extends StepName<T>>(run: Pick<HookRun<T>, 'ctx' | 'op'>, step: S): Promise<Partial<C[S]>>;
}

export function checkpointsOf<T extends OperationType, C extends CheckpointShapes<T>>(): Checkpoints<T, C> {
  return {
    // The casts of this seam: the JSON read back is what this workflow's `save` wrote.
    own: <S extends StepName<T>>(run: StepRun<T>) => run.checkpoint as Partial<C[S]>,
    save: (run, _step, patch) => run.save(patch),
    of: async (run, step) => {
      const op = await run.ctx.repos.operations.get(run.op.id);
      return (op?.steps.find((s) => s.name === step)?.checkpoint ?? {}) as Partial<C[typeof step]>;
    },
  };
}

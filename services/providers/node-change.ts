import { InputError } from '../core/errors';
import type { NodeChange } from './provider';

/** Every provider refuses a node change that names nothing to change (InputError). */
export function assertChangeNamesSomething(change: NodeChange): void {
  if (
    change.version === undefined &&
    change.instanceType === undefined &&
    change.kernelVersion === undefined &&
    change.settings === undefined
  ) {
    throw new InputError('a node change needs a version, instance type, kernel version or settings', { change });
  }
}

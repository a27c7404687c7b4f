import { provisionWorkflow } from './provision';
import { decommissionWorkflow } from './decommission';
import { noopWorkflow } from './noop';

/** The workflows this worker runs, by operation type. */
export const workflows = {
  provision: provisionWorkflow,
  decommission: decommissionWorkflow,
  noop: noopWorkflow,
};

import { provisionWorkflow } from './provision';
import { decommissionWorkflow } from './decommission';
import { noopWorkflow } from './noop';
import { restartNodeWorkflow } from './restart-node';

/** The workflows this worker runs, by operation type. */
export const workflows = {
  provision: provisionWorkflow,
  decommission: decommissionWorkflow,
  noop: noopWorkflow,
  restart_node: restartNodeWorkflow,
};

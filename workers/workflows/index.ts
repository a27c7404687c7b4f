import { provisionWorkflow } from './provision';
import { decommissionWorkflow } from './decommission';
import { noopWorkflow } from './noop';
import { restartNodeWorkflow } from './restart-node';
import { replaceNodeWorkflow } from './replace-node';
import { scaleWorkflow } from './scale';
import { upgradeWorkflow } from './upgrade';
import { benchmarkWorkflow } from './benchmark';

/** The workflows this worker runs, by operation type. */
export const workflows = {
  provision: provisionWorkflow,
  decommission: decommissionWorkflow,
  noop: noopWorkflow,
  restart_node: restartNodeWorkflow,
  replace_node: replaceNodeWorkflow,
  scale: scaleWorkflow,
  upgrade: upgradeWorkflow,
  benchmark: benchmarkWorkflow,
};

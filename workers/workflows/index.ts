import { provisionWorkflow } from './provision';
import { decommissionWorkflow } from './decommission';
import { noopWorkflow } from './noop';
import { restartNodeWorkflow } from './restart-node';
import { replaceNodeWorkflow } from './replace-node';
import { scaleWorkflow } from './scale';
import { upgradeWorkflow } from './upgrade';
import { benchmarkWorkflow } from './benchmark';
import type { WorkflowTable } from '../operations/workflow';

/** The workflows this worker runs, by operation type: every type has one, or this does not compile. */
export const workflows = {
  provision: provisionWorkflow,
  decommission: decommissionWorkflow,
  noop: noopWorkflow,
  restart_node: restartNodeWorkflow,
  replace_node: replaceNodeWorkflow,
  scale: scaleWorkflow,
  upgrade: upgradeWorkflow,
  benchmark: benchmarkWorkflow,
} satisfies WorkflowTable;

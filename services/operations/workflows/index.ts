import { provisionWorkflow } from './provision/index';
import { decommissionWorkflow } from './decommission/index';
import { noopWorkflow } from './noop/index';
import { restartNodeWorkflow } from './restart-node/index';
import { replaceNodeWorkflow } from './replace-node/index';
import { scaleWorkflow } from './scale/index';
import { upgradeWorkflow } from './upgrade/index';
import { benchmarkWorkflow } from './benchmark/index';
import { backupWorkflow } from './backup/index';
import type { WorkflowTable } from '../workflow';

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
  backup: backupWorkflow,
} satisfies WorkflowTable;

import { provisionWorkflow } from './provision/index';
import { decommissionWorkflow } from './decommission/index';
import { noopWorkflow } from './noop/index';
import { restartNodeWorkflow } from './restart-node/index';
import { replaceNodeWorkflow } from './replace-node/index';
import { scaleWorkflow } from './scale/index';
import { upgradeWorkflow } from './upgrade/index';
import { benchmarkWorkflow } from './benchmark/index';
import { databaseUserWorkflow } from './database-user/index';
import { rotateCredentialWorkflow } from './rotate-credential/index';
import { retireCredentialWorkflow } from './retire-credential/index';
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
  database_user: databaseUserWorkflow,
  rotate_credential: rotateCredentialWorkflow,
  retire_credential: retireCredentialWorkflow,
  backup: backupWorkflow,
} satisfies WorkflowTable;

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
import { restoreDrillWorkflow } from './restore-drill/index';
import { restoreInPlaceWorkflow } from './restore-in-place/index';
import { changeSettingsWorkflow } from './change-settings/index';
import { rollingRestartWorkflow } from './rolling-restart/index';
import { resizeWorkflow } from './resize/index';
import { growStorageWorkflow } from './grow-storage/index';
import { switchoverWorkflow } from './switchover/index';
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
  restore_drill: restoreDrillWorkflow,
  restore_in_place: restoreInPlaceWorkflow,
  change_settings: changeSettingsWorkflow,
  rolling_restart: rollingRestartWorkflow,
  resize: resizeWorkflow,
  grow_storage: growStorageWorkflow,
  switchover: switchoverWorkflow,
} satisfies WorkflowTable;

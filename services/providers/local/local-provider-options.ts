import type { Clock } from '../../core/clock';
import type { EngineRegistry } from '../../core/engine-port';
import type { FailoverManagerInfo } from '../../core/types';
import type { ProviderCapability } from '../capabilities';

export interface LocalProviderOptions {
  /** Each node lives in <dataRoot>/<node name>/. */
  dataRoot: string;
  /** The backup repository of every local cluster (DATAFLEET_BACKUP_DIR); default `backups` beside the data root. */
  backupRoot?: string;
  clock: Clock;
  /** The engines whose local recipes this provider runs (each adapter says how to run its node as a process). */
  engines: Pick<EngineRegistry, 'all'>;
  /** How long create/start/restart wait for the server to answer before returning it 'pending'. */
  startWaitMs?: number;
  /** HA managers this control plane does not start (DATAFLEET_LOCAL_POSTGRES_FAILOVER): their clusters run without automatic failover and say so. */
  managersOff?: readonly FailoverManagerInfo['kind'][];
}

/**
 * What the local provider can do. No reportsEvents (our own machine sends no notices), no
 * pricesNodes (processes here cost nothing), no adoptsNodes (servers elsewhere belong to the
 * external provider).
 */
export const LOCAL_CAPABILITIES: ReadonlySet<ProviderCapability> = new Set<ProviderCapability>([
  'createsNodes',
  'destroysNodes',
  'restartsNodes',
  'changesVersion',
  'changesInstanceType',
  'changesKernel',
  'changesSettings',
  'copiesData',
  'switchesOver',
  'runsRealServers',
  'backsUpData',
  'restoresInPlace',
  'growsDisks',
]);

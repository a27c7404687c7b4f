import type { CoreContext } from '../app/context';
import type { ClusterRecord } from '../fleet/cluster-record';
import { Pager } from './pager';

/** When automation tried and failed, a person is paged after all. */
export async function pageRemediationFailure(ctx: CoreContext, cluster: ClusterRecord, alertName: string, error: string): Promise<void> {
  const summary = `automatic remediation failed: ${error}`;
  await new Pager(ctx).trigger({ dedupKey: `datafleet/${cluster.name}/${alertName}`, cluster, alertName, summary, severity: 'critical', reason: summary });
}

import type { ClusterRecord } from '../fleet/cluster-record';
import type { Pager } from './pager';

/** When automation tried and failed, a person is paged after all. */
export async function pageRemediationFailure(pager: Pager, cluster: ClusterRecord, alertName: string, error: string): Promise<void> {
  const summary = `automatic remediation failed: ${error}`;
  await pager.trigger({
    dedupKey: `datafleet/${cluster.name}/${alertName}`,
    cluster,
    alertName,
    summary,
    severity: 'critical',
    reason: summary,
  });
}

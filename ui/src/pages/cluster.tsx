import { useEffect, useState } from 'preact/hooks';
import { api } from '../api';
import { healthConcerns, useHealthPoll, useLive, useThrottledReload } from '../live';
import type { ClusterDetail } from '../types';
import { ErrorNote } from '../components/error-note';
import { Tabs } from '../components/tabs';
import { clusterTabHref } from '../links';
import { ClusterHeader } from './cluster-header';
import { clusterSections, clusterTabs, tabLabels, type ClusterTab, type SectionProps } from './cluster-sections';

/**
 * One cluster: a header (status, health, engine, cost, Connect) above tabs, each tab a list of
 * sections (`cluster-sections.tsx`); the tab is in the address, so it can be linked. `node` opens
 * that node's drill-down (nodes tab), `operation` that operation (operations tab); live.
 */
export function ClusterPage({ name, tab, node, operation }: { name: string; tab: ClusterTab; node?: string; operation?: string }) {
  const [cluster, setCluster] = useState<ClusterDetail | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [tick, setTick] = useState(0);
  const reload = () => setTick((t) => t + 1);
  const path = `/api/clusters/${encodeURIComponent(name)}`;

  useEffect(() => {
    api<ClusterDetail>(path).then((c) => (setCluster(c), setError(null)), setError);
  }, [name, tick]);
  const liveReload = useThrottledReload(reload, 300);
  useHealthPoll(reload); // the nodes table's scores, on the same beat as the health table and the drill-down
  useLive((type, data) => {
    const ours =
      cluster && (data.clusterId === cluster.id || data.id === cluster.id || (type === 'health' && healthConcerns(data, cluster.id)));
    if (type === 'resync' || data.name === name || ours) liveReload();
  });

  const decommission = async () => {
    if (!confirm(`Decommission ${name}? Its nodes are destroyed; the record and its history stay.`)) return;
    try {
      await api(path, { method: 'DELETE', body: { reason: 'requested from the console' } });
      reload();
    } catch (e) {
      setError(e);
    }
  };

  if (!cluster)
    return (
      <main>
        <ErrorNote error={error} />
        {error ? null : <p>Loading…</p>}
      </main>
    );
  const gone = cluster.status === 'DECOMMISSIONED' || cluster.status === 'DECOMMISSIONING';
  const props: SectionProps = { cluster, tick, reload, gone, node, operation };
  return (
    <main data-testid="cluster-page" data-tab={tab}>
      <ClusterHeader cluster={cluster} gone={gone} onRevealed={reload} onDecommission={decommission} />
      <ErrorNote error={error} />
      {cluster.statusReason ? (
        <p class={cluster.status === 'FAILED' || /failed/.test(cluster.statusReason) ? 'error' : 'notice'} data-testid="status-reason">
          {cluster.statusReason}
        </p>
      ) : null}
      <Tabs tabs={clusterTabs.map((t) => ({ key: t, label: tabLabels[t], href: clusterTabHref(name, t) }))} current={tab} />
      <div class="tab-panel" role="tabpanel" data-testid={`panel-${tab}`}>
        {clusterSections[tab].map((Section, i) => (
          <Section key={`${tab}-${i}`} {...props} />
        ))}
      </div>
    </main>
  );
}

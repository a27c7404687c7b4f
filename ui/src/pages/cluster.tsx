import { useEffect, useState } from 'preact/hooks';
import { api } from '../api';
import { healthConcerns, useLive, useThrottledReload } from '../live';
import type { ClusterDetail } from '../types';
import { HealthBadge, SimulatedBadge, StatusPill } from '../components/status';
import { ErrorNote } from '../components/error-note';
import { usd } from '../format';
import { ClusterNodes } from './cluster-nodes';
import { ClusterSettings } from './cluster-settings';
import { ClusterHistory } from './cluster-history';
import { ClusterHealth } from './cluster-health';
import { NodeHealth } from './node-health';
import { ClusterBenchmarks } from './cluster-benchmarks';
import { ClusterUpgrades } from './cluster-upgrades';
import { ClusterCapacity } from './cluster-capacity';
import { ClusterMaintenance } from './cluster-maintenance';
import { ClusterTransfer } from './cluster-transfer';
import { ClusterConnect } from './cluster-connect';
import { ClusterUsers } from './cluster-users';
import { ClusterBackups } from './cluster-backups';
import { clusterHref } from '../links';

/**
 * One cluster: summary, nodes (one opened for its health drill-down when `node` is set), health,
 * capacity forecast, SLA and window, upcoming maintenance, benchmarks and upgrades (verdicts with before/after), operations (`operation`
 * opened) and audit; live.
 */
export function ClusterPage({ name, node, operation }: { name: string; node?: string; operation?: string }) {
  const [cluster, setCluster] = useState<ClusterDetail | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [tick, setTick] = useState(0);
  const reload = () => setTick((t) => t + 1);
  const path = `/api/clusters/${encodeURIComponent(name)}`;

  useEffect(() => {
    api<ClusterDetail>(path).then((c) => (setCluster(c), setError(null)), setError);
  }, [name, tick]);
  const liveReload = useThrottledReload(reload, 300);
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
  return (
    <main>
      <h1>
        {cluster.name} <StatusPill status={cluster.status} testId="cluster-status" /> <HealthBadge health={cluster.health} />{' '}
        <SimulatedBadge simulated={cluster.simulated} />
        {gone ? null : (
          <button type="button" class="danger push-right" onClick={decommission} data-testid="decommission">
            Decommission…
          </button>
        )}
      </h1>
      <ErrorNote error={error} />
      {cluster.statusReason ? (
        <p class={cluster.status === 'FAILED' || /failed/.test(cluster.statusReason) ? 'error' : 'notice'} data-testid="status-reason">
          {cluster.statusReason}
        </p>
      ) : null}
      <dl class="facts" data-testid="cluster-summary">
        <dt>Engine</dt>
        <dd>
          {cluster.engine} {cluster.version}
        </dd>
        <dt>Environment</dt>
        <dd>{cluster.environment}</dd>
        <dt>Regions</dt>
        <dd>{cluster.regions.join(', ')}</dd>
        <dt>Owner</dt>
        <dd>
          {cluster.owner.name}
          {cluster.contacts.length ? ` · contacts: ${cluster.contacts.join(', ')}` : ''}
        </dd>
        <dt>Size</dt>
        <dd>
          {cluster.nodeCount} × {cluster.instanceType}, RF {cluster.replicationFactor}, {cluster.expectedDataGb} GB expected of{' '}
          {cluster.usableCapacityGb} GB usable
        </dd>
        <dt>Cost</dt>
        <dd>{usd(cluster.monthlyCostUsd)} / month</dd>
        {cluster.origin ? (
          <>
            <dt>Restored from</dt>
            <dd data-testid="cluster-origin">
              <a href={clusterHref(cluster.origin.clusterName)}>{cluster.origin.clusterName}</a>
              {cluster.origin.to ? ` as of ${cluster.origin.to}` : ''} (backup <code>{cluster.origin.backupId}</code>)
            </dd>
          </>
        ) : null}
        <dt>Connect</dt>
        <dd>
          <code data-testid="connection">{cluster.connection || '-'}</code>
        </dd>
      </dl>
      {gone || cluster.nodes.length === 0 ? null : <ClusterConnect cluster={cluster.name} onRevealed={reload} />}
      <ClusterNodes cluster={cluster.name} nodes={cluster.nodes} selected={node} />
      {node ? <NodeHealth key={node} cluster={cluster.name} clusterId={cluster.id} node={node} /> : null}
      <ClusterHealth name={cluster.name} clusterId={cluster.id} selected={node} />
      <ClusterCapacity name={cluster.name} />
      <ClusterSettings cluster={cluster} onSaved={reload} />
      {gone ? null : <ClusterTransfer cluster={cluster.name} tick={tick} onChanged={reload} />}
      {gone ? null : <ClusterUsers cluster={cluster.name} tick={tick} />}
      <ClusterMaintenance name={cluster.name} tick={tick} />
      {gone ? null : <ClusterBackups cluster={cluster} tick={tick} />}
      <section data-testid="benchmarks-upgrades">
        <h2>Benchmarks &amp; upgrades</h2>
        <ClusterUpgrades cluster={cluster} tick={tick} onChanged={reload} />
        <ClusterBenchmarks name={cluster.name} tick={tick} active={cluster.status === 'ACTIVE'} />
      </section>
      <ClusterHistory name={name} tick={tick} onChanged={reload} focus={operation} />
    </main>
  );
}

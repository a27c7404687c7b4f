import { useEffect, useState } from 'preact/hooks';
import { api } from '../api';
import { useLive } from '../live';
import type { ClusterDetail } from '../types';
import { ErrorNote, SimulatedBadge, StatusPill, when } from '../components/status';
import { ClusterSettings } from './cluster-settings';
import { ClusterHistory } from './cluster-history';
import { ClusterHealth } from './cluster-health';

export function ClusterPage({ name }: { name: string }) {
  const [cluster, setCluster] = useState<ClusterDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [tick, setTick] = useState(0);
  const reload = () => setTick((t) => t + 1);

  useEffect(() => {
    api<ClusterDetail>(`/api/clusters/${name}`).then(setCluster, (e: Error) => setError(e.message));
  }, [name, tick]);
  useLive((type, data) => (data.name === name || data.clusterId === cluster?.id) && reload(), [name, cluster?.id]);

  const decommission = async () => {
    if (!confirm(`Decommission ${name}? Its nodes are destroyed; the record stays.`)) return;
    try {
      await api(`/api/clusters/${name}`, { method: 'DELETE', body: { reason: 'requested from the console' } });
      reload();
    } catch (e) {
      setError((e as Error).message);
    }
  };

  if (!cluster) return <main><ErrorNote error={error} />{error ? null : <p>Loading…</p>}</main>;
  return (
    <main>
      <h1>
        {cluster.name} <StatusPill status={cluster.status} testId="cluster-status" /> <SimulatedBadge simulated={cluster.simulated} />
      </h1>
      <ErrorNote error={error} />
      {cluster.statusReason ? <p class="error">{cluster.statusReason}</p> : null}
      <dl class="facts">
        <dt>Engine</dt><dd>{cluster.engine} {cluster.version}</dd>
        <dt>Environment</dt><dd>{cluster.environment}</dd>
        <dt>Regions</dt><dd>{cluster.regions.join(', ')}</dd>
        <dt>Owner</dt><dd>{cluster.owner.name} ({cluster.contacts.join(', ')})</dd>
        <dt>Size</dt><dd>{cluster.nodeCount} × {cluster.instanceType}, RF {cluster.replicationFactor}, {cluster.expectedDataGb} GB expected of {cluster.usableCapacityGb} GB usable per region</dd>
        <dt>Cost</dt><dd>${cluster.monthlyCostUsd.toLocaleString()} / month</dd>
        <dt>Connect</dt><dd><code>{cluster.connection || '-'}</code></dd>
      </dl>
      <h2>Nodes</h2>
      <table class="grid" data-testid="nodes-table">
        <thead>
          <tr><th>Name</th><th>Role</th><th>Region / zone</th><th>Endpoint</th><th>State</th><th>Software</th><th>Kernel</th><th>Hardware</th><th>Launched</th><th>Age (days)</th></tr>
        </thead>
        <tbody>
          {cluster.nodes.map((n) => (
            <tr key={n.id} data-testid={`node-${n.name}`}>
              <td>{n.name}</td><td>{n.role}</td><td>{n.region} / {n.zone}</td><td>{n.host ? `${n.host}:${n.port}` : '-'}</td>
              <td><span class={`state state-${n.state}`} data-testid="node-state">{n.state}</span></td>
              <td>{n.softwareVersion}</td><td>{n.kernelVersion}</td><td>{n.instanceType}</td><td>{when(n.launchedAt)}</td><td>{n.ageDays ?? '-'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <ClusterHealth name={cluster.name} clusterId={cluster.id} />
      <ClusterSettings cluster={cluster} onSaved={reload} />
      <ClusterHistory name={name} tick={tick} onChanged={reload} />
      {cluster.status !== 'DECOMMISSIONED' ? (
        <p><button type="button" class="danger" onClick={decommission} data-testid="decommission">Decommission…</button></p>
      ) : null}
    </main>
  );
}

import type { ClusterDetail } from '../types';
import { HealthBadge, SimulatedBadge, StatusPill } from '../components/status';
import { usd } from '../format';
import { ClusterConnect } from './cluster-connect';

/**
 * What an operator reads first on every tab: name, status, health (state and score), engine and
 * version, nodes, monthly cost, and the Connect button whose panel opens right below.
 */
export function ClusterHeader({
  cluster,
  gone,
  onRevealed,
  onDecommission,
}: {
  cluster: ClusterDetail;
  gone: boolean;
  onRevealed: () => void;
  onDecommission: () => void;
}) {
  const score = cluster.health?.score;
  return (
    <header class="cluster-header" data-testid="cluster-header">
      <h1>
        {cluster.name} <StatusPill status={cluster.status} testId="cluster-status" /> <HealthBadge health={cluster.health} />{' '}
        <SimulatedBadge simulated={cluster.simulated} />
        {gone ? null : (
          <button type="button" class="danger push-right" onClick={onDecommission} data-testid="decommission">
            Decommission…
          </button>
        )}
      </h1>
      <dl class="header-facts">
        <div>
          <dt>Health score</dt>
          <dd data-testid="header-score" data-value={score ?? ''}>
            {score == null ? '-' : Math.round(score)}
            {score == null ? null : <span class="muted"> / 100</span>}
          </dd>
        </div>
        <div>
          <dt>Engine</dt>
          <dd data-testid="header-engine">
            {cluster.engine} {cluster.version}
          </dd>
        </div>
        <div>
          <dt>Nodes</dt>
          <dd>
            {cluster.nodeCount} × {cluster.instanceType}
          </dd>
        </div>
        <div>
          <dt>Cost</dt>
          <dd data-testid="header-cost" data-value={cluster.monthlyCostUsd}>
            {usd(cluster.monthlyCostUsd)} <span class="muted">/ month</span>
          </dd>
        </div>
        <div>
          <dt>Owner</dt>
          <dd>
            {cluster.owner.name} <span class="muted">· {cluster.environment}</span>
          </dd>
        </div>
      </dl>
      {gone || cluster.nodes.length === 0 ? null : <ClusterConnect cluster={cluster.name} onRevealed={onRevealed} />}
    </header>
  );
}

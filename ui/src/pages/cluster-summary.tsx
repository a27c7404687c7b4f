import type { ClusterDetail } from '../types';
import { usd } from '../format';
import { clusterHref } from '../links';

/** The cluster's facts: engine, environment, regions, owner, size and cost, origin, connection hint. */
export function ClusterSummary({ cluster }: { cluster: ClusterDetail }) {
  return (
    <section>
      <h2>Summary</h2>
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
    </section>
  );
}

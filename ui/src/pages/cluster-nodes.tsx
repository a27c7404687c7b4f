import type { ClusterNode } from '../types';
import { SimulatedBadge } from '../components/status';
import { age, when } from '../format';
import { nodeHref } from '../router';

/**
 * The cluster's nodes: where each runs, how to reach it, its state and what software/hardware it
 * has. A node's name opens its health drill-down (a link, so it can be shared).
 */
export function ClusterNodes({ cluster, nodes, selected }: { cluster: string; nodes: ClusterNode[]; selected?: string | undefined }) {
  return (
    <section>
      <h2>Nodes <span class="muted">({nodes.length})</span></h2>
      <table class="grid" data-testid="nodes-table">
        <thead>
          <tr><th>Name</th><th>Role</th><th>Region / zone</th><th>Endpoint</th><th>State</th><th>Software</th><th>Kernel</th><th>Hardware</th><th>Launched</th><th>Age</th></tr>
        </thead>
        <tbody>
          {nodes.map((n) => (
            <tr key={n.id} data-testid={`node-${n.name}`} class={n.name === selected ? 'selected' : ''}>
              <td><a href={nodeHref(cluster, n.name)} data-testid={`open-node-${n.name}`} title="health and recent snapshots">{n.name}</a> <SimulatedBadge simulated={n.simulated} /></td><td>{n.role}</td><td>{n.region} / {n.zone}</td>
              <td><code>{n.host ? `${n.host}:${n.port}` : '-'}</code></td>
              <td><span class={`state state-${n.state}`} data-testid="node-state">{n.state}</span></td>
              <td>{n.softwareVersion}</td><td>{n.kernelVersion}</td><td>{n.instanceType}</td><td>{when(n.launchedAt)}</td>
              <td>{age(n.launchedAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

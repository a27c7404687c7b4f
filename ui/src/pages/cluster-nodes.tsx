import type { ClusterNode } from '../types';
import { SimulatedBadge } from '../components/status';
import { age, when } from '../format';
import { nodeHref } from '../links';

/**
 * The cluster's nodes: where each runs, how to reach it, its state and what software/hardware it
 * has. The state shown is the node's display state: its lifecycle state, unless the health stream
 * says a running node is not healthy ("unreachable", "unhealthy", "degraded", with the cause); the
 * lifecycle state stays in the tooltip. A node's name opens its health drill-down (a shareable link).
 */
export function ClusterNodes({ cluster, nodes, selected }: { cluster: string; nodes: ClusterNode[]; selected?: string | undefined }) {
  return (
    <section>
      <h2>
        Nodes <span class="muted">({nodes.length})</span>
      </h2>
      <table class="grid" data-testid="nodes-table">
        <thead>
          <tr>
            <th>Name</th>
            <th>Role</th>
            <th>Region / zone</th>
            <th>Endpoint</th>
            <th>State</th>
            <th>Health</th>
            <th>Software</th>
            <th>Kernel</th>
            <th>Hardware</th>
            <th>Launched</th>
            <th>Age</th>
          </tr>
        </thead>
        <tbody>
          {nodes.map((n) => (
            <tr key={n.id} data-testid={`node-${n.name}`} class={n.name === selected ? 'selected' : ''}>
              <td>
                <a href={nodeHref(cluster, n.name)} data-testid={`open-node-${n.name}`} title="health and recent snapshots">
                  {n.name}
                </a>{' '}
                <SimulatedBadge simulated={n.simulated} />
              </td>
              <td>{n.role}</td>
              <td>
                {n.region} / {n.zone}
              </td>
              <td>
                <code>{n.host ? `${n.host}:${n.port}` : '-'}</code>
              </td>
              <td class="wrap" title={`provider lifecycle state: ${n.state}`}>
                <span class={`state state-${n.displayState}`} data-testid="node-state" data-state={n.displayState} data-lifecycle={n.state}>
                  {n.displayState}
                </span>
                {n.displayReason ? (
                  <div class="small muted wrap-text" data-testid="node-state-reason">
                    {n.displayReason}
                  </div>
                ) : null}
              </td>
              <td>
                <span
                  class={`health-${n.health.state}`}
                  data-testid="node-health"
                  data-health={n.health.state}
                  data-score={n.health.score ?? ''}
                >
                  {n.health.state}
                  {n.health.score !== null ? ` (${n.health.score})` : ''}
                </span>
              </td>
              <td>{n.softwareVersion}</td>
              <td>{n.kernelVersion}</td>
              <td>{n.instanceType}</td>
              <td>{when(n.launchedAt)}</td>
              <td>{age(n.launchedAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

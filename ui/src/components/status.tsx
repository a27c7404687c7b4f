import type { Cluster } from '../types';

/** Cluster and operation status as a coloured pill (colours in styles.css, one class per status). */
export function StatusPill({ status, testId }: { status: string; testId?: string }) {
  return (
    <span class={`pill pill-${status.toLowerCase()}`} data-testid={testId} data-status={status}>
      {status}
    </span>
  );
}

/** Marks what the fleet simulator produced, so nobody mistakes it for a real machine. */
export function SimulatedBadge({ simulated }: { simulated: boolean }) {
  return simulated ? (
    <span class="badge" title="Runs in the simulated cloud: nothing real behind it" data-testid="simulated">
      simulated
    </span>
  ) : null;
}

type ClusterHealthView = NonNullable<Cluster['health']>;

/**
 * A cluster's observed health beside its lifecycle status: an ACTIVE cluster with a dead node says
 * so ("degraded · 1 unhealthy node"), with the node names and causes in the tooltip.
 */
export function HealthBadge({ health, testId = 'cluster-health-badge' }: { health: ClusterHealthView | undefined; testId?: string }) {
  if (!health) return null;
  const bad = health.unhealthyNodes.length;
  const note = bad
    ? ` · ${bad} unhealthy node${bad === 1 ? '' : 's'}`
    : health.degradedNodes.length
      ? ` · ${health.degradedNodes.length} degraded`
      : '';
  const title =
    [
      bad ? `unhealthy: ${health.unhealthyNodes.join(', ')}` : '',
      health.degradedNodes.length ? `degraded: ${health.degradedNodes.join(', ')}` : '',
      ...health.causes,
    ]
      .filter(Boolean)
      .join('\n') || `health: ${health.state}`;
  return (
    <span class={`pill pill-${health.state}`} data-testid={testId} data-health={health.state} data-unhealthy-nodes={bad} title={title}>
      {health.state}
      {note}
    </span>
  );
}

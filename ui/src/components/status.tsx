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
  return simulated ? <span class="badge" title="Runs in the simulated cloud: nothing real behind it" data-testid="simulated">simulated</span> : null;
}

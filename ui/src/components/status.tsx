export function StatusPill({ status, testId }: { status: string; testId?: string }) {
  return (
    <span class={`pill pill-${status.toLowerCase()}`} data-testid={testId}>
      {status}
    </span>
  );
}

export function SimulatedBadge({ simulated }: { simulated: boolean }) {
  return simulated ? <span class="badge" title="Runs in the simulated cloud: nothing real behind it">simulated</span> : null;
}

export function ErrorNote({ error, testId }: { error: string | null; testId?: string }) {
  return error ? (
    <p class="error" role="alert" data-testid={testId}>
      {error}
    </p>
  ) : null;
}

export const when = (iso: string | null): string => (iso ? new Date(iso).toLocaleString() : '-');

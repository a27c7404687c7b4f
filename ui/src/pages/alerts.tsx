import { useEffect, useState } from 'preact/hooks';
import { api } from '../api';
import { useLive, useThrottledReload } from '../live';
import { ErrorNote } from '../components/error-note';
import { AlertsSummary } from './alerts-summary';
import { PagesSent, RecentAlerts, Remediations } from './alerts-tables';
import type { AlertRow, AlertsSummary as Summary, PageRow, RemediationRow } from './alerts-types';

interface Loaded<T> {
  value: T | null;
  error: unknown;
}

/** One GET, re-run whenever `tick` changes; the last good answer stays shown while a reload fails. */
function useJson<T>(path: string, tick: number): Loaded<T> {
  const [state, setState] = useState<Loaded<T>>({ value: null, error: null });
  useEffect(() => {
    let current = true;
    api<T>(path).then(
      (value) => current && setState({ value, error: null }),
      (error: unknown) => current && setState((s) => ({ value: s.value, error })),
    );
    return () => {
      current = false;
    };
  }, [path, tick]);
  return state;
}

/** Alerts that change nothing (a duplicate) are not events, yet they count: poll now and then too. */
const pollMs = 10_000;
/** A remediation starting or finishing, a page sent or resolved, its operation moving; cluster and health changes are not ours. */
const ours = new Set(['alert', 'operation', 'resync']);

/** Alerts and what came of them: pages avoided vs sent, recent alerts, remediations, pages; live. */
export function Alerts() {
  const [tick, setTick] = useState(0);
  const summary = useJson<Summary>('/api/alerts/summary', tick);
  const alerts = useJson<AlertRow[]>('/api/alerts', tick);
  const remediations = useJson<RemediationRow[]>('/api/remediations', tick);
  const pages = useJson<PageRow[]>('/api/pages', tick);

  const reload = useThrottledReload(() => setTick((t) => t + 1), 1000);
  useLive((type) => ours.has(type) && reload());
  useEffect(() => {
    const timer = setInterval(() => setTick((t) => t + 1), pollMs);
    return () => clearInterval(timer);
  }, []);

  return (
    <main>
      <h1>Alerts and remediation</h1>
      <ErrorNote error={summary.error} testId="summary-error" />
      {summary.value ? <AlertsSummary summary={summary.value} /> : null}
      <section>
        <h2>
          Recent alerts <span class="muted">({alerts.value?.length ?? 0})</span>
        </h2>
        <ErrorNote error={alerts.error} />
        <div class="scroll-box">
          <RecentAlerts rows={alerts.value ?? []} />
        </div>
      </section>
      <section>
        <h2>
          What was done automatically <span class="muted">({remediations.value?.length ?? 0})</span>
        </h2>
        <ErrorNote error={remediations.error} />
        <Remediations rows={remediations.value ?? []} />
      </section>
      <section>
        <h2>
          Pages sent <span class="muted">({pages.value?.length ?? 0})</span>
        </h2>
        <ErrorNote error={pages.error} />
        <PagesSent rows={pages.value ?? []} />
      </section>
    </main>
  );
}

import { useEffect, useState } from 'preact/hooks';
import { api } from '../api';
import { useLive, useThrottledReload, type LiveData } from '../live';
import { ErrorNote } from '../components/error-note';
import { StatusPill } from '../components/status';
import { when } from '../format';
import { WaveMatrix } from './campaign-matrix';
import { Failures } from './campaign-failures';
import type { CampaignView, Progress } from './campaign-types';

function Percent({ label, progress, testId }: { label: string; progress: Progress; testId: string }) {
  return (
    <div class="big" data-testid={testId} data-value={progress.percent}>
      <strong>{progress.percent}%</strong> of {label} clusters upgraded
      <span class="muted">
        {progress.upgraded} of {progress.total}
      </span>
      <span class="ratio">
        <span class="ratio-good" style={{ width: `${progress.percent}%` }} />
      </span>
    </div>
  );
}

async function control(id: string, action: 'pause' | 'resume' | 'cancel'): Promise<CampaignView> {
  return api<CampaignView>(`/api/campaigns/${id}/${action}`, { method: 'POST', body: {} });
}

/** The SRE view of one campaign: percent of test and prod upgraded, the wave × cluster matrix, failures with evidence, ETA; live. */
export function CampaignPage({ id }: { id: string }) {
  const [view, setView] = useState<CampaignView | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    api<CampaignView>(`/api/campaigns/${encodeURIComponent(id)}`).then((v) => (setView(v), setError(null)), setError);
  }, [id, tick]);
  const reload = useThrottledReload(() => setTick((t) => t + 1), 500);
  useLive((type, data: LiveData) => ((type === 'campaign' && data.id === id) || type === 'resync') && reload());
  const act = (action: 'pause' | 'resume' | 'cancel') => control(id, action).then(setView, setError);

  if (!view)
    return (
      <main>
        <ErrorNote error={error} />
        {error ? null : <p class="muted">Loading…</p>}
      </main>
    );
  const c = view.campaign;
  return (
    <main data-testid="campaign" data-status={c.status}>
      <h1>
        {c.name} <StatusPill status={c.status} testId="campaign-status" />
      </h1>
      <p class="muted">
        {c.engine} {c.fromVersion ?? 'any version'} → {[c.toVersion, c.toInstanceType].filter(Boolean).join(' on ')} · {c.inFlight} in
        flight · soak {c.soakMinutes} min · failure budget {c.failureBudget} · by {c.createdBy}
      </p>
      {c.haltedReason ? (
        <p class="error-note error" data-testid="halted-reason">
          Halted: {c.haltedReason}
        </p>
      ) : null}
      <div class="toolbar">
        {c.status === 'running' ? (
          <button onClick={() => act('pause')} data-testid="pause">
            Pause
          </button>
        ) : null}
        {c.status === 'paused' ? (
          <button onClick={() => act('resume')} data-testid="resume">
            Resume
          </button>
        ) : null}
        {['running', 'paused'].includes(c.status) ? (
          <button
            onClick={() => confirm('Cancel this campaign? Upgrades in flight finish; nothing more starts.') && act('cancel')}
            data-testid="cancel"
          >
            Cancel
          </button>
        ) : null}
      </div>
      <ErrorNote error={error} />
      <div class="versus">
        <Percent label="test" progress={view.progress.test} testId="percent-test" />
        <Percent label="prod" progress={view.progress.prod} testId="percent-prod" />
        <div class="big" data-testid="eta">
          <strong>{view.eta ? when(view.eta) : c.status === 'paused' ? 'paused' : '-'}</strong>
          {c.finishedAt ? 'finished' : 'estimated end'}
          <span class="muted">
            wave {c.currentWave}
            {c.soakUntil ? `, soaking until ${when(c.soakUntil)}` : ''}
          </span>
        </div>
      </div>
      <section>
        <h2>Waves × clusters</h2>
        <WaveMatrix waves={view.waves} campaignStatus={c.status} />
      </section>
      <section>
        <h2>
          Failures and roll-backs <span class="muted">({view.failures.length})</span>
        </h2>
        <Failures failures={view.failures} />
      </section>
      {view.skipped.length ? (
        <section>
          <h2>
            Not in this campaign <span class="muted">({view.skipped.length})</span>
          </h2>
          <ul class="muted">
            {view.skipped.slice(0, 50).map((s) => (
              <li key={s.id}>
                {s.name}: {s.reason}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </main>
  );
}

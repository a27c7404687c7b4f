import { useEffect, useState } from 'preact/hooks';
import { api } from '../api';
import type { ClusterDetail, Engine, Operation } from '../types';
import { operationHref } from '../links';
import { StatusPill } from '../components/status';
import { ErrorNote } from '../components/error-note';
import { ms, when } from '../format';
import type { UpgradeDecision, WorkloadComparison } from './cluster-upgrade-types';
import { MetricLine, PairedSliceStrip, SliceStrip } from './gate-evidence';

const isOpen = (status: string) => status === 'pending' || status === 'running';
const target = (d: UpgradeDecision) =>
  [d.params.toVersion, d.params.instanceType, d.params.kernelVersion && `kernel ${d.params.kernelVersion}`].filter(Boolean).join(', ') ||
  '?';

/** Two horizontal bars, before and after, on one scale: the change is visible at a glance. */
function Pair({ label, before, after, testId }: { label: string; before: number; after: number; testId: string }) {
  const top = Math.max(before, after, 0.001);
  const bar = (value: number, colour: string) => (
    <div style={{ display: 'flex', alignItems: 'center', gap: '6px' }}>
      <div style={{ width: `${Math.max(2, (value / top) * 140)}px`, height: '9px', background: colour, borderRadius: '2px' }} />
      <span class="small">{ms(value)}</span>
    </div>
  );
  return (
    <td data-testid={testId} data-before={before} data-after={after} title={`${label}: before ${ms(before, 2)}, after ${ms(after, 2)}`}>
      {bar(before, '#8c97ad')}
      {bar(after, after > before * 1.1 ? '#c23b32' : '#2f5fd0')}
    </td>
  );
}

function Comparisons({ rows }: { rows: WorkloadComparison[] }) {
  return (
    <table class="grid compact" data-testid="decision-comparisons">
      <thead>
        <tr>
          <th>Workload</th>
          <th>
            p99 <span class="muted small">before (grey) / after</span>
          </th>
          <th>
            mean <span class="muted small">before / after</span>
          </th>
          <th class="num">ops/s before → after</th>
          <th>
            Gate <span class="muted small">p99 of each slice, before (grey) / after; the change, its interval, why</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((c) => (
          <tr
            key={`${c.workload}${c.paired ? ':paired' : ''}`}
            data-testid="comparison-row"
            data-workload={c.workload}
            data-verdict={c.verdict.verdict}
            data-paired={c.paired ? 'true' : 'false'}
          >
            <td>
              {c.workload}
              {c.paired ? (
                <div class="muted small" data-testid="paired-nodes">
                  reads at the canary {c.paired.canary} before and after its change, each time beside the baseline {c.paired.baseline}
                  {c.baseline ? ` (p99 ${ms(c.baseline.before.p99Ms)} → ${ms(c.baseline.after.p99Ms)})` : ''}; the gate judges the canary
                  against the baseline, slice by slice, less the two nodes’ own difference before the change
                </div>
              ) : null}
            </td>
            <Pair label="p99" before={c.before.p99Ms} after={c.after.p99Ms} testId="p99-pair" />
            <Pair label="mean" before={c.before.meanMs} after={c.after.meanMs} testId="mean-pair" />
            <td class="num">
              {Math.round(c.before.opsPerSecond).toLocaleString()} → {Math.round(c.after.opsPerSecond).toLocaleString()}
            </td>
            <td class="wrap">
              <StatusPill status={c.verdict.verdict} />
              {c.afterAttempts && c.afterAttempts > 1 ? (
                <span class="muted small" data-testid="gate-reruns">
                  {' '}
                  {c.paired ? `canary pair measured ${c.afterAttempts} times` : `after side measured ${c.afterAttempts} times`}
                </span>
              ) : null}
              {c.verdict.slices && c.paired ? (
                <PairedSliceStrip baseline={c.verdict.slices.before} canary={c.verdict.slices.after} />
              ) : c.verdict.slices ? (
                <SliceStrip before={c.verdict.slices.before} after={c.verdict.slices.after} />
              ) : null}
              {[c.verdict.p99, c.verdict.mean].map((t) => (t && Array.isArray(t.interval) ? <MetricLine key={t.metric} test={t} /> : null))}
              {c.verdict.reasons.length ? (
                <ul class="reasons" data-testid="gate-reasons">
                  {c.verdict.reasons.map((r) => (
                    <li key={r}>{r}</li>
                  ))}
                </ul>
              ) : null}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Where the cluster may go: the catalog's upgrade paths from its version, else the engine's other versions. */
function targetsOf(engines: Engine[], cluster: ClusterDetail): string[] {
  const engine = engines.find((e) => e.name === cluster.engine);
  if (!engine) return [];
  const current = engine.versions.find((v) => v.version === cluster.version);
  return current ? current.upgradesTo : engine.versions.map((v) => v.version).filter((v) => v !== cluster.version);
}

/**
 * Benchmark-gated upgrades: a form (target version from the catalog, force outside the maintenance
 * window) and each upgrade's status and verdict with the before/after p99 and mean per workload and
 * the gate's reasons. Reloads with the page's `tick` (every event of this cluster).
 */
export function ClusterUpgrades({ cluster, tick, onChanged }: { cluster: ClusterDetail; tick: number; onChanged: () => void }) {
  const [decisions, setDecisions] = useState<UpgradeDecision[]>([]);
  const [engines, setEngines] = useState<Engine[]>([]);
  const [toVersion, setToVersion] = useState('');
  const [force, setForce] = useState(false);
  const [formError, setFormError] = useState<unknown>(null);
  const [error, setError] = useState<unknown>(null);
  const [requested, setRequested] = useState<string | null>(null);
  const ref = encodeURIComponent(cluster.name);

  useEffect(() => {
    api<Engine[]>('/api/engines').then(setEngines, setError);
  }, []);
  useEffect(() => {
    api<UpgradeDecision[]>(`/api/clusters/${ref}/upgrade-decisions`).then((d) => (setDecisions(d), setError(null)), setError);
  }, [cluster.name, tick]);

  const targets = targetsOf(engines, cluster);
  const chosen = toVersion || targets[0] || '';
  const current = decisions.find((d) => isOpen(d.status));

  const submit = async (e: Event) => {
    e.preventDefault();
    try {
      const op = await api<Operation>(`/api/clusters/${ref}/upgrades`, {
        method: 'POST',
        body: { toVersion: chosen, force, benchmarkSeconds: 2 },
      });
      setFormError(null);
      setRequested(op.id);
      onChanged();
    } catch (err) {
      setFormError(err);
    }
  };

  return (
    <div data-testid="upgrades">
      <h3>Upgrades</h3>
      <p data-testid="upgrade-current" data-status={current?.status ?? 'none'}>
        {current ? (
          <>
            Upgrade to <b>{target(current)}</b> <StatusPill status={current.status} />
            {current.params.notBefore && current.status === 'pending' ? (
              <span class="muted"> · held until the maintenance window opens at {when(current.params.notBefore)}</span>
            ) : null}{' '}
            <a href={operationHref(cluster.name, current.operationId)}>steps</a>
          </>
        ) : (
          <span class="muted">
            No upgrade in progress; the cluster runs {cluster.engine} {cluster.version}.
          </span>
        )}
      </p>
      <form class="inline-form" onSubmit={(e) => void submit(e)} data-testid="upgrade-form">
        <label>
          Target version{' '}
          <select value={chosen} onChange={(e) => setToVersion((e.currentTarget as HTMLSelectElement).value)} data-testid="upgrade-version">
            {targets.length === 0 ? (
              <option value="">nothing newer</option>
            ) : (
              targets.map((v) => (
                <option key={v} value={v}>
                  {v}
                </option>
              ))
            )}
          </select>
        </label>{' '}
        <label>
          <input
            type="checkbox"
            checked={force}
            onChange={(e) => setForce((e.currentTarget as HTMLInputElement).checked)}
            data-testid="upgrade-force"
          />{' '}
          force (outside the maintenance window)
        </label>{' '}
        <button type="submit" data-testid="upgrade-submit">
          Upgrade
        </button>
        {requested ? (
          <span class="muted small" data-testid="upgrade-requested">
            {' '}
            requested: <a href={operationHref(cluster.name, requested)}>operation</a>
          </span>
        ) : null}
      </form>
      <ErrorNote error={formError} testId="upgrade-error" />
      <ErrorNote error={error} testId="upgrades-error" />
      {decisions.length === 0 ? (
        <p class="muted" data-testid="no-upgrades">
          No upgrade has been requested for this cluster.
        </p>
      ) : (
        <div data-testid="decisions">
          {decisions.map((d) => (
            <div
              key={d.operationId}
              class="failure"
              data-testid="decision"
              data-operation={d.operationId}
              data-status={d.status}
              data-verdict={d.verdict ?? 'none'}
            >
              <h4>
                {target(d)} <StatusPill status={d.status} />{' '}
                {d.verdict ? (
                  <span data-testid="decision-verdict">
                    <StatusPill status={d.verdict} />
                  </span>
                ) : (
                  <span class="muted" data-testid="decision-verdict">
                    no verdict yet
                  </span>
                )}
                <span class="muted small">
                  {' '}
                  · requested {when(d.requestedAt)}
                  {d.params.force ? ' · forced' : ''}
                </span>
              </h4>
              {d.reasons?.length ? (
                <p class="small" data-testid="decision-summary">
                  {d.reasons.join(' ')}
                  {d.thresholdPercent !== null && d.alpha !== null ? (
                    <span class="muted">
                      {' '}
                      (threshold {d.thresholdPercent}%, family-wise error rate {d.alpha})
                    </span>
                  ) : null}
                </p>
              ) : null}
              {d.comparisons.length ? <Comparisons rows={d.comparisons} /> : null}
              {d.error && d.status === 'rolled_back' ? (
                <p class="small wrap-text" data-testid="decision-reason">
                  {d.canary && d.comparisons.some((c) => c.paired && c.verdict.verdict === 'regression')
                    ? `Rolled back as designed at the canary: only ${d.canary.canary} was changed, and it is on its old version again. `
                    : 'Rolled back as designed: every node is on its old version again. '}
                  Gate evidence: {d.error}
                </p>
              ) : d.error && d.verdict === 'inconclusive' ? (
                <p class="small wrap-text" data-testid="decision-held">
                  Held, not rolled back: {d.error}
                </p>
              ) : d.error ? (
                <p class="muted small wrap-text" data-testid="decision-error">
                  {d.error}
                </p>
              ) : null}
            </div>
          ))}
        </div>
      )}
    </div>
  );
}

import { ms } from '../format';
import { clusterHref } from '../links';
import { StatusPill } from '../components/status';
import type { CampaignView, WorkloadComparison } from './campaign-types';

const change = (before: number, after: number) =>
  before > 0 ? `${after >= before ? '+' : ''}${(((after - before) / before) * 100).toFixed(0)}%` : '';

function Comparison({ rows }: { rows: WorkloadComparison[] }) {
  return (
    <table class="grid compact" data-testid="failure-comparison">
      <thead>
        <tr>
          <th>workload</th>
          <th class="num">p99 before</th>
          <th class="num">p99 after</th>
          <th class="num">mean before</th>
          <th class="num">mean after</th>
          <th>gate</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((c) => (
          <tr key={c.workload}>
            <td>{c.workload}</td>
            <td class="num">{ms(c.before.p99Ms)}</td>
            <td class="num" data-testid="p99-after">
              {ms(c.after.p99Ms)} <span class="muted">{change(c.before.p99Ms, c.after.p99Ms)}</span>
            </td>
            <td class="num">{ms(c.before.meanMs)}</td>
            <td class="num">
              {ms(c.after.meanMs)} <span class="muted">{change(c.before.meanMs, c.after.meanMs)}</span>
            </td>
            <td class="wrap">
              {c.verdict.verdict === 'regression' ? (
                <ul class="reasons">
                  {c.verdict.reasons.map((r) => (
                    <li key={r}>{r}</li>
                  ))}
                </ul>
              ) : (
                'pass'
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Each failed or rolled-back cluster with the before/after evidence its benchmark gate recorded. */
export function Failures({ failures }: { failures: CampaignView['failures'] }) {
  if (failures.length === 0)
    return (
      <p class="muted" data-testid="no-failures">
        No cluster has failed or been rolled back.
      </p>
    );
  return (
    <div data-testid="failures">
      {failures.map((f) => (
        <div key={f.clusterId} class="failure" data-testid="failure" data-cluster={f.name}>
          <h3>
            <a href={clusterHref(f.name)}>{f.name}</a> <StatusPill status={f.status} />{' '}
            <span class="muted">
              {f.environment} · {f.owner} · wave {f.wave}
            </span>
          </h3>
          {f.comparison?.comparisons?.length ? <Comparison rows={f.comparison.comparisons} /> : null}
          {f.reason ? <p class="muted small wrap-text">{f.reason}</p> : null}
        </div>
      ))}
    </div>
  );
}

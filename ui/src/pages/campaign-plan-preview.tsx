import { when } from '../format';
import { clusterHref } from '../links';
import type { CampaignPlan } from './campaign-types';

/** The dry run: how many clusters, then each wave with its clusters and when it runs, and who is left out and why. */
export function CampaignPlanPreview({ plan }: { plan: CampaignPlan }) {
  const s = plan.summary;
  return (
    <section data-testid="plan-preview" data-clusters={s.clusters} data-waves={s.waves}>
      <h2>Waves preview</h2>
      <p data-testid="plan-summary">
        {s.clusters} cluster{s.clusters === 1 ? '' : 's'} ({s.test} test, {s.prod} prod) in {s.waves} wave{s.waves === 1 ? '' : 's'} ·
        estimated end {when(s.estimatedEnd)}
        {s.skipped ? ` · ${s.skipped} left out` : ''}
      </p>
      <table class="grid" data-testid="plan-waves">
        <thead>
          <tr>
            <th>wave</th>
            <th>environment</th>
            <th>starts</th>
            <th>ends</th>
            <th>clusters</th>
          </tr>
        </thead>
        <tbody>
          {plan.waves.map((w) => (
            <tr key={w.index} data-testid="plan-wave" data-wave={w.index} data-environment={w.environment}>
              <td>{w.index}</td>
              <td>{w.environment}</td>
              <td>{when(w.start)}</td>
              <td>{when(w.end)}</td>
              <td>
                {w.clusters.map((c, i) => (
                  <span key={c.id}>
                    {i ? ', ' : ''}
                    <a href={clusterHref(c.name)} title={`starts ${when(c.plannedStart)}, ends ${when(c.plannedEnd)}`}>
                      {c.name}
                    </a>
                  </span>
                ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {plan.skipped.length ? (
        <ul class="muted" data-testid="plan-skipped">
          {plan.skipped.slice(0, 50).map((c) => (
            <li key={c.id}>
              {c.name}: {c.reason}
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}

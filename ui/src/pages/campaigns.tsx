import { useEffect, useState } from 'preact/hooks';
import { api } from '../api';
import { useLive, useThrottledReload } from '../live';
import { ErrorNote } from '../components/error-note';
import { StatusPill } from '../components/status';
import { when } from '../format';
import { campaignHref } from '../links';
import type { CampaignSummary } from './campaign-types';

/** Every upgrade campaign, newest first, with how far each got; live. */
export function Campaigns() {
  const [rows, setRows] = useState<CampaignSummary[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    api<CampaignSummary[]>('/api/campaigns').then((r) => (setRows(r), setError(null)), setError);
  }, [tick]);
  const reload = useThrottledReload(() => setTick((t) => t + 1), 1000);
  useLive((type) => (type === 'campaign' || type === 'resync') && reload());
  return (
    <main>
      <h1>Upgrade campaigns</h1>
      <p class="muted">
        Fleet upgrades in waves: test clusters first, then prod from least to most critical, each cluster gated by before/after benchmarks.
        Or from the command line: <code>datafleet campaigns plan</code>, then <code>create</code>.
      </p>
      <p>
        <a class="button" href="#/campaigns/new" data-testid="new-campaign">
          Plan a campaign…
        </a>
      </p>
      <ErrorNote error={error} />
      {rows && rows.length === 0 ? (
        <p class="muted" data-testid="no-campaigns">
          No campaign yet.
        </p>
      ) : null}
      <table class="grid" data-testid="campaigns">
        <thead>
          <tr>
            <th>name</th>
            <th>target</th>
            <th>status</th>
            <th class="num">passed</th>
            <th class="num">failed / rolled back</th>
            <th class="num">waiting</th>
            <th>created</th>
          </tr>
        </thead>
        <tbody>
          {(rows ?? []).map((c) => (
            <tr
              key={c.id}
              class="clickable"
              data-testid="campaign-row"
              data-name={c.name}
              onClick={() => (location.hash = campaignHref(c.id))}
            >
              <td>
                <a href={campaignHref(c.id)}>{c.name}</a>
              </td>
              <td>
                {c.engine} {c.fromVersion ?? '*'} → {[c.toVersion, c.toInstanceType].filter(Boolean).join(' on ')}
              </td>
              <td>
                <StatusPill status={c.status} />
              </td>
              <td class="num">{c.counts?.passed ?? 0}</td>
              <td class="num">{(c.counts?.failed ?? 0) + (c.counts?.rolled_back ?? 0)}</td>
              <td class="num">{(c.counts?.pending ?? 0) + (c.counts?.scheduled ?? 0) + (c.counts?.running ?? 0)}</td>
              <td>{when(c.createdAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </main>
  );
}

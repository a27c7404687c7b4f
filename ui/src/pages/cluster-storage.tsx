import { useEffect, useState } from 'preact/hooks';
import type { Static } from '@sinclair/typebox';
import { api } from '../api';
import { ErrorNote } from '../components/error-note';
import { usdPerMonthChange } from '../format';
import type { ClusterDetail } from '../types';
import type { GrowStoragePreviewJson, StoragePolicyJson } from '../../../services/api/routes/storage';

type Preview = Static<typeof GrowStoragePreviewJson>;
type Policy = Static<typeof StoragePolicyJson>;

const numberOf = (e: Event): number => Number((e.currentTarget as HTMLInputElement).value);

/** Grow each node's disk (Preview, then Grow) and the automatic storage policy, on the cluster page. */
export function ClusterStorage({ cluster, onChanged }: { cluster: ClusterDetail; onChanged: () => void }) {
  const base = `/api/clusters/${encodeURIComponent(cluster.name)}`;
  const [policy, setPolicy] = useState<Policy | null>(null);
  const [diskGb, setDiskGb] = useState(0);
  const [urgent, setUrgent] = useState(false);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    api<Policy>(`${base}/storage-policy`).then(
      (p) => setPolicy(p),
      () => setPolicy(null),
    );
  }, [base, note]);

  if (cluster.status !== 'ACTIVE' || !policy) return null;
  const run = async (what: () => Promise<void>) => {
    try {
      await what();
      setError(null);
    } catch (err) {
      setError(err);
    }
  };
  const body = () => ({ diskGb, ...(urgent ? { urgent: true } : {}) });
  const ask = () =>
    run(async () => setPreview((await api<{ preview: Preview }>(`${base}/storage?dryRun=true`, { method: 'POST', body: body() })).preview));
  const grow = () =>
    run(async () => {
      const answer = await api<{ operation: { id: string } }>(`${base}/storage`, { method: 'POST', body: body() });
      setPreview(null);
      setNote(`grow requested: operation ${answer.operation.id}`);
      onChanged();
    });
  const save = () =>
    run(async () => {
      const { enabled, growByPercent, leadDays, maxDiskGb } = policy;
      setPolicy(await api<Policy>(`${base}/storage-policy`, { method: 'PUT', body: { enabled, growByPercent, leadDays, maxDiskGb } }));
      setNote('storage policy saved');
    });

  return (
    <section data-testid="storage">
      <h2>Storage</h2>
      <p class="muted">Each node's disk: {policy.currentDiskGb ?? '?'} GB</p>
      <div class="inline-form">
        <label>
          New disk per node (GB)
          <input type="number" min={1} value={diskGb || ''} onInput={(e) => setDiskGb(numberOf(e))} data-testid="storage-disk" />
        </label>
        <label>
          <input type="checkbox" checked={urgent} onChange={(e) => setUrgent((e.currentTarget as HTMLInputElement).checked)} /> Urgent
        </label>
        <button type="button" onClick={() => void ask()} data-testid="storage-preview">
          Preview
        </button>
      </div>
      {preview ? (
        <div data-testid="storage-confirm">
          <p>
            {preview.diskGb.from} → {preview.diskGb.to} GB on {preview.nodes} node(s); usable {preview.usableCapacityGb.from} →{' '}
            {preview.usableCapacityGb.to} GB ·{' '}
            {preview.notBefore ? `starts in the maintenance window at ${preview.notBefore}` : 'starts now'} · monthly cost{' '}
            {usdPerMonthChange(preview.monthlyCostUsd.difference)}
          </p>
          <p class="muted">{preview.note}</p>
          <button type="button" onClick={() => void grow()} data-testid="storage-apply">
            Grow storage
          </button>
        </div>
      ) : null}
      <form class="inline-form" aria-label="Automatic storage policy" onSubmit={(e) => (e.preventDefault(), void save())}>
        <label>
          <input
            type="checkbox"
            checked={policy.enabled}
            onChange={(e) => setPolicy({ ...policy, enabled: (e.currentTarget as HTMLInputElement).checked })}
            data-testid="storage-policy-enabled"
          />{' '}
          Grow automatically
        </label>
        <label>
          by (%)
          <input
            type="number"
            min={1}
            max={500}
            value={policy.growByPercent}
            onInput={(e) => setPolicy({ ...policy, growByPercent: numberOf(e) })}
          />
        </label>
        <label>
          days ahead
          <input type="number" min={1} max={365} value={policy.leadDays} onInput={(e) => setPolicy({ ...policy, leadDays: numberOf(e) })} />
        </label>
        <label>
          up to (GB)
          <input type="number" min={1} value={policy.maxDiskGb} onInput={(e) => setPolicy({ ...policy, maxDiskGb: numberOf(e) })} />
        </label>
        <button type="submit" data-testid="storage-policy-save">
          Save policy
        </button>
      </form>
      {note ? (
        <p class="muted" data-testid="storage-note">
          {note}
        </p>
      ) : null}
      <ErrorNote error={error} testId="storage-error" />
    </section>
  );
}

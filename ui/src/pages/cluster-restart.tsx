import { useState } from 'preact/hooks';
import { api } from '../api';
import { ErrorNote } from '../components/error-note';
import type { ClusterDetail } from '../types';

interface RestartPreview {
  order: Array<{ name: string; role: string }>;
  notBefore: string | null;
}

/** A rolling restart: Preview shows the order and when it starts; Restart asks for it. */
export function ClusterRestart({ cluster, onChanged }: { cluster: ClusterDetail; onChanged: () => void }) {
  const [urgent, setUrgent] = useState(false);
  const [preview, setPreview] = useState<RestartPreview | null>(null);
  const [requested, setRequested] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  if (cluster.status !== 'ACTIVE') return null;
  const path = `/api/clusters/${encodeURIComponent(cluster.name)}/rolling-restart`;
  const body = urgent ? { urgent: true } : {};

  const ask = async () => {
    try {
      setPreview((await api<{ preview: RestartPreview }>(`${path}?dryRun=true`, { method: 'POST', body })).preview);
      setRequested(null);
      setError(null);
    } catch (err) {
      setPreview(null);
      setError(err);
    }
  };
  const confirm = async () => {
    try {
      setRequested((await api<{ operation: { id: string } }>(path, { method: 'POST', body })).operation.id);
      setPreview(null);
      setError(null);
      onChanged();
    } catch (err) {
      setError(err);
    }
  };

  return (
    <section data-testid="rolling-restart">
      <h2>Rolling restart</h2>
      <div class="inline-form">
        <label>
          <input type="checkbox" checked={urgent} onChange={(e) => setUrgent((e.currentTarget as HTMLInputElement).checked)} /> Urgent (do
          not wait for the maintenance window)
        </label>
        <button type="button" onClick={() => void ask()} data-testid="restart-preview">
          Rolling restart…
        </button>
      </div>
      {preview ? (
        <div data-testid="restart-confirm">
          <p>
            Restarts, one at a time: {preview.order.map((n) => `${n.name} (${n.role})`).join(', ')} ·{' '}
            {preview.notBefore ? `starts in the maintenance window at ${preview.notBefore}` : 'starts now'}
          </p>
          <button type="button" onClick={() => void confirm()} data-testid="restart-apply">
            Restart {preview.order.length} node(s)
          </button>{' '}
          <button type="button" onClick={() => setPreview(null)}>
            Cancel
          </button>
        </div>
      ) : null}
      {requested ? (
        <p class="muted" data-testid="restart-requested">
          rolling restart requested: operation {requested}
        </p>
      ) : null}
      <ErrorNote error={error} testId="restart-error" />
    </section>
  );
}

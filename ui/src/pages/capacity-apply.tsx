import { useState } from 'preact/hooks';
import { api } from '../api';
import { ErrorNote } from '../components/error-note';
import type { WhatIfAnswer } from './capacity-types';

/** One click from a what-if's advice to the operation it names, asked with the same change (held to the maintenance window). */
export function ApplyAdvice({ cluster, change, answer }: { cluster: string; change: Record<string, number>; answer: WhatIfAnswer }) {
  const [done, setDone] = useState<{ kind: string; id: string } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  if (!answer.scaleTo) return null;
  const apply = async () => {
    setBusy(true);
    try {
      const applied = await api<{ kind: string; operation: { id: string } }>(
        `/api/clusters/${encodeURIComponent(cluster)}/forecast/what-if/apply`,
        { method: 'POST', body: change },
      );
      setDone({ kind: applied.kind, id: applied.operation.id });
      setError(null);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div>
      {done ? (
        <p class="muted" data-testid="apply-advice-done" data-kind={done.kind}>
          {done.kind.replace('_', ' ')} scheduled: operation {done.id}
        </p>
      ) : (
        <button type="button" disabled={busy} onClick={() => void apply()} data-testid="apply-advice">
          Apply this advice
        </button>
      )}
      <ErrorNote error={error} testId="apply-advice-error" />
    </div>
  );
}

import { useEffect, useState } from 'preact/hooks';
import { api } from '../api';
import type { Operation } from '../types';
import { ErrorNote, StatusPill, when } from '../components/status';
import { Steps } from '../components/steps';

interface AuditEvent {
  id: string;
  at: string;
  actor: string;
  action: string;
  reason: string | null;
}

/** The cluster's operations (with their steps, cancellable while open) and its audit trail. */
export function ClusterHistory({ name, tick, onChanged }: { name: string; tick: number; onChanged: () => void }) {
  const [ops, setOps] = useState<Operation[]>([]);
  const [audit, setAudit] = useState<AuditEvent[]>([]);
  const [open, setOpen] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    void api<Operation[]>(`/api/clusters/${name}/operations`).then(setOps);
    void api<AuditEvent[]>(`/api/clusters/${name}/audit`).then(setAudit);
  }, [name, tick]);

  const cancel = async (id: string) => {
    try {
      await api(`/api/operations/${id}/cancel`, { method: 'POST', body: { reason: 'cancelled from the console' } });
      onChanged();
    } catch (e) {
      setError((e as Error).message);
    }
  };

  return (
    <section>
      <h2>Operations</h2>
      <ErrorNote error={error} />
      <table class="grid" data-testid="operations">
        <thead><tr><th>Type</th><th>Status</th><th>Requested by</th><th>Created</th><th>Finished</th><th /></tr></thead>
        <tbody>
          {ops.map((op) => (
            <>
              <tr key={op.id} class="clickable" onClick={() => setOpen(open === op.id ? null : op.id)}>
                <td>{op.type}</td><td><StatusPill status={op.status} /></td><td>{op.requestedBy}</td><td>{when(op.createdAt)}</td><td>{when(op.finishedAt)}</td>
                <td>{op.status === 'pending' || op.status === 'running' ? <button type="button" onClick={(e) => (e.stopPropagation(), void cancel(op.id))}>Cancel</button> : null}</td>
              </tr>
              {open === op.id ? <tr key={`${op.id}-steps`}><td colSpan={6}><Steps op={op} />{op.error ? <p class="error">{op.error}</p> : null}</td></tr> : null}
            </>
          ))}
        </tbody>
      </table>
      <h2>Audit trail</h2>
      <table class="grid" data-testid="audit">
        <thead><tr><th>When</th><th>Who</th><th>What</th><th>Why</th></tr></thead>
        <tbody>
          {audit.map((a) => <tr key={a.id}><td>{when(a.at)}</td><td>{a.actor}</td><td>{a.action}</td><td>{a.reason ?? ''}</td></tr>)}
        </tbody>
      </table>
    </section>
  );
}

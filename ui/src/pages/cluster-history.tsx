import { Fragment } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api';
import type { Operation } from '../types';
import { StatusPill } from '../components/status';
import { ErrorNote } from '../components/error-note';
import { Steps } from '../components/steps';
import { when } from '../format';

interface AuditEvent {
  id: string;
  at: string;
  actor: string;
  action: string;
  reason: string | null;
}

const isOpen = (op: Operation) => op.status === 'pending' || op.status === 'running';

/** Why an operation ended as it did: red only for a failure; a designed rollback or a cancel is not one. */
function OutcomeReason({ op }: { op: Operation }) {
  if (!op.error) return null;
  if (op.status === 'failed')
    return (
      <p class="error wrap-text" data-testid="operation-error">
        {op.error}
      </p>
    );
  const label = op.status === 'rolled_back' ? 'Rolled back: ' : '';
  return (
    <p class="notice wrap-text" data-testid="operation-reason">
      {label}
      {op.error}
    </p>
  );
}

/** The cluster's operations (steps on click or when `focus` names one, cancellable while open) and its audit trail. */
export function ClusterHistory({
  name,
  tick,
  onChanged,
  focus,
  part,
}: {
  name: string;
  tick: number;
  onChanged: () => void;
  focus?: string | undefined;
  /** One of the two lists where the page shows them apart (its tabs); both when not given. */
  part?: 'operations' | 'audit';
}) {
  const [ops, setOps] = useState<Operation[]>([]);
  const [audit, setAudit] = useState<AuditEvent[]>([]);
  const [expanded, setExpanded] = useState<string | null>(focus ?? null);
  const [error, setError] = useState<unknown>(null);
  const ref = encodeURIComponent(name);

  useEffect(() => {
    api<Operation[]>(`/api/clusters/${ref}/operations`).then(setOps, setError);
    api<AuditEvent[]>(`/api/clusters/${ref}/audit`).then(setAudit, setError);
  }, [name, tick]);

  useEffect(() => {
    if (focus) setExpanded(focus);
  }, [focus]);
  // Scrolled to once it is listed: a link from the alerts page lands on the operation itself.
  const focusListed = focus !== undefined && ops.some((op) => op.id === focus);
  useEffect(() => {
    if (focusListed) document.querySelector(`[data-operation="${focus}"]`)?.scrollIntoView({ block: 'center' });
  }, [focus, focusListed]);

  const cancel = async (id: string) => {
    if (!confirm('Cancel this operation? A running one stops at its next safe point.')) return;
    try {
      await api(`/api/operations/${id}/cancel`, { method: 'POST', body: { reason: 'cancelled from the console' } });
      setError(null);
      onChanged();
    } catch (e) {
      setError(e);
    }
  };

  return (
    <section>
      <ErrorNote error={error} testId="history-error" />
      {part === 'audit' ? null : (
        <>
          <h2>Operations</h2>
          <table class="grid" data-testid="operations">
            <thead>
              <tr>
                <th />
                <th>Type</th>
                <th>Status</th>
                <th>Requested by</th>
                <th>Reason</th>
                <th>Created</th>
                <th>Finished</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {ops.map((op) => (
                <Fragment key={op.id}>
                  <tr
                    class="clickable"
                    onClick={() => setExpanded(expanded === op.id ? null : op.id)}
                    data-testid={`operation-${op.type}`}
                    data-operation={op.id}
                    aria-expanded={expanded === op.id}
                  >
                    <td class="muted">{expanded === op.id ? '▾' : '▸'}</td>
                    <td>{op.type}</td>
                    <td>
                      <StatusPill status={op.status} />
                    </td>
                    <td>{op.requestedBy}</td>
                    <td>{op.reason}</td>
                    <td>{when(op.createdAt)}</td>
                    <td>{when(op.finishedAt)}</td>
                    <td>
                      {isOpen(op) && !op.cancelRequested ? (
                        <button type="button" onClick={(e) => (e.stopPropagation(), void cancel(op.id))} data-testid="cancel-operation">
                          Cancel
                        </button>
                      ) : null}
                      {op.cancelRequested && isOpen(op) ? <span class="muted">cancelling…</span> : null}
                    </td>
                  </tr>
                  {expanded === op.id ? (
                    <tr class="expanded">
                      <td />
                      <td colSpan={7}>
                        <Steps op={op} />
                        <OutcomeReason op={op} />
                      </td>
                    </tr>
                  ) : null}
                </Fragment>
              ))}
            </tbody>
          </table>
        </>
      )}
      {part === 'operations' ? null : (
        <>
          <h2>Audit trail</h2>
          <table class="grid" data-testid="audit">
            <thead>
              <tr>
                <th>When</th>
                <th>Who</th>
                <th>What</th>
                <th>Why</th>
              </tr>
            </thead>
            <tbody>
              {audit.map((a) => (
                <tr key={a.id}>
                  <td>{when(a.at)}</td>
                  <td>{a.actor}</td>
                  <td>{a.action}</td>
                  <td>{a.reason ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}

import type { Static } from '@sinclair/typebox';
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api';
import type { ClusterDetail } from '../types';
import { StatusPill } from '../components/status';
import { ErrorNote } from '../components/error-note';
import { megabytes, took, when } from '../format';
import { clusterHref, navigate } from '../links';
import type { BackupJson, BackupPolicyJson } from '../../../services/api/schemas/backup';

type Backup = Static<typeof BackupJson>;
type Policy = Static<typeof BackupPolicyJson>;

/**
 * The cluster's backups, newest first, with "Back up now" and a restore into a new cluster: from a
 * chosen backup, or (PostgreSQL) to a point in time; the new cluster's page opens on success.
 */
export function ClusterBackups({ cluster, tick }: { cluster: ClusterDetail; tick: number }) {
  const [backups, setBackups] = useState<Backup[]>([]);
  const [policy, setPolicy] = useState<Policy | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [newName, setNewName] = useState(`${cluster.name}-restored`);
  const [to, setTo] = useState('');
  const ref = encodeURIComponent(cluster.name);
  const pointInTime = cluster.engine === 'postgres';

  useEffect(() => {
    api<Backup[]>(`/api/clusters/${ref}/backups?limit=50`).then(setBackups, setError);
    api<Policy>(`/api/clusters/${ref}/backup-policy`).then(setPolicy, () => setPolicy(null));
  }, [cluster.name, tick]);

  const backUp = async () => {
    try {
      const { backup } = await api<{ backup: Backup }>(`/api/clusters/${ref}/backups`, { method: 'POST', body: {} });
      setBackups([backup, ...backups]);
      setError(null);
    } catch (e) {
      setError(e);
    }
  };

  const restore = async (backupId?: string) => {
    try {
      const body = { name: newName, ...(backupId ? { backupId } : {}), ...(!backupId && to ? { to: new Date(to).toISOString() } : {}) };
      const { cluster: clone } = await api<{ cluster: { name: string } }>(`/api/clusters/${ref}/restore`, { method: 'POST', body });
      navigate(clusterHref(clone.name));
    } catch (e) {
      setError(e);
    }
  };

  return (
    <section data-testid="backups">
      <h2>
        Backups{' '}
        <button type="button" onClick={() => void backUp()} disabled={cluster.status !== 'ACTIVE'} data-testid="back-up">
          Back up now
        </button>
      </h2>
      {policy ? (
        <p class="muted" data-testid="backup-policy">
          {policy.enabled ? `Every ${policy.frequencyHours} h (${policy.kind})` : 'Scheduled backups off'}, kept {policy.retentionDays}{' '}
          days, window {String(policy.windowStartHour).padStart(2, '0')}:00 UTC for {policy.windowHours} h
          {policy.isDefault ? " (the engine's default)" : ''}
          {policy.recoverableFrom ? `; restorable from ${when(policy.recoverableFrom)}` : ''}
        </p>
      ) : null}
      <ErrorNote error={error} testId="backup-error" />
      <form
        class="inline"
        data-testid="restore-form"
        onSubmit={(e) => {
          e.preventDefault();
          void restore();
        }}
      >
        <label>
          New cluster <input value={newName} onInput={(e) => setNewName(e.currentTarget.value)} data-testid="restore-name" required />
        </label>
        {pointInTime ? (
          <label>
            Point in time (local){' '}
            <input type="datetime-local" step="1" value={to} onInput={(e) => setTo(e.currentTarget.value)} data-testid="restore-to" />
          </label>
        ) : null}
        <button type="submit" data-testid="restore-submit" disabled={backups.every((b) => b.status !== 'succeeded')}>
          {pointInTime ? 'Restore to this time (or the newest backup)' : 'Restore the newest backup'}
        </button>
      </form>
      {backups.length === 0 ? (
        <p class="muted" data-testid="no-backups">
          No backup of this cluster yet.
        </p>
      ) : (
        <table class="grid compact" data-testid="backup-rows">
          <thead>
            <tr>
              <th>Requested</th>
              <th>Kind</th>
              <th>Status</th>
              <th>Label</th>
              <th class="num">Size</th>
              <th class="num">Stored</th>
              <th>Finished</th>
              <th class="num">Took</th>
              <th>WAL</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {backups.map((b) => (
              <tr key={b.id} data-testid="backup-row" data-status={b.status}>
                <td>{when(b.createdAt)}</td>
                <td>{b.kind}</td>
                <td>
                  <StatusPill status={b.status} />
                  {b.error ? <span class="error"> {b.error}</span> : null}
                </td>
                <td>
                  <code>{b.label ?? '-'}</code>
                </td>
                <td class="num">{megabytes(b.sizeBytes)}</td>
                <td class="num">{megabytes(b.storedBytes)}</td>
                <td>{b.finishedAt ? when(b.finishedAt) : '-'}</td>
                <td class="num">{took(b.createdAt, b.finishedAt)}</td>
                <td>{b.walStart ? `${b.walStart}…${b.walStop ?? ''}` : '-'}</td>
                <td>
                  {b.status === 'succeeded' ? (
                    <button type="button" onClick={() => void restore(b.id)} data-testid="restore-backup">
                      Restore
                    </button>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

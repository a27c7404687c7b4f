import { useEffect, useState } from 'preact/hooks';
import { api, ApiError } from '../api';
import type { DatabaseUser, IssuedPassword } from '../types';
import { ErrorNote } from '../components/error-note';
import { when } from '../format';
import { useUsersRefusal } from './users-access';

/**
 * Applications' users of the cluster: list, create, rotate (the previous password keeps working for
 * the grace period) and delete. A password appears once, in the notice after create or rotate.
 */
export function ClusterUsers({
  cluster: shown,
  tick,
}: {
  cluster: { name: string; engine: string; owner: { name: string } };
  tick: number;
}) {
  const cluster = shown.name;
  const refusal = useUsersRefusal(shown);
  const [users, setUsers] = useState<DatabaseUser[] | null>(null);
  const [unsupported, setUnsupported] = useState<string | null>(null);
  const [issued, setIssued] = useState<IssuedPassword | null>(null);
  const [form, setForm] = useState({ name: '', access: 'readwrite', scope: '' });
  const [graceHours, setGraceHours] = useState('24');
  const [error, setError] = useState<unknown>(null);
  const path = `/api/clusters/${encodeURIComponent(cluster)}/users`;

  const load = () => {
    if (refusal !== null) return;
    api<DatabaseUser[]>(path).then(setUsers, (err: unknown) => {
      // 409: the engine has no users (memcached); 403: another team's cluster. Both are facts, not failures.
      if (err instanceof ApiError && (err.status === 409 || err.status === 403)) setUnsupported(err.message);
      else setError(err);
    });
  };
  useEffect(load, [cluster, tick, refusal]);

  const run = async (request: () => Promise<IssuedPassword | null>) => {
    try {
      const answer = await request();
      if (answer) setIssued(answer);
      setError(null);
      load();
      // The operation applies it within moments; show its status once it has.
      setTimeout(load, 1500);
    } catch (err) {
      setError(err);
    }
  };
  const create = () =>
    run(async () => {
      const scope = form.scope
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      const answer = await api<IssuedPassword>(path, { method: 'POST', body: { name: form.name, access: form.access, scope } });
      setForm({ ...form, name: '', scope: '' });
      return answer;
    });
  const rotate = (name: string) =>
    run(() =>
      api<IssuedPassword>(`${path}/${encodeURIComponent(name)}/rotate`, {
        method: 'POST',
        body: { graceSeconds: Math.round(Number(graceHours) * 3600) },
      }),
    );
  const remove = (name: string) =>
    run(async () => {
      if (!confirm(`Delete user ${name}? Applications using it can no longer log in.`)) return null;
      await api(`${path}/${encodeURIComponent(name)}`, { method: 'DELETE' });
      setIssued(null);
      return null;
    });

  if (refusal === undefined) return null;
  if (refusal || unsupported) {
    return (
      <section data-testid="cluster-users">
        <h2>Users</h2>
        <p class="muted" data-testid="users-unsupported">
          {refusal ?? unsupported}
        </p>
      </section>
    );
  }
  return (
    <section data-testid="cluster-users">
      <h2>Users</h2>
      <ErrorNote error={error} testId="users-error" />
      {issued ? (
        <p class="notice" data-testid="issued-password">
          Login <code>{issued.user.login}</code>, password <code data-testid="issued-password-value">{issued.password}</code> — shown only
          now: store it in your secret manager.
          {issued.user.previous
            ? ` The previous login ${issued.user.previous.login} works until ${when(issued.user.previous.expiresAt)}.`
            : ''}{' '}
          <button type="button" class="link" onClick={() => setIssued(null)}>
            Hide
          </button>
        </p>
      ) : null}
      {users && users.length > 0 ? (
        <table class="grid" data-testid="users-table">
          <thead>
            <tr>
              <th>Name</th>
              <th>Login</th>
              <th>Access</th>
              <th>Scope</th>
              <th>Status</th>
              <th>Previous password</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <tr key={u.name} data-testid={`user-${u.name}`}>
                <td>{u.name}</td>
                <td>
                  <code>{u.login}</code>
                </td>
                <td>{u.access}</td>
                <td>{u.scope.join(', ')}</td>
                <td>{u.status}</td>
                <td>{u.previous ? `${u.previous.login} until ${when(u.previous.expiresAt)}` : '-'}</td>
                <td>
                  <button
                    type="button"
                    onClick={() => void rotate(u.name)}
                    disabled={u.status !== 'active' || !!u.previous}
                    data-testid={`rotate-${u.name}`}
                  >
                    Rotate
                  </button>{' '}
                  <button
                    type="button"
                    class="link"
                    onClick={() => void remove(u.name)}
                    disabled={u.status === 'deleting'}
                    data-testid={`delete-${u.name}`}
                  >
                    Delete
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p class="muted">No application users yet.</p>
      )}
      <form class="inline-form" onSubmit={(e) => (e.preventDefault(), void create())} data-testid="user-form">
        <label>
          Name <input value={form.name} onInput={(e) => setForm({ ...form, name: e.currentTarget.value })} data-testid="user-name" />
        </label>
        <label>
          Access{' '}
          <select value={form.access} onChange={(e) => setForm({ ...form, access: e.currentTarget.value })} data-testid="user-access">
            <option value="readwrite">readwrite</option>
            <option value="readonly">readonly</option>
          </select>
        </label>
        <label>
          Scope{' '}
          <input
            value={form.scope}
            placeholder="app:* · a database · a keyspace · logs-*"
            onInput={(e) => setForm({ ...form, scope: e.currentTarget.value })}
            data-testid="user-scope"
          />
        </label>
        <button type="submit" disabled={!form.name || !form.scope} data-testid="user-create">
          Create user
        </button>
        <label>
          {' '}
          Rotation grace (hours){' '}
          <input size={4} value={graceHours} onInput={(e) => setGraceHours(e.currentTarget.value)} data-testid="user-grace" />
        </label>
      </form>
    </section>
  );
}

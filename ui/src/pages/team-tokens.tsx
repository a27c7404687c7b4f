import { useEffect, useState } from 'preact/hooks';
import { api } from '../api';
import type { TokenInfo } from '../types';
import { ErrorNote } from '../components/error-note';

const when = (iso: string | null, none: string) => (iso ? new Date(iso).toLocaleString() : none);

/** One team's bearer tokens (never the secrets): when made, last used, expiry, status; revoke in place. */
export function TeamTokens({ team, tick }: { team: string; tick: number }) {
  const [tokens, setTokens] = useState<TokenInfo[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const load = () => {
    api<TokenInfo[]>(`/api/teams/${encodeURIComponent(team)}/tokens`).then((t) => (setTokens(t), setError(null)), setError);
  };
  useEffect(load, [team, tick]);

  const revoke = async (token: TokenInfo) => {
    if (!confirm(`Revoke token ${token.name}? Anything using it is refused from now on.`)) return;
    try {
      await api(`/api/teams/${encodeURIComponent(team)}/tokens/${token.id}`, { method: 'DELETE' });
      load();
    } catch (err) {
      setError(err);
    }
  };

  return (
    <section data-testid="team-tokens">
      <h2>Tokens of {team}</h2>
      <ErrorNote error={error} testId="tokens-error" />
      {tokens ? (
        <table class="grid">
          <thead>
            <tr>
              <th>Name</th>
              <th>Created</th>
              <th>Last used</th>
              <th>Expires</th>
              <th>Status</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {tokens.map((t) => (
              <tr key={t.id} data-testid={`token-${t.name}`}>
                <td>{t.name}</td>
                <td>{when(t.createdAt, '-')}</td>
                <td>{when(t.lastUsedAt, 'never')}</td>
                <td>{when(t.expiresAt, 'never')}</td>
                <td data-testid={`token-status-${t.name}`}>{t.status}</td>
                <td>
                  {t.status === 'active' ? (
                    <button type="button" class="danger" onClick={() => void revoke(t)} data-testid={`revoke-${t.name}`}>
                      Revoke
                    </button>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : error ? null : (
        <p>Loading…</p>
      )}
    </section>
  );
}

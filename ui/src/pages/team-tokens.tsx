import { useEffect, useState } from 'preact/hooks';
import { api } from '../api';
import type { TokenInfo } from '../types';
import { ErrorNote } from '../components/error-note';
import { when } from '../format';
import { TokenIssueForm } from './token-issue-form';

/** One team's bearer tokens (never the secrets): when made, last used, expiry, status; issue, rotate and revoke in place. */
export function TeamTokens({ team }: { team: string }) {
  const [tokens, setTokens] = useState<TokenInfo[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [issued, setIssued] = useState<{ name: string; token: string } | null>(null);
  const base = `/api/teams/${encodeURIComponent(team)}/tokens`;
  const load = () => {
    api<TokenInfo[]>(base).then((t) => (setTokens(t), setError(null)), setError);
  };
  useEffect(() => (setIssued(null), load()), [team]);

  const act = async (token: TokenInfo, kind: 'revoke' | 'rotate') => {
    const question =
      kind === 'revoke'
        ? `Revoke token ${token.name}? Anything using it is refused from now on.`
        : `Rotate token ${token.name}? The old secret is refused at once; a new one is shown once.`;
    if (!confirm(question)) return;
    try {
      if (kind === 'revoke') await api(`${base}/${token.id}`, { method: 'DELETE' });
      else setIssued(await api<{ name: string; token: string }>(`${base}/${token.id}/rotate`, { method: 'POST' }));
      load();
    } catch (err) {
      setError(err);
    }
  };

  return (
    <section data-testid="team-tokens">
      <h2>Tokens of {team}</h2>
      <TokenIssueForm team={team} onIssued={(t) => (setIssued(t), load())} />
      {issued ? (
        <div class="notice" data-testid="issued-token">
          New secret for <strong>{issued.name}</strong>, shown this once — copy it now: <code>{issued.token}</code>
          <button type="button" class="link" onClick={() => setIssued(null)}>
            dismiss
          </button>
        </div>
      ) : null}
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
                <td>{when(t.createdAt)}</td>
                <td>{t.lastUsedAt ? when(t.lastUsedAt) : 'never'}</td>
                <td>{t.expiresAt ? when(t.expiresAt) : 'never'}</td>
                <td data-testid={`token-status-${t.name}`}>{t.status}</td>
                <td>
                  {t.status === 'active' ? (
                    <>
                      <button type="button" onClick={() => void act(t, 'rotate')} data-testid={`rotate-${t.name}`}>
                        Rotate
                      </button>{' '}
                      <button type="button" class="danger" onClick={() => void act(t, 'revoke')} data-testid={`revoke-${t.name}`}>
                        Revoke
                      </button>
                    </>
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

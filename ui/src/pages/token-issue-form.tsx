import { useState } from 'preact/hooks';
import { api } from '../api';
import { ErrorNote } from '../components/error-note';

/** A name that says where the token came from and when, for a user who does not pick one. */
const defaultName = () => `console-${new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-')}`;

/** Issue a token with every field the API takes: its name and, optionally, when it expires (entered in local time). */
export function TokenIssueForm({ team, onIssued }: { team: string; onIssued: (issued: { name: string; token: string }) => void }) {
  const [name, setName] = useState(defaultName);
  const [expires, setExpires] = useState('');
  const [error, setError] = useState<unknown>(null);

  const submit = async (e: Event) => {
    e.preventDefault();
    try {
      const body = { name, ...(expires ? { expiresAt: new Date(expires).toISOString() } : {}) };
      const result = await api<{ name: string; token: string }>(`/api/teams/${encodeURIComponent(team)}/tokens`, { method: 'POST', body });
      setError(null);
      setName(defaultName());
      setExpires('');
      onIssued(result);
    } catch (err) {
      setError(err);
    }
  };

  return (
    <form class="inline-form" onSubmit={submit} data-testid="token-form">
      <label>
        Name <input value={name} onInput={(e) => setName(e.currentTarget.value)} data-testid="token-name" />
      </label>
      <label>
        Expires (local time, optional){' '}
        <input type="datetime-local" value={expires} onInput={(e) => setExpires(e.currentTarget.value)} data-testid="token-expires" />
      </label>
      <button type="submit" data-testid={`issue-token-${team}`}>
        Issue token
      </button>
      <ErrorNote error={error} testId="token-error" />
    </form>
  );
}

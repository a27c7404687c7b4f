import { useEffect, useState } from 'preact/hooks';
import { api } from '../api';
import type { Team } from '../types';
import { ErrorNote } from '../components/error-note';
import { TeamTokens } from './team-tokens';

const emptyForm = { name: '', email: '', chatChannel: '' };

/** Teams that own clusters; the platform team creates them, and a team (or platform) issues its tokens. */
export function Teams() {
  const [teams, setTeams] = useState<Team[]>([]);
  const [form, setForm] = useState(emptyForm);
  const [error, setError] = useState<unknown>(null);
  const [issued, setIssued] = useState<{ team: string; token: string } | null>(null);
  const [me, setMe] = useState<Team | null>(null);
  const [shown, setShown] = useState<string | null>(null);
  const [tick, setTick] = useState(0);
  const load = () => {
    api<Team[]>('/api/teams').then(setTeams, setError);
  };
  useEffect(load, []);
  useEffect(() => {
    api<{ team: Team }>('/api/me').then(({ team }) => (setMe(team), setShown((s) => s ?? team.name)), setError);
  }, []);
  // Only the team itself and the platform team may see a team's tokens.
  const mayManage = (t: Team) => Boolean(me && (me.isPlatform || me.id === t.id));

  const create = async (e: Event) => {
    e.preventDefault();
    try {
      await api('/api/teams', {
        method: 'POST',
        body: { name: form.name, email: form.email, ...(form.chatChannel ? { chatChannel: form.chatChannel } : {}) },
      });
      setError(null);
      setForm(emptyForm);
      load();
    } catch (err) {
      setError(err);
    }
  };
  const issue = async (team: string) => {
    try {
      const name = `console-${new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-')}`;
      const result = await api<{ token: string }>(`/api/teams/${encodeURIComponent(team)}/tokens`, { method: 'POST', body: { name } });
      setError(null);
      setIssued({ team, token: result.token });
      setShown(team);
      setTick((n) => n + 1);
    } catch (err) {
      setError(err);
    }
  };

  return (
    <main>
      <h1>Teams</h1>
      <table class="grid" data-testid="teams">
        <thead>
          <tr>
            <th>Name</th>
            <th>Email</th>
            <th>Chat</th>
            <th>Paging key</th>
            <th>Platform</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {teams.map((t) => (
            <tr key={t.id} data-testid={`team-${t.name}`}>
              <td>{t.name}</td>
              <td>{t.email}</td>
              <td>{t.chatChannel ?? '-'}</td>
              <td>{t.pagingKey ?? (t.pagingKeySet ? '(set)' : '-')}</td>
              <td>{t.isPlatform ? 'yes' : ''}</td>
              <td>
                {mayManage(t) ? (
                  <>
                    <button type="button" onClick={() => void issue(t.name)} data-testid={`issue-token-${t.name}`}>
                      Issue token
                    </button>{' '}
                    <button type="button" class="link" onClick={() => setShown(t.name)} data-testid={`show-tokens-${t.name}`}>
                      Tokens
                    </button>
                  </>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {issued ? (
        <div class="notice" data-testid="issued-token">
          New token for <strong>{issued.team}</strong>, shown this once — copy it now: <code>{issued.token}</code>
          <button type="button" class="link" onClick={() => setIssued(null)}>
            dismiss
          </button>
        </div>
      ) : null}
      <ErrorNote error={error} testId="teams-error" />
      {shown ? <TeamTokens team={shown} tick={tick} /> : null}
      <h2>
        New team <span class="muted">(platform team only)</span>
      </h2>
      <form class="inline-form" onSubmit={create} data-testid="team-form">
        <label>
          Name <input value={form.name} onInput={(e) => setForm({ ...form, name: e.currentTarget.value })} data-testid="team-name" />
        </label>
        <label>
          Email <input value={form.email} onInput={(e) => setForm({ ...form, email: e.currentTarget.value })} data-testid="team-email" />
        </label>
        <label>
          Chat channel <input value={form.chatChannel} onInput={(e) => setForm({ ...form, chatChannel: e.currentTarget.value })} />
        </label>
        <button type="submit" data-testid="team-submit">
          Create
        </button>
      </form>
    </main>
  );
}

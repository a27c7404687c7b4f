import { useEffect, useState } from 'preact/hooks';
import { api } from '../api';
import type { Team } from '../types';
import { ErrorNote } from '../components/error-note';
import { day } from '../format';
import { byNaturalName } from '../natural-order';
import { TeamForm } from './team-form';
import { TeamTokens } from './team-tokens';

/** Teams that own clusters: the platform team creates them; a team (or platform) edits its own fields and manages its tokens. */
export function Teams() {
  const [teams, setTeams] = useState<Team[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [me, setMe] = useState<Team | null>(null);
  const [shown, setShown] = useState<string | null>(null);
  const [editing, setEditing] = useState<string | null>(null);
  const load = () => {
    api<Team[]>('/api/teams').then((t) => (setTeams(byNaturalName(t, (team) => team.name)), setError(null)), setError);
  };
  useEffect(load, []);
  useEffect(() => {
    api<{ team: Team }>('/api/me').then(({ team }) => (setMe(team), setShown((s) => s ?? team.name)), setError);
  }, []);
  // Only the team itself and the platform team may change a team or see its tokens.
  const mayManage = (t: Team) => Boolean(me && (me.isPlatform || me.id === t.id));
  const editedTeam = teams.find((t) => t.name === editing);

  return (
    <main>
      <h1>Teams</h1>
      <ErrorNote error={error} testId="teams-error" />
      <table class="grid" data-testid="teams">
        <thead>
          <tr>
            <th>Name</th>
            <th>Email</th>
            <th>Chat</th>
            <th>Paging key</th>
            <th>Platform</th>
            <th>Created</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {teams.map((t) => (
            <tr key={t.id} data-testid={`team-${t.name}`}>
              <td>{t.name}</td>
              <td>{t.email}</td>
              <td>{t.chatChannel ?? '-'}</td>
              <td data-testid="paging-key-cell">{t.pagingKey ?? (t.pagingKeySet ? '(set)' : '-')}</td>
              <td>{t.isPlatform ? 'yes' : ''}</td>
              <td>{day(t.createdAt)}</td>
              <td>
                {mayManage(t) ? (
                  <>
                    <button type="button" class="link" onClick={() => setEditing(t.name)} data-testid={`edit-team-${t.name}`}>
                      Edit
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
      {editedTeam ? (
        <section>
          <h2>Edit {editedTeam.name}</h2>
          <TeamForm key={editedTeam.id} team={editedTeam} onSaved={() => (setEditing(null), load())} onCancel={() => setEditing(null)} />
        </section>
      ) : null}
      {shown ? <TeamTokens team={shown} /> : null}
      {me?.isPlatform ? (
        <section>
          <h2>New team</h2>
          <TeamForm onSaved={load} />
        </section>
      ) : null}
    </main>
  );
}

import { useState } from 'preact/hooks';
import { api } from '../api';
import type { Team } from '../types';
import { ErrorNote } from '../components/error-note';

interface Fields {
  name: string;
  email: string;
  chatChannel: string;
  pagingKey: string;
}

const blank: Fields = { name: '', email: '', chatChannel: '', pagingKey: '' };

/** An empty optional field is left out when creating, and cleared (null) when editing a team that had one. */
function createBody(f: Fields) {
  return {
    name: f.name,
    email: f.email,
    ...(f.chatChannel ? { chatChannel: f.chatChannel } : {}),
    ...(f.pagingKey ? { pagingKey: f.pagingKey } : {}),
  };
}

function updateBody(f: Fields, team: Team) {
  return {
    email: f.email,
    chatChannel: f.chatChannel || null,
    // A key set but not shown to this viewer is kept unless a new one is typed.
    ...(f.pagingKey || team.pagingKey !== undefined ? { pagingKey: f.pagingKey || null } : {}),
  };
}

/**
 * Every field of a team the API takes: a new team (`team` absent; the platform team only) or an
 * existing one's email, chat channel and paging key (the team itself or the platform team).
 */
export function TeamForm({ team, onSaved, onCancel }: { team?: Team; onSaved: () => void; onCancel?: () => void }) {
  const initial = team
    ? { name: team.name, email: team.email, chatChannel: team.chatChannel ?? '', pagingKey: team.pagingKey ?? '' }
    : blank;
  const [fields, setFields] = useState<Fields>(initial);
  const [error, setError] = useState<unknown>(null);
  const prefix = team ? 'edit' : 'team';

  const submit = async (e: Event) => {
    e.preventDefault();
    try {
      if (team) await api(`/api/teams/${encodeURIComponent(team.name)}`, { method: 'PATCH', body: updateBody(fields, team) });
      else await api('/api/teams', { method: 'POST', body: createBody(fields) });
      setError(null);
      if (!team) setFields(blank);
      onSaved();
    } catch (err) {
      setError(err);
    }
  };
  const input = (key: keyof Fields, label: string, placeholder: string) => (
    <label>
      {label}{' '}
      <input
        value={fields[key]}
        placeholder={placeholder}
        onInput={(e) => setFields({ ...fields, [key]: e.currentTarget.value })}
        data-testid={`${prefix}-${key === 'chatChannel' ? 'chat' : key === 'pagingKey' ? 'paging-key' : key}`}
      />
    </label>
  );

  return (
    <form class="inline-form" onSubmit={submit} data-testid={team ? 'team-edit-form' : 'team-form'}>
      {team ? null : input('name', 'Name', 'payments')}
      {input('email', 'Email', 'team@example.com')}
      {input('chatChannel', 'Chat channel', '#team (optional)')}
      {input('pagingKey', 'Paging key', 'routing key (optional)')}
      <button type="submit" data-testid={team ? 'team-save' : 'team-submit'}>
        {team ? 'Save' : 'Create'}
      </button>
      {onCancel ? (
        <button type="button" class="link" onClick={onCancel}>
          cancel
        </button>
      ) : null}
      <ErrorNote error={error} testId={`${prefix}-error`} />
    </form>
  );
}

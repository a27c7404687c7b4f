import { useEffect, useState } from 'preact/hooks';
import { api } from '../api';
import type { Team } from '../types';
import { ErrorNote } from '../components/status';

export function Teams() {
  const [teams, setTeams] = useState<Team[]>([]);
  const [form, setForm] = useState({ name: '', email: '', chatChannel: '' });
  const [error, setError] = useState<string | null>(null);
  const [issued, setIssued] = useState<string | null>(null);
  const load = () => void api<Team[]>('/api/teams').then(setTeams);
  useEffect(load, []);

  const create = async (e: Event) => {
    e.preventDefault();
    try {
      await api('/api/teams', { method: 'POST', body: { name: form.name, email: form.email, ...(form.chatChannel ? { chatChannel: form.chatChannel } : {}) } });
      setError(null);
      setForm({ name: '', email: '', chatChannel: '' });
      load();
    } catch (err) {
      setError((err as Error).message);
    }
  };
  const issue = async (team: string) => {
    try {
      const result = await api<{ token: string }>(`/api/teams/${team}/tokens`, { method: 'POST', body: { name: `console-${Date.now()}` } });
      setIssued(`Token for ${team} (shown once): ${result.token}`);
    } catch (err) {
      setError((err as Error).message);
    }
  };

  return (
    <main>
      <h1>Teams</h1>
      <table class="grid">
        <thead><tr><th>Name</th><th>Email</th><th>Chat</th><th>Platform</th><th /></tr></thead>
        <tbody>
          {teams.map((t) => (
            <tr key={t.id}><td>{t.name}</td><td>{t.email}</td><td>{t.chatChannel ?? '-'}</td><td>{t.isPlatform ? 'yes' : ''}</td>
              <td><button type="button" onClick={() => void issue(t.name)}>Issue token</button></td></tr>
          ))}
        </tbody>
      </table>
      {issued ? <p class="notice"><code>{issued}</code></p> : null}
      <h2>New team</h2>
      <form class="inline-form" onSubmit={create}>
        <label>Name <input value={form.name} onInput={(e) => setForm({ ...form, name: e.currentTarget.value })} /></label>
        <label>Email <input value={form.email} onInput={(e) => setForm({ ...form, email: e.currentTarget.value })} /></label>
        <label>Chat channel <input value={form.chatChannel} onInput={(e) => setForm({ ...form, chatChannel: e.currentTarget.value })} /></label>
        <button type="submit">Create</button>
      </form>
      <ErrorNote error={error} />
    </main>
  );
}

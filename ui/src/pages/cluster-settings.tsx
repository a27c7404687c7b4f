import { useEffect, useState } from 'preact/hooks';
import { api } from '../api';
import type { Cluster, Team } from '../types';
import { ErrorNote } from '../components/error-note';

const days = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

function initialForm(cluster: Cluster) {
  const w = cluster.maintenanceWindow;
  return {
    owner: cluster.owner.name,
    p99ReadMs: String(cluster.sla.p99ReadMs),
    p99WriteMs: String(cluster.sla.p99WriteMs),
    availability: String(cluster.sla.availability),
    hasWindow: w !== null,
    day: w?.day ?? 'sun',
    start: w?.start ?? '03:00',
    duration: String(w?.durationMinutes ?? 120),
    timeZone: w?.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone,
  };
}
type Form = ReturnType<typeof initialForm>;

/** SLA, owner and weekly maintenance window, editable in place (PATCH); the server validates. */
export function ClusterSettings({ cluster, onSaved }: { cluster: Cluster; onSaved: () => void }) {
  const w = cluster.maintenanceWindow;
  const [form, setForm] = useState<Form>(() => initialForm(cluster));
  const [teams, setTeams] = useState<Team[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    api<Team[]>('/api/teams').then(setTeams, () => undefined);
  }, []);
  const set = (key: keyof Form) => (e: Event) => {
    const input = e.currentTarget as HTMLInputElement;
    setSaved(false);
    setForm({ ...form, [key]: input.type === 'checkbox' ? input.checked : input.value });
  };

  const save = async (e: Event) => {
    e.preventDefault();
    try {
      await api(`/api/clusters/${encodeURIComponent(cluster.name)}`, {
        method: 'PATCH',
        body: {
          owner: form.owner,
          sla: { p99ReadMs: Number(form.p99ReadMs), p99WriteMs: Number(form.p99WriteMs), availability: Number(form.availability) },
          maintenanceWindow: form.hasWindow
            ? { day: form.day, start: form.start, durationMinutes: Number(form.duration), timeZone: form.timeZone }
            : null,
        },
      });
      setError(null);
      setSaved(true);
      onSaved();
    } catch (err) {
      setError(err);
      setSaved(false);
    }
  };

  const owners = teams.some((t) => t.name === form.owner) ? teams.map((t) => t.name) : [form.owner, ...teams.map((t) => t.name)];
  return (
    <section>
      <h2>SLA, owner and maintenance window</h2>
      <p class="muted" data-testid="sla">
        Now: p99 read {cluster.sla.p99ReadMs} ms, write {cluster.sla.p99WriteMs} ms, availability {cluster.sla.availability}% · window{' '}
        {w ? `${w.day} ${w.start} for ${w.durationMinutes} min (${w.timeZone})` : 'none'}
      </p>
      <form class="inline-form" onSubmit={save} data-testid="settings-form">
        <label>
          Owner{' '}
          <select value={form.owner} onChange={set('owner')} data-testid="settings-owner">
            {owners.map((o) => (
              <option key={o}>{o}</option>
            ))}
          </select>
        </label>
        <label>
          p99 read ms <input type="number" step="any" value={form.p99ReadMs} onInput={set('p99ReadMs')} data-testid="settings-p99-read" />
        </label>
        <label>
          p99 write ms{' '}
          <input type="number" step="any" value={form.p99WriteMs} onInput={set('p99WriteMs')} data-testid="settings-p99-write" />
        </label>
        <label>
          Availability %{' '}
          <input type="number" step="any" value={form.availability} onInput={set('availability')} data-testid="settings-availability" />
        </label>
        <label class="check">
          <input type="checkbox" checked={form.hasWindow} onChange={set('hasWindow')} data-testid="settings-has-window" /> Window
        </label>
        <label>
          Day{' '}
          <select value={form.day} disabled={!form.hasWindow} onChange={set('day')}>
            {days.map((d) => (
              <option key={d}>{d}</option>
            ))}
          </select>
        </label>
        <label>
          Start <input value={form.start} disabled={!form.hasWindow} onInput={set('start')} placeholder="HH:MM" />
        </label>
        <label>
          Minutes <input type="number" value={form.duration} disabled={!form.hasWindow} onInput={set('duration')} />
        </label>
        <label>
          Time zone <input value={form.timeZone} disabled={!form.hasWindow} onInput={set('timeZone')} />
        </label>
        <button type="submit" data-testid="settings-save">
          Save
        </button>{' '}
        {saved ? (
          <span class="muted" data-testid="settings-saved">
            saved
          </span>
        ) : null}
      </form>
      <ErrorNote error={error} testId="settings-error" />
    </section>
  );
}

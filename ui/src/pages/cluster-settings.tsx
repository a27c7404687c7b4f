import { useState } from 'preact/hooks';
import { api } from '../api';
import type { Cluster } from '../types';
import { ErrorNote } from '../components/status';

const days = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

/** SLA, owner and weekly maintenance window, editable in place (PATCH). */
export function ClusterSettings({ cluster, onSaved }: { cluster: Cluster; onSaved: () => void }) {
  const w = cluster.maintenanceWindow;
  const [form, setForm] = useState({
    owner: cluster.owner.name, p99ReadMs: String(cluster.sla.p99ReadMs), p99WriteMs: String(cluster.sla.p99WriteMs),
    availability: String(cluster.sla.availability), day: w?.day ?? 'sun', start: w?.start ?? '03:00',
    duration: String(w?.durationMinutes ?? 120), timeZone: w?.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone,
  });
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const set = (key: keyof typeof form) => (e: Event) => setForm({ ...form, [key]: (e.currentTarget as HTMLInputElement).value });

  const save = async (e: Event) => {
    e.preventDefault();
    try {
      await api(`/api/clusters/${cluster.name}`, {
        method: 'PATCH',
        body: {
          owner: form.owner,
          sla: { p99ReadMs: Number(form.p99ReadMs), p99WriteMs: Number(form.p99WriteMs), availability: Number(form.availability) },
          maintenanceWindow: { day: form.day, start: form.start, durationMinutes: Number(form.duration), timeZone: form.timeZone },
        },
      });
      setError(null);
      setSaved(true);
      onSaved();
    } catch (err) {
      setError((err as Error).message);
      setSaved(false);
    }
  };

  return (
    <section>
      <h2>SLA, owner and maintenance window</h2>
      <p class="muted">
        Now: p99 read {cluster.sla.p99ReadMs} ms, write {cluster.sla.p99WriteMs} ms, availability {cluster.sla.availability}% ·
        window {w ? `${w.day} ${w.start} for ${w.durationMinutes} min (${w.timeZone})` : 'none'}
      </p>
      <form class="inline-form" onSubmit={save} data-testid="settings-form">
        <label>Owner <input value={form.owner} onInput={set('owner')} /></label>
        <label>p99 read ms <input type="number" value={form.p99ReadMs} onInput={set('p99ReadMs')} /></label>
        <label>p99 write ms <input type="number" value={form.p99WriteMs} onInput={set('p99WriteMs')} /></label>
        <label>Availability % <input type="number" step="0.001" value={form.availability} onInput={set('availability')} /></label>
        <label>Day <select value={form.day} onChange={set('day')}>{days.map((d) => <option key={d}>{d}</option>)}</select></label>
        <label>Start <input value={form.start} onInput={set('start')} placeholder="HH:MM" /></label>
        <label>Minutes <input type="number" value={form.duration} onInput={set('duration')} /></label>
        <label>Time zone <input value={form.timeZone} onInput={set('timeZone')} /></label>
        <button type="submit">Save</button> {saved ? <span class="muted">saved</span> : null}
      </form>
      <ErrorNote error={error} testId="settings-error" />
    </section>
  );
}

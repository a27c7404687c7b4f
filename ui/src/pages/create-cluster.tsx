import { useEffect, useRef, useState } from 'preact/hooks';
import { api } from '../api';
import type { Engine, Region, Team } from '../types';
import { ErrorNote } from '../components/status';
import { Progress } from './create-progress';

interface Form {
  name: string;
  engine: string;
  owner: string;
  size: string;
  regions: string[];
  environment: string;
  version: string;
}

export function CreateCluster() {
  const [engines, setEngines] = useState<Engine[]>([]);
  const [regions, setRegions] = useState<Region[]>([]);
  const [teams, setTeams] = useState<Team[]>([]);
  const [form, setForm] = useState<Form>({ name: '', engine: 'redis', owner: '', size: '1', regions: [], environment: 'test', version: '' });
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [created, setCreated] = useState<{ name: string; operationId: string } | null>(null);
  // One key per submission of this form's content: a retried click cannot create two clusters.
  const idempotency = useRef<{ body: string; key: string } | null>(null);

  useEffect(() => {
    void api<Engine[]>('/api/engines').then(setEngines);
    void api<Region[]>('/api/regions').then(setRegions);
    void api<Team[]>('/api/teams').then((t) => {
      setTeams(t);
      setForm((f) => ({ ...f, owner: f.owner || t[0]?.name || '' }));
    });
  }, []);

  const update = (patch: Partial<Form>) => setForm({ ...form, ...patch });
  const engine = engines.find((e) => e.name === form.engine);

  const submit = async (e: Event) => {
    e.preventDefault();
    const body = {
      name: form.name, engine: form.engine, owner: form.owner, expectedDataGb: Number(form.size), regions: form.regions,
      environment: form.environment, ...(form.version ? { version: form.version } : {}),
    };
    const text = JSON.stringify(body);
    if (idempotency.current?.body !== text) idempotency.current = { body: text, key: crypto.randomUUID() };
    setBusy(true);
    try {
      const result = await api<{ cluster: { name: string }; operation: { id: string } }>('/api/clusters', {
        method: 'POST', body, headers: { 'idempotency-key': idempotency.current.key },
      });
      setError(null);
      setCreated({ name: result.cluster.name, operationId: result.operation.id });
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };

  if (created) return <Progress name={created.name} operationId={created.operationId} />;
  return (
    <main class="narrow">
      <h1>New cluster</h1>
      <p class="muted">Give a name, an owner, the data you expect and where; version, node count, instance type and settings follow best practice for the engine.</p>
      <form class="form" onSubmit={submit} data-testid="create-form">
        <label>Name <input value={form.name} onInput={(e) => update({ name: e.currentTarget.value })} placeholder="orders-cache" data-testid="field-name" /></label>
        <label>Engine
          <select value={form.engine} onChange={(e) => update({ engine: e.currentTarget.value, regions: [], version: '' })} data-testid="field-engine">
            {engines.map((en) => <option key={en.name} value={en.name}>{en.displayName}</option>)}
          </select>
        </label>
        <label>Owner team
          <select value={form.owner} onChange={(e) => update({ owner: e.currentTarget.value })} data-testid="field-owner">
            {teams.map((t) => <option key={t.id} value={t.name}>{t.name}</option>)}
          </select>
        </label>
        <label>Expected data (GB) <input type="number" min="0" step="any" value={form.size} onInput={(e) => update({ size: e.currentTarget.value })} data-testid="field-size" /></label>
        <fieldset>
          <legend>Regions</legend>
          {regions.map((r) => {
            const supported = r.engines.includes(form.engine);
            return (
              <label key={r.name} class={supported ? '' : 'muted'}>
                <input type="checkbox" disabled={!supported} checked={form.regions.includes(r.name)} data-testid={`region-${r.name}`}
                  onChange={(e) => update({ regions: e.currentTarget.checked ? [...form.regions, r.name] : form.regions.filter((x) => x !== r.name) })} />
                {' '}{r.name} {r.simulated ? <span class="badge">simulated</span> : <span class="badge badge-real">real processes</span>}
                {supported ? null : <span class="muted"> — cannot run {form.engine}</span>}
              </label>
            );
          })}
        </fieldset>
        <label>Environment
          <select value={form.environment} onChange={(e) => update({ environment: e.currentTarget.value })} data-testid="field-environment">
            <option value="test">test</option>
            <option value="prod">prod</option>
          </select>
        </label>
        <label>Version (optional)
          <select value={form.version} onChange={(e) => update({ version: e.currentTarget.value })} data-testid="field-version">
            <option value="">recommended{engine ? ` (${engine.recommended})` : ''}</option>
            {engine?.versions.map((v) => <option key={v.version} value={v.version}>{v.version}</option>)}
          </select>
        </label>
        <ErrorNote error={error} testId="form-error" />
        <button type="submit" disabled={busy} data-testid="submit">{busy ? 'Requesting…' : 'Request cluster'}</button>
      </form>
    </main>
  );
}

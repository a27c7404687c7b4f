import { useEffect, useRef, useState } from 'preact/hooks';
import { api } from '../api';
import type { Engine, Region, Team } from '../types';
import { ErrorNote } from '../components/error-note';
import { Progress } from './create-progress';
import { RegionPicker } from './region-picker';
import { environmentChoices, SelectField } from '../components/select-field';

interface Form {
  name: string;
  engine: string;
  owner: string;
  size: string;
  regions: string[];
  environment: string;
  version: string;
}

// The server's rule, repeated only to hint while typing; the server's answer is what counts.
const dnsSafeName = /^[a-z][a-z0-9-]{1,38}[a-z0-9]$/;

/** Request a cluster with the minimum a team knows; the engine adapter picks version, size and settings. */
export function CreateCluster() {
  const [engines, setEngines] = useState<Engine[]>([]);
  const [regions, setRegions] = useState<Region[]>([]);
  const [teams, setTeams] = useState<Team[]>([]);
  const [form, setForm] = useState<Form>({
    name: '',
    engine: 'redis',
    owner: '',
    size: '1',
    regions: [],
    environment: 'test',
    version: '',
  });
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [created, setCreated] = useState<{ name: string; operationId: string } | null>(null);
  // One key per submission of this form's content: a retried click cannot create two clusters.
  const idempotency = useRef<{ body: string; key: string } | null>(null);

  useEffect(() => {
    api<Engine[]>('/api/engines').then(setEngines, setError);
    // Only regions whose provider creates nodes: servers elsewhere are adopted (#/adopt), not created.
    api<Region[]>('/api/regions').then((all) => setRegions(all.filter((r) => r.capabilities.includes('createsNodes'))), setError);
    Promise.all([api<Team[]>('/api/teams'), api<{ team: { name: string } }>('/api/me')]).then(([t, me]) => {
      setTeams(t);
      setForm((f) => ({ ...f, owner: f.owner || me.team.name }));
    }, setError);
  }, []);

  const update = (patch: Partial<Form>) => setForm({ ...form, ...patch });
  const engine = engines.find((e) => e.name === form.engine);
  // Keep the chosen regions that can run the new engine; the version list is the engine's own.
  const changeEngine = (name: string) => {
    const runs = (region: string) => regions.some((r) => r.name === region && r.engines.includes(name));
    update({ engine: name, regions: form.regions.filter(runs), version: name === form.engine ? form.version : '' });
  };
  const nameHint = form.name && !dnsSafeName.test(form.name);

  const submit = async (e: Event) => {
    e.preventDefault();
    const body = {
      name: form.name,
      engine: form.engine,
      owner: form.owner,
      expectedDataGb: Number(form.size),
      regions: form.regions,
      environment: form.environment,
      ...(form.version ? { version: form.version } : {}),
    };
    const text = JSON.stringify(body);
    if (idempotency.current?.body !== text) idempotency.current = { body: text, key: crypto.randomUUID() };
    setBusy(true);
    try {
      const result = await api<{ cluster: { name: string }; operation: { id: string } }>('/api/clusters', {
        method: 'POST',
        body,
        headers: { 'idempotency-key': idempotency.current.key },
      });
      setError(null);
      setCreated({ name: result.cluster.name, operationId: result.operation.id });
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  if (created) return <Progress name={created.name} operationId={created.operationId} />;
  return (
    <main class="wide-form">
      <h1>New cluster</h1>
      <p class="muted">
        Give a name, an owner, the data you expect and where; version, node count, instance type and settings follow best practice for the
        engine. A cluster that already runs elsewhere is{' '}
        <a href="#/adopt" data-testid="adopt-link">
          adopted
        </a>{' '}
        instead.
      </p>
      <div class="form-with-errors">
        <form class="form" onSubmit={submit} data-testid="create-form">
          <label>
            Name{' '}
            <input
              value={form.name}
              onInput={(e) => update({ name: e.currentTarget.value })}
              placeholder="orders-cache"
              autoComplete="off"
              data-testid="field-name"
            />
            <span class={nameHint ? 'hint warn' : 'hint'}>
              3–40 lowercase letters, digits or dashes; starts with a letter, does not end with a dash.
            </span>
          </label>
          <SelectField
            label="Engine"
            value={form.engine}
            choices={engines.map((en) => ({ value: en.name, label: en.displayName }))}
            onChange={changeEngine}
            testId="field-engine"
          />
          <SelectField
            label="Owner team"
            value={form.owner}
            choices={teams.map((t) => ({ value: t.name, label: t.name }))}
            onChange={(owner) => update({ owner })}
            testId="field-owner"
          />
          <label>
            Expected data (GB){' '}
            <input
              type="number"
              min="0"
              step="any"
              value={form.size}
              onInput={(e) => update({ size: e.currentTarget.value })}
              data-testid="field-size"
            />
          </label>
          <RegionPicker regions={regions} engine={form.engine} chosen={form.regions} onChange={(chosen) => update({ regions: chosen })} />
          <SelectField
            label="Environment"
            value={form.environment}
            choices={environmentChoices('test')}
            onChange={(environment) => update({ environment })}
            testId="field-environment"
          />
          <label>
            Version (optional)
            <select value={form.version} onChange={(e) => update({ version: e.currentTarget.value })} data-testid="field-version">
              <option value="">recommended{engine ? ` (${engine.recommended})` : ''}</option>
              {engine?.versions.map((v) => (
                <option key={v.version} value={v.version}>
                  {v.version}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" disabled={busy} data-testid="submit">
            {busy ? 'Requesting…' : 'Request cluster'}
          </button>
        </form>
        <ErrorNote error={error} testId="form-error" />
      </div>
    </main>
  );
}

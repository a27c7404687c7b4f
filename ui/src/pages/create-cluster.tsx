import { useEffect, useRef, useState } from 'preact/hooks';
import { api } from '../api';
import type { Engine, Region, Team } from '../types';
import { ErrorNote } from '../components/error-note';
import { FieldError } from '../components/field-error';
import { Progress } from './create-progress';
import { RegionPicker } from './region-picker';
import { environmentChoices, SelectField } from '../components/select-field';
import { CreatePreview } from './create-preview';
import { useDryRun } from '../dry-run';
import type { ClusterPreviewJson } from '../../../services/api/schemas/cluster';
import {
  bodyOf,
  checkDraft,
  createFieldErrorsOf,
  NAME_RULE,
  versionChoicesOf,
  type CreateDraft,
  type CreateField,
  type FieldErrors,
} from './create-cluster-checks';

/** Request a cluster with the minimum a team knows; the engine adapter picks version, size and settings, shown before submitting. */
export function CreateCluster() {
  const [engines, setEngines] = useState<Engine[]>([]);
  const [regions, setRegions] = useState<Region[]>([]);
  const [teams, setTeams] = useState<Team[]>([]);
  const [form, setForm] = useState<CreateDraft>({
    name: '',
    engine: 'redis',
    owner: '',
    size: '1',
    regions: [],
    environment: 'test',
    version: '',
    synchronous: false,
  });
  const [touched, setTouched] = useState<Set<CreateField>>(new Set());
  const [submitted, setSubmitted] = useState(false);
  const [refusal, setRefusal] = useState<{ fields: FieldErrors; rest: unknown }>({ fields: {}, rest: null });
  const [loadError, setLoadError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [created, setCreated] = useState<{ name: string; operationId: string } | null>(null);
  // One key per submission of this form's content: a retried click cannot create two clusters.
  const idempotency = useRef<{ body: string; key: string } | null>(null);

  useEffect(() => {
    api<Engine[]>('/api/engines').then(setEngines, setLoadError);
    // Only regions whose provider creates nodes: servers elsewhere are adopted (#/adopt), not created.
    api<Region[]>('/api/regions').then((all) => setRegions(all.filter((r) => r.capabilities.includes('createsNodes'))), setLoadError);
    Promise.all([api<Team[]>('/api/teams'), api<{ team: { name: string } }>('/api/me')]).then(([t, me]) => {
      setTeams(t);
      setForm((f) => ({ ...f, owner: f.owner || me.team.name }));
    }, setLoadError);
  }, []);

  const engine = engines.find((e) => e.name === form.engine);
  const choices = versionChoicesOf(regions, form.regions, form.engine);
  const update = (patch: Partial<CreateDraft>, field: CreateField) => {
    const next = { ...form, ...patch };
    // A version the new regions (or engine) cannot run is dropped: the server would refuse it.
    const runnable = versionChoicesOf(regions, next.regions, next.engine)?.versions;
    if (next.version && (field === 'engine' || (runnable && !runnable.includes(next.version)))) next.version = '';
    if (field === 'engine') next.synchronous = false;
    setForm(next);
    setTouched(new Set(touched).add(field));
    setRefusal({ fields: {}, rest: null });
  };
  // Keep the chosen regions that can run the new engine.
  const changeEngine = (name: string) => {
    const runs = (region: string) => regions.some((r) => r.name === region && r.engines.includes(name));
    update({ engine: name, regions: form.regions.filter(runs) }, 'engine');
  };

  const local = checkDraft(form, choices?.versions ?? null);
  const previewable = !local.owner && !local.size && !local.regions && !local.version;
  // Once submitted, no preview is asked any more: a preview still pending would find the name taken.
  const { answer: preview, problem } = useDryRun<ClusterPreviewJson>(
    '/api/clusters/preview',
    previewable && !busy && !created ? bodyOf(local.name ? { ...form, name: '' } : form) : null,
  );
  const previewed = createFieldErrorsOf(previewable ? problem : null).fields;
  const shown = (field: CreateField) => touched.has(field) || submitted;
  const errors: FieldErrors = {};
  for (const field of Object.keys(labelsOrder) as CreateField[]) {
    const message = (shown(field) ? local[field] : undefined) ?? previewed[field] ?? refusal.fields[field];
    if (message) errors[field] = message;
  }

  const submit = async (e: Event) => {
    e.preventDefault();
    setSubmitted(true);
    if (Object.keys(local).length > 0) return;
    const body = bodyOf(form);
    const text = JSON.stringify(body);
    if (idempotency.current?.body !== text) idempotency.current = { body: text, key: crypto.randomUUID() };
    setBusy(true);
    try {
      const result = await api<{ cluster: { name: string }; operation: { id: string } }>('/api/clusters', {
        method: 'POST',
        body,
        headers: { 'idempotency-key': idempotency.current.key },
      });
      setRefusal({ fields: {}, rest: null });
      setCreated({ name: result.cluster.name, operationId: result.operation.id });
    } catch (err) {
      setRefusal(createFieldErrorsOf(err));
    } finally {
      setBusy(false);
    }
  };

  if (created) return <Progress name={created.name} operationId={created.operationId} />;
  const recommended = choices
    ? choices.defaultVersion
      ? `recommended for ${form.regions[0]} (${choices.defaultVersion})`
      : 'none runs in the chosen regions'
    : `recommended${engine ? ` (${engine.recommended}, where the region runs it)` : ''}`;
  const invalid = (field: CreateField) => (errors[field] ? 'invalid' : undefined);
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
        <form class="form" onSubmit={submit} data-testid="create-form" noValidate>
          <label class={invalid('name')}>
            Name{' '}
            <input
              value={form.name}
              onInput={(e) => update({ name: e.currentTarget.value }, 'name')}
              placeholder="orders-cache"
              autoComplete="off"
              aria-invalid={Boolean(errors.name)}
              data-testid="field-name"
            />
            {errors.name ? <FieldError field="name" errors={errors} /> : <span class="hint">{NAME_RULE}</span>}
          </label>
          <SelectField
            label="Engine"
            value={form.engine}
            choices={engines.map((en) => ({ value: en.name, label: en.displayName }))}
            onChange={changeEngine}
            testId="field-engine"
          />
          <FieldError field="engine" errors={errors} />
          <SelectField
            label="Owner team"
            value={form.owner}
            choices={teams.map((t) => ({ value: t.name, label: t.name }))}
            onChange={(owner) => update({ owner }, 'owner')}
            testId="field-owner"
          />
          <FieldError field="owner" errors={errors} />
          <label class={invalid('size')}>
            Expected data (GB){' '}
            <input
              type="number"
              min="0"
              step="any"
              value={form.size}
              onInput={(e) => update({ size: e.currentTarget.value }, 'size')}
              aria-invalid={Boolean(errors.size)}
              data-testid="field-size"
            />
            <FieldError field="size" errors={errors} />
          </label>
          <RegionPicker
            regions={regions}
            engine={form.engine}
            chosen={form.regions}
            onChange={(chosen) => update({ regions: chosen }, 'regions')}
          />
          <FieldError field="regions" errors={errors} />
          <SelectField
            label="Environment"
            value={form.environment}
            choices={environmentChoices('test')}
            onChange={(environment) => update({ environment }, 'environment')}
            testId="field-environment"
          />
          <FieldError field="environment" errors={errors} />
          <label class={invalid('version')}>
            Version (optional)
            <select
              value={form.version}
              onChange={(e) => update({ version: e.currentTarget.value }, 'version')}
              data-testid="field-version"
            >
              <option value="">{recommended}</option>
              {(choices ? choices.versions : (engine?.versions.map((v) => v.version) ?? [])).map((v) => (
                <option key={v} value={v}>
                  {v}
                </option>
              ))}
            </select>
            <FieldError field="version" errors={errors} />
          </label>
          {engine?.synchronousReplication ? (
            <label class={invalid('synchronous')}>
              <input
                type="checkbox"
                checked={form.synchronous}
                onChange={(e) => update({ synchronous: e.currentTarget.checked }, 'synchronous')}
                data-testid="field-synchronous"
              />{' '}
              Synchronous replication
              <span class="hint">
                Every commit waits until a replica holds it: a failover loses no acknowledged write, each write takes a little longer.
              </span>
              <FieldError field="synchronous" errors={errors} />
            </label>
          ) : null}
          <button type="submit" disabled={busy} data-testid="submit">
            {busy ? 'Requesting…' : 'Request cluster'}
          </button>
          <ErrorNote error={refusal.rest ?? loadError} testId="form-error" />
        </form>
        <CreatePreview preview={preview} />
      </div>
    </main>
  );
}

/** The fields in the form's order, for placing errors. */
const labelsOrder: Record<CreateField, true> = {
  name: true,
  engine: true,
  owner: true,
  size: true,
  regions: true,
  environment: true,
  version: true,
  synchronous: true,
};

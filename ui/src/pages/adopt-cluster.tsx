import { useEffect, useState } from 'preact/hooks';
import { api } from '../api';
import type { Engine, Region, Team } from '../types';
import { ErrorNote } from '../components/error-note';
import { environmentChoices, SelectField } from '../components/select-field';

interface Form {
  name: string;
  engine: string;
  owner: string;
  region: string;
  endpoints: string;
  username: string;
  password: string;
  environment: string;
}

/** One server per line: host:port, or host:port:role where the role matters (primary, replica). */
function parseEndpoints(text: string): Array<{ host: string; port: number; role?: string }> {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .map((line) => {
      const [, host = line, port = '', role] = /^(\[[^\]]+\]|[^:]+):([^:]*)(?::(.*))?$/.exec(line) ?? [];
      // Sent as typed: the server's schema says precisely what is wrong with a line.
      return { host: host.replace(/^\[|\]$/g, ''), port: Number(port), ...(role ? { role } : {}) };
    });
}

/**
 * Adopt a cluster that already runs elsewhere (platform team): its servers are probed with the
 * credentials, then it is inventoried, health-streamed, benchmarked and forecast like any other.
 * Only regions whose provider adopts servers are offered.
 */
export function AdoptCluster() {
  const [engines, setEngines] = useState<Engine[]>([]);
  const [regions, setRegions] = useState<Region[]>([]);
  const [teams, setTeams] = useState<Team[]>([]);
  const [form, setForm] = useState<Form>({
    name: '',
    engine: 'redis',
    owner: '',
    region: '',
    endpoints: '',
    username: '',
    password: '',
    environment: 'prod',
  });
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [adopted, setAdopted] = useState<string | null>(null);

  useEffect(() => {
    api<Engine[]>('/api/engines').then(setEngines, setError);
    api<Region[]>('/api/regions').then((all) => {
      const adopting = all.filter((r) => r.capabilities.includes('adoptsNodes'));
      setRegions(adopting);
      setForm((f) => ({ ...f, region: f.region || adopting[0]?.name || '' }));
    }, setError);
    Promise.all([api<Team[]>('/api/teams'), api<{ team: { name: string } }>('/api/me')]).then(([t, me]) => {
      setTeams(t);
      setForm((f) => ({ ...f, owner: f.owner || me.team.name }));
    }, setError);
  }, []);

  const update = (patch: Partial<Form>) => setForm({ ...form, ...patch });

  const submit = async (e: Event) => {
    e.preventDefault();
    const body = {
      name: form.name,
      engine: form.engine,
      owner: form.owner,
      region: form.region,
      environment: form.environment,
      endpoints: parseEndpoints(form.endpoints),
      credentials: { ...(form.username ? { username: form.username } : {}), password: form.password },
    };
    setBusy(true);
    try {
      const result = await api<{ cluster: { name: string } }>('/api/clusters/adopt', { method: 'POST', body });
      setError(null);
      setAdopted(result.cluster.name);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  if (adopted) {
    return (
      <main class="wide-form" data-testid="adopted">
        <h1>Adopted {adopted}</h1>
        <p>Its servers answered; health, metrics and benchmarks start now. Datafleet will not create, change or destroy its servers.</p>
        <p>
          <a href={`#/clusters/${encodeURIComponent(adopted)}`}>Open {adopted}</a>
        </p>
      </main>
    );
  }
  const admin = engines.find((en) => en.name === form.engine);
  return (
    <main class="wide-form">
      <h1>Adopt a running cluster</h1>
      <p class="muted">
        For a cluster that already runs elsewhere (platform team only). Nothing on its servers changes; Datafleet refuses what it cannot do
        there (create, replace or destroy nodes, change versions), and decommissioning only forgets it.
      </p>
      <div class="form-with-errors">
        <form class="form" onSubmit={submit} data-testid="adopt-form">
          <label>
            Name{' '}
            <input
              value={form.name}
              onInput={(e) => update({ name: e.currentTarget.value })}
              placeholder="legacy-cache"
              autoComplete="off"
              data-testid="adopt-name"
            />
          </label>
          <SelectField
            label="Engine"
            value={form.engine}
            choices={engines.map((en) => ({ value: en.name, label: en.displayName }))}
            onChange={(engine) => update({ engine })}
            testId="adopt-engine"
          />
          <SelectField
            label="Owner team"
            value={form.owner}
            choices={teams.map((t) => ({ value: t.name, label: t.name }))}
            onChange={(owner) => update({ owner })}
            testId="adopt-owner"
          />
          <SelectField
            label="Region"
            value={form.region}
            choices={regions.map((r) => ({ value: r.name, label: r.description ? `${r.name} — ${r.description}` : r.name }))}
            onChange={(region) => update({ region })}
            testId="adopt-region"
          />
          <label>
            Endpoints{' '}
            <textarea
              rows={3}
              value={form.endpoints}
              onInput={(e) => update({ endpoints: e.currentTarget.value })}
              placeholder={'10.0.0.5:6379:primary\n10.0.0.6:6379:replica'}
              data-testid="adopt-endpoints"
            />
            <span class="hint">One server per line: host:port, with :primary or :replica where it matters.</span>
          </label>
          <label>
            Login (optional){' '}
            <input
              value={form.username}
              onInput={(e) => update({ username: e.currentTarget.value })}
              placeholder={admin ? `Datafleet logs in as its admin user for ${admin.displayName}` : ''}
              autoComplete="off"
              data-testid="adopt-username"
            />
          </label>
          <label>
            Password{' '}
            <input
              type="password"
              value={form.password}
              onInput={(e) => update({ password: e.currentTarget.value })}
              autoComplete="new-password"
              data-testid="adopt-password"
            />
            <span class="hint">Sealed at rest; never shown again.</span>
          </label>
          <SelectField
            label="Environment"
            value={form.environment}
            choices={environmentChoices('prod')}
            onChange={(environment) => update({ environment })}
            testId="adopt-environment"
          />
          <button type="submit" disabled={busy || regions.length === 0} data-testid="adopt-submit">
            {busy ? 'Adopting…' : 'Adopt cluster'}
          </button>
        </form>
        <ErrorNote error={error} testId="adopt-error" />
      </div>
    </main>
  );
}

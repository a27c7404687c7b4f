import { useEffect, useState } from 'preact/hooks';
import { api } from '../api';
import type { Cluster } from '../types';
import { ErrorNote } from '../components/error-note';
import { usdPerMonthChange } from '../format';

type Value = string | number | boolean;

interface Parameter {
  name: string;
  type: 'enum' | 'integer' | 'boolean';
  values?: string[];
  min?: number;
  max?: number;
  unit?: string;
  applies: 'live' | 'restart';
  current: Value;
  description: string;
}

interface Preview {
  changes: Array<{ name: string; from: Value; to: Value; unit: string | null; applies: string }>;
  applies: string;
  notBefore: string | null;
  monthlyCostUsd: { before: number; after: number; difference: number };
}

const typed = (p: Parameter | undefined, text: string): Value =>
  p?.type === 'integer' && /^-?\d+$/.test(text.trim()) ? Number(text) : p?.type === 'boolean' ? text === 'true' : text;

/**
 * The engine's parameters (type, range, live or restart, current value): pick one, preview the diff
 * with when it would start and its cost, then apply it as an operation (held until the maintenance
 * window unless urgent).
 */
export function ClusterParameters({ cluster, onChanged }: { cluster: Cluster; onChanged: () => void }) {
  const [params, setParams] = useState<Parameter[] | null>(null);
  const [name, setName] = useState('');
  const [value, setValue] = useState('');
  const [urgent, setUrgent] = useState(false);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [requested, setRequested] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const path = `/api/clusters/${encodeURIComponent(cluster.name)}/settings`;

  useEffect(() => {
    api<Parameter[]>(path).then(
      (list) => {
        setParams(list);
        setName((n) => n || (list[0]?.name ?? ''));
      },
      () => setParams([]),
    );
  }, [path, requested]);

  if (!params || params.length === 0 || cluster.status !== 'ACTIVE') return null;
  const chosen = params.find((p) => p.name === name);
  const body = () => ({ settings: { [name]: typed(chosen, value) }, ...(urgent ? { urgent: true } : {}) });

  const ask = async (e: Event) => {
    e.preventDefault();
    try {
      setPreview((await api<{ preview: Preview }>(`${path}?dryRun=true`, { method: 'POST', body: body() })).preview);
      setRequested(null);
      setError(null);
    } catch (err) {
      setPreview(null);
      setError(err);
    }
  };
  const apply = async () => {
    try {
      const answer = await api<{ operation: { id: string; status: string } }>(path, { method: 'POST', body: body() });
      setRequested(answer.operation.id);
      setPreview(null);
      setError(null);
      onChanged();
    } catch (err) {
      setError(err);
    }
  };

  return (
    <section data-testid="parameters">
      <h2>Engine parameters</h2>
      <form class="inline-form" onSubmit={ask} data-testid="parameters-form">
        <label>
          Parameter{' '}
          <select
            value={name}
            onChange={(e) => {
              setName((e.currentTarget as HTMLSelectElement).value);
              setPreview(null);
            }}
            data-testid="parameter-name"
          >
            {params.map((p) => (
              <option key={p.name} value={p.name}>
                {p.name}
              </option>
            ))}
          </select>
        </label>
        {chosen?.values ? (
          <select value={value} onChange={(e) => setValue((e.currentTarget as HTMLSelectElement).value)} data-testid="parameter-value">
            <option value="">choose…</option>
            {chosen.values.map((v) => (
              <option key={v}>{v}</option>
            ))}
          </select>
        ) : (
          <input value={value} onInput={(e) => setValue((e.currentTarget as HTMLInputElement).value)} data-testid="parameter-value" />
        )}
        <label class="check">
          <input type="checkbox" checked={urgent} onChange={(e) => setUrgent((e.currentTarget as HTMLInputElement).checked)} /> Urgent
        </label>
        <button type="submit" data-testid="parameter-preview">
          Preview
        </button>
      </form>
      {chosen ? (
        <p class="muted" data-testid="parameter-help">
          {chosen.description}; now {String(chosen.current)}
          {chosen.unit ? ` ${chosen.unit}` : ''}; {chosen.values ? chosen.values.join(' | ') : `${chosen.min}…${chosen.max}`}; applied{' '}
          {chosen.applies === 'live' ? 'live' : 'by rolling restart'}
        </p>
      ) : null}
      {preview ? (
        <div data-testid="parameter-diff">
          <table>
            <thead>
              <tr>
                <th>parameter</th>
                <th>now</th>
                <th>after</th>
                <th>applied</th>
              </tr>
            </thead>
            <tbody>
              {preview.changes.map((c) => (
                <tr key={c.name}>
                  <td>{c.name}</td>
                  <td>{String(c.from)}</td>
                  <td>
                    {String(c.to)}
                    {c.unit ? ` ${c.unit}` : ''}
                  </td>
                  <td>{c.applies}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p class="muted">
            {preview.applies === 'live' ? 'Live, no restart' : 'Rolling restart, replicas first'} ·{' '}
            {preview.notBefore ? `starts in the maintenance window at ${preview.notBefore}` : 'starts now'} · monthly cost{' '}
            {preview.monthlyCostUsd.difference === 0 ? 'unchanged' : usdPerMonthChange(preview.monthlyCostUsd.difference)}
          </p>
          <button type="button" onClick={apply} data-testid="parameter-apply">
            Apply
          </button>
        </div>
      ) : null}
      {requested ? (
        <p class="muted" data-testid="parameter-requested">
          change requested: operation {requested}
        </p>
      ) : null}
      <ErrorNote error={error} testId="parameter-error" />
    </section>
  );
}

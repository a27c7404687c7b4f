import { useEffect, useState } from 'preact/hooks';
import { api } from '../api';
import type { Cluster } from '../types';
import { ErrorNote } from '../components/error-note';
import { usdPerMonth, usdPerMonthChange } from '../format';

interface Preview {
  nodes?: { before: number; after: number };
  leaving?: Array<{ name: string; zone: string }>;
  instanceType?: { before: string; after: string };
  order?: Array<{ name: string; role: string }>;
  capacityGb: { before: number; after: number };
  dataGb: number;
  notBefore: string | null;
  monthlyCostUsd: { before: number; after: number; difference: number };
}

/** What is being previewed: the request's route and body, kept so Apply sends exactly what was previewed. */
interface Asked {
  route: 'scale' | 'resize';
  body: Record<string, unknown>;
}

/**
 * Scale out / in to a node count, or resize every node to another instance type: preview the
 * change (nodes, the nodes that would leave, capacity against the data held, when, monthly cost),
 * then apply it as an operation, held until the maintenance window unless urgent.
 */
export function ClusterScale({ cluster, onChanged }: { cluster: Cluster; onChanged: () => void }) {
  const [nodes, setNodes] = useState(String(cluster.nodeCount));
  const [instanceType, setInstanceType] = useState(cluster.instanceType);
  const [types, setTypes] = useState<string[]>([]);
  const [urgent, setUrgent] = useState(false);
  const [asked, setAsked] = useState<Asked | null>(null);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [requested, setRequested] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const base = `/api/clusters/${encodeURIComponent(cluster.name)}`;

  useEffect(() => {
    api<Array<{ name: string }>>('/api/instance-types').then(
      (list) => setTypes(list.map((t) => t.name)),
      () => setTypes([]),
    );
  }, []);

  if (cluster.status !== 'ACTIVE') return null;
  const ask = async (next: Asked) => {
    const body = { ...next.body, ...(urgent ? { urgent: true } : {}) };
    try {
      setPreview((await api<{ preview: Preview }>(`${base}/${next.route}?dryRun=true`, { method: 'POST', body })).preview);
      setAsked({ route: next.route, body });
      setRequested(null);
      setError(null);
    } catch (err) {
      setPreview(null);
      setError(err);
    }
  };
  const apply = async () => {
    if (!asked) return;
    try {
      const answer = await api<{ operation: { id: string } }>(`${base}/${asked.route}`, { method: 'POST', body: asked.body });
      setRequested(answer.operation.id);
      setPreview(null);
      setError(null);
      onChanged();
    } catch (err) {
      setError(err);
    }
  };
  const submit = (route: Asked['route']) => (e: Event) => {
    e.preventDefault();
    void ask(route === 'scale' ? { route, body: { nodes: Number(nodes) } } : { route, body: { instanceType } });
  };

  return (
    <section data-testid="scale">
      <h2>Scale &amp; resize</h2>
      <form class="inline-form" onSubmit={submit('scale')}>
        <label>
          Nodes{' '}
          <input
            type="number"
            min={1}
            value={nodes}
            onInput={(e) => setNodes((e.currentTarget as HTMLInputElement).value)}
            data-testid="scale-nodes"
          />
        </label>
        <button type="submit" data-testid="scale-preview">
          Preview scale
        </button>
      </form>
      <form class="inline-form" onSubmit={submit('resize')}>
        <label>
          Instance type{' '}
          <select
            value={instanceType}
            onChange={(e) => setInstanceType((e.currentTarget as HTMLSelectElement).value)}
            data-testid="resize-type"
          >
            {(types.length ? types : [cluster.instanceType]).map((t) => (
              <option key={t}>{t}</option>
            ))}
          </select>
        </label>
        <button type="submit" data-testid="resize-preview">
          Preview resize
        </button>
      </form>
      <label class="check">
        <input
          type="checkbox"
          checked={urgent}
          onChange={(e) => setUrgent((e.currentTarget as HTMLInputElement).checked)}
          data-testid="scale-urgent"
        />{' '}
        Urgent (now, not in the maintenance window)
      </label>
      {preview ? (
        <div data-testid="scale-diff">
          <ul>
            {preview.nodes ? (
              <li>
                nodes {preview.nodes.before} → {preview.nodes.after}
              </li>
            ) : null}
            {preview.leaving?.length ? <li>leaving, data moved first: {preview.leaving.map((n) => n.name).join(', ')}</li> : null}
            {preview.instanceType ? (
              <li>
                instance type {preview.instanceType.before} → {preview.instanceType.after}, one node at a time:{' '}
                {preview.order?.map((n) => `${n.name} (${n.role})`).join(', ')}
              </li>
            ) : null}
            <li>
              capacity {preview.capacityGb.before} → {preview.capacityGb.after} GB per region, holding {preview.dataGb} GB
            </li>
            <li>
              monthly cost {usdPerMonth(preview.monthlyCostUsd.before)} → {usdPerMonth(preview.monthlyCostUsd.after)} (
              {usdPerMonthChange(preview.monthlyCostUsd.difference)})
            </li>
            <li>{preview.notBefore ? `starts in the maintenance window at ${preview.notBefore}` : 'starts now'}</li>
          </ul>
          <button type="button" onClick={apply} data-testid="scale-apply">
            Apply
          </button>
        </div>
      ) : null}
      {requested ? (
        <p class="muted" data-testid="scale-requested">
          requested: operation {requested}
        </p>
      ) : null}
      <ErrorNote error={error} testId="scale-error" />
    </section>
  );
}

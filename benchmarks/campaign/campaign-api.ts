import type pg from 'pg';
import { sleep } from '../../services/core/clock';
import { cloneFleet } from './clone-fleet';
import type { ControlPlane } from './control-plane';
import { CLUSTERS, TEMPLATE } from './campaign-settings';

export async function api<T>(plane: ControlPlane, path: string, body?: unknown): Promise<{ status: number; json: T }> {
  const res = await fetch(`${plane.url}${path}`, {
    method: body ? 'POST' : 'GET',
    headers: { authorization: `Bearer ${plane.token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: res.status, json: (await res.json()) as T };
}

/** Provisions one simulated cluster through the API and copies it in PostgreSQL to the fleet's size. */
export async function seedFleet(plane: ControlPlane, pool: pg.Pool): Promise<{ version: string; nodes: number; ms: number }> {
  await api(plane, '/api/clusters', {
    name: TEMPLATE,
    engine: 'cassandra',
    owner: 'platform',
    environment: 'test',
    expectedDataGb: 30,
    regions: ['us-east-1'],
  });
  type Cluster = { id: string; status: string; version: string; nodeCount: number };
  let template = (await api<Cluster>(plane, `/api/clusters/${TEMPLATE}`)).json;
  while (template.status !== 'ACTIVE') {
    if (template.status === 'FAILED') throw new Error('the template cluster failed to provision');
    await sleep(200);
    template = (await api<Cluster>(plane, `/api/clusters/${TEMPLATE}`)).json;
  }
  const started = performance.now();
  await cloneFleet(pool, template.id, TEMPLATE, 'fleet', CLUSTERS - 1);
  return { version: template.version, nodes: template.nodeCount, ms: Math.round(performance.now() - started) };
}

/** Per-status counts of the campaign, from the API's campaign list (its counts are a GROUP BY, light on the server). */
export async function progress(plane: ControlPlane, id: string): Promise<{ status: string; counts: Record<string, number> }> {
  const { json } = await api<Array<{ id: string; status: string; counts: Record<string, number> }>>(plane, '/api/campaigns?limit=5');
  const mine = json.find((c) => c.id === id);
  if (!mine) throw new Error(`campaign ${id} is not listed`);
  return { status: mine.status, counts: mine.counts };
}

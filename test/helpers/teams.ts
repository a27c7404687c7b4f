import type { TestApp } from './app';

/** Creates a team (as the platform) and issues it a token; returns the token. */
export async function teamWithToken(app: TestApp, name: string, extra: Record<string, unknown> = {}): Promise<string> {
  const created = await app.api('/api/teams', { method: 'POST', json: { name, email: `${name}@example.com`, ...extra } });
  if (created.status !== 201) throw new Error(`creating team ${name}: ${created.status} ${await created.text()}`);
  const issued = await app.api(`/api/teams/${name}/tokens`, { method: 'POST', json: { name: `${name}-ci` } });
  if (issued.status !== 201) throw new Error(`issuing a token for ${name}: ${issued.status} ${await issued.text()}`);
  return ((await issued.json()) as { token: string }).token;
}

/** Requests a small simulated cluster owned by `owner`, as the platform. */
export async function clusterOf(app: TestApp, name: string, owner: string): Promise<{ id: string; operationId: string }> {
  const res = await app.api('/api/clusters', {
    method: 'POST',
    json: { name, engine: 'redis', owner, expectedDataGb: 5, regions: ['us-east-1'], environment: 'test' },
  });
  if (res.status !== 202) throw new Error(`creating cluster ${name}: ${res.status} ${await res.text()}`);
  const body = (await res.json()) as { cluster: { id: string }; operation: { id: string } };
  return { id: body.cluster.id, operationId: body.operation.id };
}

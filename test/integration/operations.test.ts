import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startTestApp, type TestApp } from '../helpers/app';
import { Priorities } from '../../services/infra/queues/priorities';

let app: TestApp;
beforeAll(async () => {
  // Slow simulated boots (20-60 s) keep the provision running long enough to act on it.
  app = await startTestApp({ config: { simulatorTimeScale: 3 } });
});
afterAll(async () => {
  await app?.stop();
});

type Op = {
  id: string;
  status: string;
  startedAt: string | null;
  finishedAt: string | null;
  steps: Array<{ name: string; status: string }>;
};
const getOp = async (id: string) => (await (await app.api(`/api/operations/${id}`)).json()) as Op;

describe('operations on one cluster', () => {
  it('queue in order behind the running one, cancel safely, and carry explicit priorities', async () => {
    const created = (await (
      await app.api('/api/clusters', {
        method: 'POST',
        json: { name: 'queued-store', engine: 'elasticsearch', owner: 'platform', expectedDataGb: 200, regions: ['us-east-1'] },
      })
    ).json()) as { operation: Op; cluster: { id: string } };
    const job = await app.ctx.queue.queue.getJob(created.operation.id);
    expect(job?.opts.priority).toBe(Priorities.provision);

    // A decommission requested meanwhile waits for the provision: one mutating operation at a time.
    const deletion = (await (await app.api('/api/clusters/queued-store', { method: 'DELETE' })).json()) as { operation: Op };
    await eventually(
      async () => (await getOp(created.operation.id)).steps.find((s) => s.name === 'wait-for-nodes')?.status === 'waiting',
      30_000,
    );
    expect((await getOp(deletion.operation.id)).status).toBe('pending');

    // Cancelling the waiting decommission is immediate; cancelling the provision undoes it.
    expect(
      (await (
        await app.api(`/api/operations/${deletion.operation.id}/cancel`, { method: 'POST', json: { reason: 'changed my mind' } })
      ).json()) as Op,
    ).toMatchObject({ status: 'cancelled' });
    const cancel = await app.api(`/api/operations/${created.operation.id}/cancel`, { method: 'POST' });
    expect(cancel.status).toBe(200);
    await eventually(async () => (await getOp(created.operation.id)).status === 'cancelled', 30_000);
    const cluster = (await (await app.api('/api/clusters/queued-store')).json()) as {
      status: string;
      statusReason: string;
      nodes: unknown[];
    };
    expect(cluster.status).toBe('FAILED');
    expect(cluster.statusReason).toMatch(/cancelled/);
    expect(cluster.nodes).toHaveLength(0);
    const simulated = await app.ctx.providers.forRegion('us-east-1').listNodes({ clusterId: created.cluster.id });
    expect(simulated.filter((n) => n.state !== 'terminated')).toHaveLength(0);

    // A finished operation cannot be cancelled; the FAILED cluster can still be decommissioned.
    expect((await app.api(`/api/operations/${created.operation.id}/cancel`, { method: 'POST' })).status).toBe(409);
    const again = (await (await app.api('/api/clusters/queued-store', { method: 'DELETE' })).json()) as { operation: Op };
    await eventually(async () => (await getOp(again.operation.id)).status === 'succeeded', 30_000);
    const provision = await getOp(created.operation.id);
    const decommission = await getOp(again.operation.id);
    expect(new Date(decommission.startedAt!).getTime()).toBeGreaterThanOrEqual(new Date(provision.finishedAt!).getTime());
    expect(((await (await app.api('/api/clusters/queued-store')).json()) as { status: string }).status).toBe('DECOMMISSIONED');
  });

  it('answers 404 for unknown operations and clusters', async () => {
    expect((await app.api('/api/operations/00000000-0000-0000-0000-000000000000')).status).toBe(404);
    expect((await app.api('/api/operations/not-an-id/cancel', { method: 'POST' })).status).toBe(404);
    expect((await app.api('/api/clusters/nope-nope')).status).toBe(404);
  });
});

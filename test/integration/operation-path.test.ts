import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app';

// No worker: the test is the worker, calling the statements of the operation path itself.
let app: TestApp;
let clusterId: string;
beforeAll(async () => {
  app = await startTestApp({ roles: ['api'] });
  const created = (await (
    await app.api('/api/clusters', {
      method: 'POST',
      json: { name: 'path-store', engine: 'redis', owner: 'platform', expectedDataGb: 10, regions: ['us-east-1'] },
    })
  ).json()) as { operation: { id: string }; cluster: { id: string } };
  clusterId = created.cluster.id;
  // The provision would run first; it is cancelled so the test's operations are the cluster's only ones.
  await app.api(`/api/operations/${created.operation.id}/cancel`, { method: 'POST', json: { reason: 'test' } });
});
afterAll(async () => {
  await app?.stop();
});

const request = async () =>
  (await app.services.operations.request({ clusterId, type: 'noop', requestedBy: 'test', reason: 'operation path' })).id;
const operations = () => app.ctx.repos.operations;

describe('the operation path', () => {
  it('records a request with its steps and audit event, and queues it', async () => {
    const id = await request();
    const op = await operations().get(id);
    expect(op).toMatchObject({ status: 'pending', steps: [{ name: 'noop', status: 'pending', attempts: 0 }] });
    expect(await app.ctx.queue.state(id)).toBe('live');
    const audit = await app.ctx.repos.audit.forTarget('cluster', clusterId);
    expect(audit.some((e) => e.action === 'operation.noop.requested' && (e.after as { operationId: string }).operationId === id)).toBe(
      true,
    );
    const claim = await operations().claim(id);
    await operations().finishRun({ id, status: 'succeeded', error: null, lastStep: 0, restoreStep: null, token: claim.token });
  });

  it('claims in one write, fences all but the newest copy of a job, in the order the cluster asked', async () => {
    const first = await request();
    const second = await request();
    // Two copies of the same job claim at once (a stalled job handed to a second worker): each gets a
    // token, and the later one fences the earlier one's writes.
    const [a, b] = await Promise.all([operations().claim(first), operations().claim(first)]);
    const [earlier, claim] = a.duplicate || (!b.duplicate && (a.token ?? 0) < (b.token ?? 0)) ? [a, b] : [b, a];
    if (!earlier.duplicate) expect(await operations().advance(first, { clusterId, token: earlier.token! }, 0, 0)).toBeNull();
    expect(claim.token).not.toBeNull();
    expect(claim.op).toMatchObject({ status: 'running', steps: [{ status: 'running' }] });
    expect(claim.stepBefore?.index).toBe(0);

    // The second operation of the cluster waits for the first.
    const early = await operations().claim(second);
    expect(early.token).toBeNull();
    expect(early.op?.status).toBe('pending');
    expect(await operations().mayStart(second)).toBe(false);

    // The finish ends the first, releases the lease and names the second as next.
    const ended = await operations().finishRun({
      id: first,
      status: 'succeeded',
      error: null,
      lastStep: 0,
      restoreStep: null,
      token: claim.token,
    });
    expect(ended).toEqual({ finished: true, clusterId, next: second });
    expect(await operations().get(first)).toMatchObject({ status: 'succeeded', steps: [{ status: 'done' }] });
    expect(await operations().mayStart(second)).toBe(true);
    const turn = await operations().claim(second);
    expect(turn.token).toBeGreaterThan(claim.token!);
    await operations().finishRun({ id: second, status: 'succeeded', error: null, lastStep: 0, restoreStep: null, token: turn.token });
  });

  it('refuses the writes of a worker whose lease was taken over', async () => {
    const id = await request();
    const stale = await operations().claim(id);
    // Another worker resumes the same operation (the first one stalled): a new token.
    const fresh = await operations().claim(id);
    expect(fresh.started).toBe(false);
    expect(fresh.op?.steps[0]?.attempts).toBe(2);
    const fence = (token: number | null) => ({ clusterId, token: token! });
    expect(await operations().advance(id, fence(stale.token), 0, 0)).toBeNull();
    expect(await operations().updateStep(id, 0, { checkpoint: { from: 'stale' } }, fence(stale.token))).toBe(false);
    const refused = await operations().finishRun({
      id,
      status: 'failed',
      error: 'stale',
      lastStep: null,
      restoreStep: null,
      token: stale.token,
    });
    expect(refused.finished).toBe(false);
    expect((await operations().get(id))?.status).toBe('running');
    const ended = await operations().finishRun({
      id,
      status: 'succeeded',
      error: null,
      lastStep: 0,
      restoreStep: null,
      token: fresh.token,
    });
    expect(ended.finished).toBe(true);
    // Finishing twice changes nothing the second time.
    expect(
      (await operations().finishRun({ id, status: 'failed', error: 'again', lastStep: null, restoreStep: null, token: null })).finished,
    ).toBe(false);
    expect((await operations().get(id))?.status).toBe('succeeded');
  });

  it('puts back a step the claim started when the operation ends before it ran', async () => {
    const id = await request();
    const claim = await operations().claim(id);
    expect(claim.started).toBe(true);
    expect(claim.op).toMatchObject({ status: 'running', steps: [{ status: 'running', attempts: 1 }] });
    expect(claim.stepBefore).toEqual({ index: 0, status: 'pending', attempts: 0 });
    const ended = await operations().finishRun({
      id,
      status: 'cancelled',
      error: 'cancelled on request',
      lastStep: null,
      restoreStep: claim.stepBefore ?? null,
      token: claim.token,
    });
    expect(ended.finished).toBe(true);
    expect(await operations().get(id)).toMatchObject({ status: 'cancelled', steps: [{ status: 'pending', attempts: 0, startedAt: null }] });
  });
});

import { eventually, type TestApp } from './app';

/** A node as the API lists it. */
export interface ListedNode {
  role: string;
  host: string;
  port: number;
}

/**
 * Waits until the cluster is ACTIVE (failing at once when its provision failed) and returns it as
 * the API shows it, with its admin password.
 */
export async function untilActive<T extends object = object>(
  app: TestApp,
  name: string,
  timeoutMs = 120_000,
): Promise<T & { id: string; nodes: ListedNode[]; password: string }> {
  await eventually(
    async () => {
      const cluster = await app.ctx.repos.clusters.find(name);
      if (cluster?.status === 'FAILED') throw new Error(`provision of ${name} failed: ${cluster.statusReason}`);
      return cluster?.status === 'ACTIVE';
    },
    timeoutMs,
    250,
  );
  const detail = (await (await app.api(`/api/clusters/${name}`)).json()) as T & { id: string; nodes: ListedNode[] };
  return { ...detail, password: await app.ctx.repos.clusters.password(detail.id) };
}

/** Waits until the operation succeeded, failing at once when it failed. */
export async function untilSucceeded(app: TestApp, operationId: string, timeoutMs = 60_000): Promise<void> {
  await eventually(async () => {
    const op = await app.ctx.repos.operations.get(operationId);
    if (op?.status === 'failed') throw new Error(`operation failed: ${op.error}`);
    return op?.status === 'succeeded';
  }, timeoutMs);
}

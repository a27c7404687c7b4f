import type { ApiClient } from '../client';
import type { ClusterView, OperationView } from '../shapes';

const TERMINAL = new Set(['succeeded', 'rolled_back', 'failed', 'cancelled']);

/** Polls an operation until it ends, printing each step change once. */
export async function waitForOperation(
  client: ApiClient,
  id: string,
  log: (line: string) => void,
  timeoutMs = 30 * 60_000,
): Promise<OperationView> {
  const seen = new Map<string, string>();
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const op = await client.request<OperationView>('GET', `/api/operations/${id}`);
    for (const step of op.steps) {
      if (seen.get(step.name) !== step.status) {
        seen.set(step.name, step.status);
        if (step.status !== 'pending') log(`  ${step.name}: ${step.status}${step.error ? ` (${step.error})` : ''}`);
      }
    }
    if (TERMINAL.has(op.status)) return op;
    if (Date.now() > deadline) throw new Error(`operation ${id} still ${op.status} after ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 1000));
  }
}

export async function clusterAfter(client: ApiClient, name: string): Promise<ClusterView> {
  return client.request<ClusterView>('GET', `/api/clusters/${encodeURIComponent(name)}`);
}

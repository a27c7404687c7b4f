import type { Client } from 'memjs';
import type { NodeEndpoint, RealDriver } from '../engine';
import { keyName } from '../workload-keys';
import { memcachedClient, readStats } from './connection';

/** Sets in flight at once while prefilling: memjs pipelines them on the one connection. */
const PREFILL_BATCH = 500;

/**
 * GET and SET with memjs, one client per worker (as memtier_benchmark and redis-benchmark give each
 * client its own connection). Each client knows every node and sends a key to the node its hash
 * picks, as an EVCache client does within its zone: the nodes given are one zone's copy. One
 * attempt per request; a dead node fails at once and counts as an error.
 */
export class MemcachedDriver implements RealDriver {
  readonly kind = 'real' as const;
  private clients: Client[] = [];

  constructor(
    private readonly nodes: ReadonlyArray<Pick<NodeEndpoint, 'host' | 'port'>>,
    private readonly timeoutMs: number,
  ) {}

  /** Opens every worker's connections by asking each for its stats; an unreachable node rejects. */
  async open(workers: number): Promise<void> {
    if (this.nodes.length === 0) throw new Error('a workload needs at least one node to run against');
    this.clients = Array.from({ length: workers }, () => memcachedClient(this.nodes, this.timeoutMs));
    await Promise.all(this.clients.map((client) => readStats(client)));
  }

  read(worker: number, key: number): Promise<unknown> {
    return this.clients[worker]!.get(keyName(key));
  }

  write(worker: number, key: number, value: string): Promise<unknown> {
    return this.clients[worker]!.set(keyName(key), value);
  }

  async prefill(keySpace: number, value: string): Promise<void> {
    const client = this.clients[0];
    if (!client) return;
    for (let from = 0; from < keySpace; from += PREFILL_BATCH) {
      const batch: Array<Promise<boolean>> = [];
      for (let key = from; key < Math.min(keySpace, from + PREFILL_BATCH); key += 1) batch.push(client.set(keyName(key), value));
      await Promise.all(batch);
    }
  }

  async close(): Promise<void> {
    for (const client of this.clients) client.close();
    this.clients = [];
  }
}

import { Redis } from 'ioredis';
import type { Credentials, RealDriver, TargetNode } from '../engine';
import { keyName, workerConnections } from '../workload-keys';

/**
 * GET and SET with ioredis, one connection per worker and node (as redis-benchmark opens one per
 * client). Commands never queue while a connection is down: they fail at once and count as errors.
 * No per-command timer (it costs ~10% of throughput at one client): the runner's watchdog bounds
 * the run instead.
 */
export class RedisDriver implements RealDriver {
  readonly kind = 'real' as const;
  private readonly connections = new Map<string, Redis>();
  /** A failed command only says the stream is closed; the cause (WRONGPASS, ECONNREFUSED) came as an 'error' event. */
  private readonly causes = new Map<Redis, unknown>();
  private writers: Redis[] = [];
  private readers: Redis[] = [];

  constructor(
    private readonly nodes: TargetNode[],
    private readonly credentials: Credentials,
    private readonly timeoutMs: number,
    /** Every read to this node (an upgrade's canary or its baseline); absent: reads spread over every node. */
    private readonly readsFrom?: string,
  ) {}

  private connection(worker: number, node: TargetNode): Redis {
    const id = `${worker}:${node.name}`;
    let client = this.connections.get(id);
    if (!client) {
      client = new Redis({
        host: node.host,
        port: node.port,
        username: this.credentials.username,
        password: this.credentials.password,
        lazyConnect: true,
        connectTimeout: this.timeoutMs,
        maxRetriesPerRequest: 0,
        enableOfflineQueue: false,
        enableReadyCheck: false,
        retryStrategy: () => 200,
        disableClientInfo: true, // CLIENT SETINFO is an error reply on servers before 7.2
        connectionName: 'datafleet-workload',
      });
      const connection = client;
      connection.on('error', (error: unknown) => this.causes.set(connection, error));
      this.connections.set(id, client);
    }
    return client;
  }

  async open(workers: number): Promise<void> {
    ({ writers: this.writers, readers: this.readers } = workerConnections(
      this.nodes,
      workers,
      (i, node) => this.connection(i, node),
      this.readsFrom,
    ));
    await Promise.all([...this.connections.values()].map((c) => c.connect()));
  }

  read(worker: number, key: number): Promise<unknown> {
    return this.readers[worker]!.get(keyName(key));
  }

  write(worker: number, key: number, value: string): Promise<unknown> {
    return this.writers[worker]!.set(keyName(key), value);
  }

  explain(worker: number, error: unknown): unknown {
    if (!/Stream isn't writeable|Connection is closed/.test((error as Error).message)) return error;
    return this.causes.get(this.readers[worker]!) ?? this.causes.get(this.writers[worker]!) ?? error;
  }

  async prefill(keySpace: number, value: string): Promise<void> {
    const client = this.writers[0];
    if (!client) return;
    for (let from = 0; from < keySpace; from += 1000) {
      const batch = client.pipeline();
      for (let key = from; key < Math.min(keySpace, from + 1000); key += 1) batch.set(keyName(key), value);
      await batch.exec();
    }
  }

  async close(): Promise<void> {
    for (const client of this.connections.values()) client.disconnect();
    this.connections.clear();
    this.causes.clear();
  }
}

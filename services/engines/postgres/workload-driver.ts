import pg from 'pg';
import type { Credentials, RealDriver, TargetNode } from '../engine';
import { workerConnections } from '../workload-keys';

const TABLE = 'datafleet_bench.kv';
const read = { name: 'datafleet-bench-read', text: `SELECT v FROM ${TABLE} WHERE k = $1` };
const write = {
  name: 'datafleet-bench-write',
  text: `INSERT INTO ${TABLE} (k, v) VALUES ($1, $2) ON CONFLICT (k) DO UPDATE SET v = EXCLUDED.v`,
};

/**
 * SELECT and UPSERT by key with pg, one connection per worker and node (as pgbench opens one per
 * client), statements prepared once per connection. The kv table lives in the `postgres` database (or the target's own),
 * in a schema of its own, created on the primary if absent.
 */
export class PostgresDriver implements RealDriver {
  readonly kind = 'real' as const;
  private readonly connections = new Map<string, pg.Client>();
  private writers: pg.Client[] = [];
  private readers: pg.Client[] = [];

  constructor(
    private readonly nodes: TargetNode[],
    private readonly credentials: Credentials,
    private readonly timeoutMs: number,
    private readonly database = 'postgres',
    /** Every read to this node (an upgrade's canary or its baseline); absent: reads spread over every node. */
    private readonly readsFrom?: string,
  ) {}

  private connection(worker: number, node: TargetNode): pg.Client {
    const id = `${worker}:${node.name}`;
    let client = this.connections.get(id);
    if (!client) {
      client = new pg.Client({
        host: node.host,
        port: node.port,
        user: this.credentials.username,
        password: this.credentials.password,
        database: this.database,
        connectionTimeoutMillis: this.timeoutMs,
        statement_timeout: this.timeoutMs,
        application_name: 'datafleet-workload',
      });
      client.on('error', () => undefined); // a dropped connection fails the next query, which is counted
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
    const first = this.writers[0];
    if (!first) return;
    // One connection creates the schema: concurrent CREATE ... IF NOT EXISTS can still collide.
    await first.query('CREATE SCHEMA IF NOT EXISTS datafleet_bench');
    await first.query(`CREATE TABLE IF NOT EXISTS ${TABLE} (k bigint PRIMARY KEY, v text NOT NULL)`);
    await this.tableOnReaders();
  }

  /**
   * A replica replays the table's creation a moment after the primary made it: reads wait for it
   * (at most the driver's timeout; past it they run, fail and are counted with their cause).
   */
  private async tableOnReaders(): Promise<void> {
    const deadline = Date.now() + this.timeoutMs;
    for (const reader of new Set(this.readers)) {
      for (;;) {
        const { rows } = await reader.query<{ t: string | null }>(`SELECT to_regclass('${TABLE}')::text AS t`);
        if (rows[0]?.t || Date.now() > deadline) break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
  }

  read(worker: number, key: number): Promise<unknown> {
    return this.readers[worker]!.query({ ...read, values: [key] });
  }

  write(worker: number, key: number, value: string): Promise<unknown> {
    return this.writers[worker]!.query({ ...write, values: [key, value] });
  }

  async prefill(keySpace: number, value: string): Promise<void> {
    await this.writers[0]?.query(
      `INSERT INTO ${TABLE} (k, v) SELECT g, $2 FROM generate_series(0, $1::bigint - 1) AS g ON CONFLICT (k) DO NOTHING`,
      [keySpace, value],
    );
  }

  async close(): Promise<void> {
    // Bounded: ending a half-open connection can hang.
    const ending = Promise.all([...this.connections.values()].map((c) => c.end().catch(() => undefined)));
    await Promise.race([ending, new Promise((resolve) => setTimeout(resolve, 1000))]);
    this.connections.clear();
  }
}

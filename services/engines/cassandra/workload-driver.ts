import cassandra from 'cassandra-driver';
import type { Credentials, RealDriver, TargetNode } from '../engine';

const KEYSPACE = 'datafleet_bench';
const READ = `SELECT v FROM ${KEYSPACE}.kv WHERE k = ?`;
const WRITE = `INSERT INTO ${KEYSPACE}.kv (k, v) VALUES (?, ?)`;
const { consistencies } = cassandra.types;

/**
 * Prepared SELECT and INSERT (an upsert in CQL) with cassandra-driver: one client for the run, as
 * the driver multiplexes requests over its own pool and routes by token. Reads at LOCAL_ONE, writes
 * at LOCAL_QUORUM, the usual pair for a latency-sensitive service. The keyspace (SimpleStrategy,
 * replication min(3, nodes)) and table are created if absent.
 *
 * No Cassandra server can run on the development machine: this driver is type-checked and exercised
 * against closed ports only (every operation an error, no crash); docker compose --profile engines
 * brings a real server.
 */
export class CassandraDriver implements RealDriver {
  readonly kind = 'real' as const;
  private readonly client: cassandra.Client;

  constructor(
    private readonly nodes: TargetNode[],
    credentials: Credentials,
    localDataCenter: string,
    timeoutMs: number,
  ) {
    this.client = new cassandra.Client({
      contactPoints: nodes.map((n) => `${n.host}:${n.port}`),
      localDataCenter,
      authProvider: new cassandra.auth.PlainTextAuthProvider(credentials.username, credentials.password),
      socketOptions: { connectTimeout: timeoutMs, readTimeout: timeoutMs },
      policies: { reconnection: new cassandra.policies.reconnection.ConstantReconnectionPolicy(1000) },
    });
  }

  async open(): Promise<void> {
    await this.client.connect();
    const replication = Math.min(3, this.nodes.length);
    await this.client.execute(
      `CREATE KEYSPACE IF NOT EXISTS ${KEYSPACE} WITH replication = {'class': 'SimpleStrategy', 'replication_factor': ${replication}}`,
    );
    await this.client.execute(`CREATE TABLE IF NOT EXISTS ${KEYSPACE}.kv (k bigint PRIMARY KEY, v text)`);
  }

  read(_worker: number, key: number): Promise<unknown> {
    return this.client.execute(READ, [cassandra.types.Long.fromNumber(key)], { prepare: true, consistency: consistencies.localOne });
  }

  write(_worker: number, key: number, value: string): Promise<unknown> {
    return this.client.execute(WRITE, [cassandra.types.Long.fromNumber(key), value], {
      prepare: true,
      consistency: consistencies.localQuorum,
    });
  }

  async close(): Promise<void> {
    await Promise.race([this.client.shutdown(), new Promise((resolve) => setTimeout(resolve, 1000))]);
  }
}

import { readFileSync } from 'node:fs';
import pg from 'pg';
import { writeSteadily, type WritePace } from './write-loop';

/*
 * The steady write load of bench:failover for PostgreSQL, in a process of its own. node-postgres
 * cannot take a multi-host URI, so it does what `target_session_attrs=read-write` asks of a libpq
 * client: try every host in turn (read afresh from `hostsFile` on each reconnect) and keep the one that accepts writes. It inserts `seq` into
 * `bench_writes` one after another, about every `pauseMs`, until `stopFile` appears, and reports
 * which inserts were acknowledged and every gap between two acknowledged ones longer than `gapMs`.
 */
interface Plan extends WritePace {
  /** The cluster's current hosts, one JSON array: the benchmark rewrites it as nodes are replaced. */
  hostsFile: string;
  password: string;
}

const plan = JSON.parse(readFileSync(0, 'utf8')) as Plan;
let client = null as pg.Client | null;

async function writable(): Promise<pg.Client> {
  if (client) return client;
  const hosts = JSON.parse(readFileSync(plan.hostsFile, 'utf8')) as { host: string; port: number }[];
  for (const { host, port } of hosts) {
    const c = new pg.Client({
      host,
      port,
      user: 'datafleet',
      password: plan.password,
      database: 'postgres',
      connectionTimeoutMillis: 1000,
      query_timeout: 2000,
    });
    c.on('error', () => undefined);
    try {
      await c.connect();
      if ((await c.query<{ r: boolean }>('SELECT pg_is_in_recovery() AS r')).rows[0]?.r === false) return (client = c);
    } catch {
      // not up, or not the primary: the next host
    }
    await c.end().catch(() => undefined);
  }
  throw new Error('no host accepts writes');
}

const report = await writeSteadily(
  plan,
  async (seq) => (await writable()).query('INSERT INTO bench_writes (seq) VALUES ($1)', [seq]),
  async () => {
    await client?.end().catch(() => undefined);
    client = null;
  },
);
await client?.end().catch(() => undefined);
process.stdout.write(JSON.stringify(report));

import pg from 'pg';
import { readPlan } from '../lib/stdin-plan';

/**
 * The steady write load of the RPO phase, in a process of its own: one row a tick into
 * `rpo_probe`, each stamped by the server's clock at commit time, until the server stops answering
 * or the time runs out. Prints one JSON report: the newest write the server acknowledged.
 */
export interface RpoWriterPlan {
  host: string;
  port: number;
  user: string;
  password: string;
  database: string;
  writesPerSecond: number;
  maxSeconds: number;
}

export interface RpoWriterReport {
  writes: number;
  lastAckedId: number | null;
  /** The acknowledged row's own timestamp (server clock, ms since the epoch). */
  lastAckedAtMs: number | null;
  endedBy: 'server gone' | 'time';
  error: string | null;
}

const plan = await readPlan<RpoWriterPlan>();
const client = new pg.Client({ ...plan, connectionTimeoutMillis: 5000, query_timeout: 5000 });
client.on('error', () => undefined); // the server is killed on purpose; the failed query says so
await client.connect();

const report: RpoWriterReport = { writes: 0, lastAckedId: null, lastAckedAtMs: null, endedBy: 'time', error: null };
const tickMs = 1000 / plan.writesPerSecond;
const started = Date.now();
while (Date.now() - started < plan.maxSeconds * 1000) {
  const tickStarted = Date.now();
  try {
    const { rows } = await client.query<{ id: string; at_ms: string }>(
      'INSERT INTO rpo_probe (written_at) VALUES (clock_timestamp()) RETURNING id, (extract(epoch FROM written_at) * 1000)::bigint AS at_ms',
    );
    report.writes += 1;
    report.lastAckedId = Number(rows[0]!.id);
    report.lastAckedAtMs = Number(rows[0]!.at_ms);
  } catch (error) {
    report.endedBy = 'server gone';
    report.error = (error as Error).message;
    break;
  }
  const wait = tickMs - (Date.now() - tickStarted);
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
}
await client.end().catch(() => undefined);
process.stdout.write(`${JSON.stringify(report)}\n`);
process.exit(0);

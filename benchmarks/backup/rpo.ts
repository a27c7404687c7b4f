import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runLoadProcess } from '../lib/load-process';
import type { BenchControlPlane } from './control-plane';
import { pgbackrestRestore } from './pgbackrest-direct';
import type { RpoWriterPlan, RpoWriterReport } from './rpo-writer';
import { ScratchServer } from './scratch-server';
import type { SourceCluster } from './source-cluster';

export interface RpoResult {
  archiveTimeout: string;
  writesPerSecond: number;
  killedAfterSeconds: number;
  writes: number;
  lastAcknowledged: { id: number; at: string };
  newestRecovered: { id: number; at: string };
  lostWrites: number;
  /** Age of the newest recovered write against the last acknowledged one. */
  rpoSeconds: number;
  restoreSeconds: number;
  startSeconds: number;
}

/** Closes the current WAL segment and waits until the archiver has pushed it. */
async function archivedNow(source: SourceCluster): Promise<void> {
  const [{ segment }] = (await source.sql<{ segment: string }>('SELECT pg_walfile_name(pg_switch_wal()) AS segment')) as [
    { segment: string },
  ];
  const deadline = Date.now() + 120_000;
  for (;;) {
    const [archiver] = await source.sql<{ last: string | null }>('SELECT last_archived_wal AS last FROM pg_stat_archiver');
    if ((archiver?.last ?? '').slice(0, 24) >= segment) return;
    if (Date.now() > deadline) throw new Error(`WAL segment ${segment} was not archived within 2 minutes`);
    await sleep(200);
  }
}

const round = (n: number) => Math.round(n * 100) / 100;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * RPO of WAL archiving as Datafleet sets it up: a writer process commits stamped rows at a steady
 * rate; at a moment the source primary's whole process group is SIGKILLed (a lost machine: nothing
 * is flushed or archived after it); then the newest Datafleet backup is restored with pgBackRest to
 * the end of the archived WAL ("latest") into a scratch server, and its newest row is compared
 * with the last row the writer saw acknowledged. The control plane is stopped first: it would
 * otherwise restart or fail over the killed node, which is what production wants but not what
 * this measures (the archive alone).
 */
export async function measureRpo(
  plane: BenchControlPlane,
  source: SourceCluster,
  o: { writesPerSecond: number; killAfterSeconds: number },
): Promise<RpoResult> {
  await source.sql('CREATE TABLE rpo_probe (id bigserial PRIMARY KEY, written_at timestamptz NOT NULL)');
  // The table and a first row are in the archive before the load starts: the loss measured is the load's alone.
  await source.sql('INSERT INTO rpo_probe (written_at) VALUES (clock_timestamp())');
  await archivedNow(source);
  const [{ archive_timeout: archiveTimeout }] = (await source.sql<{ archive_timeout: string }>('SHOW archive_timeout')) as [
    { archive_timeout: string },
  ];
  await plane.stopControlPlane();
  const plan: RpoWriterPlan = {
    host: source.node.host,
    port: source.node.port,
    user: source.node.user,
    password: source.node.password,
    database: 'postgres',
    writesPerSecond: o.writesPerSecond,
    maxSeconds: o.killAfterSeconds + 120,
  };
  const writer = runLoadProcess<RpoWriterPlan, RpoWriterReport>(join(import.meta.dirname, 'rpo-writer.ts'), plan);
  await sleep(o.killAfterSeconds * 1000);
  const postmaster = Number(readFileSync(join(source.node.pgdata, 'postmaster.pid'), 'utf8').split('\n')[0]);
  // The node was started in a process group of its own: the postmaster and every backend die at once.
  process.kill(-postmaster, 'SIGKILL');
  console.log(`RPO: killed the source primary (process group ${postmaster}) after ${o.killAfterSeconds} s of writes`);
  const written = await writer;
  if (written.endedBy !== 'server gone' || written.lastAckedId === null || written.lastAckedAtMs === null)
    throw new Error(`the writer did not see the server go: ${JSON.stringify(written)}`);

  const scratch = new ScratchServer(join(plane.env.dataDir, 'rpo-restore'), source.bin, source.runAs, {
    user: source.node.user,
    password: source.node.password,
  });
  try {
    const restoreSeconds = await pgbackrestRestore({
      config: source.datafleetConfig,
      stanza: source.detail.id,
      pgdata: scratch.pgdata,
      runAs: source.runAs,
    });
    const startSeconds = await scratch.startAndLead();
    const [newest] = await scratch.query<{ id: string | null; at_ms: string | null }>(
      'SELECT max(id) AS id, (extract(epoch FROM max(written_at)) * 1000)::bigint AS at_ms FROM rpo_probe',
    );
    const recoveredId = Number(newest?.id ?? 0);
    // No row recovered: everything since the table was made is lost; count from the writer's start.
    const recoveredAtMs = newest?.at_ms ? Number(newest.at_ms) : written.lastAckedAtMs - written.writes * (1000 / o.writesPerSecond);
    return {
      archiveTimeout,
      writesPerSecond: o.writesPerSecond,
      killedAfterSeconds: o.killAfterSeconds,
      writes: written.writes,
      lastAcknowledged: { id: written.lastAckedId, at: new Date(written.lastAckedAtMs).toISOString() },
      newestRecovered: { id: recoveredId, at: new Date(recoveredAtMs).toISOString() },
      lostWrites: written.lastAckedId - recoveredId,
      rpoSeconds: round((written.lastAckedAtMs - recoveredAtMs) / 1000),
      restoreSeconds: round(restoreSeconds),
      startSeconds: round(startSeconds),
    };
  } finally {
    await scratch.remove();
  }
}

import { join } from 'node:path';
import pg from 'pg';
import type { BenchControlPlane } from './control-plane';
import { pgbackrestRestore, type DirectPgBackRest } from './pgbackrest-direct';
import { ScratchServer } from './scratch-server';
import type { SourceCluster } from './source-cluster';

const MiB = 2 ** 20;
const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;
export const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

export interface BackupRound {
  path: 'datafleet' | 'direct';
  sizeBytes: number;
  storedBytes: number;
  seconds: number;
  mibPerSecond: number;
  /** pgBackRest's own start → stop of the backup (whole seconds): the rest of `seconds` is around it. */
  pgbackrestSeconds: number;
  /** Datafleet only: the operation's own record and each step's time. */
  operationSeconds?: number;
  stepSeconds?: Record<string, number>;
  label: string;
}

export interface BackupComparison {
  rounds: BackupRound[];
  datafleetMibPerSecond: number;
  directMibPerSecond: number;
  ratio: number;
  newestDatafleetBackupId: string;
  newestDirectLabel: string;
}

/**
 * Full backups of the same data, alternating: pgBackRest run by hand into a repository and stanza of
 * its own with Datafleet's options, and Datafleet's backup operation through its API (request →
 * operation succeeded). While the direct one runs, the primary's archive_command also feeds the
 * direct stanza (its backup waits for its WAL like Datafleet's does); it is reset before
 * Datafleet's, so no backup Datafleet restores carries it.
 */
export async function compareBackups(
  plane: BenchControlPlane,
  source: SourceCluster,
  direct: DirectPgBackRest,
  rounds: number,
): Promise<BackupComparison> {
  await direct.stanzaCreate(source.node);
  const [{ archive_command: own }] = (await source.sql<{ archive_command: string }>('SHOW archive_command')) as [
    { archive_command: string },
  ];
  const feedDirect = async (on: boolean) => {
    const both = `(${own}) && ${direct.archivePush(source.node.pgdata)}`;
    await source.sql(on ? `ALTER SYSTEM SET archive_command = '${both.replace(/'/g, "''")}'` : 'ALTER SYSTEM RESET archive_command');
    await source.sql('SELECT pg_reload_conf()');
  };
  const results: BackupRound[] = [];
  let newestDatafleetBackupId = '';
  let newestDirectLabel = '';
  const runDirect = async () => {
    await feedDirect(true);
    try {
      const made = await direct.backUp(source.node);
      newestDirectLabel = made.label;
      results.push({ path: 'direct', ...made, mibPerSecond: made.sizeBytes / MiB / made.seconds });
    } finally {
      await feedDirect(false);
    }
  };
  const runDatafleet = async () => {
    const made = await plane.backUp(source.detail.name, 'full');
    const size = made.result.sizeBytes ?? 0;
    newestDatafleetBackupId = made.result.id;
    results.push({
      path: 'datafleet',
      label: made.result.label ?? '',
      sizeBytes: size,
      storedBytes: made.result.storedBytes ?? 0,
      seconds: made.wallSeconds,
      pgbackrestSeconds: (Date.parse(made.result.finishedAt ?? '') - Date.parse(made.result.startedAt ?? '')) / 1000,
      mibPerSecond: size / MiB / made.wallSeconds,
      operationSeconds: made.operationSeconds,
      stepSeconds: made.stepSeconds,
    });
  };
  for (let i = 0; i < rounds; i += 1) {
    // Alternate who goes first, so neither always meets a cache the other warmed.
    const order = i % 2 === 0 ? [runDirect, runDatafleet] : [runDatafleet, runDirect];
    for (const run of order) await run();
    console.log(
      `backup round ${i + 1}/${rounds}: ${results
        .slice(-2)
        .map((r) => `${r.path} ${round(r.mibPerSecond)} MiB/s (${round(r.seconds)} s; pgBackRest's own ${r.pgbackrestSeconds} s)`)
        .join(', ')}`,
    );
  }
  const datafleetMibPerSecond = median(results.filter((r) => r.path === 'datafleet').map((r) => r.mibPerSecond));
  const directMibPerSecond = median(results.filter((r) => r.path === 'direct').map((r) => r.mibPerSecond));
  return {
    rounds: results.map((r) => ({ ...r, seconds: round(r.seconds), mibPerSecond: round(r.mibPerSecond) })),
    datafleetMibPerSecond: round(datafleetMibPerSecond),
    directMibPerSecond: round(directMibPerSecond),
    ratio: round(datafleetMibPerSecond / directMibPerSecond),
    newestDatafleetBackupId,
    newestDirectLabel,
  };
}

/** Watches, from outside, for the moment a restoring cluster's primary answers out of recovery. */
function watchPrimaryLeads(plane: BenchControlPlane, name: string, login: { user: string; password: string }) {
  const started = performance.now();
  let seconds: number | null = null;
  let watching = true;
  const leads = async (host: string, port: number) => {
    const client = new pg.Client({
      host,
      port,
      user: login.user,
      password: login.password,
      database: 'postgres',
      connectionTimeoutMillis: 1000,
    });
    try {
      await client.connect();
      return (await client.query<{ r: boolean }>('SELECT pg_is_in_recovery() AS r')).rows[0]?.r === false;
    } catch {
      return false;
    } finally {
      await client.end().catch(() => undefined);
    }
  };
  const loop = (async () => {
    while (watching && seconds === null) {
      const primary = (await plane.cluster(name).catch(() => null))?.nodes.find((n) => n.role === 'primary' && n.host && n.port);
      if (primary && (await leads(primary.host!, primary.port!))) seconds = (performance.now() - started) / 1000;
      else await new Promise((resolve) => setTimeout(resolve, 200));
    }
  })();
  return {
    stop: async () => {
      watching = false;
      await loop;
      return seconds;
    },
  };
}

export interface RestoreComparison {
  datafleet: {
    seconds: number;
    /** Request → the clone's primary answers out of recovery (seen from outside, every 200 ms); its replicas are copied after. */
    primaryLeadsSeconds: number | null;
    operationSeconds: number;
    stepSeconds: Record<string, number>;
    rowsChecked: number;
    nodes: number;
  };
  direct: { restoreSeconds: number; startSeconds: number; seconds: number; rowsChecked: number };
}

/**
 * The newest full backup of each path restored: Datafleet's into a new cluster through its API
 * (request → the clone ACTIVE: primary restored by pgBackRest and leading, replicas copied from it),
 * the direct one by `pgbackrest restore` and a server started on it until it leads. Both are checked
 * for pgbench's account count.
 */
export async function compareRestores(
  plane: BenchControlPlane,
  source: SourceCluster,
  direct: DirectPgBackRest,
  backups: BackupComparison,
  expectedAccounts: number,
): Promise<RestoreComparison> {
  const cloneName = `${source.detail.name}-clone`;
  const watch = watchPrimaryLeads(plane, cloneName, source.node);
  const restored = await plane.restore(source.detail.name, { name: cloneName, backupId: backups.newestDatafleetBackupId });
  const primaryLeadsSeconds = await watch.stop();
  const clonePrimary = restored.result.nodes.find((n) => n.role === 'primary')!;
  const client = new pg.Client({
    host: clonePrimary.host!,
    port: clonePrimary.port!,
    user: source.node.user,
    password: source.node.password,
    database: 'postgres',
  });
  await client.connect();
  const cloneRows = Number((await client.query<{ n: string }>('SELECT count(*) AS n FROM pgbench_accounts')).rows[0]?.n);
  await client.end();
  if (cloneRows !== expectedAccounts) throw new Error(`the clone holds ${cloneRows} accounts, not ${expectedAccounts}`);
  console.log(`restore through Datafleet: ${round(restored.wallSeconds)} s`);
  // The clone is done with: its processes would only compete with what follows.
  await plane.api(`/api/clusters/${cloneName}`, { method: 'DELETE' });

  const scratch = new ScratchServer(join(plane.env.dataDir, 'direct-restore'), source.bin, source.runAs, {
    user: source.node.user,
    password: source.node.password,
  });
  try {
    const restoreSeconds = await pgbackrestRestore({
      config: direct.config,
      stanza: direct.stanza,
      pgdata: scratch.pgdata,
      runAs: source.runAs,
      set: backups.newestDirectLabel,
    });
    const startSeconds = await scratch.startAndLead();
    const directRows = Number((await scratch.query<{ n: string }>('SELECT count(*) AS n FROM pgbench_accounts'))[0]?.n);
    if (directRows !== expectedAccounts) throw new Error(`the direct restore holds ${directRows} accounts, not ${expectedAccounts}`);
    console.log(`restore by pgBackRest directly: ${round(restoreSeconds + startSeconds)} s`);
    return {
      datafleet: {
        seconds: round(restored.wallSeconds),
        operationSeconds: round(restored.operationSeconds),
        stepSeconds: Object.fromEntries(Object.entries(restored.stepSeconds).map(([k, v]) => [k, round(v)])),
        primaryLeadsSeconds: primaryLeadsSeconds === null ? null : round(primaryLeadsSeconds),
        rowsChecked: cloneRows,
        nodes: restored.result.nodes.length,
      },
      direct: {
        restoreSeconds: round(restoreSeconds),
        startSeconds: round(startSeconds),
        seconds: round(restoreSeconds + startSeconds),
        rowsChecked: directRows,
      },
    };
  } finally {
    await scratch.remove();
  }
}

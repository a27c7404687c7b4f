import { chownSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunAs } from '../../services/engines/engine';
import { runToCompletion } from '../../services/engines/local-process';
import type { PgNode } from '../../services/engines/postgres/pgbackrest';

/** The node facts every direct pgBackRest command needs (the same ones Datafleet's own commands use). */
export type DirectNode = Omit<PgNode, 'backupRoot' | 'stanza'>;

export interface DirectBackup {
  label: string;
  sizeBytes: number;
  storedBytes: number;
  seconds: number;
  /** pgBackRest's own record of the backup: its start and stop timestamps (whole seconds). */
  pgbackrestSeconds: number;
}

/**
 * pgBackRest run by hand, the way an administrator would, beside Datafleet's: a repository and
 * stanza of its own, with Datafleet's own [global] options (compression, start-fast, …) copied from
 * its pgbackrest.conf, only the paths changed, so the two runs differ in nothing but who drives them.
 */
export class DirectPgBackRest {
  readonly config: string;

  constructor(
    private readonly root: string,
    readonly stanza: string,
    datafleetConfig: string,
    private readonly runAs: RunAs,
  ) {
    for (const dir of [root, join(root, 'repo'), join(root, 'log'), join(root, 'lock')]) {
      mkdirSync(dir, { recursive: true, mode: 0o750 });
      if (runAs) chownSync(dir, runAs.uid, runAs.gid);
    }
    this.config = join(root, 'pgbackrest.conf');
    const paths: Record<string, string> = {
      'repo1-path': join(root, 'repo'),
      'log-path': join(root, 'log'),
      'lock-path': join(root, 'lock'),
    };
    const copied = readFileSync(datafleetConfig, 'utf8')
      .split('\n')
      .map((line) => {
        const key = line.split('=')[0]?.trim() ?? '';
        return key in paths ? `${key}=${paths[key]}` : line;
      });
    writeFileSync(this.config, copied.join('\n'), { mode: 0o640 });
    if (runAs) chownSync(this.config, runAs.uid, runAs.gid);
  }

  /** The archive-push a node's archive_command needs to feed this stanza too. */
  archivePush(pgdata: string): string {
    return `pgbackrest --config=${this.config} --stanza=${this.stanza} --pg1-path=${pgdata} archive-push %p`;
  }

  async stanzaCreate(node: DirectNode): Promise<void> {
    await this.run(node, ['stanza-create']);
  }

  /** `pgbackrest backup --type=full`, timed from spawn to exit. */
  async backUp(node: DirectNode): Promise<DirectBackup> {
    const started = performance.now();
    await this.run(node, ['--type=full', 'backup'], 6 * 3600_000);
    const seconds = (performance.now() - started) / 1000;
    const info = JSON.parse(await this.run(node, ['--output=json', 'info'])) as Array<{
      backup: Array<{ label: string; info: { size: number; repository: { delta: number } }; timestamp: { start: number; stop: number } }>;
    }>;
    const newest = info[0]?.backup.at(-1);
    if (!newest) throw new Error('pgbackrest info lists no backup after a successful backup');
    return {
      label: newest.label,
      sizeBytes: newest.info.size,
      storedBytes: newest.info.repository.delta,
      seconds,
      pgbackrestSeconds: newest.timestamp.stop - newest.timestamp.start,
    };
  }

  private run(node: DirectNode, args: string[], timeoutMs = 300_000): Promise<string> {
    const command = args.at(-1);
    const server =
      command === 'info'
        ? []
        : [`--pg1-path=${node.pgdata}`, `--pg1-port=${node.port}`, `--pg1-socket-path=${node.socketDir}`, `--pg1-user=${node.user}`];
    return runToCompletion('pgbackrest', [`--config=${this.config}`, `--stanza=${this.stanza}`, ...server, ...args], {
      cwd: this.root,
      runAs: this.runAs,
      env: { PGPASSWORD: node.password },
      timeoutMs,
    });
  }
}

/**
 * `pgbackrest restore` into an empty data directory from any repository: `set` + immediate (the
 * backup's consistent point) or, without a set, to the end of the archived WAL (`latest`).
 */
export async function pgbackrestRestore(o: {
  config: string;
  stanza: string;
  pgdata: string;
  runAs: RunAs;
  set?: string;
}): Promise<number> {
  const started = performance.now();
  const target = o.set ? [`--set=${o.set}`, '--type=immediate', '--target-action=promote'] : [];
  await runToCompletion('pgbackrest', [`--config=${o.config}`, `--stanza=${o.stanza}`, `--pg1-path=${o.pgdata}`, ...target, 'restore'], {
    cwd: o.pgdata,
    runAs: o.runAs,
    timeoutMs: 6 * 3600_000,
  });
  return (performance.now() - started) / 1000;
}

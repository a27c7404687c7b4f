import type { Static } from '@sinclair/typebox';
import { Command, InvalidArgumentError } from 'commander';
import { clientFor, wantsJson, type CliContext } from '../context';
import { CliError } from '../client';
import { oneOf } from '../closed-sets';
import { keyValues, printJson, table } from '../output';
import type { OperationView } from '../shapes';
import type { BackupJson, BackupPolicyJson } from '../../api/schemas/backup';
import { waitForOperation } from './wait';
import { addDrillCommands } from './backup-drills';

type BackupView = Static<typeof BackupJson>;
type PolicyView = Static<typeof BackupPolicyJson>;

const COLUMNS = ['id', 'kind', 'status', 'label', 'size', 'stored', 'started', 'finished', 'wal'];

const megabytes = (bytes: number | null) => (bytes === null ? null : `${(bytes / 1_048_576).toFixed(1)} MB`);

function row(b: BackupView) {
  return {
    id: b.id,
    kind: b.kind,
    status: b.status,
    label: b.label,
    size: megabytes(b.sizeBytes),
    stored: megabytes(b.storedBytes),
    started: b.startedAt,
    finished: b.finishedAt,
    wal: b.walStart ? `${b.walStart}…${b.walStop ?? ''}` : null,
  };
}

function details(b: BackupView): string {
  return keyValues([
    ['id', b.id],
    ['cluster', b.cluster.name],
    ['engine', b.engine],
    ['kind', b.kind],
    ['status', b.status],
    ['label', b.label],
    ['size', megabytes(b.sizeBytes)],
    ['stored', megabytes(b.storedBytes)],
    ['started', b.startedAt],
    ['finished', b.finishedAt],
    ['wal', b.walStart ? `${b.walStart} … ${b.walStop ?? ''}` : null],
    ['checksum', b.checksum],
    ['location', b.location],
    ['operation', b.operationId],
    ['requested by', b.requestedBy],
    ['error', b.error],
  ]);
}

function wholeBetween(min: number, max: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max) throw new InvalidArgumentError(`must be a whole number from ${min} to ${max}.`);
    return n;
  };
}

export function backupsCommand(ctx: CliContext): Command {
  const cmd = new Command('backups').description(
    "back clusters up, list and inspect their backups, read and set a cluster's backup policy, drill their restores",
  );
  const out = ctx.io.stdout;

  cmd
    .command('list <cluster>')
    .description('backups of a cluster, newest first')
    .action(async (cluster: string, _opts: unknown, command: Command) => {
      const backups = await clientFor(command, ctx).request<BackupView[]>('GET', `/api/clusters/${encodeURIComponent(cluster)}/backups`);
      if (wantsJson(command)) return printJson(ctx.io, backups);
      out(table(backups.map(row), COLUMNS));
    });

  cmd
    .command('create <cluster>')
    .description('back a cluster up now (a background operation)')
    .option('--kind <kind>', "full | diff | incr (PostgreSQL) or snapshot; default: the engine's first")
    .option('--wait', 'wait for the backup to finish and print it')
    .action(async (cluster: string, opts: { kind?: string; wait?: boolean }, command: Command) => {
      const client = clientFor(command, ctx);
      const path = `/api/clusters/${encodeURIComponent(cluster)}/backups`;
      const created = await client.request<{ backup: BackupView; operation: OperationView }>(
        'POST',
        path,
        opts.kind ? { kind: opts.kind } : {},
      );
      if (!opts.wait)
        return wantsJson(command)
          ? printJson(ctx.io, created)
          : out(`${cluster}: ${created.backup.kind} backup ${created.backup.id} requested (operation ${created.operation.id})\n`);
      const finished = await waitForOperation(client, created.operation.id, (l) => !wantsJson(command) && out(`${l}\n`));
      const backup = await client.request<BackupView>('GET', `/api/backups/${created.backup.id}`);
      if (wantsJson(command)) printJson(ctx.io, backup);
      else out(details(backup));
      if (finished.status !== 'succeeded') throw new CliError(`backup ${finished.status}${finished.error ? `: ${finished.error}` : ''}`);
    });

  cmd
    .command('show <id>')
    .description('one backup: what it holds and where it lives')
    .action(async (id: string, _opts: unknown, command: Command) => {
      const backup = await clientFor(command, ctx).request<BackupView>('GET', `/api/backups/${encodeURIComponent(id)}`);
      if (wantsJson(command)) return printJson(ctx.io, backup);
      out(details(backup));
    });

  const policyText = (p: PolicyView) =>
    keyValues([
      ['enabled', p.enabled ? 'yes' : 'no'],
      ['every', `${p.frequencyHours} h`],
      ['kind', p.kind === 'incr' || p.kind === 'diff' ? `${p.kind}, full every ${p.fullEveryDays} days` : p.kind],
      ['retention', `${p.retentionDays} days`],
      ['window', `${String(p.windowStartHour).padStart(2, '0')}:00 UTC for ${p.windowHours} h`],
      ['restorable from', p.recoverableFrom],
      ['source', p.isDefault ? "the engine's default" : `set by ${p.updatedBy ?? '?'} at ${p.updatedAt ?? '?'}`],
    ]);

  cmd
    .command('policy <cluster>')
    .description("a cluster's backup policy (its engine's default until one is set)")
    .action(async (cluster: string, _opts: unknown, command: Command) => {
      const policy = await clientFor(command, ctx).request<PolicyView>('GET', `/api/clusters/${encodeURIComponent(cluster)}/backup-policy`);
      if (wantsJson(command)) return printJson(ctx.io, policy);
      out(policyText(policy));
    });

  cmd
    .command('set-policy <cluster>')
    .description('change the backup policy; options left out keep their current value')
    .addOption(oneOf('--enabled <yes|no>', 'scheduled backups on or off', ['yes', 'no']))
    .option('--every <hours>', 'a scheduled backup every this many hours (1-168)', wholeBetween(1, 168))
    .option('--kind <kind>', 'kind of a scheduled backup')
    .option('--full-every <days>', 'with incr/diff: a full backup every this many days (1-90)', wholeBetween(1, 90))
    .option('--retention <days>', 'keep backups this many days (1-3650)', wholeBetween(1, 3650))
    .option('--window <HH>', 'backup window start hour, UTC (0-23)', wholeBetween(0, 23))
    .option('--window-hours <hours>', 'backup window length (1-24)', wholeBetween(1, 24))
    .action(
      async (
        cluster: string,
        opts: {
          enabled?: string;
          every?: number;
          kind?: string;
          fullEvery?: number;
          retention?: number;
          window?: number;
          windowHours?: number;
        },
        command: Command,
      ) => {
        const client = clientFor(command, ctx);
        const path = `/api/clusters/${encodeURIComponent(cluster)}/backup-policy`;
        const current = await client.request<PolicyView>('GET', path);
        const body = {
          enabled: opts.enabled === undefined ? current.enabled : opts.enabled === 'yes',
          frequencyHours: opts.every ?? current.frequencyHours,
          kind: opts.kind ?? current.kind,
          fullEveryDays: opts.fullEvery ?? current.fullEveryDays,
          retentionDays: opts.retention ?? current.retentionDays,
          windowStartHour: opts.window ?? current.windowStartHour,
          windowHours: opts.windowHours ?? current.windowHours,
        };
        const policy = await client.request<PolicyView>('PUT', path, body);
        if (wantsJson(command)) return printJson(ctx.io, policy);
        out(policyText(policy));
      },
    );
  addDrillCommands(cmd, ctx);
  return cmd;
}

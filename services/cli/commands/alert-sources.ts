import { Command } from 'commander';
import { clientFor, wantsJson, type CliContext } from '../context';
import { printJson, table } from '../output';

interface AlertSourceView {
  id: string;
  name: string;
  createdBy: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

/** `datafleet alert-sources`: credentials for monitoring systems (Alertmanager) to send alerts; platform team only. */
export function alertSourcesCommand(ctx: CliContext): Command {
  const cmd = new Command('alert-sources').description('credentials for monitoring systems to send alerts (platform team only)');
  const out = ctx.io.stdout;

  cmd
    .command('create <name>')
    .description("issue a credential (shown once) for Alertmanager's http_config.authorization")
    .action(async (name: string, _opts: unknown, command: Command) => {
      const issued = await clientFor(command, ctx).request<{ source: AlertSourceView; credential: string }>('POST', '/api/alert-sources', {
        name,
      });
      if (wantsJson(command)) return printJson(ctx.io, issued);
      out(`${issued.credential}\n`);
    });

  cmd
    .command('list')
    .description('every alert source: active or revoked, created, last used')
    .action(async (_opts: unknown, command: Command) => {
      const sources = await clientFor(command, ctx).request<AlertSourceView[]>('GET', '/api/alert-sources');
      if (wantsJson(command)) return printJson(ctx.io, sources);
      out(
        table(
          sources.map((s) => ({
            name: s.name,
            status: s.revokedAt ? 'revoked' : 'active',
            created: s.createdAt,
            'created by': s.createdBy,
            'last used': s.lastUsedAt ?? 'never',
            revoked: s.revokedAt,
          })),
          ['name', 'status', 'created', 'created by', 'last used', 'revoked'],
        ),
      );
    });

  cmd
    .command('revoke <nameOrId>')
    .description('refuse its credential from now on')
    .option('--reason <text>', 'why, for the audit trail')
    .action(async (ref: string, opts: { reason?: string }, command: Command) => {
      const query = opts.reason ? `?reason=${encodeURIComponent(opts.reason)}` : '';
      const revoked = await clientFor(command, ctx).request<AlertSourceView>(
        'DELETE',
        `/api/alert-sources/${encodeURIComponent(ref)}${query}`,
      );
      if (wantsJson(command)) return printJson(ctx.io, revoked);
      out(`revoked ${revoked.name}\n`);
    });
  return cmd;
}

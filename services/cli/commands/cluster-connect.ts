import type { Static } from '@sinclair/typebox';
import type { Command } from 'commander';
import { clientFor, wantsJson, type CliContext } from '../context';
import { printJson } from '../output';
import type { ConnectionJson } from '../../api/schemas/connection';

type ConnectionView = Static<typeof ConnectionJson>;

/**
 * `clusters connect NAME [--reveal] [--command]`: one line on stdout (the URI, or the engine's own
 * client command) so that `$(datafleet clusters connect …)` works in a script; what a person should
 * know besides goes to stderr.
 */
export function addConnectCommand(cmd: Command, ctx: CliContext): void {
  cmd
    .command('connect <name>')
    .description("the cluster's admin connection URI (owning team or platform); the password masked unless --reveal")
    .option('--reveal', 'include the password (recorded in the cluster’s audit trail)')
    .option('--command', "print the engine's own client command line (redis-cli, psql, cqlsh, curl, nc) instead of the URI")
    .action(async (name: string, opts: { reveal?: boolean; command?: boolean }, command: Command) => {
      const query = opts.reveal ? '?reveal=true' : '';
      const connection = await clientFor(command, ctx).request<ConnectionView>(
        'GET',
        `/api/clusters/${encodeURIComponent(name)}/connection${query}`,
      );
      if (wantsJson(command)) return printJson(ctx.io, connection);
      ctx.io.stdout(`${opts.command ? connection.command : connection.uri}\n`);
      const notes = [
        ...(connection.simulated ? ['simulated cluster: nothing answers at these addresses'] : []),
        ...(connection.username !== null && !connection.revealed ? ['password masked: --reveal shows it (audited)'] : []),
        ...connection.notes,
      ];
      for (const note of notes) ctx.io.stderr(`# ${note}\n`);
    });
}

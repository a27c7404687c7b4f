import { Command } from 'commander';
import { clientFor, wantsJson, type CliContext } from '../context';
import { keyValues, printJson, table } from '../output';
import type { TeamView } from '../shapes';
import { addTokenCommands } from './tokens';

export function teamsCommand(ctx: CliContext): Command {
  const cmd = new Command('teams').description('owning teams, their contacts and tokens');
  const out = ctx.io.stdout;
  const show = (command: Command, team: TeamView) =>
    wantsJson(command)
      ? printJson(ctx.io, team)
      : out(
          keyValues([
            ['name', team.name],
            ['email', team.email],
            ['chat', team.chatChannel],
            ['paging key', team.pagingKeySet ? '(set)' : null],
            ['platform team', team.isPlatform ? 'yes' : 'no'],
          ]),
        );

  cmd
    .command('list')
    .description('every team: email, chat channel, whether it is the platform team')
    .action(async (_opts: unknown, command: Command) => {
      const teams = await clientFor(command, ctx).request<TeamView[]>('GET', '/api/teams');
      if (wantsJson(command)) return printJson(ctx.io, teams);
      out(
        table(
          teams.map((t) => ({ name: t.name, email: t.email, chat: t.chatChannel, platform: t.isPlatform ? 'yes' : '' })),
          ['name', 'email', 'chat', 'platform'],
        ),
      );
    });

  cmd
    .command('create <name>')
    .description('a team that can own clusters (platform team only)')
    .requiredOption('--email <email>', 'where notices go')
    .option('--chat <channel>', "the team's chat channel, e.g. '#payments'")
    .option('--paging-key <key>', 'PagerDuty routing key for pages about its clusters')
    .action(async (name: string, opts: { email: string; chat?: string; pagingKey?: string }, command: Command) => {
      const team = await clientFor(command, ctx).request<TeamView>('POST', '/api/teams', {
        name,
        email: opts.email,
        ...(opts.chat ? { chatChannel: opts.chat } : {}),
        ...(opts.pagingKey ? { pagingKey: opts.pagingKey } : {}),
      });
      show(command, team);
    });

  cmd
    .command('get <name>')
    .description("one team's contacts")
    .action(async (name: string, _opts: unknown, command: Command) => {
      show(command, await clientFor(command, ctx).request<TeamView>('GET', `/api/teams/${encodeURIComponent(name)}`));
    });

  cmd
    .command('update <name>')
    .description("change a team's email, chat channel or paging key")
    .option('--email <email>', 'where notices go')
    .option('--chat <channel>', "the team's chat channel")
    .option('--paging-key <key>', 'PagerDuty routing key')
    .action(async (name: string, opts: { email?: string; chat?: string; pagingKey?: string }, command: Command) => {
      const patch = {
        ...(opts.email ? { email: opts.email } : {}),
        ...(opts.chat ? { chatChannel: opts.chat } : {}),
        ...(opts.pagingKey ? { pagingKey: opts.pagingKey } : {}),
      };
      show(command, await clientFor(command, ctx).request<TeamView>('PATCH', `/api/teams/${encodeURIComponent(name)}`, patch));
    });

  addTokenCommands(cmd, ctx);
  return cmd;
}

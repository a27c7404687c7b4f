import type { Command } from 'commander';
import { clientFor, wantsJson, type CliContext } from '../context';
import { printJson, table } from '../output';
import type { IssuedTokenView, TokenInfoView } from '../shapes';

const base = (team: string) => `/api/teams/${encodeURIComponent(team)}/tokens`;

/** `teams token|tokens|revoke-token|rotate-token`: a team's bearer tokens (its own, or any for the platform team). */
export function addTokenCommands(cmd: Command, ctx: CliContext): void {
  const out = ctx.io.stdout;
  const printIssued = (command: Command, issued: IssuedTokenView) =>
    wantsJson(command) ? printJson(ctx.io, issued) : out(`${issued.token}\n`);

  cmd
    .command('token <team>')
    .description('issue a bearer token for the team (shown once)')
    .requiredOption('--name <tokenName>', 'what the token is for, e.g. ci')
    .option('--expires-at <iso>', 'refuse the token after this date-time, e.g. 2027-01-31T00:00:00Z')
    .action(async (team: string, opts: { name: string; expiresAt?: string }, command: Command) => {
      printIssued(
        command,
        await clientFor(command, ctx).request<IssuedTokenView>('POST', base(team), {
          name: opts.name,
          ...(opts.expiresAt ? { expiresAt: opts.expiresAt } : {}),
        }),
      );
    });

  cmd
    .command('tokens <team>')
    .description("the team's tokens: name, created, last used, expiry, status (never the secrets)")
    .action(async (team: string, _opts: unknown, command: Command) => {
      const tokens = await clientFor(command, ctx).request<TokenInfoView[]>('GET', base(team));
      if (wantsJson(command)) return printJson(ctx.io, tokens);
      out(
        table(
          tokens.map((t) => ({
            id: t.id,
            name: t.name,
            status: t.status,
            created: t.createdAt,
            'last used': t.lastUsedAt ?? 'never',
            expires: t.expiresAt ?? 'never',
          })),
          ['id', 'name', 'status', 'created', 'last used', 'expires'],
        ),
      );
    });

  cmd
    .command('revoke-token <team> <tokenId>')
    .description('revoke a token: it is refused from now on')
    .action(async (team: string, id: string, _opts: unknown, command: Command) => {
      const token = await clientFor(command, ctx).request<TokenInfoView>('DELETE', `${base(team)}/${encodeURIComponent(id)}`);
      if (wantsJson(command)) return printJson(ctx.io, token);
      out(`token ${token.name} (${token.id}) is ${token.status}\n`);
    });

  cmd
    .command('rotate-token <team> <tokenId>')
    .description('replace a token with a new secret (printed once); the old one is refused at once')
    .action(async (team: string, id: string, _opts: unknown, command: Command) => {
      printIssued(
        command,
        await clientFor(command, ctx).request<IssuedTokenView>('POST', `${base(team)}/${encodeURIComponent(id)}/rotate`, {}),
      );
    });
}

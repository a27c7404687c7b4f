import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { clientFor, wantsJson, type CliContext } from '../context';
import { CliError } from '../client';
import { keyValues, printJson } from '../output';
import { collectList, positiveNumber } from '../parse';
import type { ClusterView } from '../shapes';
import { UsageProblems, checkClusterChoice, fetchCatalogs } from '../request-checks';

const ROLES = ['primary', 'replica', 'member'];
const PASSWORD_ENV = 'DATAFLEET_CLUSTER_PASSWORD';

/** "host:port" or "host:port:role"; an IPv6 host goes in brackets: "[::1]:6379". */
export function parseEndpoint(text: string): { host: string; port: number; role?: string } {
  const match = /^(\[[^\]]+\]|[^:\s]+):(\d{1,5})(?::([a-z]+))?$/.exec(text);
  const port = Number(match?.[2]);
  if (!match || !(port >= 1 && port <= 65535) || (match[3] !== undefined && !ROLES.includes(match[3]))) {
    throw new CliError(`endpoint "${text}" is not host:port or host:port:role (role: ${ROLES.join(', ')})`);
  }
  return { host: match[1]!.replace(/^\[|\]$/g, ''), port, ...(match[3] ? { role: match[3] } : {}) };
}

/**
 * `clusters adopt`: a platform-team token adopts a cluster that runs elsewhere. The password never
 * goes on the command line (it would sit in shell history and the process list): it is read from a
 * file, from stdin with `--password-file -`, or from DATAFLEET_CLUSTER_PASSWORD.
 */
export function addAdoptCommand(cmd: Command, ctx: CliContext): void {
  cmd
    .command('adopt <name>')
    .description('adopt a cluster that already runs elsewhere by its endpoints and credentials (platform team)')
    .requiredOption('--engine <engine>', 'an engine the server offers (GET /api/engines; an unknown one is refused with the list)')
    .requiredOption('--owner <team>', 'team name or email')
    .requiredOption(
      '--endpoint <host:port[:role]...>',
      'each server, repeated or comma-separated; role where it matters (primary, replica)',
      collectList,
    )
    .option('--region <region>', 'a region of kind external', 'external')
    .option('--username <login>', "the engine's admin login (default: Datafleet's)")
    .option('--password-file <file>', `file holding the password ('-' for stdin); default: $${PASSWORD_ENV}`)
    .option('--environment <env>', 'test | prod')
    .option('--version <version>', 'default: what the servers report')
    .option('--instance-type <type>', 'the size label closest to the servers')
    .option('--size <GB>', 'expected data size in GB', positiveNumber)
    .action(
      async (
        name: string,
        opts: {
          engine: string;
          owner: string;
          endpoint: string[];
          region: string;
          username?: string;
          passwordFile?: string;
          environment?: string;
          version?: string;
          instanceType?: string;
          size?: number;
        },
        command: Command,
      ) => {
        const client = clientFor(command, ctx);
        const problems = new UsageProblems();
        checkClusterChoice(
          problems,
          await fetchCatalogs(client),
          { name, ...opts, regions: [opts.region], versions: { '--version': opts.version } },
          'adopts',
        );
        problems.throwIfAny();
        const password = readPassword(ctx, opts.passwordFile);
        const body = {
          name,
          engine: opts.engine,
          owner: opts.owner,
          region: opts.region,
          endpoints: opts.endpoint.map(parseEndpoint),
          credentials: { ...(opts.username ? { username: opts.username } : {}), password },
          ...(opts.environment ? { environment: opts.environment } : {}),
          ...(opts.version ? { version: opts.version } : {}),
          ...(opts.instanceType ? { instanceType: opts.instanceType } : {}),
          ...(opts.size ? { expectedDataGb: opts.size } : {}),
        };
        const { cluster } = await client.request<{ cluster: ClusterView }>('POST', '/api/clusters/adopt', body);
        if (wantsJson(command)) return printJson(ctx.io, { cluster });
        ctx.io.stdout(
          keyValues([
            ['cluster', cluster.name],
            ['engine', `${cluster.engine} ${cluster.version}`],
            ['status', cluster.status],
            ['nodes', cluster.nodeCount],
            ['regions', cluster.regions.join(',')],
          ]),
        );
      },
    );
}

function readPassword(ctx: CliContext, file: string | undefined): string {
  const raw = file === '-' ? readFileSync(0, 'utf8') : file ? readFileSync(resolve(ctx.cwd, file), 'utf8') : ctx.env[PASSWORD_ENV];
  const password = raw?.replace(/\r?\n$/, '');
  if (!password) throw new CliError(`give the cluster's password with --password-file FILE (or - for stdin) or in ${PASSWORD_ENV}`);
  return password;
}

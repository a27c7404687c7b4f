import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError } from 'commander';
import { CliError } from './client';
import type { CliContext } from './context';
import { clustersCommand } from './commands/clusters';
import { opsCommand } from './commands/ops';
import { teamsCommand } from './commands/teams';
import { benchmarksCommand } from './commands/benchmarks';
import { backupsCommand } from './commands/backups';
import { settingsCommand } from './commands/settings';
import { rollingRestartCommand } from './commands/rolling-restart';
import { campaignsCommand } from './commands/campaigns';
import { capacityCommand } from './commands/capacity';
import { maintenanceCommand } from './commands/maintenance';
import { secretsCommand } from './commands/secrets';
import { localNodesCommand } from './commands/local-nodes';
import { alertSourcesCommand } from './commands/alert-sources';

/** `datafleet api` / `datafleet worker`: one role per process, for scaling out. */
function serveCommand(role: 'api' | 'worker', description: string): Command {
  return new Command(role).description(description).action(async () => {
    const { serve } = await import('../app/serve');
    await serve([role]);
    // Keep running: resolve only when the process is told to stop.
    await new Promise<never>(() => undefined);
  });
}

/** Commands that run server code on this machine rather than calling the API. */
const SERVER_CODE_COMMANDS = new Set(['api', 'worker', 'secrets', 'local-nodes']);
const GLOBAL_OPTIONS_WITH_VALUES = new Set(['--url', '--token']);

/**
 * Whether these arguments name a command that loads server code (TypeScript sources, which the
 * compiled CLI loads through tsx): the first argument that is neither a global option nor its value.
 */
export function runsServerCode(argv: readonly string[]): boolean {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (GLOBAL_OPTIONS_WITH_VALUES.has(arg)) i++;
    else if (!arg.startsWith('-')) return SERVER_CODE_COMMANDS.has(arg);
  }
  return false;
}

export interface CliIo {
  stdout?: (text: string) => void;
  stderr?: (text: string) => void;
  env?: Record<string, string | undefined>;
  cwd?: string;
}

/** The whole command tree, every command writing through the context's io. */
export function cliProgram(ctx: CliContext): Command {
  return new Command('datafleet')
    .description('Datafleet: datastore clusters as a service')
    .option('--url <url>', 'API base URL (env DATAFLEET_URL, default http://localhost:8080)')
    .option('--token <token>', 'bearer token (env DATAFLEET_TOKEN, else .datafleet/admin-token)')
    .option('--json', 'print raw JSON')
    .addCommand(serveCommand('api', 'run the API (and console) in this process'))
    .addCommand(serveCommand('worker', 'run a worker in this process'))
    .addCommand(clustersCommand(ctx))
    .addCommand(opsCommand(ctx))
    .addCommand(teamsCommand(ctx))
    .addCommand(benchmarksCommand(ctx))
    .addCommand(backupsCommand(ctx))
    .addCommand(settingsCommand(ctx))
    .addCommand(rollingRestartCommand(ctx))
    .addCommand(campaignsCommand(ctx))
    .addCommand(capacityCommand(ctx))
    .addCommand(maintenanceCommand(ctx))
    .addCommand(secretsCommand(ctx))
    .addCommand(localNodesCommand(ctx))
    .addCommand(alertSourcesCommand(ctx));
}

/** Runs the CLI in-process and returns its exit code (0 ok, 1 failed, 2 usage). */
export async function runCli(argv: string[], io: CliIo = {}): Promise<number> {
  const ctx: CliContext = {
    io: { stdout: io.stdout ?? ((t) => process.stdout.write(t)), stderr: io.stderr ?? ((t) => process.stderr.write(t)) },
    env: io.env ?? process.env,
    cwd: io.cwd ?? process.cwd(),
  };
  const program = cliProgram(ctx);
  // Every level, not only the top: a nested command left alone would call process.exit itself and
  // write to the real stderr, which breaks running the CLI in-process.
  const everyCommand = (command: Command): Command[] => [command, ...command.commands.flatMap(everyCommand)];
  for (const command of everyCommand(program)) command.exitOverride().configureOutput({ writeOut: ctx.io.stdout, writeErr: ctx.io.stderr });
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    if (error instanceof CliError) {
      ctx.io.stderr(`${error.message}\n`);
      return error.exitCode;
    }
    ctx.io.stderr(`${(error as Error).message}\n`);
    return 1;
  }
}

/** `tsx services/cli/main.ts …` runs the CLI directly; bin/datafleet.js imports runCli instead. */
function isEntryPoint(): boolean {
  const script = process.argv[1];
  if (!script) return false;
  try {
    return realpathSync(script) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isEntryPoint()) process.exitCode = await runCli(process.argv.slice(2));

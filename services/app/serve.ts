import { startDatafleet, type Role, type RunningDatafleet } from './app';
import { exitOnStartupFailure, installFatalHandlers } from '../core/fatal';
import type { Config } from '../core/config';

export const Roles: readonly Role[] = ['api', 'worker'];

/** Parses "api,worker" into roles, refusing unknown names. */
export function parseRoles(text: string): Role[] {
  const roles = text
    .split(',')
    .map((r) => r.trim())
    .filter(Boolean);
  const unknown = roles.filter((r) => !Roles.includes(r as Role));
  if (unknown.length || roles.length === 0) throw new Error(`unknown role "${unknown.join(', ') || text}": use api, worker or api,worker`);
  return roles as Role[];
}

/**
 * What `npm start` prints, in a box on stderr: stdout carries only the JSON log lines, so
 * `npm start > datafleet.log` (or a log collector) gets clean JSON, and on a terminal the box stands
 * apart from them. The admin token appears only when stderr is an interactive terminal: piped into
 * a log it would outlive its purpose, so there the banner says where the token is instead.
 */
export function startBanner(url: string, adminToken: string, config: Pick<Config, 'dataDir' | 'adminToken'>, interactive: boolean): string {
  const consoleUrl = url.replace('127.0.0.1', 'localhost');
  const where = config.adminToken ? 'the DATAFLEET_ADMIN_TOKEN environment variable' : `${config.dataDir}/admin-token`;
  const lines = interactive
    ? [
        'Datafleet is running.',
        `  Console:  ${consoleUrl}/#token=${adminToken}`,
        `  API docs: ${consoleUrl}/api/docs`,
        `  Admin token (platform team): ${adminToken}`,
        `  (also in ${where})`,
      ]
    : [
        'Datafleet is running.',
        `  Console:  ${consoleUrl}/`,
        `  API docs: ${consoleUrl}/api/docs`,
        `  Admin token (platform team): in ${where}`,
      ];
  lines.push(`  CLI: export DATAFLEET_URL=${consoleUrl}`);
  return boxed(lines);
}

function boxed(lines: string[]): string {
  const width = Math.max(...lines.map((l) => l.length));
  const rule = '─'.repeat(width + 2);
  return `\n┌${rule}┐\n${lines.map((l) => `│ ${l.padEnd(width)} │`).join('\n')}\n└${rule}┘\n\n`;
}

/**
 * Runs Datafleet in this process until SIGINT/SIGTERM: both roles for `npm start`, one role each
 * for `datafleet api` / `datafleet worker` when scaling out. A startup failure (bad configuration,
 * failed migration, port in use, no Redis) ends the process with exit code 1 and one line on stderr.
 */
export async function serve(roles: Role[]): Promise<void> {
  installFatalHandlers();
  let running: RunningDatafleet;
  try {
    running = await startDatafleet({ roles });
  } catch (error) {
    exitOnStartupFailure(error);
    return;
  }
  if (running.url) process.stderr.write(startBanner(running.url, running.adminToken, running.config, Boolean(process.stderr.isTTY)));
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    running.ctx.logger.info({ signal }, 'shutting down');
    void running.stop().finally(() => process.exit(0));
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

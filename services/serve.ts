import { startDatafleet, type Role, type RunningDatafleet } from './app';
import { exitOnStartupFailure, installFatalHandlers } from './platform/fatal';

export const Roles: readonly Role[] = ['api', 'worker'];

/** Parses "api,worker" into roles, refusing unknown names. */
export function parseRoles(text: string): Role[] {
  const roles = text.split(',').map((r) => r.trim()).filter(Boolean);
  const unknown = roles.filter((r) => !Roles.includes(r as Role));
  if (unknown.length || roles.length === 0) throw new Error(`unknown role "${unknown.join(', ') || text}": use api, worker or api,worker`);
  return roles as Role[];
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
  if (running.url) {
    const consoleUrl = running.url.replace('127.0.0.1', 'localhost');
    process.stdout.write(
      `\nDatafleet is running.\n  Console:  ${consoleUrl}/#token=${running.adminToken}\n  API docs: ${consoleUrl}/api/docs\n` +
        `  Admin token (platform team): ${running.adminToken}  (also in ${running.config.dataDir}/admin-token)\n\n`,
    );
  }
  // Last line of defence: a promise nobody awaited failing (a dependency that went away under a
  // path not written for it) is a bug to log, not a reason to take every operation down with the process.
  process.on('unhandledRejection', (reason) => running.ctx.logger.error({ err: reason }, 'unhandled promise rejection (a bug): the process carries on'));
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

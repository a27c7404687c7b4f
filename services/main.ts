import { startDatafleet, type Role } from './app';
import { NoRedisError } from './platform/embedded/redis';

/**
 * `npm start` runs api and worker in one process; `datafleet api` / `datafleet worker` (or
 * DATAFLEET_ROLES=api) run one role each, for scaling out.
 */
async function main(): Promise<void> {
  const roles = (process.env.DATAFLEET_ROLES ?? 'api,worker').split(',').map((r) => r.trim()) as Role[];
  const running = await startDatafleet({ roles });
  if (running.url) {
    const consoleUrl = running.url.replace('127.0.0.1', 'localhost');
    process.stdout.write(
      `\nDatafleet is running.\n  Console:  ${consoleUrl}/#token=${running.adminToken}\n  API docs: ${consoleUrl}/api/docs\n` +
        `  Admin token (platform team): ${running.adminToken}  (also in ${running.config.dataDir}/admin-token)\n\n`,
    );
  }
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    running.ctx.logger.info({ signal }, 'shutting down');
    running.stop().finally(() => process.exit(0));
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  if (error instanceof NoRedisError) process.stderr.write(`\n${error.message}\n\n`);
  else process.stderr.write(`\nDatafleet could not start: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n\n`);
  process.exit(1);
});

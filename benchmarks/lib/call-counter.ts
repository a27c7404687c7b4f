import pg from 'pg';
import { Redis } from 'ioredis';

/** PostgreSQL statements and Redis commands this process has sent since counting began. */
export interface CallCounts {
  pgStatements: number;
  redisCommands: number;
}

const counts: CallCounts = { pgStatements: 0, redisCommands: 0 };
let installed = false;
let ignored: (statement: string) => boolean = () => false;

/**
 * Counts every statement the process sends through node-pg and every command through ioredis (BullMQ
 * included; a pipeline's commands count one each), so a benchmark can report what one unit of work
 * costs on the wire. `ignore` leaves out the benchmark's own bookkeeping queries.
 */
export function countCalls(ignore: (statement: string) => boolean): void {
  ignored = ignore;
  if (installed) return;
  installed = true;
  const query = pg.Client.prototype.query as (...args: unknown[]) => unknown;
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    const first = args[0];
    const text = typeof first === 'string' ? first : ((first as { text?: string } | undefined)?.text ?? '');
    if (!ignored(text)) counts.pgStatements += 1;
    return query.apply(this, args);
  } as typeof pg.Client.prototype.query;
  const sendCommand = Redis.prototype.sendCommand;
  Redis.prototype.sendCommand = function (this: Redis, ...args: Parameters<typeof sendCommand>) {
    counts.redisCommands += 1;
    return sendCommand.apply(this, args);
  };
}

export const callCounts = (): CallCounts => ({ ...counts });

/** What a stretch of work cost: calls and this process's CPU, per unit. */
export async function costPerUnit(
  units: number,
  work: () => Promise<unknown>,
): Promise<{ pgStatements: number; redisCommands: number; cpuMs: number }> {
  const calls = callCounts();
  const cpu = process.cpuUsage();
  await work();
  const used = process.cpuUsage(cpu);
  const after = callCounts();
  const per = (n: number) => Math.round((n / units) * 10) / 10;
  return {
    pgStatements: per(after.pgStatements - calls.pgStatements),
    redisCommands: per(after.redisCommands - calls.redisCommands),
    cpuMs: Math.round(((used.user + used.system) / 1000 / units) * 100) / 100,
  };
}

/**
 * How a process ends on a true fatal error (bad configuration, failed migration, port in use, a
 * bug that escaped every handler): one readable line on stderr and a non-zero exit code. A lost
 * connection to PostgreSQL or Redis is not fatal: the pools and queues reconnect, so such an error
 * reaching the process handlers is reported in one line and the process keeps running.
 */

import { unreachableDependency } from './dependency-errors';

type Detailed = Error & { code?: string; errors?: unknown[]; port?: number; address?: string; syscall?: string };

/** A dependency that went away (or is overloaded) and may come back: never a reason to exit. */
export function isTransientDependencyError(error: unknown): boolean {
  if (error instanceof Error && error.name === 'UnavailableError') return true;
  return unreachableDependency(error) !== undefined;
}

/** The error as one line: newlines folded, an empty AggregateError (a refused dual-stack connect) replaced by its parts. */
export function oneLine(error: unknown): string {
  if (!(error instanceof Error)) return String(error).replace(/\s*\n\s*/g, ' ');
  const e = error as Detailed;
  if (e.code === 'EADDRINUSE') {
    return `${e.address ?? 'the address'}:${e.port ?? '?'} is already in use by another process: stop it, or set PORT (and HOST) to a free address`;
  }
  if (e.code === 'EACCES' && e.syscall === 'listen')
    return `no permission to listen on ${e.address ?? ''}:${e.port ?? '?'}: set PORT to a port above 1023`;
  let text = e.message;
  if (!text && Array.isArray(e.errors)) text = e.errors.map((part) => oneLine(part)).join('; ');
  if (!text) text = e.code ?? e.name;
  return text.replace(/\s*\n\s*/g, ' ').trim();
}

export interface FatalIo {
  write(line: string): void;
  exit(code: number): void;
}

const processIo: FatalIo = {
  write: (line) => process.stderr.write(line),
  exit: (code) => process.exit(code),
};

/** Startup failed: one line, exit 1. */
export function exitOnStartupFailure(error: unknown, io: FatalIo = processIo): void {
  io.write(`datafleet: cannot start: ${oneLine(error)}\n`);
  io.exit(1);
}

interface ProcessEvents {
  on(event: 'uncaughtException', listener: (error: unknown) => void): unknown;
  on(event: 'unhandledRejection', listener: (reason: unknown) => void): unknown;
}

/**
 * Last-resort handlers: a transient dependency error is reported and survived; anything else is a
 * bug or a broken environment, reported in one line before exiting 1 (a supervisor restarts us).
 */
export function installFatalHandlers(target: ProcessEvents = process, io: FatalIo = processIo): void {
  const handle = (kind: string) => (error: unknown) => {
    if (isTransientDependencyError(error)) {
      io.write(`datafleet: warning: ${kind} from a dependency, continuing (it reconnects): ${oneLine(error)}\n`);
      return;
    }
    io.write(`datafleet: fatal: ${kind}: ${oneLine(error)}\n`);
    io.exit(1);
  };
  target.on('uncaughtException', handle('uncaught exception'));
  target.on('unhandledRejection', handle('unhandled rejection'));
}

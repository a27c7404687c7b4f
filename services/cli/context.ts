import type { Command } from 'commander';
import { ApiClient } from './client';
import type { Io } from './output';

export interface CliContext {
  io: Io;
  env: Record<string, string | undefined>;
  cwd: string;
}

/** The API client for a command, from the global --url and --token options. */
export function clientFor(command: Command, ctx: CliContext): ApiClient {
  const globals = command.optsWithGlobals<{ url?: string; token?: string }>();
  return new ApiClient({ url: globals.url, token: globals.token, env: ctx.env, cwd: ctx.cwd });
}

export function wantsJson(command: Command): boolean {
  return Boolean(command.optsWithGlobals<{ json?: boolean }>().json);
}

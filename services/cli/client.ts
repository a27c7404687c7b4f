import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** A failure the CLI reports in one line; exit code 1 for a failed request, 2 for bad usage. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

export interface ClientOptions {
  url?: string;
  token?: string;
  env: Record<string, string | undefined>;
  cwd: string;
}

/** Thin fetch wrapper: bearer token, JSON in and out, the API's error body turned into one line. */
export class ApiClient {
  readonly baseUrl: string;
  private readonly token: string | undefined;

  constructor(options: ClientOptions) {
    this.baseUrl = (options.url ?? options.env.DATAFLEET_URL ?? 'http://localhost:8080').replace(/\/+$/, '');
    this.token = options.token ?? (options.env.DATAFLEET_TOKEN || undefined) ?? readLocalToken(options.cwd);
  }

  async request<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
    let res: Response;
    try {
      res = await fetch(`${this.baseUrl}${path}`, {
        method,
        headers: {
          ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...headers,
        },
        body: body !== undefined ? JSON.stringify(body) : undefined,
      });
    } catch (error) {
      throw new CliError(`cannot reach Datafleet at ${this.baseUrl}: ${causeOf(error)} (is it running? set --url or DATAFLEET_URL)`);
    }
    const text = await res.text();
    const parsed = parseJson(text);
    if (!res.ok) throw new CliError(formatApiError(res.status, parsed ?? text));
    if (parsed === undefined && text)
      throw new CliError(`${this.baseUrl} answered ${method} ${path} with something other than JSON; is --url pointing at Datafleet?`);
    return parsed as T;
  }
}

/**
 * One line from the API's `{ error: { code, message } }` body. A body that is not the API's (a proxy's
 * HTML page, say) shows its first line, so the user still sees what answered.
 */
export function formatApiError(status: number, body: unknown): string {
  const error = typeof body === 'object' && body !== null ? (body as { error?: { code?: unknown; message?: unknown } }).error : undefined;
  if (typeof error?.message === 'string' && error.message) {
    const code = typeof error.code === 'string' ? error.code : 'error';
    const line = `error ${status} (${code}): ${error.message}`;
    return status === 401 ? `${line} (give --token, set DATAFLEET_TOKEN, or run where .datafleet/admin-token is)` : line;
  }
  const firstLine = typeof body === 'string' ? body.trim().split('\n')[0]?.slice(0, 200) : undefined;
  return firstLine ? `error ${status}: ${firstLine}` : `error ${status}`;
}

function parseJson(text: string): unknown {
  if (!text) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** fetch hides the useful part ("ECONNREFUSED") in `cause`. */
function causeOf(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error as Error).message;
}

/** The admin token `npm start` writes into .datafleet/ of the folder it runs in. */
function readLocalToken(cwd: string): string | undefined {
  const file = join(cwd, '.datafleet', 'admin-token');
  return existsSync(file) ? readFileSync(file, 'utf8').trim() || undefined : undefined;
}

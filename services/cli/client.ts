import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export class CliError extends Error {
  constructor(message: string, readonly exitCode = 1) {
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
    this.baseUrl = (options.url ?? options.env.DATAFLEET_URL ?? 'http://localhost:8080').replace(/\/$/, '');
    this.token = options.token ?? options.env.DATAFLEET_TOKEN ?? readLocalToken(options.cwd);
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
      throw new CliError(`cannot reach Datafleet at ${this.baseUrl}: ${(error as Error).message} (is it running? set --url or DATAFLEET_URL)`);
    }
    const text = await res.text();
    const json: unknown = text ? JSON.parse(text) : null;
    if (!res.ok) throw new CliError(formatApiError(res.status, json));
    return json as T;
  }
}

export function formatApiError(status: number, body: unknown): string {
  const error = (body as { error?: { code?: string; message?: string } } | null)?.error;
  return error?.message ? `error ${status} (${error.code ?? 'error'}): ${error.message}` : `error ${status}`;
}

/** The admin token `npm start` writes into .datafleet/ of the folder it runs in. */
function readLocalToken(cwd: string): string | undefined {
  const file = join(cwd, '.datafleet', 'admin-token');
  return existsSync(file) ? readFileSync(file, 'utf8').trim() || undefined : undefined;
}

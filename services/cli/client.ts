import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConnectionError, sendRequest, type HttpAnswer } from './http-request';

/** A failure the CLI reports in one line; exit code 1 for a failed request, 2 for bad usage. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

/** The API refused a request: its status and the envelope's details, for a command that expects one answer. */
export class ApiError extends CliError {
  constructor(
    message: string,
    readonly status: number,
    readonly details: unknown,
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
    let res: HttpAnswer;
    try {
      res = await sendRequest(
        `${this.baseUrl}${path}`,
        method,
        {
          accept: 'application/json',
          ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...headers,
        },
        body !== undefined ? JSON.stringify(body) : undefined,
      );
    } catch (error) {
      if (!(error instanceof ConnectionError) && !(error instanceof TypeError)) throw error;
      throw new CliError(`cannot reach Datafleet at ${this.baseUrl}: ${error.message} (is it running? set --url or DATAFLEET_URL)`);
    }
    const parsed = parseJson(res.text);
    if (res.status < 200 || res.status > 299)
      throw new ApiError(
        formatApiError(res.status, parsed ?? res.text),
        res.status,
        (parsed as { error?: { details?: unknown } } | null)?.error?.details,
      );
    if (parsed === undefined && res.text)
      throw new CliError(`${this.baseUrl} answered ${method} ${path} with something other than JSON; is --url pointing at Datafleet?`);
    return parsed as T;
  }
}

/**
 * The API's `{ error: { code, message, details } }` body for a person: one line, or when the server
 * found several problems, a line naming how many and then one line each, with the allowed values
 * where there is a closed list. A body that is not the API's (a proxy's HTML page, say) shows its
 * first line, so the user still sees what answered.
 */
export function formatApiError(status: number, body: unknown): string {
  const error =
    typeof body === 'object' && body !== null
      ? (body as { error?: { code?: unknown; message?: unknown; details?: unknown } }).error
      : undefined;
  if (typeof error?.message === 'string' && error.message) {
    const code = typeof error.code === 'string' ? error.code : 'error';
    const problems = problemLines(error.details);
    if (problems.length > 1) return `error ${status} (${code}): ${problems.length} problems:\n${problems.map((p) => `  ${p}`).join('\n')}`;
    const line = `error ${status} (${code}): ${problems[0] ?? error.message}`;
    return status === 401 ? `${line} (give --token, set DATAFLEET_TOKEN, or run where .datafleet/admin-token is)` : line;
  }
  const firstLine = typeof body === 'string' ? body.trim().split('\n')[0]?.slice(0, 200) : undefined;
  return firstLine ? `error ${status}: ${firstLine}` : `error ${status}`;
}

/**
 * One line per problem of a 400's details list: a schema's "must …" after the field's path, the
 * server's own sentences as they are, the allowed values where the sentence does not list them.
 */
function problemLines(details: unknown): string[] {
  if (!Array.isArray(details)) return [];
  return details.flatMap((d: { path?: unknown; message?: unknown; allowed?: unknown; unknownField?: unknown }) => {
    if (typeof d?.message !== 'string') return [];
    if (typeof d.unknownField === 'string') return [`unknown field "${d.unknownField}"`];
    const message = d.message;
    const allowed = Array.isArray(d.allowed) ? d.allowed.map(String) : [];
    const listed = allowed.every((a) => message.includes(a));
    const subject = message.startsWith('must') ? `${typeof d.path === 'string' && d.path ? d.path : 'request'} ` : '';
    return [`${subject}${message}${listed ? '' : ` (allowed: ${allowed.join(', ')})`}`];
  });
}

function parseJson(text: string): unknown {
  if (!text) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** The admin token `npm start` writes into .datafleet/ of the folder it runs in. */
function readLocalToken(cwd: string): string | undefined {
  const file = join(cwd, '.datafleet', 'admin-token');
  return existsSync(file) ? readFileSync(file, 'utf8').trim() || undefined : undefined;
}

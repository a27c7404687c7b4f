/** The console's HTTP client: bearer token from localStorage, the API's error body as an ApiError. */
import { clearToken, getToken, signOut } from './session';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** The server's `error.details`: a list of `{path, message}` for schema failures, an object otherwise. */
    readonly details?: unknown,
  ) {
    super(message);
  }
}

interface ErrorBody {
  error?: { message?: string; details?: unknown };
}

function parse(text: string): unknown {
  try {
    return text ? (JSON.parse(text) as unknown) : null;
  } catch {
    // A proxy's HTML error page is not JSON; the status line still tells the user something.
    return null;
  }
}

export async function api<T>(path: string, init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}): Promise<T> {
  const res = await fetch(path, {
    method: init.method ?? 'GET',
    headers: {
      authorization: `Bearer ${getToken() ?? ''}`,
      ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...init.headers,
    },
    body: init.body !== undefined ? JSON.stringify(init.body) : undefined,
  });
  const json = parse(await res.text());
  if (!res.ok) {
    const error = (json as ErrorBody | null)?.error;
    if (res.status === 401) {
      clearToken();
      signOut('Your token was not accepted (expired or revoked?); sign in again.');
    }
    throw new ApiError(res.status, error?.message ?? `request failed (${res.status} ${res.statusText})`, error?.details);
  }
  return json as T;
}

/** The message to show for a failed call, whatever was thrown. */
export const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

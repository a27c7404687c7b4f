/** The console's HTTP client: bearer token from localStorage, the API's error body as an Error. */
const TOKEN_KEY = 'datafleet.token';

export class ApiError extends Error {
  constructor(readonly status: number, message: string, readonly details?: unknown) {
    super(message);
  }
}

export function takeTokenFromUrl(): void {
  const match = /[#&]token=([^&]+)/.exec(location.hash);
  if (!match?.[1]) return;
  localStorage.setItem(TOKEN_KEY, decodeURIComponent(match[1]));
  history.replaceState(null, '', `${location.pathname}#/`);
}

export const getToken = (): string | null => localStorage.getItem(TOKEN_KEY);
export const setToken = (token: string): void => localStorage.setItem(TOKEN_KEY, token);
export const clearToken = (): void => localStorage.removeItem(TOKEN_KEY);

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
  const text = await res.text();
  const json = text ? (JSON.parse(text) as unknown) : null;
  if (!res.ok) {
    const error = (json as { error?: { message?: string; details?: unknown } } | null)?.error;
    if (res.status === 401) clearToken();
    throw new ApiError(res.status, error?.message ?? `request failed (${res.status})`, error?.details);
  }
  return json as T;
}

import type { NodeEndpoint } from './engine';

/*
 * What every engine's client connection shares: where the password goes when it is not revealed,
 * how a login sits in a URI, and how a value sits safely on a shell command line.
 */

/** Stands where a password goes until it is revealed. */
export const MASKED_SECRET = '********';

/** The password as it is shown: the mask when it is not revealed. */
export const shownPassword = (password: string | null): string => password ?? MASKED_SECRET;

/**
 * `user:password@` for a URI, both percent-encoded (an adopted cluster's password is whatever its
 * owners chose); the mask is left readable, as it stands for the value rather than being one.
 */
export function uriLogin(username: string, password: string | null): string {
  const secret = password === null ? MASKED_SECRET : encodeURIComponent(password);
  return `${encodeURIComponent(username)}:${secret}@`;
}

/** A value a POSIX shell reads back unchanged: bare when it is plain, else single-quoted. */
export function shellQuote(value: string): string {
  if (/^[A-Za-z0-9_./:@,=+-]+$/.test(value)) return value;
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** Primaries first, then the others in their order: clients try hosts in the order given. */
export function primaryFirst<T extends Pick<NodeEndpoint, 'role'>>(nodes: readonly T[]): T[] {
  return [...nodes.filter((n) => n.role === 'primary'), ...nodes.filter((n) => n.role !== 'primary')];
}

export const hostPort = (n: Pick<NodeEndpoint, 'host' | 'port'>): string => `${n.host}:${n.port}`;

/** The node a single-host client points at: the primary where there is one, else the first member. */
export function firstNode<T extends Pick<NodeEndpoint, 'role'>>(nodes: readonly T[]): T {
  const first = primaryFirst(nodes)[0];
  if (!first) throw new Error('a client connection needs at least one node with an address');
  return first;
}

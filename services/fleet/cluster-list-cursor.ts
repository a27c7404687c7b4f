import { InputError } from '../core/errors';
import { sortKeyType, sortName, type ClusterKeyset, type ClusterSort } from './sql/cluster-query';

/**
 * The inventory's opaque `cursor`: the sort it was made under and the last row's sort key and
 * name, as base64url JSON. Clients pass it back untouched; anything else is refused as bad input
 * (the key is cast to its column's type in SQL, so its text is checked against that type here).
 */
interface CursorBody {
  s: string;
  k: string;
  n: string;
}

export function encodeClusterCursor(sort: ClusterSort, after: ClusterKeyset): string {
  const body: CursorBody = { s: sortName(sort), k: after.key, n: after.name };
  return Buffer.from(JSON.stringify(body)).toString('base64url');
}

const keyShapes: Record<ReturnType<typeof sortKeyType>, RegExp> = {
  text: /^[^\0]{0,300}$/,
  integer: /^-?\d{1,10}$/,
  'double precision': /^-?(\d+(\.\d+)?(e[+-]?\d+)?|Infinity|NaN)$/,
  // The server's own text form (its DateStyle decides it); a malformed one fails the cast in SQL,
  // which the repository also reports as a bad cursor.
  timestamptz: /^[-+0-9A-Za-z :.,/]{1,60}$/,
};

export function decodeClusterCursor(cursor: string, sort: ClusterSort): ClusterKeyset {
  const refuse = (why: string): never => {
    throw new InputError(`cursor: ${why}; pass back the nextCursor of a page unchanged, or leave it out to start over`, [
      { path: 'querystring/cursor', message: why },
    ]);
  };
  let body: unknown;
  try {
    body = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    return refuse('not a cursor this API made');
  }
  if (!isCursorBody(body)) return refuse('not a cursor this API made');
  if (body.s !== sortName(sort)) return refuse(`made for sort=${body.s}, not sort=${sortName(sort)}`);
  if (!keyShapes[sortKeyType(sort)].test(body.k) || body.n.length > 300 || body.n.includes('\0'))
    return refuse('not a cursor this API made');
  return { key: body.k, name: body.n };
}

function isCursorBody(value: unknown): value is CursorBody {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.s === 'string' && typeof v.k === 'string' && typeof v.n === 'string';
}

import { describe, expect, it } from 'vitest';
import { keyValues, table } from '../../services/cli/output';
import { formatApiError } from '../../services/cli/client';

describe('CLI output', () => {
  it('aligns columns under upper-case headers and shows missing values as -', () => {
    expect(table([{ name: 'a', nodes: 3 }, { name: 'longer-name', nodes: null }], ['name', 'nodes'])).toBe(
      'NAME         NODES\na            3\nlonger-name  -\n',
    );
    expect(table([], ['name'])).toBe('(none)\n');
  });

  it('prints key/value pairs aligned', () => {
    expect(keyValues([['name', 'x'], ['engine', 'redis']])).toBe('name    x\nengine  redis\n');
  });

  it('turns the API error body into one line', () => {
    expect(formatApiError(409, { error: { code: 'conflict', message: 'a cluster named x already exists' } })).toBe('error 409 (conflict): a cluster named x already exists');
    expect(formatApiError(502, null)).toBe('error 502');
  });
});

import { InvalidArgumentError } from 'commander';
import { describe, expect, it } from 'vitest';
import { keyValues, table, toCell } from '../../services/cli/output';
import { formatApiError } from '../../services/cli/client';
import { collectList, parseWindow, positiveNumber, wholeNumber } from '../../services/cli/parse';

describe('CLI output', () => {
  it('aligns columns under upper-case headers and shows missing values as -', () => {
    expect(
      table(
        [
          { name: 'a', nodes: 3 },
          { name: 'longer-name', nodes: null },
        ],
        ['name', 'nodes'],
      ),
    ).toBe('NAME         NODES\na            3\nlonger-name  -\n');
    expect(table([], ['name'])).toBe('(none)\n');
  });

  it('prints key/value pairs aligned', () => {
    expect(
      keyValues([
        ['name', 'x'],
        ['engine', 'redis'],
      ]),
    ).toBe('name    x\nengine  redis\n');
  });

  it('shows any chosen field as one cell: lists joined, references by name', () => {
    expect(toCell(['us-east-1', 'eu-west-1'])).toBe('us-east-1,eu-west-1');
    expect(toCell({ id: 't1', name: 'search' })).toBe('search');
    expect(toCell({ p99ReadMs: 5 })).toBe('{"p99ReadMs":5}');
    expect(toCell(12)).toBe(12);
    expect(toCell(undefined)).toBeUndefined();
  });
});

describe('CLI errors', () => {
  it('turns the API error body into one line', () => {
    expect(formatApiError(409, { error: { code: 'conflict', message: 'a cluster named x already exists' } })).toBe(
      'error 409 (conflict): a cluster named x already exists',
    );
    expect(formatApiError(502, null)).toBe('error 502');
  });

  it('says where a token comes from when the server wants one', () => {
    expect(formatApiError(401, { error: { code: 'unauthenticated', message: 'A bearer token is required.' } })).toMatch(
      /^error 401 \(unauthenticated\): A bearer token is required\. \(give --token, set DATAFLEET_TOKEN/,
    );
  });

  it('shows the first line of an answer that is not the API’s', () => {
    expect(formatApiError(502, '<html>Bad Gateway</html>\n<body>…</body>')).toBe('error 502: <html>Bad Gateway</html>');
  });
});

describe('CLI option parsing', () => {
  it('accepts sizes and counts and refuses what is not one', () => {
    expect(positiveNumber('100')).toBe(100);
    expect(positiveNumber('0.5')).toBe(0.5);
    for (const bad of ['', 'abc', '0', '-3']) expect(() => positiveNumber(bad)).toThrow(InvalidArgumentError);
    expect(wholeNumber('0')).toBe(0);
    for (const bad of ['1.5', '-1', 'ten']) expect(() => wholeNumber(bad)).toThrow(InvalidArgumentError);
  });

  it('takes regions repeated or comma-separated', () => {
    expect(collectList('us-west-2', collectList('us-east-1,eu-west-1'))).toEqual(['us-east-1', 'eu-west-1', 'us-west-2']);
  });

  it('reads a maintenance window as day, start, minutes and time zone, or none', () => {
    expect(parseWindow('Sat 02:00 120 Europe/Dublin')).toEqual({
      day: 'sat',
      start: '02:00',
      durationMinutes: 120,
      timeZone: 'Europe/Dublin',
    });
    expect(parseWindow('none')).toBeNull();
    for (const bad of ['sat 02:00', 'sat 02:00 two Europe/Dublin', 'sat 02:00 120 Europe/Dublin extra'])
      expect(() => parseWindow(bad)).toThrow(InvalidArgumentError);
  });
});

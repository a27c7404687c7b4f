import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { MASKED_SECRET, shellQuote, uriLogin } from '../../services/engines/client-connection';

describe('client connection pieces', () => {
  it('quotes any value so that a POSIX shell reads it back unchanged', () => {
    for (const value of ['plain-Secret_1', "it's", 'a b$c`d`\\e"f', MASKED_SECRET, '!*?[x]~#;&|<>(){}', 'é ü']) {
      expect(execFileSync('sh', ['-c', `printf %s ${shellQuote(value)}`]).toString()).toBe(value);
    }
    expect(shellQuote('plain-Secret_1')).toBe('plain-Secret_1');
  });

  it('puts a login into a URI that a URL parser reads back, and leaves the mask readable', () => {
    const login = uriLogin('app user', 'p@ss:w/rd?#%');
    const url = new URL(`redis://${login}127.0.0.1:6379`);
    expect(decodeURIComponent(url.username)).toBe('app user');
    expect(decodeURIComponent(url.password)).toBe('p@ss:w/rd?#%');
    expect(uriLogin('default', null)).toBe(`default:${MASKED_SECRET}@`);
  });
});

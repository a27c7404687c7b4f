import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { cliProgram, runsServerCode } from '../../services/cli/main';
import { formatApiError } from '../../services/cli/client';

const program = cliProgram({ io: { stdout: () => undefined, stderr: () => undefined }, env: {}, cwd: '/' });
const everyCommand = (command: Command, path: string[] = []): Array<{ path: string; command: Command }> =>
  command.commands.flatMap((c) => [{ path: [...path, c.name()].join(' '), command: c }, ...everyCommand(c, [...path, c.name()])]);

describe('the datafleet command tree', () => {
  it('describes every command and every option in its help', () => {
    const commands = everyCommand(program);
    expect(commands.length).toBeGreaterThan(50);
    expect(commands.filter(({ command }) => !command.description()).map(({ path }) => path)).toEqual([]);
    const bareOptions = commands.flatMap(({ path, command }) =>
      command.options.filter((o) => !o.description).map((o) => `${path} ${o.flags}`),
    );
    expect(bareOptions).toEqual([]);
  });

  it('loads server code only for the commands that run on the control-plane host', () => {
    expect(runsServerCode(['api'])).toBe(true);
    expect(runsServerCode(['--url', 'http://x', 'worker'])).toBe(true);
    expect(runsServerCode(['local-nodes', 'list'])).toBe(true);
    expect(runsServerCode(['secrets', 'rotate-key'])).toBe(true);
    expect(runsServerCode(['--token', 'api', 'clusters', 'list'])).toBe(false);
    expect(runsServerCode(['--json', 'clusters', 'get', 'api'])).toBe(false);
    expect(runsServerCode(['--help'])).toBe(false);
  });
});

describe("the server's refusals, as the CLI prints them", () => {
  it('one line for one problem; a count and a line each for several, with the allowed values the message lacks', () => {
    const one = {
      error: {
        code: 'invalid_input',
        message: 'body/name must be DNS-safe',
        details: [{ path: 'body/name', message: 'must be DNS-safe' }],
      },
    };
    expect(formatApiError(400, one)).toBe('error 400 (invalid_input): body/name must be DNS-safe');
    const several = {
      error: {
        code: 'invalid_input',
        message: 'ignored when the details say more',
        details: [
          { path: 'body/owner', message: 'unknown owner "nobody": give a team name or a team\'s email' },
          { path: 'body/environment', message: 'must be equal to one of the allowed values', allowed: ['test', 'prod'] },
          { path: 'body', message: 'must NOT have additional properties', unknownField: 'colour' },
        ],
      },
    };
    expect(formatApiError(400, several)).toBe(
      [
        'error 400 (invalid_input): 3 problems:',
        '  unknown owner "nobody": give a team name or a team\'s email',
        '  body/environment must be equal to one of the allowed values (allowed: test, prod)',
        '  unknown field "colour"',
      ].join('\n'),
    );
    expect(formatApiError(502, '<html>\nbad gateway')).toBe('error 502: <html>');
  });
});

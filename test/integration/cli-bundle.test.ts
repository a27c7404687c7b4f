import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { bundleFile, bundleIsFresh } from '../../bin/cli-bundle.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const datafleet = (...args: string[]) =>
  promisify(execFile)(process.execPath, ['bin/datafleet.js', ...args], {
    cwd: root,
    timeout: 120_000,
    env: { ...process.env, DATAFLEET_URL: 'http://127.0.0.1:9' },
  });

describe('the compiled datafleet command', () => {
  it('runs from one bundle of the CLI, rebuilt when a source file changes, without the server code in it', async () => {
    const help = await datafleet('--help');
    expect(help.stdout).toMatch(/^Usage: datafleet \[options\] \[command\]/);
    expect(bundleIsFresh()).toBe(true);

    const source = join(root, 'services/cli/output.ts');
    const later = new Date(Date.now() + 1000);
    utimesSync(source, later, later);
    expect(bundleIsFresh()).toBe(false);
    expect((await datafleet('clusters', '--help')).stdout).toMatch(/request, list, inspect and decommission clusters/);
    expect(bundleIsFresh()).toBe(true);

    // The server's own code is loaded from its sources by the few commands that run it, never bundled.
    const bundle = readFileSync(bundleFile, 'utf8');
    expect(bundle).toContain('import("../../services/app/serve.ts")');
    expect(bundle).not.toMatch(/from "fastify"|require\("fastify"\)/);
  });

  it('still runs the commands that load server code on this machine', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'datafleet-bundle-'));
    try {
      const listed = await datafleet('local-nodes', 'list', '--data-dir', dataDir);
      expect(listed.stdout.trim()).toBe('(none)');
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

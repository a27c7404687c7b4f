import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPlaybooks, matchPlaybook, type Playbook } from '../../services/alerts/playbooks';
import { GroupCommit } from '../../services/infra/db/group-commit';
import { testEngines } from '../helpers/engines';

const book = (id: string, over: Partial<Playbook['match']> = {}): Playbook => ({
  id,
  version: 1,
  description: id,
  action: 'restart_node',
  urgent: true,
  match: { alerts: ['NodeDown'], engines: ['redis'], needsNode: true, ...over },
});

describe('playbooks', () => {
  it('ship a valid file in the repository', () => {
    expect(loadPlaybooks().map((p) => p.id)).toContain('restart-dead-node');
  });

  it('name only engines the registry has (the file is checked for shape, the names here)', () => {
    const named = loadPlaybooks().flatMap((p) => p.match.engines);
    expect(named.filter((engine) => !testEngines.isEngine(engine))).toEqual([]);
  });

  it('match on alert name, engine, a named node and labels, first match wins', () => {
    const books = [book('primary-only', { labels: { role: 'primary' } }), book('any')];
    const alert = { name: 'NodeDown', engine: 'redis' as const, node: 'n1', labels: {} };
    expect(matchPlaybook(books, alert)?.id).toBe('any');
    expect(matchPlaybook(books, { ...alert, labels: { role: 'primary' } })?.id).toBe('primary-only');
    expect(matchPlaybook(books, { ...alert, node: null })).toBeNull();
    expect(matchPlaybook(books, { ...alert, engine: 'postgres' })).toBeNull();
    expect(matchPlaybook(books, { ...alert, name: 'DiskFull' })).toBeNull();
  });

  it('refuse a file with an unknown action, naming where', () => {
    const dir = mkdtempSync(join(tmpdir(), 'playbooks-'));
    const path = join(dir, 'playbooks.json');
    writeFileSync(path, JSON.stringify({ playbooks: [{ ...book('x'), action: 'reboot_datacenter' }] }));
    expect(() => loadPlaybooks(path)).toThrow(/invalid at \/playbooks\/0\/action/);
  });
});

describe('group commit', () => {
  it('writes rows that arrive during a write together, and answers each caller after its write', async () => {
    const writes: number[][] = [];
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => (release = r));
    const commit = new GroupCommit<number>(async (rows) => {
      writes.push(rows);
      if (writes.length === 1) await gate;
    });
    const first = commit.add(1);
    const rest = [2, 3, 4].map((n) => commit.add(n));
    release();
    await Promise.all([first, ...rest]);
    expect(writes).toEqual([[1], [2, 3, 4]]);
  });

  it('fails every caller of a failed write', async () => {
    const commit = new GroupCommit<number>(async () => {
      throw new Error('database gone');
    });
    await expect(commit.add(1)).rejects.toThrow('database gone');
  });
});

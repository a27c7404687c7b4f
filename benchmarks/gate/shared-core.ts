import { execFile } from 'node:child_process';
import { cpus } from 'node:os';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import type { BenchNode } from '../runner/local-nodes';

const run = promisify(execFile);

/** The last core: the default the paired servers share (`GATE_PAIRED_CORE`). */
export const lastCore = () => Math.max(0, cpus().length - 1);

async function processIdOf(node: BenchNode): Promise<number> {
  const client = new Redis({ host: node.host, port: node.port, username: node.username, password: node.password, lazyConnect: true });
  try {
    await client.connect();
    const info = await client.info('server');
    const pid = Number(/process_id:(\d+)/.exec(info)?.[1]);
    if (!Number.isInteger(pid) || pid <= 0) throw new Error(`redis-server on port ${node.port} did not tell its process id`);
    return pid;
  } finally {
    client.disconnect();
  }
}

/**
 * Puts the redis-servers of a paired measurement on one CPU core (`taskset`, every thread of each).
 * Pairing cancels what both sides meet at the same time; two single-threaded servers free to run on
 * either core of a busy two-core host do not meet the same contention (one is served while the other
 * waits), so the per-slice ratios of an unchanged pair spread by 10–40%. Sharing a core makes
 * whatever takes that core slow both. Returns the core, or null (with why) when it cannot pin.
 */
export async function shareOneCore(nodes: readonly BenchNode[], core: number): Promise<{ core: number | null; note: string }> {
  try {
    for (const node of nodes) await run('taskset', ['-a', '-p', '-c', String(core), String(await processIdOf(node))]);
    return { core, note: `the paired redis-servers share core ${core}` };
  } catch (error) {
    return { core: null, note: `not pinned (${error instanceof Error ? error.message : String(error)}): each server on any core` };
  }
}

import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as hdr from 'hdr-histogram-js';
import type { BenchNode } from './local-nodes';

/** What a reference tool measured: throughput and latency percentiles in ms. */
export interface ToolResult {
  opsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  avgMs: number;
}

function run(file: string, args: string[], env: Record<string, string> = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { env: { ...process.env, ...env } });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`${file} exited ${code}: ${err.trim() || out.trim()}`))));
  });
}

/**
 * redis-benchmark -t get or set with random keys over the key space (-r), payload -d, clients -c; its
 * CSV gives rps and p50/p99.
 */
export async function redisBenchmark(
  node: BenchNode,
  o: { clients: number; requests: number; payloadBytes: number; keySpace: number; test: 'GET' | 'SET' },
): Promise<ToolResult> {
  const csv = await run('redis-benchmark', [
    '-h',
    node.host,
    '-p',
    String(node.port),
    '--user',
    node.username,
    '-a',
    node.password,
    '-t',
    o.test.toLowerCase(),
    '-c',
    String(o.clients),
    '-n',
    String(o.requests),
    '-d',
    String(o.payloadBytes),
    '-r',
    String(o.keySpace),
    '--csv',
  ]);
  const rows = csv
    .trim()
    .split('\n')
    .map((l) => l.split(',').map((c) => c.replace(/"/g, '')));
  const result = (test: string): ToolResult => {
    const row = rows.find((r) => r[0] === test);
    if (!row) throw new Error(`redis-benchmark printed no ${test} row:\n${csv}`);
    return { opsPerSecond: Number(row[1]), avgMs: Number(row[2]), p50Ms: Number(row[4]), p99Ms: Number(row[6]) };
  };
  return result(o.test);
}

const UPDATE_SCRIPT = '\\set aid random(1, 100000 * :scale)\nUPDATE pgbench_accounts SET abalance = abalance + 1 WHERE aid = :aid;\n';

/**
 * pgbench over TCP with prepared statements: -S (select-only) or a one-statement UPDATE script,
 * for `seconds`. Latency percentiles come from its per-transaction log (-l), the figure it does
 * not print itself.
 */
export async function pgbench(node: BenchNode, o: { clients: number; seconds: number; mode: 'select' | 'update' }): Promise<ToolResult> {
  const dir = mkdtempSync(join(tmpdir(), 'datafleet-pgbench-'));
  const env = { PGPASSWORD: node.password };
  const connection = ['-h', node.host, '-p', String(node.port), '-U', node.username];
  try {
    const script = join(dir, 'update.sql');
    writeFileSync(script, UPDATE_SCRIPT);
    const workload = o.mode === 'select' ? ['-S'] : ['-f', script];
    const out = await run(
      'pgbench',
      [
        ...connection,
        ...workload,
        '-M',
        'prepared',
        '-n',
        '-c',
        String(o.clients),
        '-j',
        '1',
        '-T',
        String(o.seconds),
        '-l',
        `--log-prefix=${join(dir, 'tx')}`,
        'postgres',
      ],
      env,
    );
    const tps = Number(/tps = ([\d.]+) \(without initial connection time\)/.exec(out)?.[1]);
    const histogram = hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 60_000_000, numberOfSignificantValueDigits: 3 });
    for (const file of readdirSync(dir).filter((f) => f.startsWith('tx'))) {
      for (const line of readFileSync(join(dir, file), 'utf8').split('\n')) {
        const latencyUs = Number(line.split(' ')[2]);
        if (latencyUs > 0) histogram.recordValue(latencyUs);
      }
    }
    return {
      opsPerSecond: tps,
      p50Ms: histogram.getValueAtPercentile(50) / 1000,
      p99Ms: histogram.getValueAtPercentile(99) / 1000,
      avgMs: histogram.mean / 1000,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** pgbench -i at scale 1: 100,000 accounts, the key space of both pgbench runs. */
export async function pgbenchInit(node: BenchNode): Promise<void> {
  await run('pgbench', ['-h', node.host, '-p', String(node.port), '-U', node.username, '-i', '-s', '1', '-q', 'postgres'], {
    PGPASSWORD: node.password,
  });
}

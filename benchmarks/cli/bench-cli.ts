import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { LatencyRecorder, runBenchmark, writeResults } from '../lib/report';
import { startBenchApp } from '../lib/bench-app';
import { seedClusters } from '../lib/seed';
import { buildCliBundle } from '../../bin/cli-bundle.js';

const rounds = Number(process.env.BENCH_ROUNDS ?? 10);
const npxRounds = Number(process.env.BENCH_NPX_ROUNDS ?? 5);
const clusterCount = Number(process.env.BENCH_CLUSTERS ?? 50);
const root = resolve(import.meta.dirname, '../..');
const targetMs = 1000;

/** How the command is started: from its TypeScript sources through tsx (as it shipped before), compiled, and compiled through npx. */
const ways = {
  'from source (tsx)': (args: string[]) => [process.execPath, '--import', 'tsx', 'services/cli/main.ts', ...args],
  compiled: (args: string[]) => [process.execPath, 'bin/datafleet.js', ...args],
  'compiled, through npx': (args: string[]) => ['npx', '--no-install', 'datafleet', ...args],
} as const;
type Way = keyof typeof ways;

/**
 * Wall time of one command, start to exit, as a person at a shell waits for it; fails on a non-zero
 * exit. Not spawnSync: the server answering the command runs in this process.
 */
function timed(argv: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const started = performance.now();
  const child = spawn(argv[0]!, argv.slice(1), { cwd: root, env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((done, fail) => {
    child.on('error', fail);
    child.on('exit', (code) =>
      code === 0 ? done(performance.now() - started) : fail(new Error(`${argv.join(' ')} exited ${code}: ${stderr}`)),
    );
  });
}

/**
 * bench:cli — how long `datafleet` takes to answer, started each way, side by side in one run with
 * the ways alternating each round: `--help` (start-up alone) and `clusters list` against a
 * Datafleet of this run's own holding `BENCH_CLUSTERS` clusters.
 */
async function main(): Promise<void> {
  const app = await startBenchApp('cli', ['api']);
  try {
    const team = (await app.ctx.pool.query<{ id: string }>(`SELECT id FROM teams WHERE is_platform`)).rows[0]!;
    await seedClusters(app.ctx.pool, team.id, clusterCount, 'cli');
    await buildCliBundle();
    console.log(`${clusterCount} clusters at ${app.url}; ${rounds} rounds (npx: ${npxRounds})`);
    const env = { ...process.env, DATAFLEET_URL: app.url, DATAFLEET_TOKEN: app.adminToken };
    const commands = { '--help': ['--help'], 'clusters list': ['clusters', 'list'] };
    const recorders = new Map<string, LatencyRecorder>();
    const record = (way: Way, command: string, ms: number) => {
      const key = `${way}|${command}`;
      if (!recorders.has(key)) recorders.set(key, new LatencyRecorder());
      recorders.get(key)!.record(ms);
    };
    // One warm-up of each (the first npx run resolves the package; the first compiled run may build).
    for (const args of Object.values(commands)) for (const way of Object.keys(ways) as Way[]) await timed(ways[way](args), env);
    for (let round = 0; round < rounds; round++)
      for (const [command, args] of Object.entries(commands))
        for (const way of Object.keys(ways) as Way[]) {
          if (way === 'compiled, through npx' && round >= npxRounds) continue;
          record(way, command, await timed(ways[way](args), env));
        }
    const rows = [...recorders].map(([key, recorder]) => {
      const [way, command] = key.split('|') as [Way, string];
      const s = recorder.summary();
      return {
        way,
        command,
        runs: s.count,
        'p50 ms': s.p50Ms,
        'p90 ms': s.p90Ms,
        'max ms': s.maxMs,
        target: `< ${targetMs} ms: ${s.p90Ms < targetMs ? 'met' : 'not met'}`,
      };
    });
    writeResults('cli', { rounds, npxRounds, clusters: clusterCount, targetMs, results: rows }, rows);
  } finally {
    await app.stop();
  }
}

runBenchmark(main);

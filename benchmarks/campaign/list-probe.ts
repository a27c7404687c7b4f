/**
 * The inventory list, one request at a time, from a process of its own (so its CPU is not counted
 * as the control plane's). The first line on stdin is `{ url, token }` (not argv: every user can
 * read argv in ps); each later line names the phase the requests that follow belong to (`idle-before`,
 * `during`, `idle-after`…), and `stop` ends it: it then prints, per phase, the latency summary and the
 * p99 of every 30 s (so a spike shows when it came), and one summary of every phase named `idle*`
 * pooled, a baseline that does not hang on how busy the machine was in one stretch.
 */
import { createInterface } from 'node:readline';
import { LatencyRecorder, type LatencySummary } from '../lib/report';

const WINDOW_MS = 30_000;
const queries = [
  '/api/clusters?engine=cassandra&sort=-monthlyCostUsd&limit=50&offset=100',
  '/api/clusters?environment=prod&sort=name&limit=50&offset=2000',
  '/api/clusters?status=UPDATING&sort=name&limit=50',
  '/api/clusters?q=fleet-01&sort=-createdAt&limit=25&fields=name,version,status',
];

interface Phase {
  all: LatencyRecorder;
  windows: LatencyRecorder[];
  errors: number;
  startedAt: number;
  seconds: number;
}

const lines = createInterface({ input: process.stdin })[Symbol.asyncIterator]();
const { url, token } = JSON.parse(((await lines.next()).value as string | undefined) ?? '{}') as { url: string; token: string };
const phases = new Map<string, Phase>();
const idle = new LatencyRecorder();
let current = 'idle-before';
let stop = false;
void (async () => {
  for (let line = await lines.next(); !line.done; line = await lines.next()) {
    if (line.value === 'stop') break;
    current = line.value;
  }
  stop = true;
})();

let n = 0;
while (!stop) {
  const name = current;
  const t = performance.now();
  const phase = phases.get(name) ?? { all: new LatencyRecorder(), windows: [], errors: 0, startedAt: t, seconds: 0 };
  phases.set(name, phase);
  const res = await fetch(`${url}${queries[n++ % queries.length]}`, { headers: { authorization: `Bearer ${token}` } });
  await res.arrayBuffer();
  const ms = performance.now() - t;
  phase.all.record(ms);
  (phase.windows[Math.floor((t - phase.startedAt) / WINDOW_MS)] ??= new LatencyRecorder()).record(ms);
  if (name.startsWith('idle')) idle.record(ms);
  if (res.status !== 200) phase.errors += 1;
  phase.seconds = Math.round((performance.now() - phase.startedAt) / 100) / 10;
  // About 20 requests a second: an operator's console and scripts, not a load test.
  await new Promise((r) => setTimeout(r, 50));
}

type PhaseReport = LatencySummary & { errors: number; seconds: number; p99By30s: Array<number | null> };
const report: Record<string, PhaseReport | LatencySummary> = { idle: idle.summary() };
for (const [name, p] of phases)
  report[name] = {
    ...p.all.summary(),
    errors: p.errors,
    seconds: p.seconds,
    p99By30s: Array.from(p.windows, (w) => (w ? w.summary().p99Ms : null)),
  };
process.stdout.write(`${JSON.stringify(report)}\n`, () => process.exit(0));

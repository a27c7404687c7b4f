/**
 * The inventory list, one request at a time, from a process of its own (so its CPU is not counted
 * as the control plane's). The first line on stdin is `{ url, token }` (not argv: every user can
 * read argv in ps); it probes until the next line, then prints the latency summary as JSON, with
 * the p99 of every 30 s, so a spike (a wave starting, a pass over the campaign) shows when it came.
 */
import { createInterface } from 'node:readline';
import { LatencyRecorder } from '../lib/report';

const WINDOW_MS = 30_000;
const queries = [
  '/api/clusters?engine=cassandra&sort=-monthlyCostUsd&limit=50&offset=100',
  '/api/clusters?environment=prod&sort=name&limit=50&offset=2000',
  '/api/clusters?status=UPDATING&sort=name&limit=50',
  '/api/clusters?q=fleet-01&sort=-createdAt&limit=25&fields=name,version,status',
];

const lines = createInterface({ input: process.stdin })[Symbol.asyncIterator]();
const { url, token } = JSON.parse(((await lines.next()).value as string | undefined) ?? '{}') as { url: string; token: string };
let stop = false;
void lines.next().then(() => (stop = true));

const recorder = new LatencyRecorder();
const windows: LatencyRecorder[] = [];
let errors = 0;
let n = 0;
const started = performance.now();
while (!stop) {
  const t = performance.now();
  const res = await fetch(`${url}${queries[n++ % queries.length]}`, { headers: { authorization: `Bearer ${token}` } });
  await res.arrayBuffer();
  const ms = performance.now() - t;
  recorder.record(ms);
  (windows[Math.floor((t - started) / WINDOW_MS)] ??= new LatencyRecorder()).record(ms);
  if (res.status !== 200) errors += 1;
  // About 20 requests a second: an operator's console and scripts, not a load test.
  await new Promise((r) => setTimeout(r, 50));
}
const report = {
  ...recorder.summary(),
  errors,
  seconds: Math.round((performance.now() - started) / 100) / 10,
  p99By30s: Array.from(windows, (w) => (w ? w.summary().p99Ms : null)),
};
process.stdout.write(`${JSON.stringify(report)}\n`, () => process.exit(0));

/**
 * The inventory list, one request at a time, from a process of its own (so its CPU is not counted
 * as the control plane's) until a line arrives on stdin; then prints the latency summary as JSON.
 * Usage: tsx list-probe.ts <baseUrl> <token>
 */
import { LatencyRecorder } from '../lib/report';

const [url, token] = process.argv.slice(2);
const queries = [
  '/api/clusters?engine=cassandra&sort=-monthlyCostUsd&limit=50&offset=100',
  '/api/clusters?environment=prod&sort=name&limit=50&offset=2000',
  '/api/clusters?status=UPDATING&sort=name&limit=50',
  '/api/clusters?q=fleet-01&sort=-createdAt&limit=25&fields=name,version,status',
];
const recorder = new LatencyRecorder();
let stop = false;
let errors = 0;
process.stdin.once('data', () => (stop = true));

let n = 0;
const started = performance.now();
while (!stop) {
  const t = performance.now();
  const res = await fetch(`${url}${queries[n++ % queries.length]}`, { headers: { authorization: `Bearer ${token}` } });
  await res.arrayBuffer();
  recorder.record(performance.now() - t);
  if (res.status !== 200) errors += 1;
  // About 20 requests a second: an operator's console and scripts, not a load test.
  await new Promise((r) => setTimeout(r, 50));
}
process.stdout.write(
  `${JSON.stringify({ ...recorder.summary(), errors, seconds: Math.round((performance.now() - started) / 100) / 10 })}\n`,
);
process.exit(0);

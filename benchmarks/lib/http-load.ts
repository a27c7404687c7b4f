/**
 * The load generator, run as a process of its own (never inside the API it measures):
 *   node --import tsx benchmarks/lib/http-load.ts < plan.json
 * Sends HTTP requests closed-loop (`concurrency` clients, each waiting for its answer) or
 * open-loop (`ratePerSecond`, on schedule whether or not earlier ones were answered), and prints
 * one JSON line (a LoadReport) on stdout.
 */
import { Agent, request } from 'node:http';
import { LatencyRecorder } from './report';
import type { LoadPlan, LoadReport } from './load-plan';
import { readPlan } from './stdin-plan';

// The plan arrives on stdin: it holds a bearer token (argv is readable by every user in ps) and,
// for an open-loop storm, every request body (too large for an environment variable).
const plan = await readPlan<LoadPlan>();
const WINDOW_MS = 5000;
/** Keep-alive connections, as a real client holds; a fresh socket per request would measure the kernel. */
const agent = new Agent({ keepAlive: true, maxSockets: plan.maxSockets ?? 256 });
const headers: Record<string, string> = { authorization: `Bearer ${plan.token}`, 'content-type': 'application/json' };

function send(method: string, path: string, body: string | undefined): Promise<{ status: number; text: string }> {
  return new Promise((resolve) => {
    const req = request(`${plan.baseUrl}${path}`, { method, headers, agent }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      res.on('error', () => resolve({ status: 0, text: '' }));
    });
    req.on('error', () => resolve({ status: 0, text: '' }));
    req.end(body);
  });
}

/** Request i: the plan's i-th (cycled), or after `distinctFirst` requests a random earlier one (a duplicate). */
function requestAt(i: number): { k: number; method: string; path: string; body?: string } {
  const n = plan.requests.length;
  const k =
    plan.distinctFirst !== undefined && i >= plan.distinctFirst ? Math.floor(Math.random() * Math.min(n, plan.distinctFirst)) : i % n;
  const r = plan.requests[k]!;
  const fill = (s: string) => s.replaceAll('{i}', String(i));
  return { k, method: r.method ?? 'GET', path: fill(r.path), body: r.body === undefined ? undefined : fill(r.body) };
}

const all = new LatencyRecorder();
const first = new LatencyRecorder();
const last = new LatencyRecorder();
const perPath = plan.requests.map(() => new LatencyRecorder());
const statuses: Record<string, number> = {};
const fieldValues: Record<string, number> = {};
const totals: Record<string, number> = {};
let sent = 0;
let completed = 0;
const durationMs = plan.seconds * 1000;
const started = performance.now();

async function one(i: number): Promise<void> {
  const r = requestAt(i);
  const sentAt = performance.now() - started;
  const answer = await send(r.method, r.path, r.body);
  const ms = performance.now() - started - sentAt;
  all.record(ms);
  perPath[r.k]!.record(ms);
  if (sentAt < WINDOW_MS) first.record(ms);
  if (sentAt >= durationMs - WINDOW_MS) last.record(ms);
  statuses[answer.status] = (statuses[answer.status] ?? 0) + 1;
  if (plan.countField || plan.totalField) {
    try {
      const json = JSON.parse(answer.text) as Record<string, unknown>;
      if (plan.countField) fieldValues[String(json[plan.countField])] = (fieldValues[String(json[plan.countField])] ?? 0) + 1;
      if (plan.totalField && typeof json[plan.totalField] === 'number') totals[r.path] = json[plan.totalField] as number;
    } catch {
      fieldValues['(not JSON)'] = (fieldValues['(not JSON)'] ?? 0) + 1;
    }
  }
  completed += 1;
}

async function closedLoop(concurrency: number): Promise<void> {
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() - started < durationMs) await one(sent++);
    }),
  );
}

async function openLoop(ratePerSecond: number): Promise<number> {
  const inFlight: Array<Promise<void>> = [];
  const total = Math.round(ratePerSecond * plan.seconds);
  for (let i = 0; i < total; i += 1) {
    const wait = started + (i * 1000) / ratePerSecond - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    inFlight.push(one(sent++));
  }
  const backlog = sent - completed;
  await Promise.all(inFlight);
  return backlog;
}

const backlogAtEnd = plan.ratePerSecond ? await openLoop(plan.ratePerSecond) : (await closedLoop(plan.concurrency ?? 1), 0);
const elapsedMs = performance.now() - started;
agent.destroy();
const report: LoadReport = {
  mode: plan.ratePerSecond ? 'open' : 'closed',
  sent,
  elapsedSeconds: Math.round(elapsedMs / 100) / 10,
  answeredPerSecond: Math.round((completed / elapsedMs) * 1000),
  backlogAtEnd,
  latency: all.summary(),
  first5s: first.summary(),
  last5s: last.summary(),
  perPath: plan.requests.map((r, k) => ({ path: r.path, ...perPath[k]!.summary() })),
  statuses,
  fieldValues,
  totals,
  cpuMs: Math.round((process.cpuUsage().user + process.cpuUsage().system) / 1000),
};
// Exit only once the report is flushed: a pipe takes a large write in pieces, and exiting at once cuts it.
process.stdout.write(`${JSON.stringify(report)}\n`, () => process.exit(0));

import { UnavailableError } from '../core/errors';
import type { NodeEndpoint, ProbeResult } from './engine';

/** Long enough for a healthy node across a region, short enough that a health sweep never stalls. */
export const defaultProbeTimeoutMs = 2_000;
/** How long formCluster waits for replication or membership before giving up (and being retried). */
export const defaultFormTimeoutMs = 15_000;

export interface EngineTimeouts {
  probeTimeoutMs?: number;
  formTimeoutMs?: number;
}

/** Rejects after ms. The work itself keeps running, so callers close their client in a finally. */
export async function withDeadline<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

export const elapsedSince = (startedAt: number): number => Math.round((performance.now() - startedAt) * 100) / 100;

/** Drivers sometimes echo connection strings or AUTH arguments in errors; the password never leaves. */
export function describeError(error: unknown, secret: string): string {
  const raw = error instanceof Error ? error.message || error.name : String(error);
  // Some drivers append inspected inner errors over many lines; the first line carries the cause.
  const firstLine = raw.split('\n')[0]?.trim() ?? '';
  const message = firstLine === '' ? 'unknown error' : firstLine;
  return secret === '' ? message : message.split(secret).join('***');
}

export function downResult(startedAt: number, error: unknown, secret: string): ProbeResult {
  return { up: false, latencyMs: elapsedSince(startedAt), details: {}, error: describeError(error, secret) };
}

/** Numbers where the text is a number, text otherwise: probe details favour numbers for charts. */
export function numberOrText(value: string): string | number {
  const asNumber = Number(value);
  return value.trim() !== '' && Number.isFinite(asNumber) ? asNumber : value;
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Polls until check returns no remaining problems, or throws UnavailableError naming them when the
 * time is up: formCluster failures are usually "not yet", so the workflow retries the step later.
 */
export async function waitUntilFormed(what: string, timeoutMs: number, check: () => Promise<string[]>): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let problems: string[];
  for (;;) {
    problems = await check();
    if (problems.length === 0) return;
    if (Date.now() >= deadline) break;
    await sleep(Math.min(250, Math.max(0, deadline - Date.now())));
  }
  throw new UnavailableError(`${what} not formed after ${timeoutMs} ms: ${problems.join('; ')}`, { problems });
}

export function findPrimary(engine: string, nodes: NodeEndpoint[]): NodeEndpoint {
  const primaries = nodes.filter((n) => n.role === 'primary');
  const primary = primaries[0];
  if (primaries.length !== 1 || !primary) {
    throw new Error(
      `${engine} formCluster needs exactly one primary, got ${primaries.length} among ${nodes.map((n) => n.name).join(', ')}`,
    );
  }
  return primary;
}

/** Cassandra and Elasticsearch: formed when every node answers and agrees on the membership. */
export async function waitForMembers(
  what: string,
  nodes: NodeEndpoint[],
  timeoutMs: number,
  probeNode: (node: NodeEndpoint) => Promise<ProbeResult>,
  isMember: (result: ProbeResult, clusterSize: number) => boolean,
): Promise<void> {
  await waitUntilFormed(what, timeoutMs, async () => {
    const results = await Promise.all(nodes.map(async (node) => ({ node, result: await probeNode(node) })));
    return results
      .filter(({ result }) => !result.up || !isMember(result, nodes.length))
      .map(({ node, result }) => `${node.name}: ${result.up ? 'has not joined all peers' : (result.error ?? 'down')}`);
  });
}

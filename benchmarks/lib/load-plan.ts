import type { LatencySummary } from './report';

/** What the load generator process sends (paths and bodies may hold `{i}`, the request's number). */
export interface LoadPlan {
  baseUrl: string;
  token: string;
  requests: Array<{ method?: string; path: string; body?: string }>;
  seconds: number;
  /** Closed loop: this many clients, each sending its next request when its answer arrives. */
  concurrency?: number;
  /** Open loop: requests sent on schedule at this rate, answered or not. */
  ratePerSecond?: number;
  /** After this many requests, each is a random one of the first ones again (duplicates). */
  distinctFirst?: number;
  /** Count the answers by the value of this JSON field (e.g. an alert's `action`). */
  countField?: string;
  /** Keep the last value of this JSON number field per path (e.g. a list's `total`). */
  totalField?: string;
  maxSockets?: number;
}

export interface LoadReport {
  mode: 'open' | 'closed';
  sent: number;
  elapsedSeconds: number;
  answeredPerSecond: number;
  /** Open loop: requests sent but not yet answered when the last one was sent. */
  backlogAtEnd: number;
  latency: LatencySummary;
  /** Requests sent in the first and in the last 5 s: a backlog shows as a last p99 far above the first. */
  first5s: LatencySummary;
  last5s: LatencySummary;
  perPath: Array<LatencySummary & { path: string }>;
  statuses: Record<string, number>;
  fieldValues: Record<string, number>;
  totals: Record<string, number>;
  /** CPU time the load generator itself spent (it is on the same machine). */
  cpuMs: number;
}

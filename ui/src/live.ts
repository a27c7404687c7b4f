import { useEffect, useRef } from 'preact/hooks';
import { getToken } from './session';

/**
 * `cluster` carries the record as the REST API presents it; `operation` carries a notice
 * `{id, clusterId, type, status, step?}` (a view showing the operation reads it); `health` carries
 * `{clusters: [{clusterId, state, score} or {clusterId, nodesChanged}]}`, one event per batch the
 * health aggregator applied; `alert` carries `{dedupKey, action}` when a remediation starts or a
 * page is sent or resolved; `campaign` carries `{id, status, currentWave, counts}` when an upgrade
 * campaign moves; `failover` carries `{id, clusterId, kind}` when a change of primary is recorded; `resync` is ours: the stream reconnected and events may have been
 * missed, so a view should reload.
 */
export type LiveType = 'cluster' | 'operation' | 'health' | 'alert' | 'campaign' | 'failover' | 'resync';
export interface LiveData {
  id?: string;
  clusterId?: string;
  name?: string;
  clusters?: Array<{ clusterId: string }>;
}
type Listener = (type: LiveType, data: LiveData) => void;

const listeners = new Set<Listener>();
let source: EventSource | null = null;

/** Whether a `health` event moved cluster `clusterId` (or one of its nodes). */
export const healthConcerns = (data: LiveData, clusterId: string): boolean =>
  data.clusters?.some((c) => c.clusterId === clusterId) ?? false;

/** One EventSource for the whole console; pages subscribe to record changes through it. */
function connect(): void {
  const token = getToken();
  if (source || !token) return;
  const stream = new EventSource(`/api/events?token=${encodeURIComponent(token)}`);
  let opened = false;
  stream.addEventListener('open', () => {
    if (opened) listeners.forEach((l) => l('resync', {}));
    opened = true;
  });
  for (const type of ['cluster', 'operation', 'health', 'alert', 'campaign', 'failover'] as const) {
    stream.addEventListener(type, (event) => {
      const data = JSON.parse((event as MessageEvent<string>).data) as LiveData;
      listeners.forEach((l) => l(type, data));
    });
  }
  source = stream;
}

/** Closes the stream (on sign-out) so the next subscription opens one with the new token. */
export function disconnectLive(): void {
  source?.close();
  source = null;
}

/** Calls `listener` for every live event while the component is mounted; always the latest closure. */
export function useLive(listener: Listener): void {
  const latest = useRef(listener);
  latest.current = listener;
  useEffect(() => {
    connect();
    const forward: Listener = (type, data) => latest.current(type, data);
    listeners.add(forward);
    return () => {
      listeners.delete(forward);
    };
  }, []);
}

/**
 * Coalesces bursts of events into at most one reload per `everyMs`: a fleet of thousands of
 * simulated clusters changes many times a second and each reload is a full API query.
 */
export function useThrottledReload(reload: () => void, everyMs = 1000): () => void {
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const latest = useRef(reload);
  latest.current = reload;
  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );
  return () => {
    if (timer.current) return;
    timer.current = setTimeout(() => {
      timer.current = null;
      latest.current();
    }, everyMs);
  };
}

/**
 * A node's score moves with every snapshot while health events come only on a change of state, so
 * every view that shows node scores (the nodes table, the health table, the drill-down) also reloads
 * on this one beat: the places a node's score appears agree within one beat.
 */
export const healthPollMs = 5000;

export function useHealthPoll(reload: () => void): void {
  const latest = useRef(reload);
  latest.current = reload;
  useEffect(() => {
    const timer = setInterval(() => latest.current(), healthPollMs);
    return () => clearInterval(timer);
  }, []);
}

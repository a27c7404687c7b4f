import { useEffect } from 'preact/hooks';
import { getToken } from './api';

type Listener = (type: 'cluster' | 'operation' | 'health', data: { id?: string; clusterId?: string; name?: string }) => void;

const listeners = new Set<Listener>();
let source: EventSource | null = null;

/** One EventSource for the whole console; pages subscribe to record changes through it. */
function connect(): void {
  if (source || !getToken()) return;
  source = new EventSource(`/api/events?token=${encodeURIComponent(getToken() ?? '')}`);
  for (const type of ['cluster', 'operation', 'health'] as const) {
    source.addEventListener(type, (event) => {
      const data = JSON.parse((event as MessageEvent<string>).data) as Parameters<Listener>[1];
      listeners.forEach((l) => l(type, data));
    });
  }
}

export function useLive(listener: Listener, deps: unknown[]): void {
  useEffect(() => {
    connect();
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the caller names its own dependencies
  }, deps);
}

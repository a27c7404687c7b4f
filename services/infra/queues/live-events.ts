import type { Redis } from 'ioredis';

/**
 * cluster carries the record; operation carries a change notice (OperationNotice: which operation,
 * its status and the step it is at; a view that shows more reads the operation); health carries
 * { clusters: [{ clusterId, state, score } or { clusterId, nodesChanged }] }, one per batch the
 * aggregator applied; alert carries
 * { dedupKey, action } when a remediation starts or a page is sent or resolved; campaign carries
 * { id, status, currentWave, counts } when an upgrade campaign moves; failover carries
 * { id, clusterId, kind } when a change of primary is recorded.
 */
export type LiveEventType = 'cluster' | 'operation' | 'health' | 'alert' | 'campaign' | 'failover';

export interface LiveEvent {
  type: LiveEventType;
  data: unknown;
}

/** What an operation event says: small, so a busy fleet's events cost little to send and to read. */
export interface OperationNotice {
  id: string;
  clusterId: string;
  type: string;
  status: string;
  /** The step it is at, when it is running one. */
  step?: string;
}

/** How long live events wait to be sent together. */
export const COALESCE_MS = 20;

/** Pub/sub channel that carries record changes from any process to every API's live streams. */
export class LiveEvents {
  readonly channel: string;

  constructor(
    private readonly redis: Redis,
    prefix: string,
  ) {
    this.channel = `${prefix}:live-events`;
  }

  private queued: LiveEvent[] = [];
  /** The queued notice of each operation, so a later change of the same operation replaces it. */
  private queuedOperations = new Map<string, number>();

  /**
   * Events published within the same few milliseconds (COALESCE_MS) go out as one message (a JSON
   * array), and an operation that changed twice in that time is sent once, as it is now: a worker
   * running many operations sends a few PUBLISHes a second, not several per operation. A screen
   * learns of a change at most that much later.
   */
  async publish(event: LiveEvent): Promise<void> {
    const operationId = event.type === 'operation' ? (event.data as Partial<OperationNotice>).id : undefined;
    const earlier = operationId === undefined ? undefined : this.queuedOperations.get(operationId);
    if (earlier !== undefined) {
      this.queued[earlier] = event;
      return;
    }
    if (operationId !== undefined) this.queuedOperations.set(operationId, this.queued.length);
    this.queued.push(event);
    if (this.queued.length === 1) setTimeout(() => this.flush(), COALESCE_MS).unref();
  }

  private flush(): void {
    const events = this.queued;
    this.queued = [];
    this.queuedOperations = new Map();
    const message = JSON.stringify(events.length === 1 ? events[0] : events);
    // A lost live update only delays a screen refresh; the record itself is in PostgreSQL. Not
    // awaited: a Redis that accepts connections but does not answer must not hold anyone.
    void this.redis.publish(this.channel, message).catch(() => 0);
  }

  /** Subscribes with a dedicated connection (a subscribed ioredis client can do nothing else). */
  async subscribe(subscriber: Redis, onEvent: (event: LiveEvent) => void): Promise<() => Promise<void>> {
    await subscriber.subscribe(this.channel);
    subscriber.on('message', (channel, message) => {
      if (channel !== this.channel) return;
      try {
        const parsed = JSON.parse(message) as LiveEvent | LiveEvent[];
        for (const event of Array.isArray(parsed) ? parsed : [parsed]) onEvent(event);
      } catch {
        // A malformed message from another version of the service is ignored.
      }
    });
    return async () => {
      await subscriber.unsubscribe(this.channel).catch(() => 0);
    };
  }
}

import type { Redis } from 'ioredis';

/**
 * cluster and operation carry the record; health carries { clusterId, state, score }; alert carries
 * { dedupKey, action } when a remediation starts or a page is sent or resolved; campaign carries
 * { id, status, currentWave, counts } when an upgrade campaign moves.
 */
export type LiveEventType = 'cluster' | 'operation' | 'health' | 'alert' | 'campaign';

export interface LiveEvent {
  type: LiveEventType;
  data: unknown;
}

/** Pub/sub channel that carries record changes from any process to every API's live streams. */
export class LiveEvents {
  readonly channel: string;

  constructor(
    private readonly redis: Redis,
    prefix: string,
  ) {
    this.channel = `${prefix}:live-events`;
  }

  async publish(event: LiveEvent): Promise<void> {
    // A lost live update only delays a screen refresh; the record itself is in PostgreSQL. Not
    // awaited: a Redis that accepts connections but does not answer must not hold the request.
    void this.redis.publish(this.channel, JSON.stringify(event)).catch(() => 0);
  }

  /** Subscribes with a dedicated connection (a subscribed ioredis client can do nothing else). */
  async subscribe(subscriber: Redis, onEvent: (event: LiveEvent) => void): Promise<() => Promise<void>> {
    await subscriber.subscribe(this.channel);
    subscriber.on('message', (channel, message) => {
      if (channel !== this.channel) return;
      try {
        onEvent(JSON.parse(message) as LiveEvent);
      } catch {
        // A malformed message from another version of the service is ignored.
      }
    });
    return async () => {
      await subscriber.unsubscribe(this.channel).catch(() => 0);
    };
  }
}

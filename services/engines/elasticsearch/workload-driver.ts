import { Client } from '@elastic/elasticsearch';
import type { Credentials, RealDriver, TargetNode } from '../engine';

const INDEX = 'datafleet-bench';

/**
 * get and index by id with @elastic/elasticsearch: one client over every node (it spreads requests
 * round-robin). A missing document is a read that found nothing, not an error. The index (one
 * shard, replicas up to the node count) is created if absent.
 *
 * No Elasticsearch server can run on the development machine: this driver is type-checked and
 * exercised against closed ports only (every operation an error, no crash).
 */
export class ElasticsearchDriver implements RealDriver {
  readonly kind = 'real' as const;
  private readonly client: Client;

  constructor(
    private readonly nodes: TargetNode[],
    credentials: Credentials,
    timeoutMs: number,
  ) {
    this.client = new Client({
      nodes: nodes.map((n) => `http://${n.host}:${n.port}`),
      auth: { username: credentials.username, password: credentials.password },
      requestTimeout: timeoutMs,
      maxRetries: 0,
      // 7.x and 8.x servers reject the 9.x client's "compatible-with=9" media types; plain JSON suits all.
      headers: { accept: 'application/json', 'content-type': 'application/json' },
    });
  }

  async open(): Promise<void> {
    if (await this.client.indices.exists({ index: INDEX })) return;
    const replicas = Math.min(2, this.nodes.length - 1);
    // 400 resource_already_exists: another run created it in between.
    await this.client.indices.create({ index: INDEX, settings: { number_of_shards: 1, number_of_replicas: replicas } }, { ignore: [400] });
  }

  read(_worker: number, key: number): Promise<unknown> {
    return this.client.get({ index: INDEX, id: String(key) }, { ignore: [404] });
  }

  write(_worker: number, key: number, value: string): Promise<unknown> {
    return this.client.index({ index: INDEX, id: String(key), document: { v: value } });
  }

  async close(): Promise<void> {
    await this.client.close().catch(() => undefined);
  }
}

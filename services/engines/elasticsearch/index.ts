import type { EngineAdapter } from '../engine';
import { defaultFormTimeoutMs, defaultProbeTimeoutMs, waitForMembers, type EngineTimeouts } from '../probing';
import { equalMembers } from '../roles';
import { elasticsearchCatalog } from './catalog';
import { probeElasticsearch } from './probe';
import { planElasticsearchSpec } from './sizing';

export function createElasticsearchEngine(options: EngineTimeouts = {}): EngineAdapter {
  const probeTimeoutMs = options.probeTimeoutMs ?? defaultProbeTimeoutMs;
  const formTimeoutMs = options.formTimeoutMs ?? defaultFormTimeoutMs;
  return {
    name: 'elasticsearch',
    displayName: 'Elasticsearch',
    defaultPort: 9200,
    catalog: elasticsearchCatalog,
    adminUsername: 'elastic',
    planSpec: planElasticsearchSpec,
    roles: equalMembers,
    probe: (node, credentials) => probeElasticsearch(node, credentials, probeTimeoutMs),
    /** Nodes discover each other through seed hosts; forming is every node up in one cluster of the full size. */
    formCluster: (nodes, credentials) =>
      waitForMembers('elasticsearch cluster', nodes, formTimeoutMs, (node) => probeElasticsearch(node, credentials, probeTimeoutMs), (result, size) =>
        Number(result.details.number_of_nodes ?? 0) >= size,
      ),
    connectionHint(nodes) {
      return nodes.map((n) => `http://elastic@${n.host}:${n.port}`).join(',');
    },
  };
}

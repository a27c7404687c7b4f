import { describe, expect, it } from 'vitest';
import { createEngineRegistry } from '../../services/engines/registry';

const GB = 1024 ** 3;
const engines = createEngineRegistry();
const nodes = [
  { name: 'n0', dataBytes: 100 * GB },
  { name: 'n1', dataBytes: 120 * GB },
  { name: 'n2', dataBytes: 80 * GB },
];

describe('snapshot models of the engines the simulated cloud snapshots', () => {
  it('Cassandra: every replica’s SSTables from every node, uploaded in parallel; a later snapshot uploads what changed', () => {
    const model = engines.get('cassandra').simulated.snapshot!;
    expect(model.scope).toBe('every-node');
    const first = model.plan(nodes, false);
    expect(first.nodes.map((n) => n.bytes)).toEqual(nodes.map((n) => n.dataBytes));
    expect(first.nodes.every((n) => n.storedBytes === n.bytes)).toBe(true);
    // The biggest node sets the duration: 120 GB at 100 MB/s plus the flush and hard links.
    expect(first.seconds).toBe(Math.ceil(10 + (120 * 1024) / 100));
    const later = model.plan(nodes, true);
    expect(later.nodes[1]!.storedBytes).toBe(Math.round(120 * GB * 0.25));
    expect(later.seconds).toBeLessThan(first.seconds / 3);
    expect(model.restoreSeconds(150 * 1024 * 1024 * 60)).toBe(Math.ceil(10 + 60));
  });

  it('Elasticsearch: primaries only, one request for the cluster, incremental by segment', () => {
    const model = engines.get('elasticsearch').simulated.snapshot!;
    expect(model.scope).toBe('cluster');
    const first = model.plan(nodes, false);
    expect(first.nodes.reduce((s, n) => s + n.bytes, 0)).toBe(150 * GB);
    expect(model.plan(nodes, true).nodes.reduce((s, n) => s + n.storedBytes, 0)).toBeLessThan(0.2 * 150 * GB);
    expect(model.snapshotId('op-1')).toBe('datafleet-op-1');
  });

  it('engines that run for real here have no simulated snapshot', () => {
    for (const name of ['postgres', 'redis', 'memcached']) expect(engines.get(name).simulated.snapshot).toBeUndefined();
  });
});

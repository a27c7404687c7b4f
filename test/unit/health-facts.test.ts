import { describe, expect, it } from 'vitest';
import { redisHealthFacts } from '../../services/engines/redis/info-facts';
import { parseRedisInfo } from '../../services/engines/redis/connection';
import { lagSeenByPrimary, resolvePeers, snapshotFromProbe } from '../../services/health/snapshot-facts';
import { ErrorCounts } from '../../services/health/error-counts';
import type { ProbeResult } from '../../services/engines/engine';
import { gossipFor } from '../../services/providers/simulated/gossip';
import { metricsFor } from '../../services/providers/simulated/metrics';
import type { SimInstanceRow } from '../../services/providers/simulated/rows';
import type { ClusterNode } from '../../services/core/types';
import { testEngines } from '../helpers/engines';

describe('Redis INFO health facts', () => {
  it('calls a replica that acknowledged all the primary wrote not behind, however old its acknowledgement', () => {
    const info = parseRedisInfo('role:master\nslave0:ip=127.0.0.1,port=7001,state=online,offset=1000,lag=9\nmaster_repl_offset:1000\n');
    expect(redisHealthFacts(info)).toMatchObject({
      peers: [{ port: 7001, lagSeconds: 0 }],
      replicationLagSeconds: 0,
      maxReplicaLagBytes: 0,
    });
  });

  it("reads a primary's replicas from its slaveN lines, with their lag", () => {
    const info = parseRedisInfo(
      '# Replication\r\nrole:master\r\nconnected_slaves:2\r\nslave0:ip=127.0.0.1,port=7001,state=online,offset=900,lag=1\r\nslave1:ip=127.0.0.1,port=7002,state=wait_bgsave,offset=0,lag=0\r\nmaster_repl_offset:1000\r\n# Stats\r\nrejected_connections:2\r\ntotal_error_replies:5\r\n',
    );
    expect(redisHealthFacts(info)).toEqual({
      peers: [
        { host: '127.0.0.1', port: 7001, up: true, lagSeconds: 1 },
        { host: '127.0.0.1', port: 7002, up: false, lagSeconds: 0 },
      ],
      errorsTotal: 7,
      replicationLagSeconds: 1,
      maxReplicaLagBytes: 100,
    });
  });

  it("reads a replica's link to its primary, and how long it has been down; a quiet link is not lag", () => {
    const up = parseRedisInfo('role:slave\nmaster_host:127.0.0.1\nmaster_port:7000\nmaster_link_status:up\nmaster_last_io_seconds_ago:8\n');
    expect(redisHealthFacts(up)).toMatchObject({ peers: [{ host: '127.0.0.1', port: 7000, up: true }], replicationLagSeconds: null });
    const down = parseRedisInfo(
      'role:slave\nmaster_host:127.0.0.1\nmaster_port:7000\nmaster_link_status:down\nmaster_last_io_seconds_ago:-1\nmaster_link_down_since_seconds:42\n',
    );
    expect(redisHealthFacts(down)).toMatchObject({ peers: [{ up: false }], replicationLagSeconds: 42 });
  });
});

const node = (name: string, role: ClusterNode['role'], port: number): ClusterNode => ({
  id: `id-${name}`,
  clusterId: 'c',
  name,
  region: 'local',
  zone: 'z',
  role,
  provider: 'local',
  providerId: name,
  host: '127.0.0.1',
  port,
  state: 'running',
  softwareVersion: '7',
  kernelVersion: 'k',
  instanceType: 't',
  simulated: false,
  launchedAt: null,
  terminatedAt: null,
});

describe('peers by node name', () => {
  const cluster = [node('p', 'primary', 7000), node('r1', 'replica', 7001), node('r2', 'replica', 7002)];
  it('names the replicas a primary lists by address, and calls down the ones it does not list', () => {
    expect(resolvePeers(cluster[0]!, cluster, [{ host: 'localhost', port: 7001, up: true }])).toEqual([
      { name: 'r1', up: true },
      { name: 'r2', up: false },
    ]);
  });
  it("takes a replica's unnamed peer for its primary", () => {
    expect(resolvePeers(cluster[1]!, cluster, [{ up: false }])).toEqual([{ name: 'p', up: false }]);
    expect(resolvePeers(cluster[1]!, cluster, [{ name: 'p', up: true }])).toEqual([{ name: 'p', up: true }]);
  });
});

const probed = (errorsTotal: number | undefined, over: Partial<ProbeResult> = {}): ProbeResult => ({
  up: true,
  latencyMs: 1,
  details: errorsTotal === undefined ? {} : { errors_total: errorsTotal },
  ...over,
});

describe('errors per interval', () => {
  it('reports what a cumulative counter gained since the last reading, never its total', () => {
    const counts = new ErrorCounts();
    expect(counts.since('n', probed(10))).toBeUndefined();
    expect(counts.since('n', probed(10))).toBe(0);
    expect(counts.since('n', probed(14))).toBe(4);
    expect(counts.since('other', probed(500))).toBeUndefined();
  });
  it('reads a counter that went back as a restart: what it counts happened since', () => {
    const counts = new ErrorCounts();
    counts.since('n', probed(1_000));
    expect(counts.since('n', probed(3))).toBe(3);
    expect(counts.since('n', probed(3))).toBe(0);
  });
  it("takes the probe's own refused AUTH off the next reading, and no more than that", () => {
    const counts = new ErrorCounts();
    counts.since('n', probed(7));
    expect(counts.since('n', probed(undefined, { up: false, ownErrors: 1 }))).toBeUndefined();
    expect(counts.since('n', probed(8))).toBe(0);
    counts.since('n', probed(undefined, { up: false, ownErrors: 1 }));
    expect(counts.since('n', probed(12))).toBe(3); // three errors of others' beside the probe's one
  });
});

describe("a replica's lag", () => {
  const cluster = [node('p', 'primary', 7000), node('r1', 'replica', 7001), node('r2', 'replica', 7002)];
  const primaryProbe = (peers: ProbeResult['peers'], up = true): ProbeResult => ({ up, latencyMs: 1, details: {}, peers });
  it('is what its primary reports for it in the same round, matched by address or name', () => {
    const probes = new Map([
      [
        'id-p',
        primaryProbe([
          { host: '127.0.0.1', port: 7001, up: true, lagSeconds: 0 },
          { name: 'r2', up: true, lagSeconds: 7 },
        ]),
      ],
    ]);
    expect(lagSeenByPrimary(cluster[1]!, cluster, probes)).toBe(0);
    expect(lagSeenByPrimary(cluster[2]!, cluster, probes)).toBe(7);
    expect(lagSeenByPrimary(cluster[0]!, cluster, probes)).toBeUndefined();
  });
  it('is unknown when the primary did not answer', () => {
    const probes = new Map([['id-p', primaryProbe([], false)]]);
    expect(lagSeenByPrimary(cluster[1]!, cluster, probes)).toBeUndefined();
  });
  it("takes the worse of the replica's own figure and its primary's view", () => {
    const base = { clusterId: 'c', nodeId: 'id-r1', nodeName: 'r1', role: 'replica' as const, at: 1, simulated: false };
    expect(snapshotFromProbe(base, probed(0), undefined, 0, 0).replicationLagSeconds).toBe(0);
    expect(snapshotFromProbe(base, probed(0, { details: { replication_lag_seconds: 40 } }), undefined, 0, 1).replicationLagSeconds).toBe(
      40,
    );
    expect(snapshotFromProbe(base, probed(0), undefined, 0, undefined).replicationLagSeconds).toBeUndefined();
  });
});

const row = (name: string, role: string, over: Partial<SimInstanceRow> = {}): SimInstanceRow => ({
  provider_id: name,
  name,
  cluster_id: 'c',
  region: 'us-east-1',
  zone: 'a',
  engine: 'cassandra',
  version: '4.1.5',
  instance_type: 'r5.xlarge',
  role,
  host: '10.0.0.1',
  port: 9042,
  kernel_version: 'k',
  data_gb: 10,
  launched_at: new Date(0),
  ready_at: new Date(0),
  stopped: false,
  failure: null,
  failed_at: null,
  retirement_at: null,
  terminated_at: null,
  ...over,
});

describe('simulated gossip and metrics', () => {
  const now = new Date(1_000_000);
  it('shows a partitioned member down to its ring neighbours, and them down to it', () => {
    const ring = Array.from({ length: 10 }, (_, i) =>
      row(`m${i}`, 'member', i === 5 ? { failure: 'network_partition', failed_at: now } : {}),
    );
    const fromFour = gossipFor(ring[4]!, ring, now);
    expect(fromFour).toHaveLength(6);
    expect(fromFour.find((p) => p.name === 'm5')).toEqual({ name: 'm5', up: false });
    expect(fromFour.find((p) => p.name === 'm3')).toEqual({ name: 'm3', up: true });
    expect(gossipFor(ring[5]!, ring, now).every((p) => !p.up)).toBe(true);
    expect(gossipFor(row('x', 'member', { stopped: true }), ring, now)).toEqual([]);
  });

  it("gives a replica's lag, connections and errors, the same for the same seed", () => {
    const input = { seed: 7, timeScale: 60, now, instance: { vcpu: 4, diskGb: 100 }, engine: testEngines.get('redis') };
    const replica = row('r', 'replica', { engine: 'redis' });
    expect(metricsFor(replica, input)).toEqual(metricsFor(replica, input));
    expect(metricsFor(replica, input).replicationLagSeconds).toBeLessThan(1);
    expect(metricsFor(row('p', 'primary'), input).replicationLagSeconds).toBeNull();
    const partitioned = metricsFor({ ...replica, failure: 'network_partition', failed_at: new Date(now.getTime() - 10_000) }, input);
    expect(partitioned.replicationLagSeconds).toBeGreaterThan(600);
    expect(partitioned.errors).toBeGreaterThanOrEqual(50);
  });
});

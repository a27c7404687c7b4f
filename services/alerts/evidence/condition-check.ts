import type { Redis } from 'ioredis';
import type { AlertsDeps } from '../alerts-deps';
import type { ClusterRecord } from '../../fleet/cluster-record';
import { confirmed, unconfirmed, unseen, type Evidence } from './evidence';
import { probeNode } from './node-probe';
import { readNodes, type NodeReading } from './node-readings';

/** Used disk or memory at or above this share of the node's own total is pressure (the health score's own line). */
export const PRESSURE_PERCENT = 80;

type Check = (readings: NodeReading[], cluster: ClusterRecord) => Evidence;

const usageCheck =
  (what: 'disk' | 'memory'): Check =>
  (readings) => {
    const figures = Object.fromEntries(
      readings.map((r) => [r.node, r.latest ? (what === 'disk' ? r.latest.diskUsedPercent : r.latest.memoryUsedPercent) : null]),
    );
    const known = Object.entries(figures).filter((e): e is [string, number] => typeof e[1] === 'number');
    const checked = 'latest health snapshot';
    if (known.length === 0)
      return unseen(checked, `no fresh ${what} figures for ${readings.map((r) => r.node).join(', ') || 'the cluster'}`, {
        [`${what}UsedPercent`]: figures,
      });
    const worst = known.reduce((a, b) => (b[1] > a[1] ? b : a));
    const facts = { [`${what}UsedPercent`]: figures, thresholdPercent: PRESSURE_PERCENT };
    return worst[1] >= PRESSURE_PERCENT
      ? confirmed(checked, `${worst[0]} reports ${what} ${worst[1]}% used (pressure from ${PRESSURE_PERCENT}%)`, facts)
      : unconfirmed(checked, `the fullest node, ${worst[0]}, reports ${what} ${worst[1]}% used: under ${PRESSURE_PERCENT}%`, facts);
  };

const loadCheck: Check = (readings, cluster) => {
  const target = cluster.sla.p99ReadMs;
  const latency = Object.fromEntries(readings.map((r) => [r.node, r.latest?.latencyMs ?? null]));
  const over = Object.entries(latency).filter((e): e is [string, number] => typeof e[1] === 'number' && e[1] > target);
  const facts = { latencyMs: latency, slaP99ReadMs: target };
  if (Object.values(latency).every((ms) => ms === null)) return unseen('latest health snapshot', 'no fresh latency figures', facts);
  return over.length
    ? confirmed('latest health snapshot', `${over.map(([n, ms]) => `${n} ${ms} ms`).join(', ')} over the SLA's ${target} ms`, facts)
    : unconfirmed('latest health snapshot', `no node answers slower than the SLA's ${target} ms`, facts);
};

const healthStateCheck: Check = (readings) => {
  const states = Object.fromEntries(readings.map((r) => [r.node, { state: r.state, causes: r.causes }]));
  const sick = readings.filter((r) => r.state === 'degraded' || r.state === 'unhealthy');
  if (sick.length)
    return confirmed(
      'node health state',
      sick.map((r) => `${r.node} is ${r.state} (${r.causes.join('; ') || 'no cause recorded'})`).join('; '),
      { states },
    );
  const detail = `${readings.map((r) => `${r.node} is ${r.state ?? 'not yet scored'}`).join('; ')}: nothing degraded`;
  return readings.every((r) => r.state === null)
    ? unseen('node health state', detail, { states })
    : unconfirmed('node health state', detail, { states });
};

/** Alert names the platform can check for itself, and how. */
const checks: Record<string, Check | 'probe'> = {
  NodeDown: 'probe',
  DiskPressure: usageCheck('disk'),
  MemoryPressure: usageCheck('memory'),
  SustainedHighLoad: loadCheck,
  NodeHardwareDegraded: healthStateCheck,
  InstanceRetirementScheduled: healthStateCheck,
};

/**
 * Confirms an alert with the platform's own evidence before a playbook acts on it: a fresh probe
 * for NodeDown, the nodes' own disk and memory figures for pressure, the health stream's state for
 * degraded hardware. Returns null for an alert no own evidence can confirm (a person decides).
 */
export class ConditionCheck {
  constructor(
    private readonly ctx: AlertsDeps,
    private readonly redis: Redis,
  ) {}

  canCheck(alertName: string): boolean {
    return alertName in checks;
  }

  async check(cluster: ClusterRecord, alert: { name: string; node: string | null }): Promise<Evidence | null> {
    const check = checks[alert.name];
    if (!check) return null;
    const nodes = await this.ctx.repos.nodes.forCluster(cluster.id);
    const targets = alert.node === null ? nodes : nodes.filter((n) => n.name === alert.node);
    if (targets.length === 0) {
      return unconfirmed('cluster nodes', alert.node ? `${alert.node} is not a node of ${cluster.name}` : `${cluster.name} has no nodes`, {
        node: alert.node,
      });
    }
    if (check === 'probe' && alert.node === null) return unseen('fresh probe', 'the alert names no node to probe', {});
    if (check === 'probe') return probeNode(this.ctx, cluster, targets[0]!);
    return check(await readNodes(this.ctx, this.redis, cluster.id, targets), cluster);
  }
}

import type { ClusterNode, Operation, Team } from '../core/types';
import type { ClusterRecord } from '../fleet/cluster-record';
import { DAY_MS } from '../core/clock';
import { nodeDisplayState, unknownHealth, type ClusterHealthSummary, type ObservedHealth } from '../fleet/node-condition';
import type { TokenRecord } from '../fleet/sql/tokens';
import { tokenStatus, type IssuedToken } from '../fleet/token-service';

/** Records reach presenters from PostgreSQL (Date) or from the live-event channel (ISO strings). */
const iso = (value: Date | string | null): string | null => (value === null ? null : new Date(value).toISOString());
const ageDays = (value: Date | string | null, now: Date): number | null =>
  value === null ? null : Math.floor(((now.getTime() - new Date(value).getTime()) / DAY_MS) * 10) / 10;

export function clusterJson(c: ClusterRecord, now = new Date()) {
  return {
    id: c.id,
    name: c.name,
    engine: c.engine,
    environment: c.environment,
    regions: c.regions,
    owner: { id: c.ownerTeamId, name: c.ownerTeamName },
    contacts: c.contacts,
    expectedDataGb: c.expectedDataGb,
    version: c.spec.version,
    instanceType: c.spec.instanceType,
    nodeCount: c.nodeCount,
    nodesPerRegion: c.spec.nodesPerRegion,
    replicationFactor: c.spec.replicationFactor,
    usableCapacityGb: c.spec.usableCapacityGb,
    settings: c.spec.settings,
    synchronousReplication: c.spec.synchronousReplication === true,
    status: c.status,
    statusReason: c.statusReason,
    sla: c.sla,
    maintenanceWindow: c.maintenanceWindow,
    tags: c.tags,
    simulated: c.simulated,
    origin: c.origin ?? null,
    failoverManager: c.failoverManager?.kind ?? null,
    failoverNote: c.failoverNote ?? null,
    monthlyCostUsd: c.monthlyCostUsd,
    oldestNodeAt: iso(c.oldestNodeAt),
    oldestNodeAgeDays: ageDays(c.oldestNodeAt, now),
    createdAt: iso(c.createdAt)!,
    updatedAt: iso(c.updatedAt)!,
  };
}

export type ClusterJsonShape = ReturnType<typeof clusterJson> & { health?: ReturnType<typeof clusterHealthJson> };

/** Keeps only the requested fields (always with id and name, so rows stay addressable). */
export function pickFields(cluster: ClusterJsonShape, fields: string[] | null): Partial<ClusterJsonShape> {
  if (!fields) return cluster;
  const picked: Record<string, unknown> = { id: cluster.id, name: cluster.name };
  for (const f of fields) if (Object.hasOwn(cluster, f)) picked[f] = cluster[f as keyof ClusterJsonShape];
  return picked as Partial<ClusterJsonShape>;
}

/** A cluster with a node the health stream calls unhealthy is at least degraded, whatever the last recorded cluster state. */
export function clusterHealthJson(h: ClusterHealthSummary) {
  const state = h.unhealthyNodes.length > 0 && (h.state === 'healthy' || h.state === 'unknown') ? 'degraded' : h.state;
  return { state, score: h.score, causes: h.causes, unhealthyNodes: h.unhealthyNodes, degradedNodes: h.degradedNodes };
}

export function nodeJson(n: ClusterNode, now = new Date(), health: ObservedHealth = unknownHealth) {
  return {
    id: n.id,
    name: n.name,
    region: n.region,
    zone: n.zone,
    role: n.role,
    provider: n.provider,
    host: n.host,
    port: n.port,
    state: n.state,
    health: { state: health.state, score: health.score, causes: health.causes, since: iso(health.since) },
    ...nodeDisplayState(n.state, health),
    softwareVersion: n.softwareVersion,
    kernelVersion: n.kernelVersion,
    instanceType: n.instanceType,
    launchedAt: iso(n.launchedAt),
    ageDays: ageDays(n.launchedAt, now),
    simulated: n.simulated,
  };
}

/** Step checkpoints are internal progress records and are not exposed. */
export function operationJson(op: Operation) {
  return {
    id: op.id,
    clusterId: op.clusterId,
    type: op.type,
    status: op.status,
    requestedBy: op.requestedBy,
    reason: op.reason,
    params: op.params,
    priority: op.priority,
    attempts: op.attempts,
    error: op.error,
    statusReason: op.status === 'succeeded' || op.status === 'pending' || op.status === 'running' ? null : op.error,
    cancelRequested: op.cancelRequested,
    steps: op.steps.map((s) => ({
      index: s.index,
      name: s.name,
      status: s.status,
      attempts: s.attempts,
      startedAt: iso(s.startedAt),
      finishedAt: iso(s.finishedAt),
      error: s.error,
    })),
    createdAt: iso(op.createdAt)!,
    startedAt: iso(op.startedAt),
    finishedAt: iso(op.finishedAt),
  };
}

/**
 * A team as `viewer` may see it: the paging (PagerDuty routing) key only for the team itself and the
 * platform team; everyone else learns only whether one is set.
 */
export function teamJson(t: Team, viewer: { team: { id: string; isPlatform: boolean } }) {
  const mayReadSecrets = viewer.team.isPlatform || viewer.team.id === t.id;
  return {
    id: t.id,
    name: t.name,
    email: t.email,
    chatChannel: t.chatChannel,
    ...(mayReadSecrets ? { pagingKey: t.pagingKey } : {}),
    pagingKeySet: t.pagingKey !== null && t.pagingKey !== '',
    isPlatform: t.isPlatform,
    createdAt: iso(t.createdAt)!,
  };
}

export function tokenJson(t: TokenRecord, now = new Date()) {
  return {
    id: t.id,
    name: t.name,
    createdAt: iso(t.createdAt)!,
    lastUsedAt: iso(t.lastUsedAt),
    expiresAt: iso(t.expiresAt),
    revokedAt: iso(t.revokedAt),
    status: tokenStatus(t, now),
  };
}

export function issuedTokenJson(t: IssuedToken) {
  return { id: t.id, team: t.team, name: t.name, token: t.token, expiresAt: iso(t.expiresAt) };
}

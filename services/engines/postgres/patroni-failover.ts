import type { Credentials, EngineFailover, FailoverTopology, HostPort } from '../engine';
import type { FailoverManagerInfo } from '../../core/types';
import { memberGet, postSwitchover, readStore, type PatroniMember, type PatroniStoreView } from './patroni-rest';

/** Member states of a server that serves (Patroni 3.0 says 'running'; later versions 'streaming' for a following replica). */
const SERVING = new Set(['running', 'streaming']);

async function firstStore(manager: FailoverManagerInfo): Promise<{ view: PatroniStoreView; reachable: number }> {
  const views = await Promise.all(manager.endpoints.map((e) => readStore(e, manager.masterName).catch(() => null)));
  const answered = views.filter((v): v is PatroniStoreView => v !== null);
  if (!answered[0]) throw new Error(`no etcd member of ${manager.masterName} answered`);
  return { view: answered[0], reachable: answered.length };
}

/** When the leader was promoted, from its /history; null while the history lags the promotion (it can, by one loop). */
async function leadingSinceMs(apiUrl: string, leader: string): Promise<number | null> {
  const history = await memberGet<unknown[][]>(apiUrl, '/history');
  const last = Array.isArray(history?.json) ? history.json[history.json.length - 1] : undefined;
  if (!Array.isArray(last) || last[4] !== leader || typeof last[3] !== 'string') return null;
  const at = Date.parse(last[3]);
  return Number.isFinite(at) ? Math.max(0, Date.now() - at) : null;
}

/**
 * The live replicas Patroni may promote under synchronous_mode: those its /sync key names, written
 * by the current lock holder (or, with the lock lost, by the last one). A /sync key of an earlier
 * leader names nobody a new primary's commits waited for.
 */
function synchronousStandbys(view: PatroniStoreView, leader: PatroniMember | null): HostPort[] | undefined {
  if (!view.sync) return undefined;
  const { sync } = view;
  if (leader && sync.leader !== leader.name) return [];
  return view.members
    .filter((m) => m !== leader && m.name !== sync.leader && sync.standbys.includes(m.name) && SERVING.has(m.state))
    .map((m) => ({ host: m.host, port: m.port }));
}

/**
 * Patroni with an etcd store as the cluster's HA manager. The store says who holds the leader lock
 * and which members renew their keys; the leader's REST API (/patroni, /history) says whether its
 * server runs as primary and since when; planned switchovers are POST /switchover. Datafleet never
 * promotes: Patroni does, and a member that died leaves the store when its key's ttl runs out.
 */
export const patroniFailover: EngineFailover = {
  managerName: 'Patroni',
  managersNoun: 'etcd members',
  // A dead leader holds its lock for the ttl (10 s) before a replica can take it; on a loaded
  // machine the promotion after it takes far longer than Sentinel's.
  promotionWaitMs: 90_000,
  synchronousReplication: true,

  async topology(manager: FailoverManagerInfo): Promise<FailoverTopology> {
    const unreachable: FailoverTopology = {
      primary: null,
      primarySinceMs: null,
      primaryLastReplyMsAgo: null,
      replicas: [],
      managersReachable: 0,
      managersTotal: manager.endpoints.length,
      quorum: manager.quorum,
      primaryDown: false,
      failoverInProgress: false,
    };
    const read = await firstStore(manager).catch(() => null);
    if (!read) return unreachable;
    const { view, reachable } = read;
    const leader = view.members.find((m) => m.name === view.leader) ?? null;
    const replicas = view.members
      .filter((m) => m !== leader)
      .map((m) => ({ host: m.host, port: m.port, down: !SERVING.has(m.state), lastReplyMsAgo: null }));
    const standbys = synchronousStandbys(view, leader);
    const base = { ...unreachable, managersReachable: reachable, replicas, ...(standbys ? { synchronousStandbys: standbys } : {}) };
    // No lock holder: the members are electing one (or none of them can lead).
    if (!leader) return { ...base, failoverInProgress: replicas.some((r) => !r.down) };
    const status = await memberGet<{ state?: string; role?: string }>(leader.apiUrl, '/patroni');
    const serving = status?.json?.state === 'running' && ['master', 'primary'].includes(status.json.role ?? '');
    return {
      ...base,
      primary: { host: leader.host, port: leader.port },
      primarySinceMs: serving ? ((await leadingSinceMs(leader.apiUrl, leader.name)) ?? 0) : null,
      primaryLastReplyMsAgo: serving ? 0 : null,
      // The lock holder's Patroni does not answer, or its server is not a primary: the lock runs out within the ttl.
      primaryDown: !serving,
    };
  },

  async requestSwitchover(manager: FailoverManagerInfo, _credentials: Credentials, to?: HostPort): Promise<void> {
    const { view } = await firstStore(manager);
    const leader = view.members.find((m) => m.name === view.leader);
    if (!leader) throw new Error('Patroni has no leader to switch over from');
    const candidate = to ? view.members.find((m) => m.host === to.host && m.port === to.port && m !== leader) : undefined;
    if (to && !candidate) throw new Error(`${to.host}:${to.port} is not a replica Patroni knows`);
    const answer = await postSwitchover(leader.apiUrl, leader.name, candidate?.name);
    if (answer.status !== 200) throw new Error(`Patroni refused the switchover (${answer.status}): ${answer.body.trim()}`);
  },

  // A member that died leaves the store when its key's ttl runs out: there is nothing to forget.
  async forgetGone(): Promise<void> {},

  // Patroni logs in with a login of its own, which a rotation of the admin password leaves alone.
  async introducePassword(): Promise<void> {},
  async retirePassword(): Promise<void> {},
};

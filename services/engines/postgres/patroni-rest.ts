import type { HostPort } from '../engine';

const TIMEOUT_MS = 2000;

/** A member as Patroni keeps it in its store (/service/<scope>/members/<name>). */
export interface PatroniMember {
  name: string;
  host: string;
  port: number;
  apiUrl: string;
  role: string;
  state: string;
}

/**
 * Patroni's /sync key under synchronous_mode: the leader it was written by and the standbys that
 * leader knows hold every commit it acknowledged. Patroni writes a standby here only after the
 * server waits for it, and promotes no one else when the leader is lost.
 */
export interface PatroniSyncState {
  leader: string | null;
  standbys: string[];
}

export interface PatroniStoreView {
  leader: string | null;
  members: PatroniMember[];
  /** Null when the cluster does not replicate synchronously (synchronous_mode off in the store's configuration). */
  sync: PatroniSyncState | null;
}

const NO_SYNC_STANDBY: PatroniSyncState = { leader: null, standbys: [] };

function syncState(value: string): PatroniSyncState {
  try {
    const data = JSON.parse(value) as { leader?: string | null; sync_standby?: string | null };
    const standbys = (data.sync_standby ?? '').split(',').map((name) => name.trim());
    return { leader: data.leader ?? null, standbys: standbys.filter((name) => name !== '') };
  } catch {
    return NO_SYNC_STANDBY; // being rewritten: read again on the next round
  }
}

function synchronousMode(config: string): boolean {
  try {
    const mode = (JSON.parse(config) as { synchronous_mode?: unknown }).synchronous_mode;
    return mode === true || mode === 'on' || mode === 'quorum';
  } catch {
    return false;
  }
}

const b64 = (text: string) => Buffer.from(text).toString('base64');
const unb64 = (text: string) => Buffer.from(text, 'base64').toString('utf8');

async function fetchJson(url: string, init: RequestInit = {}, timeoutMs = TIMEOUT_MS): Promise<{ status: number; body: string }> {
  const response = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
  return { status: response.status, body: await response.text() };
}

/**
 * What Patroni keeps in etcd for one cluster, read through etcd's v3 JSON gateway: the leader
 * lock's holder, every member that has renewed its key within the ttl, and the synchronous state.
 */
export async function readStore(store: HostPort, scope: string): Promise<PatroniStoreView> {
  const prefix = `/service/${scope}/`;
  const end = `/service/${scope}0`; // '0' follows '/': the range holds every key under the prefix
  const { status, body } = await fetchJson(`http://${store.host}:${store.port}/v3/kv/range`, {
    method: 'POST',
    body: JSON.stringify({ key: b64(prefix), range_end: b64(end) }),
  });
  if (status !== 200) throw new Error(`etcd ${store.host}:${store.port} answered ${status}: ${body.slice(0, 200)}`);
  const kvs = (JSON.parse(body) as { kvs?: { key: string; value: string }[] }).kvs ?? [];
  let leader: string | null = null;
  let synchronous = false;
  let sync: PatroniSyncState = NO_SYNC_STANDBY; // until the leader first writes the /sync key
  const members: PatroniMember[] = [];
  for (const kv of kvs) {
    const key = unb64(kv.key).slice(prefix.length);
    const value = unb64(kv.value ?? '');
    if (key === 'leader') leader = value;
    if (key === 'sync') sync = syncState(value);
    if (key === 'config') synchronous = synchronousMode(value);
    if (!key.startsWith('members/')) continue;
    try {
      const data = JSON.parse(value) as { conn_url?: string; api_url?: string; role?: string; state?: string };
      const conn = new URL(data.conn_url ?? '');
      members.push({
        name: key.slice('members/'.length),
        host: conn.hostname,
        port: Number(conn.port),
        apiUrl: (data.api_url ?? '').replace(/\/patroni$/, ''),
        role: data.role ?? '',
        state: data.state ?? '',
      });
    } catch {
      // a member key being rewritten: it is read again on the next round
    }
  }
  return { leader, members, sync: synchronous ? sync : null };
}

/** GET on a member's REST API; null when it does not answer. */
export async function memberGet<T>(apiUrl: string, path: string): Promise<{ status: number; json: T | null } | null> {
  try {
    const { status, body } = await fetchJson(`${apiUrl}${path}`);
    try {
      return { status, json: JSON.parse(body) as T };
    } catch {
      return { status, json: null };
    }
  } catch {
    return null;
  }
}

/** POST /switchover on a member; Patroni answers once the switchover is done or refused. */
export async function postSwitchover(apiUrl: string, leader: string, candidate?: string): Promise<{ status: number; body: string }> {
  return fetchJson(
    `${apiUrl}/switchover`,
    {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(candidate ? { leader, candidate } : { leader }),
    },
    60_000,
  );
}

/** PATCH /config on a member: a change of the cluster's dynamic configuration, which every member takes within a loop. */
export async function patchConfig(apiUrl: string, patch: unknown): Promise<void> {
  const { status, body } = await fetchJson(`${apiUrl}/config`, {
    method: 'PATCH',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(patch),
  });
  if (status !== 200) throw new Error(`Patroni refused the configuration change (${status}): ${body.trim().slice(0, 200)}`);
}

/** Deletes every key of a Patroni cluster (its leader, members, initialize key and configuration) through etcd's v3 JSON gateway. */
export async function deleteScope(store: HostPort, scope: string): Promise<void> {
  const { status, body } = await fetchJson(`http://${store.host}:${store.port}/v3/kv/deleterange`, {
    method: 'POST',
    body: JSON.stringify({ key: b64(`/service/${scope}/`), range_end: b64(`/service/${scope}0`) }),
  });
  if (status !== 200) throw new Error(`etcd ${store.host}:${store.port} answered ${status}: ${body.slice(0, 200)}`);
}

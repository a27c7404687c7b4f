import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';

/**
 * Lua that applies a whole batch server-side, so a batch of thousands of snapshots is one command
 * on the wire instead of several per node, and is atomic like MULTI. One Redis, not Redis Cluster:
 * the keys travel in ARGV. After keep, slack and ttl, ARGV is a run of sections:
 *   H key n field value …(n pairs)      HSET
 *   L key refresh n item …(n items)     RPUSH; past keep + slack items, LTRIM to the last keep;
 *                                       EXPIRE ttl when the list is new or refresh is "1"
 *   A stream group n id …(n ids)        XACK
 * Trimming in steps of `slack` and refreshing the expiry now and then keep a node's list at about
 * one command per snapshot.
 */
const saveLua = `
local keep, ttl, slack = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local function chunked(command, first, from, to)
  local i = from
  local reply = 0
  while i <= to do
    local last = math.min(i + 999, to)
    if first[2] then reply = redis.call(command, first[1], first[2], unpack(ARGV, i, last))
    else reply = redis.call(command, first[1], unpack(ARGV, i, last)) end
    i = last + 1
  end
  return reply
end
local i = 4
while i <= #ARGV do
  local kind = ARGV[i]
  if kind == 'H' then
    local n = tonumber(ARGV[i + 2])
    chunked('HSET', { ARGV[i + 1] }, i + 3, i + 2 + 2 * n)
    i = i + 3 + 2 * n
  elseif kind == 'L' then
    local key, refresh, n = ARGV[i + 1], ARGV[i + 2], tonumber(ARGV[i + 3])
    local length = chunked('RPUSH', { key }, i + 4, i + 3 + n)
    if length > keep + slack then redis.call('LTRIM', key, -keep, -1) end
    if length <= n or refresh == '1' then redis.call('EXPIRE', key, ttl) end
    i = i + 4 + n
  elseif kind == 'A' then
    local n = tonumber(ARGV[i + 3])
    if n > 0 then chunked('XACK', { ARGV[i + 1], ARGV[i + 2] }, i + 4, i + 3 + n) end
    i = i + 4 + n
  else
    return redis.error_reply('unknown section ' .. tostring(kind))
  end
end
return 1`;

/** Builds saveLua's ARGV sections. */
export class SaveBatch {
  readonly args: Array<string | number> = [];

  hset(key: string, pairs: string[]): void {
    if (pairs.length > 0) this.args.push('H', key, pairs.length / 2, ...pairs);
  }

  rpush(key: string, refresh: boolean, items: string[]): void {
    if (items.length > 0) this.args.push('L', key, refresh ? '1' : '0', items.length, ...items);
  }

  xack(stream: string, group: string, ids: string[]): void {
    this.args.push('A', stream, group, ids.length, ...ids);
  }
}

/** HGETALL of every key, then HMGET of ARGV[1]'s fields ARGV[2..]: a batch's whole working memory in one call. */
const loadLua = `
local out = {}
for i, key in ipairs(KEYS) do out[i] = redis.call('HGETALL', key) end
if #ARGV > 1 then out[#KEYS + 1] = redis.call('HMGET', unpack(ARGV)) else out[#KEYS + 1] = {} end
return out`;

async function run(redis: Redis, lua: string, sha: string, keys: string[], args: Array<string | number>): Promise<unknown> {
  try {
    return await redis.evalsha(sha, keys.length, ...keys, ...args);
  } catch (error) {
    if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
    return redis.eval(lua, keys.length, ...keys, ...args);
  }
}

const shaOf = (lua: string) => createHash('sha1').update(lua).digest('hex');
const saveSha = shaOf(saveLua);
const loadSha = shaOf(loadLua);

export const runSave = (redis: Redis, batch: SaveBatch, keep: number, slack: number, ttlSeconds: number) =>
  run(redis, saveLua, saveSha, [], [keep, ttlSeconds, slack, ...batch.args]);

/**
 * Every hash's fields and values, flat (field, value, field, value…), in the order of `keys`, then
 * the values of `fields` in hash `hash` (null where absent).
 */
export const runLoad = async (redis: Redis, keys: string[], hash: string, fields: string[]): Promise<Array<Array<string | null>>> =>
  (await run(redis, loadLua, loadSha, keys, [hash, ...fields])) as Array<Array<string | null>>;

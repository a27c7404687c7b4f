import type { Redis } from 'ioredis';

/**
 * Lua that applies a whole batch server-side, so a batch of thousands of snapshots is one command
 * on the wire, atomic like MULTI. One Redis, not Redis Cluster: the keys travel in ARGV. Each part
 * is one argument of newline-separated, tab-separated lines (JSON escapes both, so values never
 * contain them): thousands of small arguments cost the client far more than Redis splitting a few.
 *   ARGV[1..3]  keep, ttl, slack
 *   ARGV[4]     HSET lines: key, field, value
 *   ARGV[5]     RPUSH lines: key, item; past keep + slack items, LTRIM to the last keep; a new list expires after ttl
 *   ARGV[6]     EXPIRE lines: key
 *   ARGV[7, 8]  HINCRBY by 1 of hash ARGV[7], fields ARGV[8] (lines); the script returns the new values
 *   ARGV[9..11] XACK of stream ARGV[9], group ARGV[10], ids ARGV[11] (lines)
 * Trimming in steps of `slack` keeps a node's list at about one command per snapshot.
 */
const saveLua = `
local keep, ttl, slack = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
for key, field, value in string.gmatch(ARGV[4], '([^\\t\\n]+)\\t([^\\t\\n]+)\\t([^\\n]+)') do redis.call('HSET', key, field, value) end
for key, item in string.gmatch(ARGV[5], '([^\\t\\n]+)\\t([^\\n]+)') do
  local length = redis.call('RPUSH', key, item)
  if length > keep + slack then redis.call('LTRIM', key, -keep, -1) end
  if length == 1 then redis.call('EXPIRE', key, ttl) end
end
for key in string.gmatch(ARGV[6], '[^\\n]+') do redis.call('EXPIRE', key, ttl) end
local versions = {}
for field in string.gmatch(ARGV[8], '[^\\n]+') do versions[#versions + 1] = tostring(redis.call('HINCRBY', ARGV[7], field, 1)) end
local ids = {}
for id in string.gmatch(ARGV[11], '[^\\n]+') do
  ids[#ids + 1] = id
  if #ids == 1000 then redis.call('XACK', ARGV[9], ARGV[10], unpack(ids)); ids = {} end
end
if #ids > 0 then redis.call('XACK', ARGV[9], ARGV[10], unpack(ids)) end
return versions`;

/**
 * Builds saveLua's arguments. Each section is one string grown line by line (V8 joins the pieces
 * once, when the command is written), not an array of lines joined at the end.
 */
export class SaveBatch {
  private hsets = '';
  private pushes = '';
  private expires = '';
  private versionHash = '';
  private versionFields = '';
  private ack: [string, string, string[]] = ['', '', []];

  hset(key: string, field: string, value: string): void {
    this.hsets += key + '\t' + field + '\t' + value + '\n';
  }

  rpush(key: string, item: string): void {
    this.pushes += key + '\t' + item + '\n';
  }

  expire(key: string): void {
    this.expires += key + '\n';
  }

  bumpVersions(hash: string, fields: string[]): void {
    this.versionHash = hash;
    for (const field of fields) this.versionFields += field + '\n';
  }

  xack(stream: string, group: string, ids: string[]): void {
    this.ack = [stream, group, ids];
  }

  args(): string[] {
    return [this.hsets, this.pushes, this.expires, this.versionHash, this.versionFields, this.ack[0], this.ack[1], this.ack[2].join('\n')];
  }
}

/**
 * Per cluster i (KEYS[i] its node hash; ARGV: statesHash, versionsHash, then id and cached version
 * per cluster): nothing when the caller's cached version is current, else
 * { version, recorded cluster state, field, value, … } — so a process that wrote a cluster last
 * reads back one number instead of the whole hash.
 */
const loadLua = `
local out = {}
for i, key in ipairs(KEYS) do
  local id, cached = ARGV[1 + 2 * i], ARGV[2 + 2 * i]
  local version = redis.call('HGET', ARGV[2], id) or '0'
  if version == cached then
    out[i] = {}
  else
    local entry = { version, redis.call('HGET', ARGV[1], id) or '' }
    for _, item in ipairs(redis.call('HGETALL', key)) do entry[#entry + 1] = item end
    out[i] = entry
  end
end
return out`;

/**
 * EVAL, not EVALSHA with a fallback: a batch's write and the next batch's load may be on the wire
 * together, and a NOSCRIPT retry would reach Redis after that load. The script text is a few hundred
 * bytes beside a batch's megabytes, and Redis compiles it once.
 */
const run = async (redis: Redis, lua: string, keys: string[], args: Array<string | number>): Promise<unknown> =>
  redis.eval(lua, keys.length, ...keys, ...args);

/** Returns the new versions of the V section's fields, in order. */
export const runSave = async (redis: Redis, batch: SaveBatch, keep: number, slack: number, ttlSeconds: number): Promise<string[]> =>
  (await run(redis, saveLua, [], [keep, ttlSeconds, slack, ...batch.args()])) as string[];

export const runLoad = async (
  redis: Redis,
  keys: string[],
  statesHash: string,
  versionsHash: string,
  cached: Array<[string, string]>,
): Promise<string[][]> => (await run(redis, loadLua, keys, [statesHash, versionsHash, ...cached.flat()])) as string[][];

import { describe, expect, it } from 'vitest';
import { parseRedisInfo } from '../../services/engines/redis/connection';
import { redisUsageCounters } from '../../services/engines/redis/info-facts';
import { fillOf } from '../../services/capacity/metrics/fill';
import { ratePerSecond } from '../../services/health/usage-facts';
import { testEngines } from '../helpers/engines';

describe('usage read from probes', () => {
  it('turns cumulative counters into rates; a counter that went back counts from zero; the first reading has no rate', () => {
    expect(ratePerSecond(undefined, 1000, 50)).toBeUndefined();
    expect(ratePerSecond({ at: 1000, value: 50 }, 6000, 550)).toBe(100);
    expect(ratePerSecond({ at: 1000, value: 500 }, 3000, 40)).toBe(20); // a Redis save reset its change counter
    expect(ratePerSecond({ at: 1000, value: 5 }, 1000, 9)).toBeUndefined();
  });

  it('reads key lookups, key changes and the append-only file from Redis INFO', () => {
    const info = parseRedisInfo(
      'keyspace_hits:70\r\nkeyspace_misses:30\r\nrdb_changes_since_last_save:12\r\naof_enabled:1\r\naof_current_size:2048\r\n',
    );
    expect(redisUsageCounters(info)).toEqual({ reads_total: 100, writes_total: 12, disk_used_bytes: 2048 });
    expect(redisUsageCounters(parseRedisInfo('aof_enabled:0\r\n'))).toEqual({});
  });

  it('measures fill against the resource each engine fills and its fill limit', () => {
    const use = { diskUsedGb: 100, diskTotalGb: 900, memoryUsedGb: 7, memoryTotalGb: 10 };
    expect(fillOf(testEngines.get('cassandra').sizing, use)).toBeCloseTo(100 / 300);
    expect(fillOf(testEngines.get('postgres').sizing, use)).toBeCloseTo(100 / 540);
    expect(fillOf(testEngines.get('redis').sizing, use)).toBeCloseTo(1); // 7 GB of 70% of 10 GB
    expect(fillOf(testEngines.get('redis').sizing, { ...use, memoryTotalGb: null })).toBeNull();
  });
});

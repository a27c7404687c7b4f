import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../services/core/config';

describe('the health snapshot interval', () => {
  it('is two seconds unless DATAFLEET_HEALTH_INTERVAL_MS says otherwise', () => {
    expect(loadConfig({}).healthIntervalMs).toBe(2000);
    expect(loadConfig({ DATAFLEET_HEALTH_INTERVAL_MS: '1000' }).healthIntervalMs).toBe(1000);
    expect(loadConfig({ DATAFLEET_HEALTH_INTERVAL_MS: '5000' }).healthIntervalMs).toBe(5000);
  });

  it('refuses an interval under 100 ms', () => {
    expect(() => loadConfig({ DATAFLEET_HEALTH_INTERVAL_MS: '50' })).toThrow(/healthIntervalMs/);
  });
});

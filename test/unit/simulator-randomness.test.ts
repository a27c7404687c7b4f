import { describe, expect, it } from 'vitest';
import { between, fakeHost, kernelFor, unitFrom } from '../../services/providers/simulated/randomness';
import { stateAt, type SimInstanceRow } from '../../services/providers/simulated/rows';

describe('the simulator is deterministic', () => {
  it('derives the same values from the same seed and key, different ones otherwise', () => {
    expect(unitFrom(42, 'node-a')).toBe(unitFrom(42, 'node-a'));
    expect(unitFrom(42, 'node-a')).not.toBe(unitFrom(43, 'node-a'));
    expect(fakeHost(42, 'node-a')).toBe(fakeHost(42, 'node-a'));
    expect(fakeHost(42, 'node-a')).toMatch(/^10\.\d+\.\d+\.\d+$/);
    expect(kernelFor(1, 'x')).toBe(kernelFor(1, 'x'));
    for (let i = 0; i < 100; i += 1) {
      const v = between(9, 60, 180, `n${i}`, 'boot');
      expect(v).toBeGreaterThanOrEqual(60);
      expect(v).toBeLessThan(180);
    }
  });

  it('reads node state from timestamps and flags', () => {
    const now = new Date('2026-01-01T00:00:10Z');
    const row = { ready_at: new Date('2026-01-01T00:00:20Z'), terminated_at: null, failure: null, stopped: false } as unknown as SimInstanceRow;
    expect(stateAt(row, now)).toBe('pending');
    expect(stateAt({ ...row, ready_at: new Date('2026-01-01T00:00:05Z') }, now)).toBe('running');
    expect(stateAt({ ...row, failure: 'crash' }, now)).toBe('failed');
    expect(stateAt({ ...row, stopped: true }, now)).toBe('stopped');
    expect(stateAt({ ...row, terminated_at: now }, now)).toBe('terminated');
  });
});

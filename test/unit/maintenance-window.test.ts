import { describe, expect, it } from 'vitest';
import { nextWindow } from '../../services/fleet/maintenance-window';

describe('maintenance windows', () => {
  const window = { day: 'sat', start: '02:00', durationMinutes: 120, timeZone: 'Europe/Dublin' } as const;

  it('finds the next opening in the window’s own time zone', () => {
    // Wednesday 2026-11-18 12:00 UTC → Saturday 2026-11-21 02:00 Dublin (UTC+0 in winter).
    const next = nextWindow(window, new Date('2026-11-18T12:00:00Z'));
    expect(next.opens.toISOString()).toBe('2026-11-21T02:00:00.000Z');
    expect(next.closes.toISOString()).toBe('2026-11-21T04:00:00.000Z');
    expect(next.openNow).toBe(false);
  });

  it('reports an open window as open now', () => {
    const next = nextWindow(window, new Date('2026-11-21T03:00:00Z'));
    expect(next.openNow).toBe(true);
    expect(next.opens.toISOString()).toBe('2026-11-21T02:00:00.000Z');
  });

  it('keeps local time across daylight saving (summer: Dublin is UTC+1)', () => {
    const next = nextWindow(window, new Date('2026-07-01T00:00:00Z'));
    expect(next.opens.toISOString()).toBe('2026-07-04T01:00:00.000Z');
  });

  it('moves to next week once this week’s window has closed', () => {
    const next = nextWindow(window, new Date('2026-11-21T05:00:00Z'));
    expect(next.opens.toISOString()).toBe('2026-11-28T02:00:00.000Z');
  });
});

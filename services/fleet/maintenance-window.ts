import { DateTime, IANAZone } from 'luxon';
import type { MaintenanceWindow } from '../core/types';
import { InputError } from '../core/errors';

const weekdays = { mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6, sun: 7 } as const;

export function validateWindow(window: MaintenanceWindow): void {
  if (!IANAZone.isValidZone(window.timeZone)) {
    throw new InputError(`unknown time zone "${window.timeZone}": use an IANA name such as Europe/Dublin`, {
      field: 'maintenanceWindow.timeZone',
    });
  }
}

/**
 * The next moment the window is open at or after `from`, and when it closes. Computed in the
 * window's own time zone so a window at 02:00 stays at 02:00 local across daylight-saving changes.
 */
export function nextWindow(window: MaintenanceWindow, from: Date): { opens: Date; closes: Date; openNow: boolean } {
  const [hour, minute] = window.start.split(':').map(Number) as [number, number];
  const now = DateTime.fromJSDate(from, { zone: window.timeZone });
  const thisWeek = now.set({ weekday: weekdays[window.day], hour, minute, second: 0, millisecond: 0 });
  // Last week's window may still be open (it can run past midnight on Sunday); otherwise this week's or next.
  const opens = [-1, 0, 1].map((weeks) => thisWeek.plus({ weeks })).find((o) => o.plus({ minutes: window.durationMinutes }) > now)!;
  return { opens: opens.toJSDate(), closes: opens.plus({ minutes: window.durationMinutes }).toJSDate(), openNow: opens <= now };
}

/** When a change would start: the opening of the next maintenance window, or null for now (urgent, no window, or open now). */
export function changeHeldUntil(window: MaintenanceWindow | null | undefined, now: Date, urgent: boolean): Date | null {
  const next = !urgent && window ? nextWindow(window, now) : null;
  return next && !next.openNow ? next.opens : null;
}

import { InvalidArgumentError } from 'commander';

/** Option parsers: bad values are usage errors (exit 2) caught before any request is sent. */

export function positiveNumber(value: string): number {
  const n = Number(value);
  if (!value.trim() || !Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('must be a number greater than 0.');
  return n;
}

export function wholeNumber(value: string): number {
  const n = Number(value);
  if (!value.trim() || !Number.isInteger(n) || n < 0) throw new InvalidArgumentError('must be a whole number, 0 or more.');
  return n;
}

/** Repeatable and comma-separated: `--region a --region b` or `--region a,b`. */
export function collectList(value: string, previous: string[] = []): string[] {
  return [
    ...previous,
    ...value
      .split(',')
      .map((v) => v.trim())
      .filter(Boolean),
  ];
}

export interface WindowSpec {
  day: string;
  start: string;
  durationMinutes: number;
  timeZone: string;
}

/** `"sat 02:00 120 Europe/Dublin"` → a maintenance window; `"none"` → null (remove it). */
export function parseWindow(text: string): WindowSpec | null {
  if (text.trim().toLowerCase() === 'none') return null;
  const [day, start, duration, timeZone, ...rest] = text.trim().split(/\s+/);
  const minutes = Number(duration);
  if (!day || !start || !timeZone || rest.length > 0 || !Number.isInteger(minutes) || minutes <= 0) {
    throw new InvalidArgumentError('takes "DAY HH:MM MINUTES TIME_ZONE", e.g. "sat 02:00 120 Europe/Dublin", or "none".');
  }
  return { day: day.toLowerCase(), start, durationMinutes: minutes, timeZone };
}

import { InvalidArgumentError, type Command } from 'commander';

/** `+30%`, `30%`, `30` or `-20%`: percent more (or fewer) writes, as the API bounds it (-90 to 1000). */
export function writesPercent(value: string): number {
  const match = /^([+-]?\d+(?:\.\d+)?)%?$/.exec(value.trim());
  const n = match ? Number(match[1]) : Number.NaN;
  if (!(n >= -90 && n <= 1000)) throw new InvalidArgumentError('takes a percentage from -90% to +1000%, e.g. +30%.');
  return n;
}

export function gbPerDay(value: string): number {
  const n = Number(value);
  if (!value.trim() || !Number.isFinite(n) || n < -10000 || n > 100000)
    throw new InvalidArgumentError('takes GB per day from -10000 to 100000, e.g. 50.');
  return n;
}

/** The what-if's change as the API takes it; neither option is a usage error. */
export function loadChange(
  command: Command,
  opts: { writes?: number; gbPerDay?: number },
): { writesPercent?: number; addGbPerDay?: number } {
  if (opts.writes === undefined && opts.gbPerDay === undefined)
    command.error('error: give --writes <percent>, --gb-per-day <gb>, or both', { exitCode: 2 });
  return {
    ...(opts.writes !== undefined ? { writesPercent: opts.writes } : {}),
    ...(opts.gbPerDay !== undefined ? { addGbPerDay: opts.gbPerDay } : {}),
  };
}

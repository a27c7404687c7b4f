/** How the console writes times, ages and money: one place, so every page agrees. */
export const when = (iso: string | null | undefined): string => (iso ? new Date(iso).toLocaleString() : '-');

export const day = (iso: string | null | undefined): string => (iso ? new Date(iso).toLocaleDateString() : '-');

export const usd = (amount: number): string => `$${amount.toLocaleString(undefined, { maximumFractionDigits: 0 })}`;

/** Age from a timestamp, in the largest unit that is at least 1 (nodes live minutes in tests, years in fleets). */
export function age(iso: string | null | undefined, now = Date.now()): string {
  if (!iso) return '-';
  const minutes = Math.max(0, Math.floor((now - new Date(iso).getTime()) / 60_000));
  if (minutes < 60) return `${minutes} min`;
  if (minutes < 48 * 60) return `${Math.floor(minutes / 60)} h`;
  return `${Math.floor(minutes / 1440)} d`;
}

/** How long something took, from two timestamps; '-' while it is still going. */
export function took(from: string | null | undefined, to: string | null | undefined): string {
  if (!from || !to) return '-';
  const seconds = Math.max(0, Math.round((new Date(to).getTime() - new Date(from).getTime()) / 1000));
  return seconds < 120 ? `${seconds} s` : `${Math.round(seconds / 60)} min`;
}

/** Large counts and sizes in few characters (1.2K, 3.4M): axis ticks and ops/s. */
export const compact = new Intl.NumberFormat(undefined, { notation: 'compact', maximumFractionDigits: 1 });

/** Gigabytes with a sensible precision: 0.4 GB, 12.3 GB, 1,234 GB. */
export const gb = (value: number | null | undefined): string =>
  value === null || value === undefined ? '-' : `${value.toLocaleString(undefined, { maximumFractionDigits: value < 100 ? 1 : 0 })} GB`;

/** A fraction as a percentage: 0.734 → "73%". */
export const percent = (fraction: number | null | undefined): string =>
  fraction === null || fraction === undefined ? '-' : `${Math.round(fraction * 100)}%`;

/** Whole days, singular or plural. */
export const days = (count: number | null | undefined): string =>
  count === null || count === undefined ? '-' : `${Math.round(count)} day${Math.round(count) === 1 ? '' : 's'}`;

/** Milliseconds, one decimal by default: "12.3 ms". Latency figures everywhere use it. */
export const ms = (value: number | null | undefined, digits = 1): string =>
  value === null || value === undefined ? '-' : `${value.toFixed(digits)} ms`;

/** Bytes as mebibytes, "12.3 MB": backups are small in tests and large in fleets, one unit keeps columns comparable. */
export const megabytes = (bytes: number | null | undefined): string =>
  bytes === null || bytes === undefined ? '-' : `${(bytes / 1_048_576).toFixed(1)} MB`;

/** A monthly price: "$1,234/month". */
export const usdPerMonth = (amount: number): string => `${usd(amount)}/month`;

/** A change in a monthly price with its sign: "+$12/month", "-$3/month". */
export const usdPerMonthChange = (difference: number): string =>
  `${difference > 0 ? '+' : difference < 0 ? '-' : ''}${usdPerMonth(Math.abs(difference))}`;

/** A measured duration in seconds, one decimal: "4.2 s", past two minutes "3.5 min" (failover windows, RPO, RTO). */
export const duration = (seconds: number | null | undefined): string =>
  seconds === null || seconds === undefined ? '-' : seconds < 120 ? `${seconds.toFixed(1)} s` : `${(seconds / 60).toFixed(1)} min`;

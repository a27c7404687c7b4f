/**
 * PostgreSQL array literals built in one join. The driver's own array encoding quotes and escapes
 * every element and formats every Date in the local zone: for hundreds of thousands of rollup rows
 * that, not the database, was most of the time. Only for values that need no escaping: numbers,
 * uuids and plain words; instants go as epoch milliseconds (to_timestamp(ms / 1000) in SQL).
 */
export function arrayLiteral(values: ReadonlyArray<number | string | Date | null>): string {
  const parts = new Array<string>(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    parts[i] =
      v === null || v === undefined || (typeof v === 'number' && !Number.isFinite(v))
        ? 'NULL'
        : v instanceof Date
          ? String(v.getTime())
          : String(v);
  }
  return `{${parts.join(',')}}`;
}

export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

export type Cell = string | number | boolean | null | undefined;

/** Any JSON value as one table cell: lists joined, a reference by its name, other objects as JSON. */
export function toCell(value: unknown): Cell {
  if (value === null || value === undefined || typeof value !== 'object') return value as Cell;
  if (Array.isArray(value)) return value.map((v) => String(toCell(v) ?? '-')).join(',');
  const name = (value as { name?: unknown }).name;
  return typeof name === 'string' ? name : JSON.stringify(value);
}

/** Left-aligned plain-text columns, headed, for humans; --json prints the raw answer instead. */
export function table(rows: Array<Record<string, Cell>>, columns: string[]): string {
  if (rows.length === 0) return '(none)\n';
  const text = (v: Cell) => (v === null || v === undefined ? '-' : String(v));
  const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => text(r[c]).length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return `${[line(columns.map((c) => c.toUpperCase())), ...rows.map((r) => line(columns.map((c) => text(r[c]))))].join('\n')}\n`;
}

export function keyValues(pairs: Array<[string, Cell]>): string {
  const width = Math.max(...pairs.map(([k]) => k.length));
  return `${pairs.map(([k, v]) => `${k.padEnd(width)}  ${v === null || v === undefined ? '-' : String(v)}`).join('\n')}\n`;
}

export function printJson(io: Io, value: unknown): void {
  io.stdout(`${JSON.stringify(value, null, 2)}\n`);
}

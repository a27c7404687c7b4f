/**
 * Squarified treemap (Bruls, Huizing and van Wijk, 2000): lays weighted items out in a rectangle so
 * each one's area is proportional to its weight and the tiles stay close to square, which keeps a
 * fleet of one 30-node cluster and a hundred 3-node ones readable. Pure: the same input gives the
 * same rectangles, in the order of the input (callers sort worst first; the layout keeps that
 * order from the top-left corner on).
 */
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Placed<T> extends Rect {
  item: T;
}

/** The worst aspect ratio of a row of `areas` laid along a side of length `side`. */
function worstRatio(areas: readonly number[], side: number): number {
  const sum = areas.reduce((s, a) => s + a, 0);
  const max = Math.max(...areas);
  const min = Math.min(...areas);
  const sideSquared = side * side;
  const sumSquared = sum * sum;
  return Math.max((sideSquared * max) / sumSquared, sumSquared / (sideSquared * min));
}

/** Lays a finished row along the shorter side of `free`, returning the row's tiles and what is left. */
function layRow<T>(row: readonly { item: T; area: number }[], free: Rect): { placed: Placed<T>[]; rest: Rect } {
  const sum = row.reduce((s, r) => s + r.area, 0);
  const placed: Placed<T>[] = [];
  if (free.width >= free.height) {
    // A column at the left, as wide as the row's area needs.
    const width = sum / free.height;
    let y = free.y;
    for (const r of row) {
      const height = r.area / width;
      placed.push({ item: r.item, x: free.x, y, width, height });
      y += height;
    }
    return { placed, rest: { x: free.x + width, y: free.y, width: free.width - width, height: free.height } };
  }
  const height = sum / free.width;
  let x = free.x;
  for (const r of row) {
    const width = r.area / height;
    placed.push({ item: r.item, x, y: free.y, width, height });
    x += width;
  }
  return { placed, rest: { x: free.x, y: free.y + height, width: free.width, height: free.height - height } };
}

/** Tiles for `items` filling `bounds`, each with an area proportional to `weightOf(item)` (> 0). */
export function squarify<T>(items: readonly T[], weightOf: (item: T) => number, bounds: Rect): Placed<T>[] {
  const weights = items.map((item) => Math.max(weightOf(item), Number.MIN_VALUE));
  const total = weights.reduce((s, w) => s + w, 0);
  if (!items.length || bounds.width <= 0 || bounds.height <= 0) return [];
  const scale = (bounds.width * bounds.height) / total;
  const queue = items.map((item, i) => ({ item, area: (weights[i] ?? 0) * scale }));

  const placed: Placed<T>[] = [];
  let free: Rect = { ...bounds };
  let row: { item: T; area: number }[] = [];
  for (const next of queue) {
    const side = Math.min(free.width, free.height);
    const areas = row.map((r) => r.area);
    if (row.length && worstRatio([...areas, next.area], side) > worstRatio(areas, side)) {
      const laid = layRow(row, free);
      placed.push(...laid.placed);
      free = laid.rest;
      row = [];
    }
    row.push(next);
  }
  if (row.length) placed.push(...layRow(row, free).placed);
  return placed;
}

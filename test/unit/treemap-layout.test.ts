import { describe, expect, it } from 'vitest';
import { squarify, type Placed } from '../../ui/src/components/treemap-layout';
import { byNaturalName, naturalCompare } from '../../ui/src/natural-order';

const bounds = { x: 0, y: 0, width: 600, height: 400 };
const area = (p: Placed<unknown>) => p.width * p.height;
const overlaps = (a: Placed<unknown>, b: Placed<unknown>) =>
  a.x + a.width > b.x + 1e-6 && b.x + b.width > a.x + 1e-6 && a.y + a.height > b.y + 1e-6 && b.y + b.height > a.y + 1e-6;

describe('squarified treemap layout', () => {
  it('gives each item an area proportional to its weight and fills the rectangle exactly, without overlaps', () => {
    const weights = [6, 6, 4, 3, 2, 2, 1];
    const tiles = squarify(weights, (w) => w, bounds);
    expect(tiles.map((t) => t.item)).toEqual(weights);
    const total = weights.reduce((s, w) => s + w, 0);
    for (const t of tiles) expect(area(t)).toBeCloseTo((t.item / total) * 600 * 400, 6);
    expect(tiles.reduce((s, t) => s + area(t), 0)).toBeCloseTo(600 * 400, 6);
    for (const t of tiles) {
      expect(t.x).toBeGreaterThanOrEqual(-1e-9);
      expect(t.y).toBeGreaterThanOrEqual(-1e-9);
      expect(t.x + t.width).toBeLessThanOrEqual(600 + 1e-6);
      expect(t.y + t.height).toBeLessThanOrEqual(400 + 1e-6);
    }
    for (const [i, a] of tiles.entries()) for (const b of tiles.slice(i + 1)) expect(overlaps(a, b)).toBe(false);
  });

  it('reproduces the paper’s example: the first two tiles of 6, 6, 4, 3, 2, 2, 1 in a 6 × 4 rectangle are 3 × 2 squares-ish', () => {
    const tiles = squarify([6, 6, 4, 3, 2, 2, 1], (w) => w, { x: 0, y: 0, width: 6, height: 4 });
    expect(tiles[0]).toMatchObject({ x: 0, y: 0, width: 3, height: 2 });
    expect(tiles[1]).toMatchObject({ x: 0, y: 2, width: 3, height: 2 });
  });

  it('keeps tiles far squarer than slicing would: no tile of a mixed fleet is thinner than 1 : 4', () => {
    const weights = [30, 12, 9, 6, ...Array.from({ length: 40 }, () => 3)];
    const tiles = squarify(weights, (w) => w, bounds);
    const worst = Math.max(...tiles.map((t) => Math.max(t.width / t.height, t.height / t.width)));
    expect(worst).toBeLessThan(4);
  });

  it('lays nothing out for no items or an empty rectangle, and one item fills the whole rectangle', () => {
    expect(squarify([], () => 1, bounds)).toEqual([]);
    expect(squarify([1], () => 1, { x: 0, y: 0, width: 0, height: 10 })).toEqual([]);
    expect(squarify(['a'], () => 5, bounds)).toEqual([{ item: 'a', ...bounds }]);
  });
});

describe('natural name order', () => {
  it('orders digit runs as numbers: fleet-cass-2 before fleet-cass-10', () => {
    const names = ['fleet-cass-10', 'fleet-cass-2', 'fleet-cass-1', 'alpha', 'fleet-cass-20', 'Beta'];
    expect([...names].sort(naturalCompare)).toEqual(['alpha', 'Beta', 'fleet-cass-1', 'fleet-cass-2', 'fleet-cass-10', 'fleet-cass-20']);
    expect(byNaturalName([{ n: 'n-10' }, { n: 'n-9' }], (x) => x.n).map((x) => x.n)).toEqual(['n-9', 'n-10']);
  });

  it('is a total order: names equal but for case still get a fixed place', () => {
    expect(naturalCompare('abc', 'ABC')).not.toBe(0);
    expect(naturalCompare('abc', 'ABC')).toBe(-naturalCompare('ABC', 'abc'));
  });
});

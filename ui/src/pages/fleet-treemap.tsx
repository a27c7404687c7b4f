import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import { squarify } from '../components/treemap-layout';
import { clusterHref } from '../links';
import type { FleetTile } from './fleet-tile-types';

/** Gap between tiles, in pixels: drawn by shrinking each tile, so the areas stay proportional. */
const gap = 2;

/** Room a tile needs for its name, and for its details as well; smaller tiles say it on hover. */
const fits = { name: { width: 56, height: 22 }, details: { width: 110, height: 58 } };

/** As tall as a square fleet reads well on the page, never so tall that it pushes the lists below away. */
const mapHeight = (width: number) => Math.round(Math.min(520, Math.max(220, width * 0.42)));

const tooltip = (t: FleetTile) =>
  [
    `${t.name} — ${t.health}${t.score !== null ? ` (score ${t.score})` : ''}`,
    `${t.engine} · ${t.nodeCount} node${t.nodeCount === 1 ? '' : 's'} · ${t.environment} · ${t.regions.join(', ')} · ${t.owner}`,
    ...t.causes,
  ].join('\n');

/** The fleet as a treemap: a tile per cluster, its area by node count, its colour by health, in the order given (worst first). */
export function FleetTreemap({ tiles }: { tiles: FleetTile[] }) {
  const box = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(0);
  useLayoutEffect(() => {
    const element = box.current;
    if (!element) return;
    const observer = new ResizeObserver(() => setWidth(element.clientWidth));
    observer.observe(element);
    setWidth(element.clientWidth);
    return () => observer.disconnect();
  }, []);

  const height = mapHeight(width);
  // A cluster with no nodes yet still gets a tile you can click.
  const placed = squarify(tiles, (t) => Math.max(1, t.nodeCount), { x: 0, y: 0, width, height });
  return (
    <div class="treemap" ref={box} style={{ height: `${height}px` }} data-testid="treemap">
      {placed.map(({ item: t, x, y, width: w, height: h }) => {
        const inner = { width: Math.max(0, w - gap), height: Math.max(0, h - gap) };
        const showName = inner.width >= fits.name.width && inner.height >= fits.name.height;
        const showDetails = inner.width >= fits.details.width && inner.height >= fits.details.height;
        return (
          <a
            key={t.id}
            href={clusterHref(t.name)}
            class={`tile tile-${t.health}`}
            data-testid={`tile-${t.name}`}
            data-state={t.health}
            data-nodes={t.nodeCount}
            title={tooltip(t)}
            style={{ left: `${x}px`, top: `${y}px`, width: `${inner.width}px`, height: `${inner.height}px` }}
          >
            {showName ? <span class="tile-name">{t.name}</span> : null}
            {showDetails ? (
              <>
                <span class="tile-line">
                  {t.engine} · {t.nodeCount} node{t.nodeCount === 1 ? '' : 's'}
                  {t.simulated ? ' · simulated' : ''}
                </span>
                <span class="tile-line">{t.regions.join(', ')}</span>
                <span class="tile-line">
                  {t.health}
                  {t.score !== null ? ` · score ${t.score}` : ''}
                </span>
              </>
            ) : null}
          </a>
        );
      })}
    </div>
  );
}

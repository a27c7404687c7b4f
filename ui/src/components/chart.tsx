import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import { compact } from '../format';

export interface ChartPoint {
  /** epoch ms */
  at: number;
  value: number | null;
  /** the node did not answer at this moment: shaded red on the chart */
  down: boolean;
}

const downFill = 'rgba(194, 59, 50, 0.22)';

/**
 * Shades each down snapshot, from its moment to the next snapshot (or a few pixels when it is the
 * last), behind the line: a gap alone could be "not reported", the shade says "did not answer".
 */
function downBands(points: () => ChartPoint[]): uPlot.Plugin {
  return {
    hooks: {
      drawClear: (u: uPlot) => {
        const list = points();
        const { ctx, bbox } = u;
        ctx.save();
        ctx.fillStyle = downFill;
        list.forEach((p, i) => {
          if (!p.down) return;
          const x0 = u.valToPos(p.at / 1000, 'x', true);
          const next = list[i + 1];
          const x1 = next ? u.valToPos(next.at / 1000, 'x', true) : x0 + 4 * devicePixelRatio;
          ctx.fillRect(Math.max(bbox.left, x0 - 2 * devicePixelRatio), bbox.top, Math.max(4 * devicePixelRatio, x1 - x0), bbox.height);
        });
        ctx.restore();
      },
    },
  };
}

const toData = (points: ChartPoint[]): uPlot.AlignedData => [points.map((p) => p.at / 1000), points.map((p) => p.value)];

/**
 * A small time-series line (uPlot on a canvas); nulls are gaps, down moments shaded. The y axis
 * starts at zero (a spike should look like one), ends at `max` when the value has a ceiling, and
 * carries `unit` on every tick (a bare "40" could be ms or s).
 */
export function Chart({
  title,
  unit,
  points,
  max,
  testId,
  width = 330,
  height = 130,
}: {
  title: string;
  unit: string;
  points: ChartPoint[];
  max?: number | undefined;
  testId?: string;
  width?: number;
  height?: number;
}) {
  const host = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const latest = useRef(points);
  latest.current = points;

  useEffect(() => {
    if (!host.current) return;
    const opts: uPlot.Options = {
      width,
      height,
      legend: { show: false },
      cursor: { y: false },
      scales: { x: { time: true }, y: { range: (_u, _min, top) => [0, max ?? (top > 0 ? top * 1.15 : 1)] } },
      axes: [
        { size: 28, space: 70, font: '11px system-ui' },
        { size: 58, font: '11px system-ui', values: (_u, ticks) => ticks.map((t) => `${compact.format(t)} ${unit}`) },
      ],
      series: [
        {},
        { label: title, stroke: '#2f5fd0', width: 1.5, fill: 'rgba(47, 95, 208, 0.08)', spanGaps: false, points: { show: true, size: 4 } },
      ],
      plugins: [downBands(() => latest.current)],
    };
    plot.current = new uPlot(opts, toData(latest.current), host.current);
    return () => {
      plot.current?.destroy();
      plot.current = null;
    };
  }, [title, unit, max, width, height]);

  useEffect(() => {
    plot.current?.setData(toData(points));
  }, [points]);

  return <div class="chart" ref={host} data-testid={testId} data-unit={unit} aria-label={`${title} (${unit}) over time`} />;
}

import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import { compact } from '../format';

export interface ChartLine {
  label: string;
  /** one value per `x`; null where the line has nothing (a gap) */
  values: Array<number | null>;
  stroke: string;
  width?: number;
  dash?: number[];
  points?: boolean;
}

/** A vertical line at a moment, labelled on the canvas (e.g. "90 days"). */
export interface ChartMark {
  /** epoch seconds */
  at: number;
  label: string;
  colour: string;
}

export interface ChartSpec {
  /** epoch seconds, ascending */
  x: number[];
  lines: ChartLine[];
  /** shaded areas between two lines, by their index in `lines` */
  bands?: Array<{ upper: number; lower: number; fill: string }>;
  marks?: ChartMark[];
  /** top of the y axis; the bottom is always zero */
  yMax: number;
  unit: string;
}

/** Dashed vertical lines with their label beside them, drawn over the series. */
function markLines(marks: ChartMark[]): uPlot.Plugin {
  return {
    hooks: {
      draw: (u: uPlot) => {
        const { ctx, bbox } = u;
        const px = devicePixelRatio;
        ctx.save();
        for (const mark of marks) {
          const x = Math.round(u.valToPos(mark.at, 'x', true));
          if (x < bbox.left || x > bbox.left + bbox.width) continue;
          ctx.strokeStyle = mark.colour;
          ctx.fillStyle = mark.colour;
          // Two whole device pixels either side of a whole x: crisp, not smeared over three pixels.
          ctx.lineWidth = 2 * px;
          ctx.setLineDash([5 * px, 4 * px]);
          ctx.beginPath();
          ctx.moveTo(x, bbox.top);
          ctx.lineTo(x, bbox.top + bbox.height);
          ctx.stroke();
          ctx.font = `${11 * px}px system-ui`;
          // The axes leave their own alignment on the shared context.
          ctx.textAlign = 'left';
          // At the foot: a growing series, the usual one, leaves the bottom right of the plot empty.
          ctx.textBaseline = 'bottom';
          ctx.fillText(mark.label, x + 4 * px, bbox.top + bbox.height - 2 * px);
        }
        ctx.restore();
      },
    },
  };
}

/**
 * A time chart of several lines on one y axis (uPlot on a canvas) with shaded bands between pairs of
 * lines, vertical marks and a legend naming every line. `spec` should be memoised by the caller:
 * a new spec redraws the chart from scratch.
 */
export function SeriesChart({
  spec,
  label,
  testId,
  width = 900,
  height = 280,
}: {
  spec: ChartSpec;
  label: string;
  testId?: string;
  width?: number;
  height?: number;
}) {
  const host = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!host.current) return;
    const marks = spec.marks ?? [];
    const format = (v: number | null) => (v === null || v === undefined ? '-' : `${compact.format(v)} ${spec.unit}`.trim());
    const opts: uPlot.Options = {
      width,
      height,
      legend: { show: true },
      cursor: { y: false },
      scales: {
        // Marks beyond the data (the warning horizon past a short forecast) still get their place.
        x: { time: true, range: (_u, min, max) => [Math.min(min, ...marks.map((m) => m.at)), Math.max(max, ...marks.map((m) => m.at))] },
        y: { range: () => [0, spec.yMax] },
      },
      axes: [
        { size: 30, space: 80, font: '11px system-ui' },
        { size: 64, font: '11px system-ui', values: (_u, ticks) => ticks.map((t) => `${compact.format(t)} ${spec.unit}`.trim()) },
      ],
      series: [
        {},
        ...spec.lines.map((l): uPlot.Series => ({
          label: l.label,
          stroke: l.stroke,
          width: l.width ?? 1.5,
          dash: l.dash,
          spanGaps: false,
          points: { show: l.points ?? false, size: 3 },
          value: (_u, v) => format(v),
        })),
      ],
      bands: (spec.bands ?? []).map((b) => ({ series: [b.upper + 1, b.lower + 1], fill: b.fill })),
      plugins: [markLines(marks)],
    };
    const plot = new uPlot(opts, [spec.x, ...spec.lines.map((l) => l.values)], host.current);
    return () => plot.destroy();
  }, [spec, width, height]);

  return <div class="chart series-chart" ref={host} role="img" aria-label={label} data-testid={testId} />;
}

// A small SVG chart of our own: bars for bookings per day, a line for revenue per day.
// Described for screen readers by its title and the table beside it on the page.
import type { DayPoint } from './report-days';

export function DayChart({
  points,
  label,
  revenueLabel,
}: {
  points: DayPoint[];
  label: string;
  revenueLabel: (v: number) => string;
}) {
  const W = 640;
  const H = 220;
  const pad = { l: 36, r: 12, t: 12, b: 28 };
  const n = Math.max(points.length, 1);
  const bw = (W - pad.l - pad.r) / n;
  const maxB = Math.max(1, ...points.map((p) => p.bookings));
  const maxR = Math.max(1, ...points.map((p) => p.revenue));
  const y = (v: number, max: number) => H - pad.b - (v / max) * (H - pad.t - pad.b);
  const line = points
    .map((p, i) => `${(pad.l + bw * (i + 0.5)).toFixed(1)},${y(p.revenue, maxR).toFixed(1)}`)
    .join(' ');
  const every = Math.ceil(n / 8);
  return (
    <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby="chart-title" class="chart" data-testid="chart">
      <title id="chart-title">{label}</title>
      <line x1={pad.l} y1={H - pad.b} x2={W - pad.r} y2={H - pad.b} stroke="#555" />
      <text x={4} y={pad.t + 8} class="axis">
        {maxB}
      </text>
      {points.map((p, i) => (
        <g>
          <rect
            x={pad.l + bw * i + bw * 0.15}
            y={y(p.bookings, maxB)}
            width={bw * 0.7}
            height={H - pad.b - y(p.bookings, maxB)}
            fill="#3b5bdb"
          >
            <title>{`${p.day}: ${p.bookings} bookings, ${revenueLabel(p.revenue)}`}</title>
          </rect>
          {i % every === 0 && (
            <text x={pad.l + bw * (i + 0.5)} y={H - 8} text-anchor="middle" class="axis">
              {p.day.slice(5)}
            </text>
          )}
        </g>
      ))}
      {points.length > 1 && <polyline points={line} fill="none" stroke="#c2410c" stroke-width="2" />}
      {points.length === 1 && <circle cx={pad.l + bw / 2} cy={y(points[0].revenue, maxR)} r="4" fill="#c2410c" />}
    </svg>
  );
}

// Self-contained SVG charts (no script, no fonts to fetch), so the report opens anywhere, including
// as a CI artifact: lines and dots on one or two y axes, with a legend.
import { escapeHtml } from '../../contracts/lib/html-page.ts';

/** One series; null y values break a line. */
export interface Series {
  name: string;
  color: string;
  points: Array<[number, number | null]>;
  axis?: 'left' | 'right';
  style?: 'line' | 'dashed' | 'dots';
}

/** A chart. `leftMax` and `rightMax` fix an axis (e.g. 100 for a percentage). */
export interface ChartSpec {
  title: string;
  xLabel: string;
  leftLabel: string;
  leftMax?: number;
  rightLabel?: string;
  rightMax?: number;
  series: Series[];
  width?: number;
  height?: number;
}

const MARGIN = { top: 48, right: 64, bottom: 44, left: 64 };

/** A round upper bound for an axis: 1, 2 or 5 times a power of ten. */
export function niceMax(value: number): number {
  if (!(value > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 5, 10]) if (value <= step * power) return step * power;
  return 10 * power;
}

/** Tick values from 0 (or below min) past max, 1, 2 or 5 times a power of ten apart. */
export function niceTicks(min: number, max: number, count = 5): number[] {
  const raw = (max - min) / count;
  const power = 10 ** Math.floor(Math.log10(raw > 0 ? raw : 1));
  const step = [1, 2, 5, 10].map((factor) => factor * power).find((candidate) => candidate >= raw) ?? 10 * power;
  const ticks: number[] = [];
  for (let tick = Math.floor(min / step) * step; tick < max + step; tick += step) {
    ticks.push(Math.round(tick * 1e6) / 1e6);
    if (tick >= max) break;
  }
  return ticks;
}

function label(value: number): string {
  if (value === 0) return '0';
  if (Math.abs(value) >= 1000) return `${Math.round(value / 100) / 10}k`;
  return String(Math.round(value * 100) / 100);
}

/** An SVG document for the spec. */
export function chart(spec: ChartSpec): string {
  const width = spec.width ?? 760;
  const height = spec.height ?? 320;
  const plotWidth = width - MARGIN.left - MARGIN.right;
  const plotHeight = height - MARGIN.top - MARGIN.bottom;
  const xs = spec.series.flatMap((series) => series.points.map(([x]) => x));
  const xTicks = niceTicks(Math.min(0, ...xs), Math.max(1, ...xs));
  const xMin = xTicks[0] ?? 0;
  const xMax = xTicks[xTicks.length - 1] ?? 1;
  const maxOf = (axis: 'left' | 'right'): number =>
    niceMax(
      Math.max(
        0,
        ...spec.series
          .filter((series) => (series.axis ?? 'left') === axis)
          .flatMap((series) => series.points.map(([, y]) => y ?? 0)),
      ) * 1.05,
    );
  const leftMax = spec.leftMax ?? maxOf('left');
  const rightMax = spec.rightMax ?? maxOf('right');
  const x = (value: number): number => MARGIN.left + ((value - xMin) / (xMax - xMin)) * plotWidth;
  const y = (value: number, axis: 'left' | 'right'): number =>
    MARGIN.top + plotHeight - (value / (axis === 'left' ? leftMax : rightMax)) * plotHeight;
  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" font-family="sans-serif" font-size="11" role="img" aria-label="${escapeHtml(spec.title)}">`,
  );
  parts.push(`<rect width="${width}" height="${height}" fill="#fff"/>`);
  parts.push(`<text x="${MARGIN.left}" y="18" font-size="14" font-weight="bold">${escapeHtml(spec.title)}</text>`);
  for (let tick = 0; tick <= 5; tick += 1) {
    const fraction = tick / 5;
    const yPos = MARGIN.top + plotHeight - fraction * plotHeight;
    parts.push(
      `<line x1="${MARGIN.left}" x2="${MARGIN.left + plotWidth}" y1="${yPos}" y2="${yPos}" stroke="#e5e5e5"/>`,
    );
    parts.push(`<text x="${MARGIN.left - 6}" y="${yPos + 4}" text-anchor="end">${label(fraction * leftMax)}</text>`);
    if (spec.rightLabel !== undefined)
      parts.push(`<text x="${MARGIN.left + plotWidth + 6}" y="${yPos + 4}">${label(fraction * rightMax)}</text>`);
  }
  for (const xValue of xTicks) {
    parts.push(
      `<line x1="${x(xValue)}" x2="${x(xValue)}" y1="${MARGIN.top + plotHeight}" y2="${MARGIN.top + plotHeight + 4}" stroke="#999"/>`,
    );
    parts.push(
      `<text x="${x(xValue)}" y="${MARGIN.top + plotHeight + 16}" text-anchor="middle">${label(xValue)}</text>`,
    );
  }
  parts.push(
    `<rect x="${MARGIN.left}" y="${MARGIN.top}" width="${plotWidth}" height="${plotHeight}" fill="none" stroke="#999"/>`,
  );
  parts.push(
    `<text x="${MARGIN.left + plotWidth / 2}" y="${height - 6}" text-anchor="middle">${escapeHtml(spec.xLabel)}</text>`,
  );
  parts.push(
    `<text transform="translate(14 ${MARGIN.top + plotHeight / 2}) rotate(-90)" text-anchor="middle">${escapeHtml(spec.leftLabel)}</text>`,
  );
  if (spec.rightLabel !== undefined) {
    parts.push(
      `<text transform="translate(${width - 10} ${MARGIN.top + plotHeight / 2}) rotate(90)" text-anchor="middle">${escapeHtml(spec.rightLabel)}</text>`,
    );
  }
  spec.series.forEach((series, index) => {
    const axis = series.axis ?? 'left';
    const legendX = MARGIN.left + index * 170;
    parts.push(`<rect x="${legendX}" y="28" width="12" height="4" fill="${series.color}"/>`);
    parts.push(`<text x="${legendX + 16}" y="33">${escapeHtml(series.name)}</text>`);
    if (series.style === 'dots') {
      for (const [px, py] of series.points) {
        if (py !== null)
          parts.push(
            `<circle cx="${x(px).toFixed(1)}" cy="${y(py, axis).toFixed(1)}" r="2.5" fill="${series.color}" fill-opacity="0.7"/>`,
          );
      }
      return;
    }
    const segments: string[][] = [[]];
    for (const [px, py] of series.points) {
      if (py === null) segments.push([]);
      else segments[segments.length - 1]?.push(`${x(px).toFixed(1)},${y(py, axis).toFixed(1)}`);
    }
    for (const segment of segments.filter((points) => points.length > 0)) {
      const dash = series.style === 'dashed' ? ' stroke-dasharray="6 4"' : '';
      parts.push(
        `<polyline points="${segment.join(' ')}" fill="none" stroke="${series.color}" stroke-width="1.5"${dash}/>`,
      );
    }
  });
  parts.push('</svg>');
  return parts.join('\n');
}

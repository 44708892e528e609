// Self-contained SVG charts (no script, no fonts to fetch), so the report opens anywhere, including
// as a CI artifact: lines, dots and stacked bars on one y axis, with a legend that draws each series
// as it is drawn. A chart takes the width of the page it is on (its viewBox keeps the shape).
import { escapeHtml } from '../../contracts/lib/html-page.ts';

/**
 * One series; null y values break a line. `bars` draws one bar per point, one x unit wide, from
 * `base` (same order as the points; 0 when absent) up to y, so that bars stack. Dots may carry a
 * weight each (`sizes`): the heaviest is drawn about three times as wide as a dot without one.
 */
export interface Series {
  name: string;
  color: string;
  points: Array<[number, number | null]>;
  style?: 'line' | 'dashed' | 'dots' | 'bars';
  base?: number[];
  sizes?: number[];
}

/** A vertical line across the plot at x, labelled (a documented limit, say). */
export interface Marker {
  x: number;
  label: string;
  color: string;
}

/** A chart. `leftMax` fixes the y axis (e.g. 100 for a percentage). */
export interface ChartSpec {
  title: string;
  xLabel: string;
  leftLabel: string;
  leftMax?: number;
  series: Series[];
  markers?: Marker[];
  width?: number;
  height?: number;
}

// The top margin holds the title, the legend and a marker's label above the plot.
const MARGIN = { top: 58, right: 24, bottom: 44, left: 64 };

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
  const width = spec.width ?? 1100;
  const height = spec.height ?? 340;
  const plotWidth = width - MARGIN.left - MARGIN.right;
  const plotHeight = height - MARGIN.top - MARGIN.bottom;
  // A bar is one x unit wide, so its last one ends a unit past its x.
  const xs = spec.series.flatMap((series) => series.points.map(([x]) => (series.style === 'bars' ? x + 1 : x)));
  const xTicks = niceTicks(Math.min(0, ...xs), Math.max(1, ...xs));
  const xMin = xTicks[0] ?? 0;
  const xMax = xTicks[xTicks.length - 1] ?? 1;
  const leftMax =
    spec.leftMax ??
    niceMax(Math.max(0, ...spec.series.flatMap((series) => series.points.map(([, y]) => y ?? 0))) * 1.05);
  const x = (value: number): number => MARGIN.left + ((value - xMin) / (xMax - xMin)) * plotWidth;
  const y = (value: number): number => MARGIN.top + plotHeight - (value / leftMax) * plotHeight;
  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="100%" font-family="sans-serif" font-size="11" role="img" aria-label="${escapeHtml(spec.title)}">`,
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
  let legendX = MARGIN.left;
  for (const series of spec.series) {
    parts.push(legendMark(series, legendX, 30));
    parts.push(`<text x="${legendX + 22}" y="34">${escapeHtml(series.name)}</text>`);
    legendX += 22 + series.name.length * 6.2 + 24;
  }
  for (const series of spec.series) parts.push(...drawn(series, x, y, plotWidth / (xMax - xMin)));
  for (const marker of spec.markers ?? []) {
    const at = x(marker.x).toFixed(1);
    parts.push(
      `<line x1="${at}" x2="${at}" y1="${MARGIN.top}" y2="${MARGIN.top + plotHeight}" stroke="${marker.color}" stroke-width="1.5" stroke-dasharray="6 4"/>`,
    );
    // Above the plot, so that no mark hides it.
    parts.push(
      `<text x="${at}" y="${MARGIN.top - 5}" text-anchor="middle" fill="${marker.color}">${escapeHtml(marker.label)}</text>`,
    );
  }
  parts.push('</svg>');
  return parts.join('\n');
}

const DASH = ' stroke-dasharray="6 4"';

/** The legend's sample of a series: a bar, a dot, or a short stretch of its line. */
function legendMark(series: Series, x: number, y: number): string {
  if (series.style === 'bars') return `<rect x="${x}" y="${y - 4}" width="16" height="9" fill="${series.color}"/>`;
  if (series.style === 'dots') return `<circle cx="${x + 8}" cy="${y}" r="3.5" fill="${series.color}"/>`;
  const dash = series.style === 'dashed' ? DASH : '';
  return `<line x1="${x}" x2="${x + 16}" y1="${y}" y2="${y}" stroke="${series.color}" stroke-width="2.5"${dash}/>`;
}

/** A series' marks, given the scales and the width of one x unit. */
function drawn(series: Series, x: (value: number) => number, y: (value: number) => number, unit: number): string[] {
  const out: string[] = [];
  if (series.style === 'bars') {
    series.points.forEach(([px, py], i) => {
      const base = series.base?.[i] ?? 0;
      if (py === null || py <= base) return;
      const top = y(py);
      out.push(
        `<rect x="${x(px).toFixed(1)}" y="${top.toFixed(1)}" width="${Math.max(1, unit - 0.5).toFixed(1)}" height="${(y(base) - top).toFixed(1)}" fill="${series.color}"/>`,
      );
    });
    return out;
  }
  if (series.style === 'dots') {
    const heaviest = Math.max(1, ...(series.sizes ?? []));
    const radius = (i: number) =>
      series.sizes === undefined ? 2.5 : 2.5 + 5 * Math.sqrt((series.sizes[i] ?? 0) / heaviest);
    series.points.forEach(([px, py], i) => {
      if (py !== null)
        out.push(
          `<circle cx="${x(px).toFixed(1)}" cy="${y(py).toFixed(1)}" r="${radius(i).toFixed(1)}" fill="${series.color}" fill-opacity="0.6"/>`,
        );
    });
    return out;
  }
  const segments: string[][] = [[]];
  for (const [px, py] of series.points) {
    if (py === null) segments.push([]);
    else segments[segments.length - 1]?.push(`${x(px).toFixed(1)},${y(py).toFixed(1)}`);
  }
  const dash = series.style === 'dashed' ? DASH : '';
  for (const segment of segments.filter((points) => points.length > 0))
    out.push(`<polyline points="${segment.join(' ')}" fill="none" stroke="${series.color}" stroke-width="2"${dash}/>`);
  return out;
}

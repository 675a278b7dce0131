import * as Plot from '@observablehq/plot';
import { formatDay, formatMoney, formatMoneyCompact } from '../lib/format.ts';
import type { ForecastTrendPoint } from '../lib/view-reports.ts';
import { FONT, nameMarks } from './chart-style.ts';
import { FORECAST_COLOURS, type ForecastChartOptions, type ForecastDeals } from './forecast-style.ts';

/** One series' figure at one snapshot. */
interface SeriesPoint {
  date: Date;
  width: number;
  radius: number;
  snapshot: string;
  series: string;
  amount: number;
  deals: ForecastDeals;
}

// Widest first: where figures coincide (commit equal to best case, everything won), each series
// still shows as a ring around the next rather than vanishing under it.
const SERIES = [
  { name: 'Best case', colour: FORECAST_COLOURS.bestCase, deals: 'best_case', width: 7, radius: 8, pick: (point: ForecastTrendPoint) => point.category_best_case },
  { name: 'Commit', colour: FORECAST_COLOURS.commit, deals: 'commit', width: 4.5, radius: 6, pick: (point: ForecastTrendPoint) => point.category_commit },
  { name: 'Weighted pipeline', colour: FORECAST_COLOURS.weighted, deals: 'open_pipeline', width: 2.5, radius: 4.5, pick: (point: ForecastTrendPoint) => point.weighted_pipeline },
  { name: 'Closed won', colour: FORECAST_COLOURS.closedWon, deals: 'closed_won', width: 1.5, radius: 3, pick: (point: ForecastTrendPoint) => point.closed_won },
] as const;

const DAY = 24 * 60 * 60 * 1000;
// Snapshots are usually a week apart: the spacing assumed when there is only one.
const USUAL_GAP = 7 * DAY;
// Room a day's tick label needs; when snapshots sit closer, Plot picks the ticks itself.
const TICK_ROOM = 52;
const MARGIN_LEFT = 60;
const MARGIN_RIGHT = 78;

const utcDay = (day: string) => new Date(`${day}T00:00:00Z`);

/** The snapshot dates on a UTC axis padded by half the closest gap, each one labelled while they fit. */
function snapshotAxis(days: string[], width: number) {
  const times = days.map((day) => utcDay(day).getTime());
  const gaps = times.slice(1).map((time, i) => time - times[i]);
  const gap = gaps.length > 0 ? Math.min(...gaps) : USUAL_GAP;
  const first = times[0] ?? 0;
  const last = times[times.length - 1] ?? 0;
  const fits = (gap * (width - MARGIN_LEFT - MARGIN_RIGHT)) / (last - first + gap) >= TICK_ROOM;
  const tickFormat = (date: Date, i: number) => {
    const day = date.toISOString().slice(0, 10);
    const isNewYear = i === 0 || (i > 0 && days[i - 1]?.slice(0, 4) !== day.slice(0, 4));
    return isNewYear ? `${formatDay(day, { withYear: false })}\n${day.slice(0, 4)}` : formatDay(day, { withYear: false });
  };
  return {
    type: 'utc' as const,
    domain: [new Date(first - gap / 2), new Date(last + gap / 2)],
    label: 'Snapshot date →',
    labelAnchor: 'right' as const,
    labelOffset: 44,
    ...(fits ? { ticks: days.map(utcDay), tickFormat } : {}),
  };
}

export interface ForecastTrendChartOptions extends ForecastChartOptions {
  /** The period's target, drawn as a line; none when the period has no target. */
  target?: number | null;
}

/**
 * How the period's forecast moved snapshot by snapshot (procedure forecast.view, table trend):
 * closed won, weighted pipeline, commit and best case as lines with a dot per snapshot, each dot
 * drilling to its deals as of that snapshot.
 */
export function forecastTrendChart(trend: ForecastTrendPoint[], options: ForecastTrendChartOptions = {}): SVGSVGElement | HTMLElement {
  const width = options.width ?? 560;
  const points: SeriesPoint[] = SERIES.flatMap((series) => trend.map((point) => ({
    date: utcDay(point.snapshot_date), width: series.width, radius: series.radius, snapshot: point.snapshot_date, series: series.name, amount: series.pick(point), deals: series.deals,
  })));
  const target = options.target ?? null;
  const highest = Math.max(1, target ?? 0, ...points.map((point) => point.amount));
  const colours = [...SERIES.map((series) => ({ name: series.name, colour: series.colour })), ...(target === null ? [] : [{ name: 'Target', colour: FORECAST_COLOURS.target }])];
  const marks: Plot.Markish[] = [Plot.ruleY([0])];
  if (target !== null) {
    marks.push(
      Plot.ruleY([target], { stroke: FORECAST_COLOURS.target, strokeWidth: 2, strokeDasharray: '6,4', className: 'forecast-target' }),
      Plot.text([target], { y: (value: number) => value, frameAnchor: 'right', textAnchor: 'start', dx: 6, lineAnchor: 'middle', fill: FORECAST_COLOURS.target, fontWeight: 600, text: (value: number) => `Target\n${formatMoney(value)}`, className: 'forecast-target-label' }),
    );
  }
  marks.push(
    ...SERIES.map((series) => Plot.line(points, { filter: (point: SeriesPoint) => point.series === series.name, x: 'date', y: 'amount', z: null, stroke: 'series', strokeWidth: series.width, className: 'forecast-trend-line' })),
    Plot.dot(points, {
      x: 'date', y: 'amount', fill: 'series', stroke: 'white', strokeWidth: 1, r: 'radius', className: 'forecast-trend-point',
      title: (point: SeriesPoint) => `${point.series} as of ${formatDay(point.snapshot)}: ${formatMoney(point.amount)}. Click for the deals behind it.`,
      href: options.dealsHref ? (point: SeriesPoint) => options.dealsHref?.(point.deals, point.snapshot) : undefined,
      render: nameMarks(points, 'forecast-trend-point', 'data-point', (point) => `${point.snapshot} ${point.series}`),
    }),
  );
  return Plot.plot({
    document: options.document,
    width,
    height: 340,
    marginLeft: MARGIN_LEFT,
    marginRight: MARGIN_RIGHT,
    marginTop: 24,
    marginBottom: 52,
    style: { fontFamily: FONT, fontSize: '12px' },
    x: snapshotAxis(trend.map((point) => point.snapshot_date), width),
    y: { domain: [0, highest * 1.08], nice: true, grid: true, tickFormat: formatMoneyCompact, label: '↑ Amount (warehouse currency)' },
    // Radii in pixels, as each series sets them.
    r: { type: 'identity' },
    color: { domain: colours.map((series) => series.name), range: colours.map((series) => series.colour), legend: true },
    caption: 'The same figures as above, recomputed at each snapshot for this period. Click a dot for the deals behind it as of that snapshot.',
    marks,
  });
}

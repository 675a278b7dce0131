import * as Plot from '@observablehq/plot';
import { formatCount, formatMonth, formatRateWithInterval } from '../lib/format.ts';
import type { FunnelCohort } from '../lib/view-reports.ts';
import { COLOURS, FONT, nameMarks, type ChartOptions } from './chart-style.ts';

/** One point of one series: a cohort month's rate with its interval, as the procedure sent it. */
interface CohortRate {
  cohort: string;
  series: string;
  rate: number | null;
  low: number | null;
  high: number | null;
  reached: number;
  leads: number;
}

const SERIES = [
  { name: 'Lead → opportunity', colour: COLOURS.primary, offset: -5, pick: (c: FunnelCohort) => [c.conversion_rate, c.conversion_low, c.conversion_high, c.opportunities] as const },
  { name: 'Lead → won', colour: COLOURS.secondary, offset: 5, pick: (c: FunnelCohort) => [c.lead_to_won_rate, c.lead_to_won_low, c.lead_to_won_high, c.won] as const },
];

// Narrowest room a month's tick label needs before labels start to collide.
const TICK_ROOM = 36;
const MARGIN_LEFT = 56;
const MARGIN_RIGHT = 20;

/**
 * The months to label: all when they fit, else every second, third... one. The month name alone,
 * with the year under it on the first label and on each January.
 */
function monthTicks(months: string[], width: number) {
  const room = (width - MARGIN_LEFT - MARGIN_RIGHT) / Math.max(1, months.length);
  const every = Math.max(1, Math.ceil(TICK_ROOM / room));
  const ticks = months.filter((_, i) => i % every === 0);
  const tickFormat = (month: string, i: number) => {
    const isFirstOfYear = i === 0 || month.endsWith('-01');
    return isFirstOfYear && formatMonth(month) !== month ? `${formatMonth(month, { withYear: false })}\n${month.slice(0, 4)}` : formatMonth(month, { withYear: false });
  };
  return { ticks, tickFormat };
}

export interface ConversionChartOptions extends ChartOptions {
  /** Where a click on a cohort's mark goes (its drill-down); no link when absent or undefined. */
  cohortHref?: (cohortMonth: string) => string | undefined;
}

/**
 * Conversion by cohort month (procedure funnel.view, table cohorts): lead -> opportunity and
 * lead -> won rates as dots joined by lines, each with its 95% Wilson interval as a vertical bar.
 */
export function conversionChart(cohorts: FunnelCohort[], options: ConversionChartOptions = {}): SVGSVGElement | HTMLElement {
  const marks: Plot.Markish[] = [Plot.ruleY([0])];
  for (const series of SERIES) {
    const points: CohortRate[] = cohorts.map((cohort) => {
      const [rate, low, high, reached] = series.pick(cohort);
      return { cohort: cohort.cohort_month, series: series.name, rate, low, high, reached, leads: cohort.leads };
    });
    const shared = { x: 'cohort', dx: series.offset, stroke: 'series' } as const;
    marks.push(
      Plot.ruleX(points, { ...shared, y1: 'low', y2: 'high', strokeWidth: 3, strokeOpacity: 0.45, className: 'cohort-interval' }),
      Plot.line(points, { ...shared, y: 'rate', strokeWidth: 1.5, className: 'cohort-line' }),
      Plot.dot(points, {
        ...shared, y: 'rate', fill: 'series', r: 4.5, className: 'cohort-rate',
        title: (point: CohortRate) => `Cohort ${formatMonth(point.cohort)}, ${point.series}: ${formatRateWithInterval(point.rate, point.low, point.high)}, ${formatCount(point.reached)} of ${formatCount(point.leads)} leads`,
        href: options.cohortHref ? (point: CohortRate) => options.cohortHref?.(point.cohort) : undefined,
        render: nameMarks(points, 'cohort-mark', 'data-cohort', (point) => point.cohort),
      }),
    );
  }
  const width = options.width ?? 720;
  const months = cohorts.map((cohort) => cohort.cohort_month);
  return Plot.plot({
    document: options.document,
    width,
    height: 330,
    marginLeft: MARGIN_LEFT,
    marginRight: MARGIN_RIGHT,
    marginBottom: 54,
    style: { fontFamily: FONT, fontSize: '12px' },
    x: { type: 'point', domain: months, ...monthTicks(months, width), label: 'Cohort month (lead created) →', labelAnchor: 'right', labelOffset: 48, padding: 0.5 },
    // The domain is in percent: the percent option scales the fractions before the domain applies.
    y: { domain: [0, 100], percent: true, grid: true, label: '↑ Share of cohort leads (%)' },
    color: { domain: SERIES.map((series) => series.name), range: SERIES.map((series) => series.colour), legend: true },
    caption: 'Dots: rate by the as-of snapshot. Bars: 95% Wilson interval. Click a month to see that cohort alone.',
    marks,
  });
}

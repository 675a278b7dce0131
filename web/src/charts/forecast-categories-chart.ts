import * as Plot from '@observablehq/plot';
import { formatCount, formatMoney, formatMoneyCompact } from '../lib/format.ts';
import type { ForecastSummary } from '../lib/view-reports.ts';
import { FONT, nameMarks } from './chart-style.ts';
import { FORECAST_COLOURS, type ForecastChartOptions, type ForecastDeals } from './forecast-style.ts';

/** One drawn piece of a bar: the closed won it starts from, or the open deals on top. */
interface BarSegment {
  bar: string;
  part: string;
  deals: ForecastDeals;
  bottom: number;
  top: number;
  title: string;
}

/** The figure written above each bar, at the bar's top. */
interface BarLabel {
  bar: string;
  top: number;
  text: string;
}

const PARTS = [
  { name: 'Closed won', colour: FORECAST_COLOURS.closedWon },
  { name: 'Commit', colour: FORECAST_COLOURS.commit },
  { name: 'Best case', colour: FORECAST_COLOURS.bestCase },
  { name: 'Open pipeline', colour: FORECAST_COLOURS.openPipeline },
  { name: 'Target', colour: FORECAST_COLOURS.target },
];
const BARS = ['Closed', 'Commit', 'Best case', 'Open pipeline'];

function segments(summary: ForecastSummary): BarSegment[] {
  const won = summary.category_closed;
  const wonTitle = `Closed won ${formatMoney(won)} (${formatCount(summary.closed_won_deals)} ${summary.closed_won_deals === 1 ? 'deal' : 'deals'}). Click for the deals.`;
  const base = (bar: string): BarSegment => ({ bar, part: 'Closed won', deals: 'closed_won', bottom: 0, top: won, title: wonTitle });
  const drawn: BarSegment[] = [
    base('Closed'),
    base('Commit'),
    { bar: 'Commit', part: 'Commit', deals: 'commit', bottom: won, top: summary.category_commit, title: `Commit ${formatMoney(summary.category_commit)}: closed won and the open deals in commit. Click for the commit deals.` },
    base('Best case'),
    { bar: 'Best case', part: 'Best case', deals: 'best_case', bottom: won, top: summary.category_best_case, title: `Best case ${formatMoney(summary.category_best_case)}: closed won and the open deals in commit or best case. Click for the best-case deals.` },
    base('Open pipeline'),
    // Stacked on closed won, so the bar's top against the target line shows the coverage.
    { bar: 'Open pipeline', part: 'Open pipeline', deals: 'open_pipeline', bottom: won, top: won + summary.open_pipeline, title: `Open pipeline ${formatMoney(summary.open_pipeline)}: ${formatCount(summary.open_deals)} open ${summary.open_deals === 1 ? 'deal' : 'deals'} closing in the period, drawn on top of closed won. Click for the deals.` },
  ];
  return drawn.filter((segment) => segment.top > segment.bottom);
}

function labels(summary: ForecastSummary): BarLabel[] {
  return [
    { bar: 'Closed', top: summary.category_closed, text: formatMoney(summary.category_closed) },
    { bar: 'Commit', top: summary.category_commit, text: formatMoney(summary.category_commit) },
    { bar: 'Best case', top: summary.category_best_case, text: formatMoney(summary.category_best_case) },
    { bar: 'Open pipeline', top: summary.category_closed + summary.open_pipeline, text: `${formatMoney(summary.open_pipeline)} open` },
  ];
}

/**
 * The forecast categories of the period (procedure forecast.view, table summary), cumulative as in
 * Salesforce: closed, commit, best case, and the open pipeline on top of closed won, each bar
 * starting from closed won, against the period's target as a line.
 */
export function forecastCategoriesChart(summary: ForecastSummary, options: ForecastChartOptions = {}): SVGSVGElement | HTMLElement {
  const drawn = segments(summary);
  const written = labels(summary);
  const highest = Math.max(1, summary.target ?? 0, ...written.map((label) => label.top));
  const parts = summary.target === null ? PARTS.filter((part) => part.name !== 'Target') : PARTS;
  const marks: Plot.Markish[] = [
    Plot.barY(drawn, {
      x: 'bar', y1: 'bottom', y2: 'top', fill: 'part', className: 'forecast-category',
      title: (segment: BarSegment) => segment.title,
      href: options.dealsHref ? (segment: BarSegment) => options.dealsHref?.(segment.deals) : undefined,
      render: nameMarks(drawn, 'forecast-category-bar', 'data-deals', (segment) => segment.deals),
    }),
    Plot.text(written, { x: 'bar', y: 'top', text: 'text', dy: -9, fill: FORECAST_COLOURS.closedWon, fontWeight: 600, className: 'forecast-category-label' }),
    Plot.ruleY([0]),
  ];
  if (summary.target !== null) {
    const target = summary.target;
    marks.push(
      Plot.ruleY([target], { stroke: FORECAST_COLOURS.target, strokeWidth: 2, strokeDasharray: '6,4', className: 'forecast-target' }),
      Plot.text([target], { y: (value: number) => value, frameAnchor: 'right', textAnchor: 'start', dx: 6, lineAnchor: 'middle', fill: FORECAST_COLOURS.target, fontWeight: 600, text: (value: number) => `Target\n${formatMoney(value)}`, className: 'forecast-target-label' }),
    );
  }
  return Plot.plot({
    document: options.document,
    width: options.width ?? 560,
    height: 340,
    marginLeft: 60,
    marginRight: 78,
    marginTop: 24,
    marginBottom: 36,
    style: { fontFamily: FONT, fontSize: '12px' },
    x: { domain: BARS, label: null, padding: 0.3, tickSize: 0 },
    // Room above the tallest bar for its figure.
    y: { domain: [0, highest * 1.12], nice: true, grid: true, tickFormat: formatMoneyCompact, label: '↑ Amount (warehouse currency)' },
    color: { domain: parts.map((part) => part.name), range: parts.map((part) => part.colour), legend: true },
    caption: 'Each bar starts from closed won (dark). Commit and best case add their open deals cumulatively; open pipeline adds every open deal closing in the period, so it crosses the target line when coverage is over 1x. Click a bar for its deals.',
    marks,
  });
}

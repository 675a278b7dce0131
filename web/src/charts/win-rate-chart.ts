import * as Plot from '@observablehq/plot';
import { formatCount, formatRateWithInterval } from '../lib/format.ts';
import type { SourceWinRate } from '../lib/view-reports.ts';
import { COLOURS, FONT, nameMarks, type ChartOptions } from './chart-style.ts';

export interface WinRateChartOptions extends ChartOptions {
  /** Where a click on a source's mark goes (its drill-down); no link when absent or undefined. */
  sourceHref?: (row: SourceWinRate) => string | undefined;
}

/**
 * Win rate by count per source (procedure sources.view, table win_rate_by_source): a dot at the
 * rate and a bar across its 95% Wilson interval, one line per source in the order given, the
 * total in a darker tone.
 */
export function winRateChart(rows: SourceWinRate[], options: WinRateChartOptions = {}): SVGSVGElement | HTMLElement {
  const colour = (row: SourceWinRate) => (row.is_total ? COLOURS.total : COLOURS.primary);
  const longestName = Math.max(0, ...rows.map((row) => row.source.length));
  return Plot.plot({
    document: options.document,
    width: options.width ?? 720,
    height: 70 + rows.length * 36,
    // Source names are the labels of the y axis: leave them room, within reason.
    marginLeft: Math.min(200, 24 + longestName * 7),
    marginRight: 110,
    marginBottom: 44,
    style: { fontFamily: FONT, fontSize: '12px' },
    // The domain is in percent: the percent option scales the fractions before the domain applies.
    x: { domain: [0, 100], percent: true, grid: true, label: 'Win rate by count (%) →', labelAnchor: 'right', labelOffset: 38 },
    y: { domain: rows.map((row) => row.source), label: null, tickSize: 0 },
    marks: [
      Plot.ruleY(rows, { y: 'source', x1: 'win_rate_low', x2: 'win_rate_high', stroke: colour, strokeWidth: 4, strokeOpacity: 0.3, className: 'win-rate-interval' }),
      // The sources as circles, the total as a diamond, so the total reads apart without a legend.
      ...[false, true].map((isTotal) => Plot.dot(rows, {
        filter: (row: SourceWinRate) => row.is_total === isTotal,
        y: 'source', x: 'win_rate', r: isTotal ? 6 : 5, fill: isTotal ? COLOURS.total : COLOURS.primary, symbol: isTotal ? 'diamond' : 'circle', className: 'win-rate',
        title: (row: SourceWinRate) => `${row.source}: ${formatRateWithInterval(row.win_rate, row.win_rate_low, row.win_rate_high)}, ${formatCount(row.won)} won of ${formatCount(row.closed)} closed`,
        href: options.sourceHref ? (row: SourceWinRate) => options.sourceHref?.(row) : undefined,
        render: nameMarks(rows, 'source-mark', 'data-source', (row) => row.source),
      })),
      Plot.text(rows, {
        y: 'source', frameAnchor: 'right', dx: 12, textAnchor: 'start', fill: COLOURS.total, className: 'won-of-closed',
        text: (row: SourceWinRate) => `${formatCount(row.won)} of ${formatCount(row.closed)} won`,
      }),
    ],
  });
}

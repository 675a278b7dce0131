import * as Plot from '@observablehq/plot';
import { formatMoney, formatMoneyCompact, formatRoi } from '../lib/format.ts';
import type { SourceRoi } from '../lib/view-reports.ts';
import { COLOURS, FONT, nameMarks, type ChartOptions } from './chart-style.ts';

const MEASURES = ['Cost', 'Won revenue'] as const;
type Measure = (typeof MEASURES)[number];

/** One bar: a source's cost or revenue won in the period. */
interface SourceAmount { source: string; measure: Measure; amount: number; row: SourceRoi }

export interface SourceRoiChartOptions extends ChartOptions {
  /** Where a click on a bar goes: a cost bar to the source's leads, a revenue bar to its won deals. */
  barHref?: (row: SourceRoi, measure: Measure) => string | undefined;
}

/**
 * Cost against revenue won in the period per source (procedure sources.view, table roi): two bars
 * a source, in the table's order, its ROI written at the right; the total is left out, its bars
 * would dwarf the sources'.
 */
export function sourceRoiChart(rows: SourceRoi[], options: SourceRoiChartOptions = {}): SVGSVGElement | HTMLElement {
  const sources = rows.filter((row) => !row.is_total);
  const bars: SourceAmount[] = sources.flatMap((row) => [
    { source: row.source, measure: 'Cost' as const, amount: row.cost, row },
    { source: row.source, measure: 'Won revenue' as const, amount: row.won_revenue, row },
  ]);
  const longestName = Math.max(0, ...sources.map((row) => row.source.length));
  return Plot.plot({
    document: options.document,
    width: options.width ?? 720,
    height: 90 + sources.length * 44,
    marginLeft: Math.min(200, 24 + longestName * 7),
    marginRight: 90,
    marginBottom: 44,
    style: { fontFamily: FONT, fontSize: '12px' },
    x: { grid: true, label: 'Amount in the period (warehouse currency) →', labelAnchor: 'right', labelOffset: 38, tickFormat: formatMoneyCompact },
    y: { axis: null, domain: [...MEASURES] },
    fy: { domain: sources.map((row) => row.source), label: null, tickSize: 0, padding: 0.25 },
    color: { domain: [...MEASURES], range: [COLOURS.secondary, COLOURS.primary], legend: true },
    marks: [
      Plot.barX(bars, {
        x: 'amount', y: 'measure', fy: 'source', fill: 'measure', className: 'roi-bar',
        title: (bar: SourceAmount) => `${bar.source}: ${bar.measure.toLowerCase()} ${formatMoney(bar.amount)}`,
        href: options.barHref ? (bar: SourceAmount) => options.barHref?.(bar.row, bar.measure) : undefined,
        render: nameMarks(bars, 'roi-bar-mark', 'data-source', (bar) => `${bar.source}:${bar.measure}`),
      }),
      Plot.ruleX([0]),
      Plot.text(sources, {
        fy: 'source', frameAnchor: 'right', dx: 12, textAnchor: 'start', fill: COLOURS.total, className: 'roi-label',
        // ROI is undefined without cost: say why rather than show a dash
        text: (row: SourceRoi) => (row.roi === null ? 'no cost' : `ROI ${formatRoi(row.roi)}`),
      }),
    ],
  });
}

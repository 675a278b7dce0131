import * as Plot from '@observablehq/plot';
import { formatCount, formatRateWithInterval } from '../lib/format.ts';
import type { SourceRoi } from '../lib/view-reports.ts';
import { COLOURS, FONT, nameMarks, type ChartOptions } from './chart-style.ts';

export interface SourceConversionChartOptions extends ChartOptions {
  /** Where a click on a source's dot goes (its lead cohort); no link when absent or undefined. */
  sourceHref?: (row: SourceRoi) => string | undefined;
}

/**
 * Lead -> opportunity conversion of each source's lead cohort (procedure sources.view, table roi):
 * a dot at the rate and a bar across its 95% Wilson interval, the total as a darker diamond.
 * Sources with no lead in the period have no rate and are left out.
 */
export function sourceConversionChart(rows: SourceRoi[], options: SourceConversionChartOptions = {}): SVGSVGElement | HTMLElement {
  const shown = rows.filter((row) => row.leads > 0);
  const longestName = Math.max(0, ...shown.map((row) => row.source.length));
  return Plot.plot({
    document: options.document,
    width: options.width ?? 720,
    height: 70 + shown.length * 36,
    marginLeft: Math.min(200, 24 + longestName * 7),
    marginRight: 150,
    marginBottom: 44,
    style: { fontFamily: FONT, fontSize: '12px' },
    x: { domain: [0, 100], percent: true, grid: true, label: 'Leads converted to an opportunity (%) →', labelAnchor: 'right', labelOffset: 38 },
    y: { domain: shown.map((row) => row.source), label: null, tickSize: 0 },
    marks: [
      Plot.ruleY(shown, {
        y: 'source', x1: 'conversion_low', x2: 'conversion_high', strokeWidth: 4, strokeOpacity: 0.3, className: 'conversion-interval',
        stroke: (row: SourceRoi) => (row.is_total ? COLOURS.total : COLOURS.primary),
      }),
      ...[false, true].map((isTotal) => Plot.dot(shown, {
        filter: (row: SourceRoi) => row.is_total === isTotal,
        y: 'source', x: 'conversion_rate', r: isTotal ? 6 : 5, fill: isTotal ? COLOURS.total : COLOURS.primary, symbol: isTotal ? 'diamond' : 'circle',
        className: 'conversion-rate',
        title: (row: SourceRoi) => `${row.source}: ${formatRateWithInterval(row.conversion_rate, row.conversion_low, row.conversion_high)}, ${formatCount(row.converted_leads)} of ${formatCount(row.leads)} leads`,
        href: options.sourceHref ? (row: SourceRoi) => options.sourceHref?.(row) : undefined,
        render: nameMarks(shown, 'conversion-mark', 'data-source', (row) => row.source),
      })),
      Plot.text(shown, {
        y: 'source', frameAnchor: 'right', dx: 12, textAnchor: 'start', fill: COLOURS.total, className: 'converted-of-leads',
        text: (row: SourceRoi) => `${formatCount(row.converted_leads)} of ${formatCount(row.leads)} ${row.leads === 1 ? 'lead' : 'leads'}`,
      }),
    ],
  });
}

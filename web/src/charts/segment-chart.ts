import * as Plot from '@observablehq/plot';
import { formatCount, formatRateWithInterval } from '../lib/format.ts';
import type { FunnelSegment } from '../lib/view-reports.ts';
import { COLOURS, FONT, nameMarks, type ChartOptions } from './chart-style.ts';

export interface SegmentChartOptions extends ChartOptions {
  /** What the segments are (for the axis and tooltips): "source", "company size"... */
  dimensionLabel: string;
  /** Where a click on a segment's mark goes (its converted leads); no link when absent or undefined. */
  segmentHref?: (segment: FunnelSegment) => string | undefined;
}

/**
 * Lead -> opportunity conversion per segment of the period's lead cohort (procedure funnel.view,
 * table segments): a dot at the rate and a bar across its 95% Wilson interval, one line per
 * segment in the order given, all leads together as a dark diamond.
 */
export function segmentChart(segments: FunnelSegment[], options: SegmentChartOptions): SVGSVGElement | HTMLElement {
  const longestName = Math.max(0, ...segments.map((segment) => segment.segment.length));
  const colour = (segment: FunnelSegment) => (segment.is_total ? COLOURS.total : COLOURS.primary);
  return Plot.plot({
    document: options.document,
    width: options.width ?? 720,
    height: 90 + segments.length * 32,
    marginLeft: Math.min(200, 24 + longestName * 7),
    marginRight: 130,
    marginBottom: 44,
    style: { fontFamily: FONT, fontSize: '12px' },
    // The domain is in percent: the percent option scales the fractions before the domain applies.
    x: { domain: [0, 100], percent: true, grid: true, label: 'Lead → opportunity, share of the segment\'s leads (%) →', labelAnchor: 'right', labelOffset: 38 },
    y: { domain: segments.map((segment) => segment.segment), label: null, tickSize: 0 },
    symbol: { domain: ['Segment', 'All leads'], range: ['circle', 'diamond'], legend: true },
    marks: [
      Plot.ruleY(segments, { y: 'segment', x1: 'conversion_low', x2: 'conversion_high', stroke: colour, strokeWidth: 4, strokeOpacity: 0.3, className: 'segment-interval' }),
      Plot.dot(segments, {
        y: 'segment', x: 'conversion_rate', r: 5, className: 'segment-rate',
        symbol: (segment: FunnelSegment) => (segment.is_total ? 'All leads' : 'Segment'),
        fill: colour,
        title: (segment: FunnelSegment) => `${segment.is_total ? 'All leads' : `${options.dimensionLabel} ${segment.segment}`}: ${formatRateWithInterval(segment.conversion_rate, segment.conversion_low, segment.conversion_high)}, ${formatCount(segment.opportunities)} of ${formatCount(segment.leads)} leads converted`,
        href: options.segmentHref ? (segment: FunnelSegment) => options.segmentHref?.(segment) : undefined,
        render: nameMarks(segments, 'segment-mark', 'data-segment', (segment) => segment.segment),
      }),
      Plot.text(segments, {
        y: 'segment', frameAnchor: 'right', dx: 12, textAnchor: 'start', fill: COLOURS.total, className: 'segment-counts',
        text: (segment: FunnelSegment) => `${formatCount(segment.opportunities)} of ${formatCount(segment.leads)} leads`,
      }),
    ],
    caption: 'Dots: converted to an opportunity by the as-of snapshot. Bars: 95% Wilson interval.',
  });
}

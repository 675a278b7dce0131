import * as Plot from '@observablehq/plot';
import { formatCount, formatDuration } from '../lib/format.ts';
import type { StageTime } from '../lib/view-reports.ts';
import { COLOURS, FONT, nameMarks, type ChartOptions } from './chart-style.ts';

/** A canonical stage name for people: `needs_analysis` as `Needs analysis`. */
export function stageLabel(stage: string): string {
  const words = stage.replaceAll('_', ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

const MEASURES = [
  { name: 'Median (deals that left the stage)', colour: COLOURS.primary },
  { name: 'p75', colour: '#6d8fb8' },
  { name: 'p90', colour: COLOURS.total },
  { name: 'Kaplan-Meier median (counts deals still in it)', colour: COLOURS.secondary },
];

export interface StageTimeChartOptions extends ChartOptions {
  /** Where a click on a stage's bar goes: the records behind it. */
  stageHref?: (row: StageTime) => string | undefined;
}

function stageTitle(row: StageTime): string {
  return `${stageLabel(row.stage)}: median ${formatDuration(row.median_days)}, p75 ${formatDuration(row.p75_days)}, p90 ${formatDuration(row.p90_days)} over ${formatCount(row.completed)} deals that left it; ` +
    `Kaplan-Meier median ${formatDuration(row.km_median_days)} counting ${formatCount(row.still_in_stage)} still in it`;
}

/**
 * Time in each open stage (procedure cycleTimes.view, table stages, one grouping), in stage order:
 * a bar to the median of the deals that left the stage, ticks at p75 and p90, and a diamond at the
 * Kaplan-Meier median, which also counts the deals still in the stage.
 */
export function stageTimeChart(rows: StageTime[], options: StageTimeChartOptions = {}): SVGSVGElement | HTMLElement {
  const label = (row: StageTime) => stageLabel(row.stage);
  const longest = Math.max(0, ...rows.flatMap((row) => [row.p90_days ?? 0, row.km_median_days ?? 0]));
  const [median, p75, p90, kaplanMeier] = MEASURES.map((measure) => measure.name);
  return Plot.plot({
    document: options.document,
    width: options.width ?? 720,
    height: 80 + rows.length * 44,
    marginLeft: 130,
    marginRight: 30,
    marginBottom: 44,
    style: { fontFamily: FONT, fontSize: '12px' },
    x: { domain: [0, Math.max(1, longest) * 1.05], grid: true, label: 'Days in the stage →', labelAnchor: 'right', labelOffset: 36 },
    y: { domain: rows.map(label), label: null, tickSize: 0, padding: 0.35 },
    color: { domain: MEASURES.map((measure) => measure.name), range: MEASURES.map((measure) => measure.colour), legend: true },
    marks: [
      Plot.barX(rows, {
        x: 'median_days', y: label, fill: () => median, className: 'stage-median', title: stageTitle,
        href: options.stageHref ? (row: StageTime) => options.stageHref?.(row) : undefined,
        render: nameMarks(rows, 'stage-mark', 'data-stage', (row) => row.stage),
      }),
      Plot.ruleY(rows, { y: label, x1: 'median_days', x2: 'p90_days', stroke: COLOURS.muted }),
      Plot.tickX(rows, { x: 'p75_days', y: label, stroke: () => p75, strokeWidth: 2, className: 'stage-p75' }),
      Plot.tickX(rows, { x: 'p90_days', y: label, stroke: () => p90, strokeWidth: 2, className: 'stage-p90' }),
      Plot.dot(rows, { x: 'km_median_days', y: label, symbol: 'diamond', r: 5, fill: () => kaplanMeier, className: 'stage-km-median', title: stageTitle }),
      Plot.ruleX([0]),
    ],
  });
}

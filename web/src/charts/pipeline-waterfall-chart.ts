import * as Plot from '@observablehq/plot';
import { formatCount, formatMoney, formatMoneyChange, formatMoneyChangeCompact, formatMoneyCompact } from '../lib/format.ts';
import type { PipelineWaterfallStep } from '../lib/view-reports.ts';
import { COLOURS, FONT, nameMarks, type ChartOptions } from './chart-style.ts';

export interface WaterfallChartOptions extends ChartOptions {
  /** Where a click on a step's bar goes (its deals); no link when absent or undefined. */
  stepHref?: (step: PipelineWaterfallStep) => string | undefined;
  /** The step whose deals are listed: the other bars fade. */
  selected?: string;
}

/** What each bar colour means, in the legend's words. */
export const DIRECTION_LABELS: Record<PipelineWaterfallStep['direction'], string> = {
  total: 'Open pipeline (start, end)',
  entry: 'Enters or grows',
  exit: 'Leaves or shrinks',
};
const DIRECTION_COLOURS = { total: COLOURS.total, entry: COLOURS.primary, exit: COLOURS.secondary };

const stepText = (step: PipelineWaterfallStep) => (step.direction === 'total' ? formatMoneyCompact(step.amount) : formatMoneyChangeCompact(step.amount));

function stepTitle(step: PipelineWaterfallStep): string {
  const deals = `${formatCount(step.deals)} ${step.deals === 1 ? 'deal' : 'deals'}`;
  if (step.direction === 'total') return `${step.label}: ${formatMoney(step.amount)} open pipeline in ${deals}`;
  return `${step.label}: ${formatMoneyChange(step.amount)} in ${deals} (running total ${formatMoney(step.bar_start)} → ${formatMoney(step.bar_end)})`;
}

/**
 * Pipeline movement as a waterfall (procedure pipeline.movement, table waterfall): the open
 * pipeline at the start snapshot, each movement as a bar floating from the running total before it
 * to the one after, and the open pipeline at the end snapshot. Each bar is labelled with its
 * amount and, where given, links to its deals.
 */
export function pipelineWaterfallChart(steps: PipelineWaterfallStep[], options: WaterfallChartOptions = {}): SVGSVGElement | HTMLElement {
  const top = Math.max(0, ...steps.map((step) => Math.max(step.bar_start, step.bar_end)));
  const bottom = Math.min(0, ...steps.map((step) => Math.min(step.bar_start, step.bar_end)));
  // the line from each bar's end to the next bar's start, so the eye can follow the running total
  const connectors = steps.slice(0, -1).map((step, i) => ({ x1: step.label, x2: steps[i + 1].label, y: step.bar_end }));
  return Plot.plot({
    document: options.document,
    width: options.width ?? 900,
    height: 380,
    marginLeft: 64,
    marginTop: 28,
    marginBottom: 44,
    style: { fontFamily: FONT, fontSize: '12px' },
    x: { domain: steps.map((step) => step.label), label: null, tickSize: 0, padding: 0.25 },
    // headroom above the tallest bar for its label
    y: { domain: [bottom, top * 1.08 || 1], grid: true, nice: true, label: '↑ Open pipeline closing in the period (amount)', tickFormat: formatMoneyCompact },
    color: {
      domain: Object.keys(DIRECTION_LABELS), range: Object.keys(DIRECTION_LABELS).map((direction) => DIRECTION_COLOURS[direction as PipelineWaterfallStep['direction']]),
      legend: true, tickFormat: (direction: PipelineWaterfallStep['direction']) => DIRECTION_LABELS[direction],
    },
    marks: [
      Plot.ruleY([0]),
      Plot.link(connectors, { x1: 'x1', x2: 'x2', y1: 'y', y2: 'y', stroke: COLOURS.muted, strokeDasharray: '3,3', className: 'waterfall-connector' }),
      Plot.barY(steps, {
        x: 'label', y1: 'bar_start', y2: 'bar_end', fill: 'direction', fillOpacity: (step: PipelineWaterfallStep) => (options.selected && step.step !== options.selected ? 0.4 : 1), insetLeft: 2, insetRight: 2, className: 'waterfall-bar',
        title: stepTitle,
        href: options.stepHref ? (step: PipelineWaterfallStep) => options.stepHref?.(step) : undefined,
        render: nameMarks(steps, 'waterfall-bar', 'data-step', (step) => step.step),
      }),
      Plot.text(steps, {
        x: 'label', y: (step: PipelineWaterfallStep) => Math.max(step.bar_start, step.bar_end), dy: -8, fill: COLOURS.total, className: 'waterfall-label',
        text: stepText, render: nameMarks(steps, 'waterfall-label', 'data-step', (step) => step.step),
      }),
    ],
  });
}

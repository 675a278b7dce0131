import * as Plot from '@observablehq/plot';
import { formatCount, formatPercent } from '../lib/format.ts';
import type { FunnelStep } from '../lib/view-reports.ts';
import { COLOURS, countTicks, FONT, nameMarks, type ChartOptions } from './chart-style.ts';

export const STEP_LABELS: Record<FunnelStep['step'], string> = {
  lead: 'Lead',
  mql: 'MQL',
  sql: 'SQL',
  opportunity: 'Opportunity',
  won: 'Won',
};

function stepNote(step: FunnelStep): string {
  if (step.step_order === 1) return 'leads created in the period';
  return `${formatPercent(step.step_rate)} of previous · ${formatPercent(step.cumulative_rate)} of leads`;
}

export interface FunnelChartOptions extends ChartOptions {
  /** Where a click on a step's bar goes (the leads that reached it); no link when absent. */
  stepHref?: (step: FunnelStep) => string | undefined;
}

/**
 * The funnel of the period's lead cohorts (procedure funnel.view, table steps): one bar per step,
 * lead -> MQL -> SQL -> opportunity -> won, labelled with the count, the share of the previous
 * step and the cumulative share of leads.
 */
export function funnelChart(steps: FunnelStep[], options: FunnelChartOptions = {}): SVGSVGElement | HTMLElement {
  const label = (step: FunnelStep) => STEP_LABELS[step.step];
  return Plot.plot({
    document: options.document,
    width: options.width ?? 720,
    height: 66 + steps.length * 50,
    marginLeft: 96,
    // Room for the longest label beside a bar that fills the frame.
    marginRight: 230,
    marginTop: 12,
    marginBottom: 44,
    style: { fontFamily: FONT, fontSize: '12px' },
    x: { label: 'Leads reaching the step (count) →', grid: true, labelAnchor: 'right', labelOffset: 36, ticks: countTicks(Math.max(0, ...steps.map((step) => step.records))), tickFormat: formatCount },
    y: { label: null, domain: steps.map(label), tickSize: 0, padding: 0.25 },
    marks: [
      Plot.barX(steps, {
        x: 'records', y: label, fill: COLOURS.primary, className: 'funnel-step',
        title: (step: FunnelStep) => `${label(step)}: ${formatCount(step.records)} leads, ${stepNote(step)}${options.stepHref ? '. Click to list them.' : ''}`,
        href: options.stepHref ? (step: FunnelStep) => options.stepHref?.(step) : undefined,
        render: nameMarks(steps, 'funnel-step-mark', 'data-step', (step) => step.step),
      }),
      Plot.text(steps, {
        x: 'records', y: label, dx: 8, textAnchor: 'start', lineHeight: 1.25, className: 'funnel-step-label',
        text: (step: FunnelStep) => `${formatCount(step.records)}\n${stepNote(step)}`,
        fill: COLOURS.total,
      }),
      Plot.ruleX([0]),
    ],
  });
}

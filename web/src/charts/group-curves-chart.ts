import * as Plot from '@observablehq/plot';
import { formatCount, formatPercent } from '../lib/format.ts';
import type { SurvivalStep } from '../lib/view-reports.ts';
import { COLOURS, FONT, nameMarks, type ChartOptions } from './chart-style.ts';
import { MAX_VISIBLE_DOTS } from './survival-chart.ts';

/** Colours for up to eight groups: the dashboard's two, then others of the same weight. */
const GROUP_COLOURS = [COLOURS.primary, COLOURS.secondary, '#4f8a5b', '#8a5fa8', '#b0503f', '#2f8f9d', '#b58b2a', COLOURS.muted];
/** More lines than this cannot be told apart: the largest groups are drawn, the table has them all. */
export const MAX_GROUP_CURVES = GROUP_COLOURS.length;

/** How a group is written: an empty value (no industry, no country) as "(none)". */
export function groupLabel(value: string | null): string {
  return value ?? '(none)';
}

export interface GroupCurvesChartOptions extends ChartOptions {
  /** survival: the Kaplan-Meier share still open; success_incidence: the share won or converted by each day. */
  measure: 'survival' | 'success_incidence';
  /** The y axis label, with its unit. */
  yLabel: string;
  /** How the measure reads in a tooltip: `still open`, `converted by then`. */
  measureWords: string;
  /** What the records are called: deals, leads. */
  records: string;
  /** Where a click on a group's mark goes: the records behind it. */
  groupHref?: (group: string | null) => string | undefined;
}

/**
 * One journey's curve per group (procedure cycleTimes.view, table curves, rows not the total) as
 * step lines, the largest groups by records first; a dot marks each day a journey ended.
 */
export function groupCurvesChart(steps: SurvivalStep[], options: GroupCurvesChartOptions): SVGSVGElement | HTMLElement {
  const sizes = new Map<string, number>();
  for (const step of steps) if (step.step === 0) sizes.set(groupLabel(step.group_value), step.at_risk);
  const groups = [...sizes.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, MAX_GROUP_CURVES).map(([group]) => group);
  const drawn = steps.filter((step) => groups.includes(groupLabel(step.group_value)));
  const eventSteps = drawn.filter((step) => (options.measure === 'survival' ? step.events : step.success_events) > 0);
  const lastDay = Math.max(1, ...drawn.map((step) => step.day));
  const group = (step: SurvivalStep) => groupLabel(step.group_value);
  return Plot.plot({
    document: options.document,
    width: options.width ?? 720,
    height: 320,
    marginLeft: 56,
    marginRight: 20,
    marginBottom: 44,
    style: { fontFamily: FONT, fontSize: '12px' },
    x: { domain: [0, lastDay], label: 'Days since created →', labelAnchor: 'right', labelOffset: 36, grid: true },
    y: { domain: [0, 100], percent: true, grid: true, label: options.yLabel },
    color: { domain: groups, range: GROUP_COLOURS.slice(0, groups.length), legend: true },
    marks: [
      Plot.ruleY([0]),
      Plot.line(drawn, { x: 'day', y: options.measure, z: group, stroke: group, curve: 'step-after', strokeWidth: 1.75, className: 'group-curve' }),
      Plot.dot(eventSteps, {
        x: 'day', y: options.measure, fill: group, r: eventSteps.length > MAX_VISIBLE_DOTS ? 5 : 3, fillOpacity: eventSteps.length > MAX_VISIBLE_DOTS ? 0 : 1, className: 'group-curve-event',
        title: (step: SurvivalStep) => `${group(step)}, day ${formatCount(step.day)}: ${formatPercent(step[options.measure])} ${options.measureWords} (${formatCount(sizes.get(group(step)) ?? 0)} ${options.records})`,
        href: options.groupHref ? (step: SurvivalStep) => options.groupHref?.(step.group_value) : undefined,
        render: nameMarks(eventSteps, 'group-curve-mark', 'data-group', (step) => group(step)),
      }),
    ],
  });
}

import * as Plot from '@observablehq/plot';
import { formatCount, formatPercent } from '../lib/format.ts';
import type { SurvivalStep } from '../lib/view-reports.ts';
import { COLOURS, FONT, nameMarks, type ChartOptions } from './chart-style.ts';

/** The three series of a journey's curves: still open (Kaplan-Meier) and each outcome's cumulative incidence. */
export type CurveSeries = 'open' | 'success' | 'failure';

/** How a journey's curves are named: time to close (deals: won, lost), time to convert (leads: converted, disqualified). */
export const CURVE_WORDS = {
  time_to_close: { records: 'deals', open: 'Still open (Kaplan-Meier)', success: 'Won (cumulative incidence)', failure: 'Lost (cumulative incidence)', successVerb: 'won', failureVerb: 'lost' },
  time_to_convert: { records: 'leads', open: 'Not yet converted or disqualified (Kaplan-Meier)', success: 'Converted (cumulative incidence)', failure: 'Disqualified (cumulative incidence)', successVerb: 'converted', failureVerb: 'disqualified' },
} as const;

// Beyond these many marks, dots and crosses would hide the curves: the dots stay, unpainted, to be
// hovered and clicked along the curve, and the crosses are left out.
export const MAX_VISIBLE_DOTS = 80;
export const MAX_CENSOR_MARKS = 30;

const SERIES_COLOURS: Record<CurveSeries, string> = { open: COLOURS.total, success: COLOURS.primary, failure: COLOURS.secondary };

/** One point of one series, as drawn. */
interface CurvePoint {
  series: CurveSeries;
  day: number;
  share: number;
  /** Journeys of this series' outcome that ended that day (any outcome for the open series). */
  events: number;
  step: SurvivalStep;
}

export interface SurvivalChartOptions extends ChartOptions {
  /** Where a click on a series' mark goes: the records behind it. */
  seriesHref?: (series: CurveSeries) => string | undefined;
}

function pointsOf(steps: SurvivalStep[]): CurvePoint[] {
  return steps.flatMap((step) => [
    { series: 'open' as const, day: step.day, share: step.survival, events: step.events, step },
    { series: 'success' as const, day: step.day, share: step.success_incidence, events: step.success_events, step },
    { series: 'failure' as const, day: step.day, share: step.failure_incidence, events: step.failure_events, step },
  ]);
}

/**
 * A journey's curves for one grouping (procedure cycleTimes.view, table curves): the Kaplan-Meier
 * share still open as a step line, falling from 100%, and each outcome's cumulative incidence rising
 * from 0; at every day the three add up to 100%. A dot marks a day an outcome happened, a cross a
 * record censored (still open on the as-of date).
 */
export function survivalChart(steps: SurvivalStep[], options: SurvivalChartOptions = {}): SVGSVGElement | HTMLElement {
  const curve = steps[0]?.curve ?? 'time_to_close';
  const words = CURVE_WORDS[curve];
  const points = pointsOf(steps);
  const eventPoints = points.filter((point) => point.events > 0);
  const censoredSteps = steps.filter((step) => step.censored > 0);
  const censorMarks = censoredSteps.length <= MAX_CENSOR_MARKS ? censoredSteps : [];
  const lastDay = Math.max(1, ...steps.map((step) => step.day));
  const label = (series: CurveSeries) => words[series];
  const title = (point: CurvePoint) => {
    const day = `Day ${formatCount(point.day)}`;
    if (point.series === 'open') return `${day}: ${formatPercent(point.share)} still open; ${formatCount(point.events)} of ${formatCount(point.step.at_risk)} ${words.records} at risk ended that day`;
    const verb = point.series === 'success' ? words.successVerb : words.failureVerb;
    return `${day}: ${formatPercent(point.share)} ${verb} by then; ${formatCount(point.events)} ${verb} that day`;
  };
  return Plot.plot({
    document: options.document,
    width: options.width ?? 720,
    height: 320,
    marginLeft: 56,
    marginRight: 20,
    marginBottom: 44,
    style: { fontFamily: FONT, fontSize: '12px' },
    x: { domain: [0, lastDay], label: `Days since created →`, labelAnchor: 'right', labelOffset: 36, grid: true },
    y: { domain: [0, 100], percent: true, grid: true, label: `↑ Share of ${words.records} (%)` },
    color: { domain: (['open', 'success', 'failure'] as const).map(label), range: [SERIES_COLOURS.open, SERIES_COLOURS.success, SERIES_COLOURS.failure], legend: true },
    marks: [
      Plot.ruleY([0]),
      Plot.line(points, { x: 'day', y: 'share', z: 'series', stroke: (point: CurvePoint) => label(point.series), curve: 'step-after', strokeWidth: 2, className: 'survival-line' }),
      Plot.dot(censorMarks, { x: 'day', y: 'survival', symbol: 'times', r: 4, stroke: SERIES_COLOURS.open, className: 'censored', title: (step: SurvivalStep) => `Day ${formatCount(step.day)}: ${formatCount(step.censored)} still open on the as-of date (censored)` }),
      Plot.dot(eventPoints, {
        x: 'day', y: 'share', fill: (point: CurvePoint) => label(point.series), r: eventPoints.length > MAX_VISIBLE_DOTS ? 5 : 3.5, fillOpacity: eventPoints.length > MAX_VISIBLE_DOTS ? 0 : 1, className: 'curve-event', title,
        href: options.seriesHref ? (point: CurvePoint) => options.seriesHref?.(point.series) : undefined,
        render: nameMarks(eventPoints, 'curve-mark', 'data-series', (point) => `${point.series} ${point.day}`),
      }),
    ],
  });
}

/** Words for the caption under a journey's chart. */
export function survivalCaption(curve: SurvivalStep['curve'], steps: SurvivalStep[]): string {
  const words = CURVE_WORDS[curve];
  const total = steps.find((step) => step.step === 0)?.at_risk ?? 0;
  const censored = steps.filter((step) => step.censored > 0).length;
  return `${formatCount(total)} ${words.records} created in the period. Open ${words.records} count until the as-of date${censored <= MAX_CENSOR_MARKS ? ' (×)' : ''}, then drop out: they are censored, not dropped. ` +
    `The two outcomes compete, so each is a cumulative incidence (not a Kaplan-Meier curve of its own, which would overstate it). Click a curve to see its ${words.records}.`;
}

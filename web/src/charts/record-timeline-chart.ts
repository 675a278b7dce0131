import * as Plot from '@observablehq/plot';
import { formatDay, formatMoney } from '../lib/format.ts';
import type { RecordVersion } from '../lib/view-reports.ts';
import { COLOURS, FONT, type ChartOptions } from './chart-style.ts';

const DAY = 24 * 60 * 60 * 1000;
// Snapshots are usually a week apart: how far the current version is drawn past its snapshot.
const USUAL_GAP_DAYS = 7;

/** Top to bottom: the furthest stage first, lost at the foot, so a deal moving on climbs and a lost one falls. */
export const OPPORTUNITY_STAGE_ROWS = ['closed_won', 'negotiation', 'proposal', 'perception_analysis', 'decision_makers', 'value_proposition', 'needs_analysis', 'qualification', 'prospecting', 'closed_lost'];
/** Top to bottom: converted first, disqualified (an exit) at the foot. */
export const LEAD_STATUS_ROWS = ['converted', 'qualified', 'nurturing', 'working', 'new', 'disqualified'];

export interface TimelineChartOptions extends ChartOptions {
  kind: 'lead' | 'opportunity';
  /** The snapshot the page is as of: marked on the time axis. */
  asOf: string;
}

/** One version drawn from its first snapshot to the next version's (or past the last snapshot while current). */
interface VersionSpan {
  from: Date;
  to: Date;
  version: RecordVersion;
  isCurrent: boolean;
}

const utcDay = (day: string) => new Date(`${day}T00:00:00Z`);

/** The versions as spans on a time axis that ends a snapshot gap past the last change (or the as-of date). */
function versionSpans(versions: RecordVersion[], asOf: string): { spans: VersionSpan[]; domain: [Date, Date] } {
  const starts = versions.map((version) => utcDay(version.valid_from).getTime());
  const gaps = starts.slice(1).map((start, i) => start - starts[i]).filter((gap) => gap > 0);
  const gap = gaps.length > 0 ? Math.min(...gaps) : USUAL_GAP_DAYS * DAY;
  const last = Math.max(...starts, utcDay(asOf).getTime());
  const end = new Date(last + gap);
  const spans = versions.map((version) => ({
    from: utcDay(version.valid_from), to: version.valid_to ? utcDay(version.valid_to) : end, version, isCurrent: version.valid_to === null,
  }));
  return { spans, domain: [new Date(Math.min(...starts) - gap / 2), end] };
}

function timeAxis(domain: [Date, Date], spans: VersionSpan[]) {
  const days = [...new Set(spans.map((span) => span.version.valid_from))];
  return {
    type: 'utc' as const, domain, label: 'Snapshot date →', labelAnchor: 'right' as const, labelOffset: 36,
    // Each snapshot that changed the record is a tick while they are few enough to read.
    ...(days.length <= 8 ? { ticks: days.map(utcDay), tickFormat: (date: Date) => formatDay(date.toISOString().slice(0, 10), { withYear: false }) } : {}),
  };
}

// Constant series names, so the legend says what a dot and the dashed rule are.
const VERSION = 'Version (from the snapshot that changed it)';
const AS_OF = 'As-of snapshot of this page';

function asOfRule(asOf: string) {
  return Plot.ruleX([utcDay(asOf)], { stroke: () => AS_OF, strokeDasharray: '4 3', strokeWidth: 1.5, className: 'as-of-rule' });
}

/**
 * The stage (opportunity) or status (lead) of one record over time (procedure records.detail,
 * table timeline), as steps: each version holds from its snapshot until the next version's.
 */
export function stateTimelineChart(versions: RecordVersion[], options: TimelineChartOptions): SVGSVGElement | HTMLElement {
  const { spans, domain } = versionSpans(versions, options.asOf);
  const known = options.kind === 'opportunity' ? OPPORTUNITY_STAGE_ROWS : LEAD_STATUS_ROWS;
  const states = spans.map((span) => span.version.state ?? '(none)');
  const rows = [...known, ...states.filter((state) => !known.includes(state))];
  const noun = options.kind === 'opportunity' ? 'Stage' : 'Status';
  const state = (span: VersionSpan) => span.version.state ?? '(none)';
  // The step line: each version's start, then the end of the last one.
  const corners = [...spans.map((span) => ({ x: span.from, y: state(span) })), ...spans.slice(-1).map((span) => ({ x: span.to, y: state(span) }))];
  return Plot.plot({
    document: options.document,
    width: options.width ?? 720,
    height: 64 + rows.length * 26,
    marginLeft: 132,
    marginTop: 28,
    marginRight: 24,
    marginBottom: 48,
    style: { fontFamily: FONT, fontSize: '12px' },
    x: timeAxis(domain, spans),
    // The axis label above the axis, as on a continuous scale, rather than turned beside the stage names.
    y: { type: 'point', domain: rows, label: `↑ ${noun}`, labelAnchor: 'top', grid: true, padding: 0.5 },
    color: { domain: [VERSION, AS_OF], range: [COLOURS.primary, COLOURS.muted], legend: true },
    marks: [
      asOfRule(options.asOf),
      Plot.line(corners, { x: 'x', y: 'y', curve: 'step-after', stroke: COLOURS.primary, strokeWidth: 2, className: 'state-line' }),
      Plot.dot(spans, {
        x: 'from', y: state, r: 5, fill: () => VERSION, className: 'state-version',
        title: (span: VersionSpan) => `${noun} ${state(span)} from ${span.version.valid_from}${span.version.valid_to ? ` to ${span.version.valid_to}` : ' (current)'}`,
      }),
    ],
  });
}

/**
 * The amount of one opportunity (or a lead's budget amount) over time (procedure records.detail,
 * table timeline), as steps; a version with no amount leaves a gap.
 */
export function amountTimelineChart(versions: RecordVersion[], options: TimelineChartOptions): SVGSVGElement | HTMLElement {
  const { spans, domain } = versionSpans(versions, options.asOf);
  const noun = options.kind === 'opportunity' ? 'Amount' : 'Budget amount';
  const largest = Math.max(0, ...spans.map((span) => span.version.amount ?? 0));
  return Plot.plot({
    document: options.document,
    width: options.width ?? 720,
    height: 240,
    marginLeft: 72,
    marginRight: 24,
    marginBottom: 48,
    style: { fontFamily: FONT, fontSize: '12px' },
    x: timeAxis(domain, spans),
    y: { domain: [0, Math.max(1, largest) * 1.15], grid: true, label: `↑ ${noun} (warehouse currency)`, tickFormat: formatMoney },
    color: { domain: [VERSION, AS_OF], range: [COLOURS.primary, COLOURS.muted], legend: true },
    marks: [
      Plot.ruleY([0]),
      asOfRule(options.asOf),
      // One horizontal segment per version, joined where one version follows the next.
      Plot.ruleY(spans.filter((span) => span.version.amount !== null), { y: (span: VersionSpan) => span.version.amount, x1: 'from', x2: 'to', stroke: COLOURS.primary, strokeWidth: 2, className: 'amount-span' }),
      Plot.link(spans.slice(1).map((span, i) => ({ at: span.from, before: spans[i].version.amount, after: span.version.amount })).filter((step) => step.before !== null && step.after !== null), {
        x1: 'at', x2: 'at', y1: 'before', y2: 'after', stroke: COLOURS.primary, strokeWidth: 2,
      }),
      Plot.dot(spans.filter((span) => span.version.amount !== null), {
        x: 'from', y: (span: VersionSpan) => span.version.amount, r: 5, fill: () => VERSION, className: 'amount-version',
        title: (span: VersionSpan) => `${noun} ${formatMoney(span.version.amount)} from ${span.version.valid_from}${span.version.valid_to ? ` to ${span.version.valid_to}` : ' (current)'}`,
      }),
    ],
  });
}

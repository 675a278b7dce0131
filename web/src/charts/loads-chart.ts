import * as Plot from '@observablehq/plot';
import { formatCount, formatDay } from '../lib/format.ts';
import type { LoadBatch } from '../lib/view-reports.ts';
import { COLOURS, countTicks, FONT, nameMarks, type ChartOptions } from './chart-style.ts';

const DAY = 24 * 60 * 60 * 1000;
// Snapshots are usually a week apart: the spacing assumed when there is only one.
const USUAL_GAP_DAYS = 7;
// Room a day's tick label needs; when snapshots sit closer than that, Plot picks the ticks itself.
const TICK_ROOM = 48;
const MARGIN_LEFT = 56;
const MARGIN_RIGHT = 24;
// Beyond this many snapshots, counts written above each one would collide (and dots make a thick line).
const MAX_VALUE_LABELS = 16;

/** One series per system, in these colours (the first two are the dashboard's own). */
const SYSTEM_COLOURS = [COLOURS.primary, COLOURS.secondary, '#4f8a5b', '#8a5fa8', '#b0503f', COLOURS.muted];

/** One loaded snapshot of one system, as the charts draw it. */
interface SnapshotPoint {
  date: Date;
  asOf: string;
  system: string;
  load: LoadBatch;
}

/** The loads still in effect (a replaced load's figures were superseded by its replacement), oldest first. */
function snapshotPoints(loads: LoadBatch[]): SnapshotPoint[] {
  return loads
    .filter((load) => load.status === 'loaded')
    .map((load) => ({ date: new Date(`${load.as_of}T00:00:00Z`), asOf: load.as_of, system: load.system, load }))
    .sort((a, b) => a.date.getTime() - b.date.getTime() || a.system.localeCompare(b.system));
}

/**
 * The time axis both charts share: snapshot dates on a UTC scale, padded by half the smallest gap
 * between snapshots so a bar at either end fits, and each date labelled when they all fit.
 */
function snapshotAxis(points: SnapshotPoint[], width: number) {
  const days = [...new Set(points.map((point) => point.asOf))].sort();
  const times = days.map((day) => new Date(`${day}T00:00:00Z`).getTime());
  const gaps = times.slice(1).map((time, i) => time - times[i]);
  const gap = gaps.length > 0 ? Math.min(...gaps) : USUAL_GAP_DAYS * DAY;
  const first = times[0] ?? 0;
  const last = times[times.length - 1] ?? 0;
  // Every date gets a label when the two closest snapshots are still far enough apart on the page.
  const pixelsPerMs = (width - MARGIN_LEFT - MARGIN_RIGHT) / (last - first + gap);
  const fits = gap * pixelsPerMs >= TICK_ROOM;
  const tickFormat = (date: Date, i: number) => {
    const day = date.toISOString().slice(0, 10);
    // The year under the first label and wherever it changes.
    const isNewYear = i === 0 || day.endsWith('-01-01') || (i > 0 && days[i - 1]?.slice(0, 4) !== day.slice(0, 4));
    return isNewYear ? `${formatDay(day, { withYear: false })}\n${day.slice(0, 4)}` : formatDay(day, { withYear: false });
  };
  return {
    halfGap: gap / 2,
    x: {
      type: 'utc' as const,
      domain: [new Date(first - gap / 2), new Date(last + gap / 2)],
      label: 'Snapshot date →',
      labelAnchor: 'right' as const,
      labelOffset: 44,
      ...(fits ? { ticks: days.map((day) => new Date(`${day}T00:00:00Z`)), tickFormat } : {}),
    },
  };
}

function systemColours(points: SnapshotPoint[]) {
  const systems = [...new Set(points.map((point) => point.system))].sort();
  return { domain: systems, range: systems.map((_, i) => SYSTEM_COLOURS[i % SYSTEM_COLOURS.length]), legend: true };
}

/**
 * Rows loaded per snapshot (procedure data.view, table loads): one line per system over the
 * snapshot dates, a dot per load with its count above it while there is room.
 */
export function rowsLoadedChart(loads: LoadBatch[], options: ChartOptions = {}): SVGSVGElement | HTMLElement {
  const width = options.width ?? 720;
  const points = snapshotPoints(loads);
  const largest = Math.max(0, ...points.map((point) => point.load.rows_loaded));
  const title = (point: SnapshotPoint) => `${point.system}, snapshot ${point.asOf}: ${formatCount(point.load.rows_loaded)} rows loaded, ${formatCount(point.load.rows_rejected)} rejected`;
  return Plot.plot({
    document: options.document,
    width,
    height: 300,
    marginLeft: MARGIN_LEFT,
    marginRight: MARGIN_RIGHT,
    marginTop: 24,
    marginBottom: 56,
    style: { fontFamily: FONT, fontSize: '12px' },
    x: snapshotAxis(points, width).x,
    y: { domain: [0, Math.max(1, largest) * 1.15], ticks: countTicks(Math.max(1, largest)), tickFormat: formatCount, grid: true, label: '↑ Rows loaded (count)' },
    color: systemColours(points),
    marks: [
      Plot.ruleY([0]),
      Plot.line(points, { x: 'date', y: (point: SnapshotPoint) => point.load.rows_loaded, z: 'system', stroke: 'system', strokeWidth: 1.5, className: 'rows-loaded-line' }),
      Plot.dot(points, {
        // Many snapshots make a line of dots: smaller ones then, so the line still reads.
        x: 'date', y: (point: SnapshotPoint) => point.load.rows_loaded, fill: 'system', r: points.length > MAX_VALUE_LABELS ? 2 : 4.5, className: 'rows-loaded', title,
        render: nameMarks(points, 'rows-loaded-mark', 'data-as-of', (point) => point.asOf),
      }),
      // Counts written above the dots, while there is room: few snapshots, and one system (two would overlap).
      ...(points.length <= MAX_VALUE_LABELS && new Set(points.map((point) => point.system)).size === 1
        ? [Plot.text(points, { x: 'date', y: (point: SnapshotPoint) => point.load.rows_loaded, text: (point: SnapshotPoint) => formatCount(point.load.rows_loaded), dy: -12, fill: COLOURS.total, className: 'rows-loaded-label' })]
        : []),
    ],
  });
}

const CHANGE_KINDS = [
  { name: 'created', colour: COLOURS.primary, sign: 1, pick: (load: LoadBatch) => load.records_created },
  { name: 'changed', colour: COLOURS.secondary, sign: 1, pick: (load: LoadBatch) => load.records_changed },
  { name: 'deleted', colour: '#b0503f', sign: -1, pick: (load: LoadBatch) => load.records_deleted },
] as const;

/** One kind of change in one snapshot: deletions are drawn below the axis. */
interface SnapshotChange {
  date: Date;
  asOf: string;
  system: string;
  kind: string;
  records: number;
  drawn: number;
}

/**
 * Records created, changed and deleted by each snapshot (procedure data.view, table loads): a bar
 * per snapshot, created and changed stacked above the axis and deleted below it; one row of bars
 * per system when there are several.
 */
export function recordChangesChart(loads: LoadBatch[], options: ChartOptions = {}): SVGSVGElement | HTMLElement {
  const width = options.width ?? 720;
  const points = snapshotPoints(loads);
  const axis = snapshotAxis(points, width);
  const changes: SnapshotChange[] = points.flatMap((point) => CHANGE_KINDS.map((kind) => ({
    date: point.date, asOf: point.asOf, system: point.system, kind: kind.name, records: kind.pick(point.load), drawn: kind.sign * kind.pick(point.load),
  })));
  const systems = [...new Set(points.map((point) => point.system))].sort();
  const perSnapshot = (sign: number) => points.map((point) => CHANGE_KINDS.filter((kind) => kind.sign === sign).reduce((sum, kind) => sum + kind.pick(point.load), 0));
  // The axis runs to the tick beyond the tallest bar, so no bar touches the top of the frame.
  const step = (ticks: number[]) => (ticks.length > 1 ? ticks[1] - ticks[0] : 1);
  const rough = countTicks(Math.max(1, ...perSnapshot(1)), -Math.max(0, ...perSnapshot(-1)));
  const highest = Math.ceil(Math.max(1, ...perSnapshot(1)) / step(rough)) * step(rough);
  const lowest = Math.floor(-Math.max(0, ...perSnapshot(-1)) / step(rough)) * step(rough) + 0;
  // Bars a little narrower than the gap between snapshots, so neighbours stay apart.
  const half = axis.halfGap * 0.7;
  const title = (change: SnapshotChange) => {
    const load = points.find((point) => point.asOf === change.asOf && point.system === change.system)?.load;
    return load ? `${change.system}, snapshot ${change.asOf}: ${formatCount(load.records_created)} created, ${formatCount(load.records_changed)} changed, ${formatCount(load.records_deleted)} deleted` : '';
  };
  return Plot.plot({
    document: options.document,
    width,
    height: 60 + systems.length * 240,
    marginLeft: MARGIN_LEFT,
    marginRight: systems.length > 1 ? 90 : MARGIN_RIGHT,
    marginTop: 24,
    marginBottom: 56,
    style: { fontFamily: FONT, fontSize: '12px' },
    x: axis.x,
    // Deletions are below the axis; their ticks are written without a minus sign.
    y: { domain: [lowest, highest], ticks: countTicks(highest, lowest), tickFormat: (count: number) => formatCount(Math.abs(count)), grid: true, label: '↑ Created, changed · ↓ deleted (records)' },
    fy: systems.length > 1 ? { label: null, domain: systems } : undefined,
    color: { domain: CHANGE_KINDS.map((kind) => kind.name), range: CHANGE_KINDS.map((kind) => kind.colour), legend: true },
    marks: [
      Plot.rectY(changes, Plot.stackY({
        x1: (change: SnapshotChange) => new Date(change.date.getTime() - half),
        x2: (change: SnapshotChange) => new Date(change.date.getTime() + half),
        y: 'drawn', fill: 'kind', order: CHANGE_KINDS.map((kind) => kind.name), fy: systems.length > 1 ? 'system' : undefined,
        className: 'record-changes', title,
        render: nameMarks(changes, 'record-change-mark', 'data-change', (change) => `${change.asOf} ${change.kind}`),
      })),
      Plot.ruleY([0], { stroke: COLOURS.total }),
    ],
  });
}

// leadlens demo company: a deterministic sales history of a B2B software company, written as
// weekly CRM snapshots in the canonical CSV format (DESIGN section 3).
//
//   node --import tsx pipelines/demo/generate.ts <outDir> [--preset small|medium|large] [--scale N] [--seed N]
//     [--snapshots N] [--first YYYY-MM-DD] [--history-weeks N] [--customers-per-scale N] [--nurture-days N]
//
// Output: outDir/<YYYY-MM-DD>/{leads,opportunities,accounts,contacts,owners,campaigns,
// source_costs,targets}.csv per snapshot (each record as of that day, 00:00 UTC), and
// outDir/manifest.json listing the snapshots, row counts, the records planted for every audit
// rule of DESIGN section 6, and figures known from construction ("truth") for tests. Date-named
// folders and the manifest of an earlier run in outDir are removed first (a resumed run keeps the
// folders of the snapshots it skips).
//
// The whole history is simulated in memory, then the snapshots are written one at a time, oldest
// first: each record keeps only its current row, so memory grows with the records, not with the
// snapshots. A caller can load each snapshot as it is written and have it deleted before the next
// (onSnapshot, removeAfterSnapshot), and resume a long run at a later snapshot (fromSnapshot):
// the same options always simulate the same world. SCALE_PRESETS (presets.ts) size the company
// for benchmarks.
//
// How the company works: leads arrive from seven sources (web, paid_search, events, webinar,
// outbound, partner, referral) with their own conversion, win rates, cycle times and deal sizes,
// plus seasonality and growth. Each lead walks its source's funnel: fewer than half reach MQL
// (the rest stay new, touched only by marketing, and are mostly disqualified after some weeks),
// about two in five MQLs qualify, and most SQLs convert (the others stall and drop out).
// Converted leads become accounts, contacts and opportunities that walk the stages, slip, get
// pulled into quarter ends, change amount, win or lose, and now and then reopen. Renewals,
// expansions and a few direct deals start without a lead; duplicate deals are created and
// deleted. Normal records are kept clean of audit findings on purpose; the planted ones
// (planted-leads.ts, planted-opportunities.ts) break exactly the rule they are for.
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { formatDay, parseDay, WEEK } from './calendar.ts';
import { OWNERS } from './catalog.ts';
import { planCampaigns, planSourceCosts } from './campaigns.ts';
import { generateCustomerDeals } from './customers.ts';
import {
  ACCOUNT_COLUMNS, accountRow, CAMPAIGN_COLUMNS, campaignRow, CONTACT_COLUMNS, contactRow, header, LEAD_COLUMNS,
  leadRow, OPPORTUNITY_COLUMNS, opportunityRow, OWNER_COLUMNS, cell, SOURCE_COST_COLUMNS, sourceCostRow,
  TARGET_COLUMNS, targetRow,
} from './csv-rows.ts';
import { baseLeadsPerDay, DEFAULT_FIRST_SNAPSHOT, DEFAULT_SNAPSHOTS, HISTORY_WEEKS_BEFORE_FIRST } from './demand.ts';
import { IdentityRegistry } from './identity.ts';
import { generateLeads } from './leads.ts';
import { RULE_IDS, type PlantBook, type RuleId } from './planted-kit.ts';
import { plantRecords } from './planted-records.ts';
import { SCALE_PRESETS, type ScalePresetName } from './presets.ts';
import { Random } from './random.ts';
import type { SnapshotGrid, Timeline, World } from './records.ts';
import { StaticRows, TimelineRows, writeSnapshot, type SnapshotFile } from './snapshot-writer.ts';
import { planTargets } from './targets.ts';
import { computeTruth, type DatedState, type DemoTruth } from './truth.ts';

export { SCALE_PRESETS, type ScalePreset, type ScalePresetName } from './presets.ts';

/** Customers signed before the history per unit of scale, unless DemoOptions says otherwise. */
const DEFAULT_CUSTOMERS_PER_SCALE = 140;

export interface DemoOptions {
  outDir: string;
  /** Default 42; the same options give byte-identical files. */
  seed?: number;
  /** Multiplies record counts; 1 is about 20,000 leads and 3,400 opportunities over the default span. */
  scale?: number;
  /** Date of the first weekly snapshot, default 2024-11-04 (a Monday). */
  firstSnapshot?: string;
  /** Number of weekly snapshots, default 107 (the last one 2026-11-16). */
  snapshots?: number;
  /**
   * Weeks of history before the first snapshot, default 26. A longer history makes an older
   * company: more of each snapshot's records are settled, so fewer change from week to week.
   * Scale sets leads per day, so at the same scale a longer history also holds more leads.
   */
  historyWeeks?: number;
  /**
   * Customers signed before the history, per unit of scale (default 140). Each renews yearly and
   * buys an expansion every other year or so: more of them means more deals per lead.
   */
  customersPerScale?: number;
  /**
   * Days a nurtured lead is still touched by marketing before it goes quiet (default: for as long
   * as the history runs). In an older company, long-nurtured leads would otherwise keep a steady
   * share of all leads changing every week.
   */
  nurtureDays?: number;
  /**
   * Index of the first snapshot to write, default 0: resumes a run whose earlier snapshots are
   * loaded already. The world is simulated again from the seed, so the snapshots from here on and
   * the manifest are the same as in a full run; folders of the skipped snapshots are left alone.
   */
  fromSnapshot?: number;
  /** Awaited right after each snapshot folder is written, before the next is started. */
  onSnapshot?: (date: string, folder: string) => Promise<void>;
  /** Deletes each snapshot folder once onSnapshot has returned, so one snapshot at a time is on disk. */
  removeAfterSnapshot?: boolean;
  /** Works out the manifest's truth, default true; a benchmark can skip it. */
  truth?: boolean;
  onProgress?: (done: number, total: number) => void;
}

export interface PlantedManifestEntry {
  kind: 'lead' | 'opportunity';
  id: string;
  note: string;
  /** Which variant of the rule (e.g. H4 'a' | 'b' | 'c', H6 'open_at_zero'), where a rule has several. */
  case?: string;
}

export interface ResolvedManifestEntry extends PlantedManifestEntry {
  /** The quarter-end snapshot in which the record broke the rule. */
  quarterEnd: string;
  /** When it was fixed (a later snapshot no longer shows the finding). */
  resolvedOn: string;
}

export interface DemoManifest {
  seed: number;
  scale: number;
  snapshots: string[];
  lastSnapshot: string;
  /** Rows in the last snapshot's files. */
  counts: { leads: number; opportunities: number; accounts: number; contacts: number; owners: number; campaigns: number };
  /** Records that break each rule as of the last snapshot. */
  planted: Record<RuleId, PlantedManifestEntry[]>;
  /** Records that broke a rule at an earlier quarter-end snapshot and were fixed before the last. */
  resolved: Partial<Record<RuleId, ResolvedManifestEntry[]>>;
  /** Absent when the options turned it off. */
  truth?: DemoTruth;
}

function snapshotGrid(firstSnapshot: string, snapshots: number): SnapshotGrid {
  const first = parseDay(firstSnapshot);
  const cutoffs = Array.from({ length: snapshots }, (_, k) => first + k * WEEK);
  return { dates: cutoffs.map(formatDay), cutoffs };
}

function createWorld(settings: Settings, grid: SnapshotGrid): World {
  const { seed, scale, customersPerScale, nurtureDays, historyWeeks } = settings;
  return {
    seed, scale, customersPerScale, nurtureDays, grid, historyStart: (grid.cutoffs[0] as number) - historyWeeks * WEEK,
    lastCutoff: grid.cutoffs[grid.cutoffs.length - 1] as number, registry: new IdentityRegistry(),
    leads: [], opportunities: [], accounts: [], contacts: [], campaigns: [], sourceCosts: [], targets: [],
    phantomOpportunities: [], bookings: [],
  };
}

/** Builds every record's history: marketing, leads, deals, plants, then targets from bookings. */
function simulate(world: World): PlantBook {
  const basePerDay = baseLeadsPerDay(world.scale);
  const plan = planCampaigns(world, Random.stream(world.seed, 'campaigns'), basePerDay);
  planSourceCosts(world, Random.stream(world.seed, 'source-costs'));
  generateLeads(world, Random.stream(world.seed, 'leads'), plan, basePerDay);
  generateCustomerDeals(world, Random.stream(world.seed, 'customers'));
  const book = plantRecords(world, Random.stream(world.seed, 'planted'));
  planTargets(world, Random.stream(world.seed, 'targets'));
  return book;
}

/** Ids follow creation order, as a CRM's own ids do. */
function assignIds(records: Array<Timeline<object>>, prefix: string, width: number): number {
  records.sort((a, b) => a.createdAt - b.createdAt);
  records.forEach((record, i) => (record.id = `${prefix}${String(i + 1).padStart(width, '0')}`));
  return records.length;
}

function assignAllIds(world: World): void {
  const opportunities = assignIds(world.opportunities as Array<Timeline<object>>, 'OP', 6);
  world.phantomOpportunities.forEach((ref, i) => (ref.id = `OP${String(opportunities + i + 1).padStart(6, '0')}`));
  assignIds(world.leads as Array<Timeline<object>>, 'LD', 6);
  assignIds(world.accounts as Array<Timeline<object>>, 'AC', 6);
  assignIds(world.contacts as Array<Timeline<object>>, 'CT', 6);
  world.campaigns.forEach((campaign, i) => (campaign.id = `CMP${String(i + 1).padStart(4, '0')}`));
}

/** Sorted changes let the writer replay each record forward, one snapshot after another. */
function sortAllChanges(world: World): void {
  for (const records of [world.leads, world.opportunities, world.accounts, world.contacts] as Array<Array<Timeline<object>>>) {
    for (const record of records) record.sortChanges();
  }
}

function snapshotFiles(world: World): SnapshotFile[] {
  const { grid } = world;
  const fixed = <T>(items: readonly T[], visibleFrom: (item: T) => number, rowOf: (item: T) => string) =>
    new StaticRows(grid, items.map((item) => ({ visibleFrom: visibleFrom(item), row: rowOf(item) })));
  return [
    { name: 'leads.csv', header: header(LEAD_COLUMNS), rows: new TimelineRows(world.leads, grid, leadRow) },
    { name: 'opportunities.csv', header: header(OPPORTUNITY_COLUMNS), rows: new TimelineRows(world.opportunities, grid, opportunityRow) },
    { name: 'accounts.csv', header: header(ACCOUNT_COLUMNS), rows: new TimelineRows(world.accounts, grid, accountRow) },
    { name: 'contacts.csv', header: header(CONTACT_COLUMNS), rows: new TimelineRows(world.contacts, grid, contactRow) },
    { name: 'owners.csv', header: header(OWNER_COLUMNS), rows: fixed(OWNERS, () => -Infinity, (o) => `${cell(o.owner)},${o.team}`) },
    { name: 'campaigns.csv', header: header(CAMPAIGN_COLUMNS), rows: fixed(world.campaigns, (c) => c.visibleFrom, campaignRow) },
    { name: 'source_costs.csv', header: header(SOURCE_COST_COLUMNS), rows: fixed(world.sourceCosts, (c) => c.visibleFrom, sourceCostRow) },
    { name: 'targets.csv', header: header(TARGET_COLUMNS), rows: fixed(world.targets, (t) => t.visibleFrom, targetRow) },
  ];
}

/** Each record in the last snapshot with its state there (records deleted by then are left out). */
function* lastStates<S extends object>(timelines: ReadonlyArray<Timeline<S>>, lastCutoff: number): Generator<DatedState<S>> {
  for (const timeline of timelines) {
    if (timeline.createdAt >= lastCutoff || (timeline.deletedAt !== null && timeline.deletedAt < lastCutoff)) continue;
    yield { createdAt: timeline.createdAt, state: timeline.stateBefore(lastCutoff) };
  }
}

/**
 * Removes the snapshot folders and manifest of an earlier run, so no stale date is left behind;
 * a resumed run keeps the folders of the snapshots it skips.
 */
async function clearEarlierRun(outDir: string, keep: ReadonlySet<string>): Promise<void> {
  await mkdir(outDir, { recursive: true });
  for (const entry of await readdir(outDir, { withFileTypes: true })) {
    if (entry.isDirectory() && /^\d{4}-\d{2}-\d{2}$/.test(entry.name) && !keep.has(entry.name)) await rm(join(outDir, entry.name), { recursive: true });
  }
  await rm(join(outDir, 'manifest.json'), { force: true });
}

function plantedManifest(book: PlantBook): Pick<DemoManifest, 'planted' | 'resolved'> {
  const planted = Object.fromEntries(RULE_IDS.map((rule) => [rule, [] as PlantedManifestEntry[]])) as Record<RuleId, PlantedManifestEntry[]>;
  for (const entry of book.current) {
    planted[entry.rule].push({ kind: entry.kind, id: entry.record.id, note: entry.note(), ...(entry.caseId ? { case: entry.caseId } : {}) });
  }
  const resolved: Partial<Record<RuleId, ResolvedManifestEntry[]>> = {};
  for (const entry of book.resolved) {
    (resolved[entry.rule] ??= []).push({
      kind: entry.kind, id: entry.record.id, note: entry.note(), quarterEnd: formatDay(entry.quarterEnd), resolvedOn: formatDay(entry.resolvedAt),
    });
  }
  return { planted, resolved };
}

interface Settings {
  seed: number;
  scale: number;
  firstSnapshot: string;
  snapshots: number;
  historyWeeks: number;
  customersPerScale: number;
  nurtureDays: number;
  fromSnapshot: number;
}

function checkOptions(options: DemoOptions): Settings {
  const seed = options.seed ?? 42;
  const scale = options.scale ?? 1;
  const snapshots = options.snapshots ?? DEFAULT_SNAPSHOTS;
  const firstSnapshot = options.firstSnapshot ?? DEFAULT_FIRST_SNAPSHOT;
  const historyWeeks = options.historyWeeks ?? HISTORY_WEEKS_BEFORE_FIRST;
  const customersPerScale = options.customersPerScale ?? DEFAULT_CUSTOMERS_PER_SCALE;
  const nurtureDays = options.nurtureDays ?? Infinity;
  const fromSnapshot = options.fromSnapshot ?? 0;
  if (!Number.isInteger(seed)) throw new Error(`seed must be an integer, got ${seed}`);
  if (!(scale > 0 && scale <= 200)) throw new Error(`scale must be above 0 and at most 200, got ${scale}`);
  if (!Number.isInteger(snapshots) || snapshots < 1) throw new Error(`snapshots must be a positive integer, got ${snapshots}`);
  if (!Number.isInteger(historyWeeks) || historyWeeks < 1 || historyWeeks > 520) throw new Error(`historyWeeks must be an integer from 1 to 520, got ${historyWeeks}`);
  if (!(customersPerScale >= 0 && customersPerScale <= 10_000)) throw new Error(`customersPerScale must be from 0 to 10000, got ${customersPerScale}`);
  if (!(nurtureDays >= 0)) throw new Error(`nurtureDays must be zero or more, got ${nurtureDays}`);
  if (!Number.isInteger(fromSnapshot) || fromSnapshot < 0 || fromSnapshot >= snapshots) {
    throw new Error(`fromSnapshot must be an integer from 0 to ${snapshots - 1}, got ${fromSnapshot}`);
  }
  parseDay(firstSnapshot);
  return { seed, scale, firstSnapshot, snapshots, historyWeeks, customersPerScale, nurtureDays, fromSnapshot };
}

/** Writes the snapshots from `fromSnapshot` on, handing each to the caller before the next. */
async function writeAllSnapshots(outDir: string, grid: SnapshotGrid, files: SnapshotFile[], fromSnapshot: number, options: DemoOptions): Promise<void> {
  const total = grid.dates.length;
  for (let k = fromSnapshot; k < total; k++) {
    const date = grid.dates[k] as string;
    const folder = join(outDir, date);
    await writeSnapshot(folder, k, files);
    await options.onSnapshot?.(date, folder);
    if (options.removeAfterSnapshot) await rm(folder, { recursive: true, force: true });
    options.onProgress?.(k + 1, total);
  }
}

/** Generates the demo company into `outDir` and returns (and writes) its manifest. */
export async function generateDemoCompany(options: DemoOptions): Promise<DemoManifest> {
  const settings = checkOptions(options);
  const { seed, scale } = settings;
  const grid = snapshotGrid(settings.firstSnapshot, settings.snapshots);
  const world = createWorld(settings, grid);
  const book = simulate(world);
  assignAllIds(world);
  // A plant's note may name its record's last change as set, so notes are read before sorting.
  const planted = plantedManifest(book);
  sortAllChanges(world);
  const files = snapshotFiles(world);

  const outDir = resolve(options.outDir);
  await clearEarlierRun(outDir, new Set(grid.dates.slice(0, settings.fromSnapshot)));
  await writeAllSnapshots(outDir, grid, files, settings.fromSnapshot, options);

  const last = grid.dates.length - 1;
  const rows = (name: string) => (files.find((file) => file.name === name) as SnapshotFile).rows.rowsIn(last);
  const manifest: DemoManifest = {
    seed, scale, snapshots: grid.dates, lastSnapshot: grid.dates[last] as string,
    counts: {
      leads: rows('leads.csv'), opportunities: rows('opportunities.csv'), accounts: rows('accounts.csv'),
      contacts: rows('contacts.csv'), owners: rows('owners.csv'), campaigns: rows('campaigns.csv'),
    },
    ...planted,
    ...(options.truth === false ? {} : {
      truth: computeTruth(grid.dates[last] as string, lastStates(world.leads, world.lastCutoff), lastStates(world.opportunities, world.lastCutoff)),
    }),
  };
  await writeFile(join(outDir, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
  return manifest;
}

function parseCli(argv: string[]): DemoOptions {
  const options: DemoOptions = { outDir: '' };
  let preset: Partial<DemoOptions> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const value = () => {
      const next = argv[++i];
      if (next === undefined) throw new Error(`${arg} needs a value`);
      return next;
    };
    if (arg === '--preset') preset = presetNamed(value());
    else if (arg === '--scale') options.scale = Number(value());
    else if (arg === '--seed') options.seed = Number(value());
    else if (arg === '--snapshots') options.snapshots = Number(value());
    else if (arg === '--first') options.firstSnapshot = value();
    else if (arg === '--history-weeks') options.historyWeeks = Number(value());
    else if (arg === '--customers-per-scale') options.customersPerScale = Number(value());
    else if (arg === '--nurture-days') options.nurtureDays = Number(value());
    else if (arg.startsWith('--')) throw new Error(`unknown option ${arg}`);
    else options.outDir = arg;
  }
  if (options.outDir === '') {
    throw new Error('usage: generate.ts <outDir> [--preset small|medium|large] [--scale N] [--seed N] [--snapshots N] [--first YYYY-MM-DD] [--history-weeks N] [--customers-per-scale N] [--nurture-days N]');
  }
  // Options given one by one win over the preset's, wherever they stand.
  return { ...preset, ...options };
}

function presetNamed(name: string): (typeof SCALE_PRESETS)[ScalePresetName] {
  if (!Object.hasOwn(SCALE_PRESETS, name)) throw new Error(`unknown preset ${name}; one of ${Object.keys(SCALE_PRESETS).join(', ')}`);
  return SCALE_PRESETS[name as ScalePresetName];
}

async function main(): Promise<void> {
  const started = performance.now();
  const options = parseCli(process.argv.slice(2));
  const manifest = await generateDemoCompany(options);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const { counts } = manifest;
  console.log(
    `leadlens demo: ${manifest.snapshots.length} snapshots ${manifest.snapshots[0]}..${manifest.lastSnapshot}, ` +
      `${counts.leads} leads, ${counts.opportunities} opportunities, ${counts.accounts} accounts -> ${resolve(options.outDir)} (${seconds} s)`,
  );
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}


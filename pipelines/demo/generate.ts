// leadlens demo company: a deterministic sales history of a B2B software company, written as
// weekly CRM snapshots in the canonical CSV format (DESIGN section 3).
//
//   node --import tsx pipelines/demo/generate.ts <outDir> [--scale N] [--seed N] [--snapshots N] [--first YYYY-MM-DD]
//
// Output: outDir/<YYYY-MM-DD>/{leads,opportunities,accounts,contacts,owners,campaigns,
// source_costs,targets}.csv per snapshot (each record as of that day, 00:00 UTC), and
// outDir/manifest.json listing the snapshots, row counts, the records planted for every audit
// rule of DESIGN section 6, and figures known from construction ("truth") for tests. Date-named
// folders and the manifest of an earlier run in outDir are removed first.
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
import { readdir, rm, mkdir, writeFile } from 'node:fs/promises';
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
import { Random } from './random.ts';
import type { LeadState, OpportunityState, SnapshotGrid, Timeline, World } from './records.ts';
import {
  materialize, rowsInLastSnapshot, staticRow, writeSnapshots, type Materialized, type SnapshotFile,
} from './snapshot-writer.ts';
import { planTargets } from './targets.ts';
import { computeTruth, type DatedState, type DemoTruth } from './truth.ts';

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
  truth: DemoTruth;
}

function snapshotGrid(firstSnapshot: string, snapshots: number): SnapshotGrid {
  const first = parseDay(firstSnapshot);
  const cutoffs = Array.from({ length: snapshots }, (_, k) => first + k * WEEK);
  return { dates: cutoffs.map(formatDay), cutoffs };
}

function createWorld(seed: number, scale: number, grid: SnapshotGrid): World {
  return {
    seed, scale, grid, historyStart: (grid.cutoffs[0] as number) - HISTORY_WEEKS_BEFORE_FIRST * WEEK,
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

function materializeAll<S extends object>(timelines: Array<Timeline<S>>, grid: SnapshotGrid, rowOf: (t: Timeline<S>, s: S) => string): Array<{ timeline: Timeline<S>; materialized: Materialized<S> }> {
  const out: Array<{ timeline: Timeline<S>; materialized: Materialized<S> }> = [];
  for (const timeline of timelines) {
    const materialized = materialize(timeline, grid, (state) => rowOf(timeline, state));
    if (materialized) out.push({ timeline, materialized });
  }
  return out;
}

function staticRows<T>(grid: SnapshotGrid, items: readonly T[], visibleFrom: (item: T) => number, rowOf: (item: T) => string): Materialized<unknown>[] {
  const rows = items.flatMap((item) => staticRow(grid, visibleFrom(item), rowOf(item)) ?? []);
  return rows.sort((a, b) => a.firstIndex - b.firstIndex);
}

function datedStates<S extends object>(records: Array<{ timeline: Timeline<S>; materialized: Materialized<S> }>): DatedState<S>[] {
  return records.flatMap(({ timeline, materialized }) => (materialized.lastState ? [{ createdAt: timeline.createdAt, state: materialized.lastState }] : []));
}

/** Removes the snapshot folders and manifest of an earlier run, so no stale date is left behind. */
async function clearEarlierRun(outDir: string): Promise<void> {
  await mkdir(outDir, { recursive: true });
  for (const entry of await readdir(outDir, { withFileTypes: true })) {
    if (entry.isDirectory() && /^\d{4}-\d{2}-\d{2}$/.test(entry.name)) await rm(join(outDir, entry.name), { recursive: true });
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

function checkOptions(options: DemoOptions): { seed: number; scale: number; firstSnapshot: string; snapshots: number } {
  const seed = options.seed ?? 42;
  const scale = options.scale ?? 1;
  const snapshots = options.snapshots ?? DEFAULT_SNAPSHOTS;
  const firstSnapshot = options.firstSnapshot ?? DEFAULT_FIRST_SNAPSHOT;
  if (!Number.isInteger(seed)) throw new Error(`seed must be an integer, got ${seed}`);
  if (!(scale > 0 && scale <= 200)) throw new Error(`scale must be above 0 and at most 200, got ${scale}`);
  if (!Number.isInteger(snapshots) || snapshots < 1) throw new Error(`snapshots must be a positive integer, got ${snapshots}`);
  parseDay(firstSnapshot);
  return { seed, scale, firstSnapshot, snapshots };
}

/** Generates the demo company into `outDir` and returns (and writes) its manifest. */
export async function generateDemoCompany(options: DemoOptions): Promise<DemoManifest> {
  const { seed, scale, firstSnapshot, snapshots } = checkOptions(options);
  const grid = snapshotGrid(firstSnapshot, snapshots);
  const world = createWorld(seed, scale, grid);
  const book = simulate(world);
  assignAllIds(world);

  const leads = materializeAll(world.leads, grid, leadRow);
  const opportunities = materializeAll(world.opportunities, grid, opportunityRow);
  const accounts = materializeAll(world.accounts, grid, accountRow);
  const contacts = materializeAll(world.contacts, grid, contactRow);
  const files: SnapshotFile[] = [
    { name: 'leads.csv', header: header(LEAD_COLUMNS), records: leads.map((r) => r.materialized) },
    { name: 'opportunities.csv', header: header(OPPORTUNITY_COLUMNS), records: opportunities.map((r) => r.materialized) },
    { name: 'accounts.csv', header: header(ACCOUNT_COLUMNS), records: accounts.map((r) => r.materialized) },
    { name: 'contacts.csv', header: header(CONTACT_COLUMNS), records: contacts.map((r) => r.materialized) },
    { name: 'owners.csv', header: header(OWNER_COLUMNS), records: staticRows(grid, OWNERS, () => -Infinity, (o) => `${cell(o.owner)},${o.team}`) },
    { name: 'campaigns.csv', header: header(CAMPAIGN_COLUMNS), records: staticRows(grid, world.campaigns, (c) => c.visibleFrom, campaignRow) },
    { name: 'source_costs.csv', header: header(SOURCE_COST_COLUMNS), records: staticRows(grid, world.sourceCosts, (c) => c.visibleFrom, sourceCostRow) },
    { name: 'targets.csv', header: header(TARGET_COLUMNS), records: staticRows(grid, world.targets, (t) => t.visibleFrom, targetRow) },
  ];

  const outDir = resolve(options.outDir);
  await clearEarlierRun(outDir);
  await writeSnapshots(outDir, grid, files, options.onProgress);

  const rows = (name: string) => rowsInLastSnapshot(files.find((file) => file.name === name) as SnapshotFile, grid);
  const manifest: DemoManifest = {
    seed, scale, snapshots: grid.dates, lastSnapshot: grid.dates[grid.dates.length - 1] as string,
    counts: {
      leads: rows('leads.csv'), opportunities: rows('opportunities.csv'), accounts: rows('accounts.csv'),
      contacts: rows('contacts.csv'), owners: rows('owners.csv'), campaigns: rows('campaigns.csv'),
    },
    ...plantedManifest(book),
    truth: computeTruth(grid.dates[grid.dates.length - 1] as string, datedStates<LeadState>(leads), datedStates<OpportunityState>(opportunities)),
  };
  await writeFile(join(outDir, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
  return manifest;
}

function parseCli(argv: string[]): DemoOptions {
  const options: DemoOptions = { outDir: '' };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const value = () => {
      const next = argv[++i];
      if (next === undefined) throw new Error(`${arg} needs a value`);
      return next;
    };
    if (arg === '--scale') options.scale = Number(value());
    else if (arg === '--seed') options.seed = Number(value());
    else if (arg === '--snapshots') options.snapshots = Number(value());
    else if (arg === '--first') options.firstSnapshot = value();
    else if (arg.startsWith('--')) throw new Error(`unknown option ${arg}`);
    else options.outDir = arg;
  }
  if (options.outDir === '') throw new Error('usage: generate.ts <outDir> [--scale N] [--seed N] [--snapshots N] [--first YYYY-MM-DD]');
  return options;
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


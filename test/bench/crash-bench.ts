/**
 * Crash safety at random (issue 8): `leadlens ingest <series>` killed with SIGKILL many times, at
 * random moments of the load and at each phase the loader can be paused at (LEADLENS_PAUSE_AT), each
 * time from a warehouse that already holds a random number of the series' snapshots. After every
 * kill the warehouse must open in a fresh process, hold whole snapshots only, a prefix of the
 * series and none of the snapshots it held before lost, and reach, once the load is run again to
 * the end, the same contents as one uninterrupted load. test/pipelines/crash-safety.test.ts kills
 * a handful of times in `npm test`; bench.ts prints the lines benchCrashes returns.
 */
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { type RandomGenerator, unsafeUniformIntDistribution, xoroshiro128plus } from 'pure-rand';
import { generateDemoCompany } from '../../pipelines/demo/generate.ts';
import type { LoadPhase } from '../../pipelines/load/test-pause.ts';
import { checksumWarehouseFile } from '../support/file-checksum.ts';
import { count, median, seconds } from './bench-format.ts';

const BIN = resolve(import.meta.dirname, '../../bin/leadlens.js');

/** Every phase pipelines/load/load-snapshot.ts can be paused at, in the order a load reaches them. */
const PAUSE_PHASES: LoadPhase[] = ['staged', 'history', 'batch-recorded', 'models-built'];
/** Every fifth kill pauses the load at a named phase and kills it there; the others kill at a random moment. */
const PAUSED_EVERY = 5;

/**
 * Columns filled from the clock or a sequence when a load or an open runs (pipelines/migrations/):
 * they differ between any two runs, every record version must not.
 */
const LOAD_TIME_COLUMNS = ['batch_id', 'started_at', 'ended_at', 'recorded_at', 'applied_at', 'computed_at'];

/** The versioned canonical tables (001 and 002 migrations): no version may start or end after the latest snapshot held. */
const VERSIONED_TABLES = ['leads', 'opportunities', 'accounts', 'contacts', 'owners', 'campaigns', 'source_costs', 'targets', 'opportunity_stage_history'];

/** The files whose rows each snapshot held must be whole in, with the record's key. */
const WHOLE_FILES = [{ table: 'leads', key: 'lead_id' }, { table: 'opportunities', key: 'opportunity_id' }];

/** A plain run of the CLI may take this long before it counts as hung. */
const RUN_TIMEOUT_MS = 10 * 60_000;

interface Line { atMs: number; text: string }

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  lines: Line[];
  stdout: string;
  stderr: string;
  /** Milliseconds from spawn to exit. */
  ms: number;
  /** Milliseconds from spawn to the SIGKILL, when one was sent. */
  killedAtMs?: number;
}

/**
 * Runs `leadlens <args>` and keeps each line of its output with the time it arrived. With
 * `killAfterMs` or `killWhen` the process is killed with SIGKILL after that long, or as soon as
 * its output matches.
 */
function runLeadlens(args: string[], options: { env?: Record<string, string>; killAfterMs?: number; killWhen?: RegExp } = {}): Promise<Run> {
  return new Promise((resolveRun) => {
    const started = performance.now();
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ...options.env } });
    const run: Run = { code: null, signal: null, lines: [], stdout: '', stderr: '', ms: 0 };
    const kill = () => {
      if (run.killedAtMs !== undefined || child.exitCode !== null) return;
      run.killedAtMs = performance.now() - started;
      child.kill('SIGKILL');
    };
    const collect = (stream: 'stdout' | 'stderr') => {
      let partial = '';
      return (chunk: Buffer) => {
        const text = chunk.toString();
        run[stream] += text;
        const atMs = performance.now() - started;
        const parts = (partial + text).split('\n');
        partial = parts.pop() ?? '';
        for (const part of parts) run.lines.push({ atMs, text: part });
        if (options.killWhen?.test(run[stream])) kill();
      };
    };
    child.stdout.on('data', collect('stdout'));
    child.stderr.on('data', collect('stderr'));
    const timer = setTimeout(kill, options.killAfterMs ?? RUN_TIMEOUT_MS);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolveRun({ ...run, code, signal, ms: performance.now() - started });
    });
  });
}

/** Where one snapshot's load spends its time, from a one-snapshot load that reports its progress. */
interface SnapshotTimings {
  /** From spawn to the start of the load (opening the warehouse, migrations, model check). */
  startupMs: number;
  /** From the start of the load: the last file read, the history written, the models built, the load reported. */
  readMs: number;
  historyMs: number;
  modelsMs: number;
  doneMs: number;
  /** From spawn to exit, closing (and checkpointing) the warehouse included. */
  exitMs: number;
}

function timingsOf(run: Run, date: string): SnapshotTimings {
  const at = (pattern: RegExp) => run.lines.filter((line) => pattern.test(line.text)).at(-1);
  const firstRead = run.lines.find((line) => /^\s*read .*\(1 of \d+ files\)/.test(line.text));
  const lastRead = at(/^\s*read /);
  const [history, models, done] = [at(/^\s*history written/), at(/^\s*models rebuilt/), at(new RegExp(`^${date} `))];
  if (!firstRead || !lastRead || !history || !models || !done) throw new Error(`the load of ${date} did not report its progress:\n${run.stdout}${run.stderr}`);
  // the first file's line comes once it is read, and says how long that took
  const loadStart = firstRead.atMs - 1000 * Number(/ in ([\d.]+) s/.exec(firstRead.text)?.[1] ?? 0);
  return {
    startupMs: loadStart, readMs: lastRead.atMs - loadStart, historyMs: history.atMs - loadStart,
    modelsMs: models.atMs - loadStart, doneMs: done.atMs - loadStart, exitMs: run.ms,
  };
}

function copyWarehouse(from: string | null, to: string): void {
  for (const suffix of ['', '.wal']) rmSync(`${to}${suffix}`, { force: true });
  rmSync(`${to}.load-errors`, { recursive: true, force: true });
  if (from === null) return;
  copyFileSync(from, to);
  if (existsSync(`${from}.wal`)) copyFileSync(`${from}.wal`, `${to}.wal`);
}

function fileRows(path: string): number {
  return readFileSync(path, 'utf8').trim().split('\n').length - 1;
}

/** One kill: from how many snapshots held, and when. */
interface KillPlan { number: number; held: number; delayMs?: number; phase?: LoadPhase }

interface KillOutcome { plan: KillPlan; landed: string; committedByKilled: number | null; problems: string[] }

/** The series, its clean state and the warehouses each kill starts from. */
interface Setup {
  series: string;
  dates: string[];
  rows: Array<Record<string, number>>;
  cleanSums: Record<string, string>;
  cleanMs: number;
  /** From spawn to exit of `leadlens --help`: Node and the program loading, before any warehouse is touched. */
  programStartMs: number;
  /** timings[j]: the load of snapshot j + 1 into a warehouse that holds the first j. */
  timings: SnapshotTimings[];
  /** heldWarehouse(j): a warehouse holding the first j snapshots (null: none, a new file). */
  heldWarehouse: (held: number) => string | null;
}

async function prepare(dir: string, scale: number, snapshots: number): Promise<Setup> {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'held'), { recursive: true });
  const series = join(dir, 'series');
  const manifest = await generateDemoCompany({ outDir: series, scale, snapshots, truth: false });
  const dates = manifest.snapshots;
  const rows = dates.map((date) => Object.fromEntries(WHOLE_FILES.map(({ table }) => [table, fileRows(join(series, date, `${table}.csv`))])));

  const clean = join(dir, 'clean.duckdb');
  const cleanRun = await runLeadlens(['ingest', series, '--db', clean]);
  if (cleanRun.code !== 0) throw new Error(`the uninterrupted load failed: ${cleanRun.stderr}`);
  const cleanSums = await checksumWarehouseFile(clean, LOAD_TIME_COLUMNS);
  const programStarts: number[] = [];
  for (let run = 0; run < 3; run++) programStarts.push((await runLeadlens(['--help'])).ms);

  // one snapshot at a time with its progress reported: how long each phase takes, and a copy of the warehouse after each
  const building = join(dir, 'held', 'building.duckdb');
  const heldPath = (held: number) => join(dir, 'held', `${held}.duckdb`);
  const timings: SnapshotTimings[] = [];
  for (const [index, date] of dates.entries()) {
    const run = await runLeadlens(['ingest', join(series, date), '--db', building], { env: { LEADLENS_PROGRESS: '1' } });
    if (run.code !== 0) throw new Error(`the load of ${date} failed: ${run.stderr}`);
    timings.push(timingsOf(run, date));
    if (index < dates.length - 1) copyWarehouse(building, heldPath(index + 1));
  }
  return { series, dates, rows, cleanSums, cleanMs: cleanRun.ms, programStartMs: median(programStarts), timings, heldWarehouse: (held) => (held === 0 ? null : heldPath(held)) };
}

/** How long a series load from `held` snapshots takes: the first load's whole run, then each later snapshot's load. */
function expectedLoadMs(setup: Setup, held: number): number {
  return setup.timings[held].exitMs + setup.timings.slice(held + 1).reduce((sum, timing) => sum + timing.doneMs, 0);
}

const progressIndex = (line: Line) => Number(/^\[(\d+)\/\d+\]/.exec(line.text)?.[1] ?? 0);

/**
 * Where a kill at a random moment landed, from the series' progress lines seen before it and the
 * phase timings of that snapshot's one-snapshot load (an estimate: the two runs differ a little).
 */
function landing(setup: Setup, plan: KillPlan, run: Run, committed: number | null): string {
  if (plan.phase) return `paused at ${plan.phase}`;
  if (run.signal !== 'SIGKILL' || run.killedAtMs === undefined) return 'finished before the kill';
  if (run.killedAtMs < setup.programStartMs && run.lines.length === 0) return 'starting Node and the program';
  const reported = Math.max(0, ...run.lines.map(progressIndex));
  if (reported < plan.held || (reported === 0 && run.killedAtMs < setup.timings[0].startupMs)) return 'opening the warehouse';
  const loading = reported + 1;
  if (loading > setup.dates.length) return 'closing, after the last snapshot';
  if (committed !== null && committed >= loading) return 'after a commit, before its report';
  const since = reported === 0 ? setup.timings[0].startupMs : (run.lines.find((line) => progressIndex(line) === reported)?.atMs ?? 0);
  const elapsed = run.killedAtMs - since;
  const timing = setup.timings[loading - 1];
  if (elapsed < timing.readMs) return 'reading files';
  if (elapsed < timing.historyMs) return 'writing history';
  if (elapsed < timing.modelsMs) return 'building models';
  return 'recording batch and forecasts, committing';
}

/** What the checks read from `report data --format json`. */
interface DataTables {
  loads: Array<{ as_of: string; status: string }>;
  record_counts: Array<{ table_name: string; current_records: number }>;
}

/** The warehouse after a kill: what it holds, and what is wrong with it. */
async function checkAfterKill(setup: Setup, path: string, plan: KillPlan, run: Run): Promise<{ committed: number | null; problems: string[] }> {
  const problems: string[] = [];
  // a fresh process opens it (replaying DuckDB's log) and reads the Data view
  const report = await runLeadlens(['report', 'data', '--format', 'json', '--db', path]);
  if (report.code !== 0) return { committed: null, problems: [`the warehouse does not open: ${report.stderr.trim().split('\n').at(-1)}`] };
  // with no snapshot committed yet, the Data view still answers: no loads, no records
  const { tables } = JSON.parse(report.stdout) as { tables: DataTables };
  const held = tables.loads.filter((load) => load.status === 'loaded').map((load) => load.as_of).sort();
  if (held.join() !== setup.dates.slice(0, held.length).join()) problems.push(`the loads listed are not a prefix of the series: ${held.join(', ')}`);
  const reportedBeforeKill = Math.max(0, ...run.lines.map(progressIndex));
  if (held.length < Math.max(plan.held, reportedBeforeKill)) problems.push(`a committed snapshot is lost: ${held.length} held, ${Math.max(plan.held, reportedBeforeKill)} were committed`);
  if (plan.phase && held.length !== plan.held) problems.push(`a load paused at ${plan.phase} committed: ${held.length} held, ${plan.held} before`);
  if (held.length > 0) {
    for (const { table } of WHOLE_FILES) {
      const current = tables.record_counts.find((row) => row.table_name === table)?.current_records;
      const expected = setup.rows[held.length - 1][table];
      if (current !== expected) problems.push(`${table}: ${current} current records, the latest snapshot's file has ${expected} rows`);
    }
  }
  problems.push(...await wholeSnapshotProblems(setup, path, held.length));
  return { committed: held.length, problems };
}

/** Every snapshot held is whole (each of its records valid on its date, once), and nothing of a later one is there. */
async function wholeSnapshotProblems(setup: Setup, path: string, held: number): Promise<string[]> {
  const problems: string[] = [];
  const instance = await DuckDBInstance.create(path);
  const connection = await instance.connect();
  try {
    const single = async (sql: string, params: string[]) => (await connection.runAndReadAll(sql, params)).getRowObjectsJS()[0];
    for (const [index, date] of setup.dates.slice(0, held).entries()) {
      for (const { table, key } of WHOLE_FILES) {
        const row = await single(`select count(*) as versions, count(distinct (system, ${key})) as records from ${table}
          where valid_from <= $1::date and (valid_to is null or valid_to > $1::date)`, [date]);
        const expected = setup.rows[index][table];
        if (Number(row.versions) !== expected || Number(row.records) !== expected) {
          problems.push(`${table} on ${date}: ${row.versions} versions of ${row.records} records valid, the file has ${expected} rows`);
        }
      }
    }
    const latest = held > 0 ? setup.dates[held - 1] : '0001-01-01';
    for (const table of VERSIONED_TABLES) {
      const row = await single(`select count(*) as later from ${table} where valid_from > $1::date or valid_to > $1::date`, [latest]);
      if (Number(row.later) > 0) problems.push(`${table}: ${row.later} versions start or end after the latest snapshot held (${held > 0 ? latest : 'none'})`);
    }
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
  return problems;
}

/** The interrupted load run again to the end reaches the uninterrupted load's contents. */
async function resumeProblems(setup: Setup, path: string): Promise<string[]> {
  const resumed = await runLeadlens(['ingest', setup.series, '--db', path]);
  if (resumed.code !== 0) return [`the load run again failed: ${resumed.stderr.trim().split('\n').at(-1)}`];
  const sums = await checksumWarehouseFile(path, LOAD_TIME_COLUMNS);
  const differing = [...new Set([...Object.keys(sums), ...Object.keys(setup.cleanSums)])].filter((table) => sums[table] !== setup.cleanSums[table]);
  return differing.length > 0 ? [`after the load ran again, these tables differ from the uninterrupted load: ${differing.join(', ')}`] : [];
}

function planKills(kills: number, seed: number, snapshots: number, setup: Setup): KillPlan[] {
  const rng: RandomGenerator = xoroshiro128plus(seed);
  return Array.from({ length: kills }, (_, index) => {
    // from none to all but the last held, so every kill has a load to interrupt
    const held = unsafeUniformIntDistribution(0, snapshots - 1, rng);
    if (index % PAUSED_EVERY === PAUSED_EVERY - 1) return { number: index + 1, held, phase: PAUSE_PHASES[Math.floor(index / PAUSED_EVERY) % PAUSE_PHASES.length] };
    // a share of the load's length, so that a seed puts a kill at about the same point on a faster or slower machine;
    // from the time the program has loaded: killing Node while it loads the program touches no warehouse
    const share = unsafeUniformIntDistribution(0, 1_000_000, rng) / 1_000_000;
    const delayMs = setup.programStartMs + share * Math.max(0, expectedLoadMs(setup, held) - setup.programStartMs);
    return { number: index + 1, held, delayMs: Math.round(delayMs) };
  });
}

async function killOnce(setup: Setup, plan: KillPlan, path: string): Promise<KillOutcome> {
  copyWarehouse(setup.heldWarehouse(plan.held), path);
  const args = ['ingest', setup.series, '--db', path];
  const run = plan.phase
    ? await runLeadlens(args, { env: { LEADLENS_PAUSE_AT: plan.phase }, killWhen: new RegExp(`paused at ${plan.phase}`) })
    : await runLeadlens(args, { killAfterMs: plan.delayMs });
  const problems: string[] = [];
  if (run.signal !== 'SIGKILL' && run.code !== 0) problems.push(`the load failed before the kill: ${run.stderr.trim().split('\n').at(-1)}`);
  const checked = await checkAfterKill(setup, path, plan, run);
  problems.push(...checked.problems);
  if (checked.committed !== null) problems.push(...await resumeProblems(setup, path));
  return { plan, landed: landing(setup, plan, run, checked.committed), committedByKilled: checked.committed === null ? null : checked.committed - plan.held, problems };
}

function tally(values: Array<string | number>): Array<[string, number]> {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(String(value), (counts.get(String(value)) ?? 0) + 1);
  return [...counts];
}

const LANDING_ORDER = [
  'starting Node and the program', 'opening the warehouse', 'reading files', 'writing history', 'building models', 'recording batch and forecasts, committing',
  'after a commit, before its report', 'closing, after the last snapshot', 'finished before the kill', ...PAUSE_PHASES.map((phase) => `paused at ${phase}`),
];

function describePlan(plan: KillPlan, seed: number): string {
  const when = plan.phase ? `paused at ${plan.phase}` : `after ${count(plan.delayMs ?? 0)} ms`;
  return `kill ${plan.number} (seed ${seed}, from ${plan.held} snapshots held, ${when})`;
}

/**
 * Generates a series with the demo generator into `dir`, loads it once without interruption, then
 * kills `kills` loads of it (default 30). Returns printable lines; throws at the end, with those
 * lines, if any kill left the warehouse wrong.
 */
export async function benchCrashes(options: { dir: string; kills?: number; seed?: number; scale?: number; snapshots?: number }): Promise<string[]> {
  const kills = options.kills ?? 30;
  // a new seed each run spreads the kills over many runs; a failure names its seed
  const seed = options.seed ?? Date.now() % 2 ** 31;
  const [scale, snapshots] = [options.scale ?? 1, options.snapshots ?? 8];
  const started = performance.now();
  const setup = await prepare(resolve(options.dir), scale, snapshots);
  const plans = planKills(kills, seed, snapshots, setup);
  const killed = join(resolve(options.dir), 'killed.duckdb');
  const outcomes: KillOutcome[] = [];
  for (const plan of plans) outcomes.push(await killOnce(setup, plan, killed));

  const failed = outcomes.filter((outcome) => outcome.problems.length > 0);
  const byLanding = tally(outcomes.map((outcome) => outcome.landed)).sort(([a], [b]) => LANDING_ORDER.indexOf(a) - LANDING_ORDER.indexOf(b));
  const byCommitted = tally(outcomes.filter((outcome) => outcome.committedByKilled !== null).map((outcome) => outcome.committedByKilled as number))
    .sort(([a], [b]) => Number(a) - Number(b));
  const line = (label: string, figure: string) => `  ${label.padEnd(52)}${figure.padStart(8)}`;
  const rowsPerSnapshot = setup.rows.at(-1) ?? {};
  const lines = [
    `crash safety: ${kills} SIGKILLs of \`leadlens ingest <series>\`, ${snapshots} snapshots of the demo at scale ${scale} (the last: ${count(rowsPerSnapshot.leads ?? 0)} leads, ${count(rowsPerSnapshot.opportunities ?? 0)} opportunities), seed ${seed}`,
    `  the series loads uninterrupted in ${seconds(setup.cleanMs)}; each kill starts from a warehouse holding its first 0..${snapshots - 1} snapshots (drawn)`,
    `  and lands at a random moment from the program having loaded (${seconds(setup.programStartMs)}) to the load's measured end; every ${PAUSED_EVERY}th`,
    '  is paused at a named phase (LEADLENS_PAUSE_AT) and killed there',
    line('kills tried', String(kills)),
    '  where they landed (random moments placed by the phase timings of one-snapshot loads)',
    ...byLanding.map(([landed, times]) => line(`  ${landed}`, String(times))),
    '  snapshots the killed load had committed itself (none: killed before its first commit; more: after a commit, in a later snapshot)',
    ...byCommitted.map(([committed, times]) => line(`  ${committed === '0' ? 'none' : `${committed} committed`}`, String(times))),
    '  survived: opens in a fresh process, holds whole snapshots only, a prefix of the series with none lost,',
    '  and the load run again reaches the uninterrupted contents (every table, load-time columns aside)',
    line('kills survived', `${kills - failed.length} of ${kills}`),
    line('time, setup and checks included', seconds(performance.now() - started)),
  ];
  if (failed.length > 0) {
    lines.push(`  FAILED ${failed.length} of ${kills} kills:`);
    for (const outcome of failed) lines.push(`    ${describePlan(outcome.plan, seed)}, landed ${outcome.landed}: ${outcome.problems.join('; ')}`);
    throw new Error(lines.join('\n'));
  }
  return lines;
}

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemoCompany } from '../../pipelines/demo/generate.ts';
import { ingestPath } from '../../pipelines/load/ingest-path.ts';
import type { Warehouse } from '../../server/db/warehouse.ts';
import { FIXTURES, fixtureWarehouse } from '../support/fixture-warehouse.ts';

const PIPELINE_MOVEMENT = join(FIXTURES, 'canonical/pipeline_movement');
// `+ 0` turns -0 (a deal of no amount leaving) into 0
const cents = (amount: unknown) => Math.round(Number(amount) * 100) + 0;

type Step = { step: string; direction: string; deals: number; amount: number; bar_start: number; bar_end: number };

async function waterfall(warehouse: Warehouse, from: string, to: string, start: string | null, end: string | null): Promise<Step[]> {
  return await warehouse.query(`select step, direction, deals, amount, bar_start, bar_end
    from pipeline_waterfall($1::date, $2::date, $3::date, $4::date)`, [from, to, start, end]) as Step[];
}

async function movements(warehouse: Warehouse, from: string, to: string, start: string | null, end: string | null) {
  return await warehouse.query(`select system, opportunity_id, category, detail, start_amount, end_amount, amount, is_in_start, is_in_end
    from pipeline_movement($1::date, $2::date, $3::date, $4::date) order by opportunity_id`, [from, to, start, end]);
}

// [step, deals, amount] in waterfall order
const steps = (rows: Step[]) => rows.map((row) => [row.step, row.deals, row.amount]);

/** start + every movement = end, in whole cents, and each bar floats from the running total before it to the one after. */
function expectBalanced(rows: Step[]) {
  const start = rows[0];
  const end = rows.at(-1)!;
  let running = cents(start.amount);
  for (const row of rows.slice(1, -1)) {
    expect(cents(row.bar_start)).toBe(running);
    running += cents(row.amount);
    expect(cents(row.bar_end)).toBe(running);
  }
  expect(running).toBe(cents(end.amount));
  expect([cents(start.bar_start), cents(start.bar_end), cents(end.bar_start), cents(end.bar_end)]).toEqual([0, cents(start.amount), 0, cents(end.amount)]);
}

describe('pipeline movement on a fixture with every category (test/fixtures/canonical/pipeline_movement)', () => {
  let warehouse: Warehouse;
  let cleanup: () => void;
  beforeAll(async () => ({ warehouse, cleanup } = await fixtureWarehouse(PIPELINE_MOVEMENT)));
  afterAll(() => cleanup());

  // Period 2026-Q2 (04-01..06-30), from 2026-05-04 to 2026-05-11. Open pipeline = open stage, close date
  // in Q2, forecast category not omitted.
  // Start (05-04): P01 10,000.00 + P02 20,000.00 + P03 8,000.00 + P04 12,000.00 + P05 7,000.00 + P06 9,000.00
  //   + P07 4,000.00 + P08 3,000.00 + P16 (no amount) 0 = 73,000.00 in 9 deals. Not in it: P09 closes in Q3,
  //   P10 is lost, P11 omitted, P12/P13 do not exist yet, P14 closes in Q3, P15 is won, P17 has no close date.
  // Movements:
  //   created    P12 1,234.56 + P13 (no amount) 0                   = +1,234.56   (2 deals)
  //   pulled in  P09 close 07-20 -> 06-25, at its end amount         = +16,000.00  (1)
  //   increased  P02 20,000.00 -> 25,000.50 (+5,000.50); P16 0 -> 3,000.00 (+3,000.00) = +8,000.50 (2)
  //   decreased  P03 8,000.00 -> 6,500.25                            = -1,499.75   (1)
  //   won        P04, at its start amount (won at 12,500.00)         = -12,000.00  (1)
  //   lost       P05                                                 = -7,000.00   (1)
  //   pushed out P06 close 06-20 -> 07-15, at its start amount 9,000.00 (now 9,500.00) = -9,000.00 (1)
  //   other in   P10 reopened (lost -> negotiation) 5,500.00 + P11 omitted -> best_case 2,500.00 = +8,000.00 (2)
  //   other out  P07 deleted 4,000.00 + P08 turned omitted 3,000.00 = -7,000.00   (2)
  //   unchanged  P01 (in both at 10,000.00; no bar)
  // End (05-11): P01 10,000.00 + P02 25,000.50 + P03 6,500.25 + P09 16,000.00 + P10 5,500.00 + P11 2,500.00
  //   + P12 1,234.56 + P13 0 + P16 3,000.00 = 69,735.31 in 9 deals.
  // Check: 73,000.00 + 1,234.56 + 16,000.00 + 8,000.50 - 1,499.75 - 12,000.00 - 7,000.00 - 9,000.00 + 8,000.00 - 7,000.00 = 69,735.31.
  it('puts each deal in its one movement at the amount worked out by hand', async () => {
    const rows = await movements(warehouse, '2026-05-04', '2026-05-11', '2026-04-01', '2026-06-30');
    expect(rows.map((row) => [row.opportunity_id, row.category, row.detail, row.amount])).toEqual([
      ['P01', 'unchanged', null, 0],
      ['P02', 'increased', null, 5000.5],
      ['P03', 'decreased', null, -1499.75],
      ['P04', 'won', null, -12000],
      ['P05', 'lost', null, -7000],
      ['P06', 'pushed_out', null, -9000],
      ['P07', 'other_out', 'deleted', -4000],
      ['P08', 'other_out', 'now omitted', -3000],
      ['P09', 'pulled_in', null, 16000],
      ['P10', 'other_in', 'reopened', 5500],
      ['P11', 'other_in', 'no longer omitted', 2500],
      ['P12', 'created', null, 1234.56],
      ['P13', 'created', null, 0],
      ['P16', 'increased', null, 3000],
    ]);
  });

  it('gives the waterfall start, movements and end as worked out by hand, adding up to the cent', async () => {
    const rows = await waterfall(warehouse, '2026-05-04', '2026-05-11', '2026-04-01', '2026-06-30');
    expect(steps(rows)).toEqual([
      ['start', 9, 73000], ['created', 2, 1234.56], ['pulled_in', 1, 16000], ['increased', 2, 8000.5], ['decreased', 1, -1499.75],
      ['won', 1, -12000], ['lost', 1, -7000], ['pushed_out', 1, -9000], ['other_in', 2, 8000], ['other_out', 2, -7000], ['end', 9, 69735.31],
    ]);
    expect(rows.map((row) => row.direction)).toEqual(['total', 'entry', 'entry', 'entry', 'exit', 'exit', 'exit', 'exit', 'entry', 'exit', 'total']);
    // running totals by hand: 73,000.00 -> 74,234.56 -> 90,234.56 -> 98,235.06 -> 96,735.31 -> 84,735.31 -> 77,735.31 -> 68,735.31 -> 76,735.31 -> 69,735.31
    expect(rows.slice(1, -1).map((row) => row.bar_end)).toEqual([74234.56, 90234.56, 98235.06, 96735.31, 84735.31, 77735.31, 68735.31, 76735.31, 69735.31]);
    expectBalanced(rows);
    // and exactly, in DECIMAL arithmetic inside DuckDB
    const [exact] = await warehouse.query(`select sum(amount) filter (where step <> 'end') = sum(amount) filter (where step = 'end') as balanced
      from pipeline_waterfall('2026-05-04'::date, '2026-05-11'::date, '2026-04-01'::date, '2026-06-30'::date)`);
    expect(exact.balanced).toBe(true);
  });

  // Period 2026-Q3 (07-01..09-30). Start: P09 15,000.00 (close 07-20) + P14 6,000.00 (09-01) = 21,000.00.
  // P06 moves its close date into Q3 (06-20 -> 07-15): pulled in at its end amount 9,500.00.
  // P09 moves its close date out of Q3, earlier, into Q2 (07-20 -> 06-25): pushed out at its start amount 15,000.00.
  // End: P06 9,500.00 + P14 6,000.00 = 15,500.00 = 21,000.00 + 9,500.00 - 15,000.00.
  it('moves a deal into and out of a later quarter by its close date, either way', async () => {
    const rows = await waterfall(warehouse, '2026-05-04', '2026-05-11', '2026-07-01', '2026-09-30');
    expect(steps(rows).filter(([, deals]) => deals !== 0)).toEqual([['start', 2, 21000], ['pulled_in', 1, 9500], ['pushed_out', 1, -15000], ['end', 2, 15500]]);
    expectBalanced(rows);
  });

  // Period all: every open deal not omitted counts, whatever its close date (P17 has none).
  // Start: 73,000.00 (Q2 deals) + P09 15,000.00 + P14 6,000.00 + P17 1,000.00 = 95,000.00 in 12 deals.
  // No close date can leave the period, so P06 (+500.00) and P09 (+1,000.00) are increases:
  //   increased = 5,000.50 + 3,000.00 + 500.00 + 1,000.00 = 9,500.50 (4 deals); nothing pulled in or pushed out.
  // End: 69,735.31 (Q2 deals) + P06 9,500.00 + P14 6,000.00 + P17 1,000.00 = 86,235.31 in 12 deals
  //   = 95,000.00 + 1,234.56 + 9,500.50 - 1,499.75 - 12,000.00 - 7,000.00 + 8,000.00 - 7,000.00.
  it('counts every close date, and none, for the period all', async () => {
    const rows = await waterfall(warehouse, '2026-05-04', '2026-05-11', null, null);
    expect(steps(rows)).toEqual([
      ['start', 12, 95000], ['created', 2, 1234.56], ['pulled_in', 0, 0], ['increased', 4, 9500.5], ['decreased', 1, -1499.75],
      ['won', 1, -12000], ['lost', 1, -7000], ['pushed_out', 0, 0], ['other_in', 2, 8000], ['other_out', 2, -7000], ['end', 12, 86235.31],
    ]);
    expectBalanced(rows);
  });

  it('moves nothing between a snapshot and itself', async () => {
    const rows = await waterfall(warehouse, '2026-05-11', '2026-05-11', '2026-04-01', '2026-06-30');
    expect(steps(rows).filter(([, deals]) => deals !== 0)).toEqual([['start', 9, 69735.31], ['end', 9, 69735.31]]);
  });
});

describe('pipeline movement on the demo company (real history: reopened, deleted, omitted, slipped deals)', () => {
  let warehouse: Warehouse;
  let cleanup: () => void;
  let snapshots: string[];
  const demoDir = mkdtempSync(join(tmpdir(), 'leadlens-demo-movement-'));
  beforeAll(async () => {
    // half a year of weekly snapshots across two quarter ends, small enough to load in seconds
    const manifest = await generateDemoCompany({ outDir: demoDir, scale: 0.5, snapshots: 26, firstSnapshot: '2025-01-06' });
    snapshots = manifest.snapshots;
    ({ warehouse, cleanup } = await fixtureWarehouse());
    await ingestPath(warehouse, { path: demoDir });
  }, 180_000);
  afterAll(() => {
    cleanup?.();
    rmSync(demoDir, { recursive: true, force: true });
  });

  // The quarter containing the end snapshot (the view's default), and all time.
  const periodsFor = (to: string): Array<[string | null, string | null]> => {
    const year = Number(to.slice(0, 4));
    const quarter = Math.floor((Number(to.slice(5, 7)) - 1) / 3);
    const start = `${year}-${String(quarter * 3 + 1).padStart(2, '0')}-01`;
    const end = new Date(Date.UTC(year, quarter * 3 + 3, 0)).toISOString().slice(0, 10);
    return [[start, end], [null, null]];
  };

  // Open pipeline closing in the period as of a date, straight from the record mart: independent of the movement models.
  async function openPipeline(asOf: string, start: string | null, end: string | null) {
    return await warehouse.query(`select system, opportunity_id, coalesce(amount, 0) as amount from opportunity_records($1::date)
      where is_open and forecast_category is distinct from 'omitted'
        and (($2::date is null and $3::date is null) or (close_date >= $2::date and close_date <= $3::date))`, [asOf, start, end]);
  }

  it('adds up to the cent for every consecutive pair of snapshots, with each deal in exactly one category', async () => {
    expect(snapshots).toHaveLength(26);
    const details = new Set<string>();
    const categories = new Set<string>();
    for (let i = 1; i < snapshots.length; i += 1) {
      const [from, to] = [snapshots[i - 1], snapshots[i]];
      for (const [start, end] of periodsFor(to)) {
        const rows = await waterfall(warehouse, from, to, start, end);
        expect(rows.map((row) => row.step)).toEqual(['start', 'created', 'pulled_in', 'increased', 'decreased', 'won', 'lost', 'pushed_out', 'other_in', 'other_out', 'end']);
        expectBalanced(rows);

        // start and end equal the open pipeline counted independently from the records, deal by deal
        const [atStart, atEnd, moved] = await Promise.all([openPipeline(from, start, end), openPipeline(to, start, end), movements(warehouse, from, to, start, end)]);
        const key = (row: Record<string, unknown>) => `${row.system}/${row.opportunity_id}`;
        expect(cents(rows[0].amount)).toBe(atStart.reduce((sum, row) => sum + cents(row.amount), 0));
        expect(cents(rows.at(-1)!.amount)).toBe(atEnd.reduce((sum, row) => sum + cents(row.amount), 0));
        expect([rows[0].deals, rows.at(-1)!.deals]).toEqual([atStart.length, atEnd.length]);

        // every deal counted at either date appears once, in one category, and nothing else appears
        const counted = new Set([...atStart, ...atEnd].map(key));
        expect(moved.map(key).sort()).toEqual([...counted].sort());
        expect(new Set(moved.map(key)).size).toBe(moved.length);
        const startKeys = new Set(atStart.map(key));
        const endKeys = new Set(atEnd.map(key));
        for (const row of moved) {
          const inStart = startKeys.has(key(row));
          const inEnd = endKeys.has(key(row));
          const expected = inStart && inEnd ? ['increased', 'decreased', 'unchanged'] : inStart ? ['won', 'lost', 'pushed_out', 'other_out'] : ['created', 'pulled_in', 'other_in'];
          expect(expected).toContain(row.category);
          // leaving at the start amount, entering at the end amount, in both by the change
          const amount = inStart && inEnd ? cents(row.end_amount) - cents(row.start_amount) : inStart ? 0 - cents(row.start_amount) : cents(row.end_amount);
          expect(cents(row.amount)).toBe(amount);
          categories.add(String(row.category));
          if (row.detail) details.add(String(row.detail));
        }
        // each bar's deals and amount are its deals' own
        for (const step of rows.slice(1, -1)) {
          const own = moved.filter((row) => row.category === step.step);
          expect([step.deals, cents(step.amount)]).toEqual([own.length, own.reduce((sum, row) => sum + cents(row.amount), 0)]);
        }
      }
    }
    // the demo's history holds every kind of movement over these 25 weeks
    expect([...categories].sort()).toEqual(['created', 'decreased', 'increased', 'lost', 'other_in', 'other_out', 'pulled_in', 'pushed_out', 'unchanged', 'won']);
    expect([...details].sort()).toEqual(expect.arrayContaining(['deleted', 'now omitted', 'reopened']));
  }, 120_000);
});

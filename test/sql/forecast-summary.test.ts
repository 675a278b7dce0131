import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../pipelines/config/settings.ts';
import { loadSnapshot } from '../../pipelines/load/load-snapshot.ts';
import { FIXTURES, fixtureWarehouse } from '../support/fixture-warehouse.ts';

const FORECAST = join(FIXTURES, 'canonical/forecast/2026-05-15');
const DEV_ORG = resolve(import.meta.dirname, '../../../shared/data/external/salesforce-dev-org-sample');
let cleanup: (() => void) | undefined;
afterEach(() => { cleanup?.(); cleanup = undefined; });

async function summary(settings = DEFAULT_SETTINGS) {
  const fixture = await fixtureWarehouse();
  cleanup = fixture.cleanup;
  await loadSnapshot(fixture.warehouse, { folder: FORECAST, asOf: '2026-05-15', settings });
  const [row] = await fixture.warehouse.query(`select * from forecast_summary('2026-05-15'::date, '2026-04-01'::date, '2026-06-30'::date)`);
  return row;
}

describe('forecast_summary', () => {
  it('gives closed won, weighted pipeline, cumulative categories and coverage for 2026-Q2', async () => {
    // closed won in Q2: F1 10,000 (F2 closed in Q1; F8 lost)
    // open closing in Q2: F3 20,000 @90% commit; F4 8,000, no probability -> proposal 75%, no category -> commit;
    //   F5 12,000 @60% best case; F6 4,000 @0% pipeline; F9 no amount @50% omitted; F7 closes in Q3
    // weighted open = 18,000 + 6,000 + 7,200 + 0 + 0 = 31,200; weighted pipeline = 10,000 + 31,200 = 41,200
    // categories: commit = 10,000 + 20,000 + 8,000 = 38,000; best case = 38,000 + 12,000 = 50,000
    // coverage = open pipeline 44,000 / (company target 50,000 - 10,000) = 1.1 (the east team's target is not the company's)
    expect(await summary()).toMatchObject({
      closed_won: 10000, closed_won_deals: 1, open_deals: 5, open_pipeline: 44000, weighted_open: 31200, weighted_pipeline: 41200,
      category_closed: 10000, category_commit: 38000, category_best_case: 50000, category_pipeline_alone: 4000, category_omitted: 0,
      deals_at_zero_probability: 1, target: 50000, remaining_to_target: 40000, coverage_status: 'open', coverage: 1.1,
    });
  });

  it('weights by stage defaults under the stage policy, so the deal at 0% counts at its stage default', async () => {
    // F6 prospecting 4,000 at the 10% default: 31,200 + 400
    expect(await summary({ ...DEFAULT_SETTINGS, probabilityPolicy: 'stage' })).toMatchObject({ weighted_open: 31600, weighted_pipeline: 41600 });
  });

  it('weighs the Salesforce sample\'s 16 open deals at $1,094,500, apart from closed won', async () => {
    // SOURCE.md: 16 open deals, $2,115,000; amount x probability = $1,094,500 = sum of ExpectedRevenue
    const fixture = await fixtureWarehouse();
    cleanup = fixture.cleanup;
    const settings = { ...DEFAULT_SETTINGS, crms: { salesforce: { dateFormats: ['%m/%d/%y'], timestampFormats: ['%m/%d/%y %I:%M %p', '%m/%d/%y'] } } };
    await loadSnapshot(fixture.warehouse, { folder: DEV_ORG, asOf: '2026-03-12', settings });
    const [all] = await fixture.warehouse.query(`select * from forecast_summary('2026-03-12'::date, null, null)`);
    expect(all).toMatchObject({ open_deals: 16, open_pipeline: 2115000, weighted_open: 1094500, closed_won: 2815000, coverage_status: 'no target' });
  });
});

describe('forecast_trend', () => {
  it('recomputes the forecast for the period at every snapshot', async () => {
    const fixture = await fixtureWarehouse(join(FIXTURES, 'canonical/two_snapshots'));
    cleanup = fixture.cleanup;
    // Q2 2026: on 04-01 O2 (5,000, proposal, no probability -> 75%, category by stage: commit) is open, closing 04-30;
    // on 04-08 it is won (closed 04-05): weighted 3,750 -> 5,000, commit 5,000 -> 5,000
    const trend = await fixture.warehouse.query(`select snapshot_date, closed_won, open_pipeline, weighted_pipeline, category_commit
      from forecast_trend('2026-04-08'::date, '2026-04-01'::date, '2026-06-30'::date)`);
    expect(trend).toEqual([
      { snapshot_date: '2026-04-01', closed_won: 0, open_pipeline: 5000, weighted_pipeline: 3750, category_commit: 5000 },
      { snapshot_date: '2026-04-08', closed_won: 5000, open_pipeline: 0, weighted_pipeline: 5000, category_commit: 5000 },
    ]);
  });
});

import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Warehouse } from '../../server/db/warehouse.ts';
import { FIXTURES, fixtureWarehouse } from '../support/fixture-warehouse.ts';

// Fixture test/fixtures/canonical/source_roi (one snapshot, 2026-07-15), worked by hand for 2026-Q2:
//
// Campaigns: C1 web, 2026-03-02..04-30 (30 March days + 30 April days = 60 days), 6,000;
//            C2 web, 05-01..05-31, 2,000; C3 events, 06-10..06-12, 9,000.
// Source costs: partner 2026-03 500, 04 1,000, 05 1,000, 06 1,000; web 2026-05 700 (ignored: web has campaigns).
// Leads: W1 (03-20, web C1, converted -> OW1); W2 (04-05, C1, -> OW2); W3 (04-15, C1); W4 (05-03, C2, names OW4);
//        W5 (05-10, C2, converted, named by OW5); W6 (05-20, C2); W7 (06-01, web, no campaign);
//        E1..E6 (06-10..06-12, events C3; E1 -> OE1, E2 -> OE2); P1..P8 (Q2, partner, none converted); N1 (05-25, no source).
// Opportunities (created -> closed, amount, type):
//   OW1 03-25 -> won 04-08, 5,000 new (lead W1)          OE1 06-11 -> lost 06-25, 5,000 (lead E1)
//   OW2 04-10 -> won 05-20, 12,000 new (lead W2)         OE2 06-12 -> won 07-10, 20,000 (lead E2: after Q2)
//   OW4 05-05 -> won 06-15, 4,000 new (own source partner, but lead W4 is web: first touch wins)
//   OW5 05-12 -> won 06-20, 6,000, no type (counts as new business) (lead W5)
//   OP1 04-20 -> won 06-05, 10,000 new; OP2 05-01 -> won 06-10, 3,000 renewal; OP3 06-01 -> lost 06-28, 2,000 (partner, no lead)
let warehouse: Warehouse;
let cleanup: () => void;
beforeAll(async () => ({ warehouse, cleanup } = await fixtureWarehouse(join(FIXTURES, 'canonical/source_roi'))));
afterAll(() => cleanup());

const AS_OF = '2026-07-15';
const sourceRoi = async (start: string | null, end: string | null) =>
  Object.fromEntries((await warehouse.query(`select * from source_roi($1::date, $2::date, $3::date)`, [AS_OF, start, end])).map((row) => [row.source, row]));
const campaignRoi = async (start: string | null, end: string | null) =>
  Object.fromEntries((await warehouse.query(`select * from campaign_roi($1::date, $2::date, $3::date)`, [AS_OF, start, end])).map((row) => [row.campaign_id, row]));

describe('source_roi for 2026-Q2', () => {
  it('counts cost spent in the period: campaigns prorated by day, source costs for sources without campaigns', async () => {
    const rows = await sourceRoi('2026-04-01', '2026-06-30');
    // web: C1 6,000 x 30 of its 60 days in Q2 = 3,000, plus C2 2,000 = 5,000 (web's 700 source cost is not added)
    // events: C3 9,000; partner: 1,000 x 3 months = 3,000 (March's 500 is before Q2); no source: 0
    expect([rows.web.cost, rows.events.cost, rows.partner.cost, rows['(none)'].cost, rows['All sources'].cost]).toEqual([5000, 9000, 3000, 0, 17000]);
  });

  it('gives leads, opportunities and pipeline created in the period, and their costs', async () => {
    const rows = await sourceRoi('2026-04-01', '2026-06-30');
    const figures = (source: string) => {
      const row = rows[source];
      return [row.leads, row.cost_per_lead, row.opportunities, row.cost_per_opportunity, row.pipeline];
    };
    // web: leads W2..W7 = 6, 5,000 / 6 = 833.33; opportunities OW2, OW4, OW5 (OW1 was created in March) = 3,
    //   5,000 / 3 = 1,666.67; pipeline 12,000 + 4,000 + 6,000 = 22,000
    expect(figures('web')).toEqual([6, 833.33, 3, 1666.67, 22000]);
    // events: 6 leads, 1,500 each; OE1 + OE2 = 2 for 4,500 each, 25,000
    expect(figures('events')).toEqual([6, 1500, 2, 4500, 25000]);
    // partner: 8 leads, 375 each; OP1..OP3 = 3 for 1,000 each, 15,000
    expect(figures('partner')).toEqual([8, 375, 3, 1000, 15000]);
    // no source: 1 lead (N1) and no cost, so no cost per lead
    expect(figures('(none)')).toEqual([1, null, 0, null, 0]);
    // all: 21 leads, 17,000 / 21 = 809.52; 8 opportunities, 2,125 each; 62,000
    expect(figures('All sources')).toEqual([21, 809.52, 8, 2125, 62000]);
  });

  it('gives won deals and revenue won in the period, cost per new-business won deal, and ROI', async () => {
    const rows = await sourceRoi('2026-04-01', '2026-06-30');
    const figures = (source: string) => {
      const row = rows[source];
      return [row.won, row.lost, row.won_revenue, row.new_business_won, row.cost_per_won_deal, row.roi];
    };
    // web: OW1 (won 04-08 from a March lead still counts: won in Q2), OW2, OW4, OW5 = 4 won, 27,000;
    //   all four new business (OW5 has no type) -> CAC 5,000 / 4 = 1,250; ROI (27,000 - 5,000) / 5,000 = 4.4
    expect(figures('web')).toEqual([4, 0, 27000, 4, 1250, 4.4]);
    // events: OE1 lost; OE2 is won in July, after Q2 -> 0 won, no CAC, ROI (0 - 9,000) / 9,000 = -1
    expect(figures('events')).toEqual([0, 1, 0, 0, null, -1]);
    // partner: OP1 and OP2 won = 13,000, OP3 lost; OP2 is a renewal, so 1 new-business deal -> CAC 3,000;
    //   ROI (13,000 - 3,000) / 3,000 = 3.3333
    expect(figures('partner').slice(0, 5)).toEqual([2, 1, 13000, 1, 3000]);
    expect(rows.partner.roi).toBeCloseTo(10 / 3, 10);
    // no cost: no ROI
    expect(rows['(none)'].roi).toBeNull();
    // all: 6 won, 2 lost, 40,000; 5 new business -> 17,000 / 5 = 3,400; ROI 23,000 / 17,000 = 1.352941
    expect(figures('All sources').slice(0, 5)).toEqual([6, 2, 40000, 5, 3400]);
    expect(rows['All sources'].roi).toBeCloseTo(23000 / 17000, 10);
  });

  it('gives conversion of the lead cohort and win rate of deals closed, with Wilson intervals', async () => {
    const rows = await sourceRoi('2026-04-01', '2026-06-30');
    // web: W2, W4, W5 of 6 converted = 0.5. Wilson 3 of 6: centre 0.5 + 1.96²/12 = 0.820133,
    //   half-width 1.96 sqrt(0.25/6 + 1.96²/144) = 0.512399, over 1 + 1.96²/6 = 1.640267 -> [0.187612, 0.812388]
    expect(rows.web).toMatchObject({ converted_leads: 3, conversion_rate: 0.5 });
    expect(rows.web.conversion_low).toBeCloseTo(0.187612, 5);
    expect(rows.web.conversion_high).toBeCloseTo(0.812388, 5);
    // events: E1, E2 of 6 = 1/3. Wilson: (1/3 + 0.320133 -+ 1.96 sqrt(2/9/6 + 0.026678)) / 1.640267 -> [0.096770, 0.700011]
    expect(rows.events.conversion_rate).toBeCloseTo(1 / 3, 10);
    expect(rows.events.conversion_low).toBeCloseTo(0.09677, 5);
    expect(rows.events.conversion_high).toBeCloseTo(0.700011, 5);
    // partner: 0 of 8. Wilson high (1.96²/16 + 1.96 sqrt(1.96²/256)) / (1 + 1.96²/8) = 0.4802 / 1.4802 = 0.324416
    expect(rows.partner.conversion_rate).toBe(0);
    expect(rows.partner.conversion_low).toBeCloseTo(0, 10);
    expect(rows.partner.conversion_high).toBeCloseTo(0.324416, 5);
    // all: 5 of 21
    expect(rows['All sources'].conversion_rate).toBeCloseTo(5 / 21, 10);
    // win rate: web 4 of 4 = 1, Wilson low (1 + 1.96²/8 - 1.96 sqrt(1.96²/64)) / (1 + 1.96²/4) = 1 / 1.9604 = 0.510100;
    // partner 2 of 3; events 0 of 1; all 6 of 8
    expect(rows.web).toMatchObject({ win_rate: 1, win_rate_high: 1 });
    expect(rows.web.win_rate_low).toBeCloseTo(0.5101, 5);
    expect(rows.partner.win_rate).toBeCloseTo(2 / 3, 10);
    expect(rows.events.win_rate).toBe(0);
    expect(rows['All sources'].win_rate).toBe(0.75);
  });

  it('gives the median days from creation to close of the deals won in the period', async () => {
    const rows = await sourceRoi('2026-04-01', '2026-06-30');
    // web: OW1 03-25 -> 04-08 = 14, OW2 04-10 -> 05-20 = 40, OW4 05-05 -> 06-15 = 41, OW5 05-12 -> 06-20 = 39
    //   -> median of 14, 39, 40, 41 = 39.5
    // partner: OP1 04-20 -> 06-05 = 46, OP2 05-01 -> 06-10 = 40 -> 43; events won nothing
    // all: 14, 39, 40, 40, 41, 46 -> 40
    expect([rows.web.median_days_to_close, rows.partner.median_days_to_close, rows.events.median_days_to_close, rows['All sources'].median_days_to_close])
      .toEqual([39.5, 43, null, 40]);
  });

  it('gives cohort ROI: revenue won to date from the leads created in the period', async () => {
    const rows = await sourceRoi('2026-04-01', '2026-06-30');
    // web: OW2 12,000 + OW4 4,000 + OW5 6,000 = 22,000 (OW1 came from a March lead) -> (22,000 - 5,000) / 5,000 = 3.4
    // events: OE2 won 07-10, after Q2 but by the as-of date: 20,000 -> (20,000 - 9,000) / 9,000 = 1.2222
    // partner: no lead converted -> (0 - 3,000) / 3,000 = -1; all: 42,000 -> 25,000 / 17,000
    expect([rows.web.cohort_won, rows.web.cohort_won_revenue, rows.web.cohort_roi]).toEqual([3, 22000, 3.4]);
    expect([rows.events.cohort_won, rows.events.cohort_won_revenue]).toEqual([1, 20000]);
    expect(rows.events.cohort_roi).toBeCloseTo(11000 / 9000, 10);
    expect(rows.partner.cohort_roi).toBe(-1);
    expect(rows['All sources'].cohort_won_revenue).toBe(42000);
    expect(rows['All sources'].cohort_roi).toBeCloseTo(25000 / 17000, 10);
  });

  it('orders sources by cost, the total last, and agrees with win_rate_by_source', async () => {
    const rows = await warehouse.query(`select source, won, lost from source_roi($1::date, '2026-04-01'::date, '2026-06-30'::date)`, [AS_OF]);
    expect(rows.map((row) => row.source)).toEqual(['events', 'web', 'partner', '(none)', 'All sources']);
    const winRates = await warehouse.query(`select source, won, lost from win_rate_by_source($1::date, '2026-04-01'::date, '2026-06-30'::date)`, [AS_OF]);
    expect(rows.filter((row) => Number(row.won) + Number(row.lost) > 0).sort((x, y) => String(x.source).localeCompare(String(y.source))))
      .toEqual([...winRates].sort((x, y) => String(x.source).localeCompare(String(y.source))));
  });

  it('agrees with the records a drill-down lists (lead_records, opportunity_records)', async () => {
    const count = async (text: string, params: unknown[]) => Number((await warehouse.query(text, params as never))[0].n);
    // web's 6 leads, 3 opportunities created and 4 deals won, filtered the way the records view filters
    expect(await count(`select count(*) as n from lead_records($1::date) where source = 'web' and created_at >= '2026-04-01' and created_at < '2026-07-01'`, [AS_OF])).toBe(6);
    expect(await count(`select count(*) as n from opportunity_records($1::date) where source = 'web' and created_at >= '2026-04-01' and created_at < '2026-07-01'`, [AS_OF])).toBe(3);
    expect(await count(`select count(*) as n from opportunity_records($1::date) where source = 'web' and is_won and closed_on >= '2026-04-01' and closed_on < '2026-07-01'`, [AS_OF])).toBe(4);
    // and C2's two won deals: OW4 by its lead W4's campaign, OW5 by its lead W5's
    expect(await count(`select count(*) as n from opportunity_records($1::date) where campaign_id = 'C2' and is_won and closed_on >= '2026-04-01' and closed_on < '2026-07-01'`, [AS_OF])).toBe(2);
  });
});

describe('source_roi for other periods', () => {
  it('prorates campaigns and month costs by the days a custom period covers', async () => {
    const rows = await sourceRoi('2026-04-16', '2026-05-15');
    // web: C1 6,000 x 15/60 (04-16..04-30) = 1,500, C2 2,000 x 15/31 (05-01..05-15) = 967.741935 -> 2,467.74
    // partner: April 1,000 x 15/30 = 500, May 1,000 x 15/31 = 483.870968 -> 983.87; events: C3 is in June -> no row
    expect(rows.web.cost).toBe(2467.74);
    expect(rows.partner.cost).toBe(983.87);
    expect(rows.events).toBeUndefined();
    expect(rows['All sources'].cost).toBe(3451.61);
  });

  it('takes every cost in full with period all', async () => {
    const rows = await sourceRoi(null, null);
    // web: 6,000 + 2,000 (still not the 700 source cost); events 9,000; partner 500 + 3 x 1,000 = 3,500
    expect([rows.web.cost, rows.events.cost, rows.partner.cost, rows['All sources'].cost]).toEqual([8000, 9000, 3500, 20500]);
    // W1 is in the cohort now: 7 web leads
    expect(rows.web.leads).toBe(7);
  });
});

describe('campaign_roi for 2026-Q2', () => {
  it('counts each campaign cost once, however many deals it won', async () => {
    const rows = await campaignRoi('2026-04-01', '2026-06-30');
    // C2: W4 and W5 each won a deal (OW4 4,000, OW5 6,000); its 2,000 counts once:
    //   ROI (10,000 - 2,000) / 2,000 = 4, CAC 2,000 / 2 = 1,000 (not 4,000 of cost, ROI 1.5)
    expect(rows.C2).toMatchObject({
      system: 'canonical', name: 'Summer webinar', source: 'web', total_cost: 2000, cost: 2000, leads: 3, converted_leads: 2,
      opportunities: 2, pipeline: 10000, won: 2, won_revenue: 10000, cost_per_won_deal: 1000, roi: 4, cohort_won_revenue: 10000, cohort_roi: 4,
    });
    // C1: 3,000 of its 6,000 in Q2; leads W2, W3 (W1 is March); OW2 created in Q2; OW1 and OW2 won in Q2 = 17,000
    //   -> ROI (17,000 - 3,000) / 3,000 = 4.6667, CAC 1,500; median of 14 and 40 days = 27; cohort OW2 12,000 -> 3
    expect(rows.C1).toMatchObject({
      total_cost: 6000, cost: 3000, leads: 2, converted_leads: 1, opportunities: 1, pipeline: 12000, won: 2, won_revenue: 17000,
      cost_per_won_deal: 1500, median_days_to_close: 27, cohort_won_revenue: 12000, cohort_roi: 3,
    });
    expect(rows.C1.roi).toBeCloseTo(14000 / 3000, 10);
    // C3: 9,000; 6 leads, 2 converted; OE1 lost -> ROI -1, no CAC; cohort OE2 20,000
    expect(rows.C3).toMatchObject({ cost: 9000, leads: 6, converted_leads: 2, won: 0, lost: 1, roi: -1, cost_per_won_deal: null, cohort_won_revenue: 20000 });
    // the total is over campaigns only: 3,000 + 2,000 + 9,000 = 14,000 (partner's source costs are no campaign's)
    expect(rows['All campaigns']).toMatchObject({ is_total: true, cost: 14000, leads: 11, won: 4, won_revenue: 27000 });
  });
});

describe('source_comparison_counts', () => {
  const compare = (a: string, b: string) => warehouse.query(`select * from source_comparison_counts($1::date, '2026-04-01'::date, '2026-06-30'::date, $2, $3)`, [AS_OF, a, b]);

  it('gives both cohorts and the pooled z statistic', async () => {
    // web 3 of 6 against events 2 of 6: pooled 5/12 = 0.416667, SE sqrt(0.416667 x 0.583333 x (1/6 + 1/6)) = 0.284638,
    //   z = (0.5 - 0.333333) / 0.284638 = 0.585540
    const [webEvents] = await compare('web', 'events');
    expect(webEvents).toMatchObject({ source_a: 'web', source_b: 'events', leads_a: 6, converted_a: 3, leads_b: 6, converted_b: 2 });
    expect(webEvents.difference).toBeCloseTo(1 / 6, 10);
    expect(webEvents.pooled_rate).toBeCloseTo(5 / 12, 10);
    expect(webEvents.z).toBeCloseTo(0.58554, 5);
    // web 3 of 6 against partner 0 of 8: pooled 3/14 = 0.214286, SE sqrt(0.214286 x 0.785714 x (1/6 + 1/8)) = 0.221601,
    //   z = 0.5 / 0.221601 = 2.256304
    const [webPartner] = await compare('web', 'partner');
    expect(webPartner.z).toBeCloseTo(2.256304, 5);
    expect(webPartner.conversion_high_b).toBeCloseTo(0.324416, 5);
  });

  it('has no statistic when a source has no leads in the period', async () => {
    const [row] = await compare('web', 'nowhere');
    expect(row).toMatchObject({ leads_a: 6, leads_b: 0, conversion_b: null, difference: null, z: null });
  });
});

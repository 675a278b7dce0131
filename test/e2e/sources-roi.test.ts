/**
 * The Sources view's ROI figures in Chromium over the source_roi fixture: the tables and charts as
 * worked out by hand (test/sql/source-roi.test.ts has the whole arithmetic), the compare panel, and
 * drill-downs that land on the records behind a row. Screenshots go to test-results/.
 */
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startDashboard } from '../support/dashboard.ts';
import { FIXTURES } from '../support/fixture-warehouse.ts';
import { launchChromium, openPage, SCREENSHOTS } from '../support/browser.ts';


let browser: Browser;
let page: Page;
let consoleErrors: string[];
let dashboard: Awaited<ReturnType<typeof startDashboard>>;

beforeAll(async () => {
  browser = await launchChromium();
  dashboard = await startDashboard(join(FIXTURES, 'canonical/source_roi'));
});

afterAll(async () => {
  await dashboard?.stop();
  await browser?.close();
});

beforeEach(async () => {
  ({ page, consoleErrors } = await openPage(browser));
});

afterEach(async () => {
  await page.close();
  expect(consoleErrors).toEqual([]);
});

/** Waits until the view has finished loading after a navigation, then saves a screenshot. */
async function screenshot(name: string) {
  await page.waitForSelector('.view:not(.stale)');
  await page.screenshot({ path: join(SCREENSHOTS, name), fullPage: true, animations: 'disabled' });
}

/** The rows of a table as text, keyed by the cells' test ids, the way a reader sees them. */
function tableRows(rowTestId: string, cellTestIds: string[]) {
  return page.$$eval(`[data-testid="${rowTestId}"]`, (rows, ids) => rows.map((row) => Object.fromEntries(ids.map((id) => [id, row.querySelector(`[data-testid="${id}"]`)?.textContent?.trim() ?? null]))), cellTestIds);
}

async function listRecords(query: URLSearchParams) {
  // The records view's URL read the way it reads it: kind, asOf, period, periodOn and one w.<column> per filter.
  const where = Object.fromEntries([...query].filter(([key]) => key.startsWith('w.')).map(([key, value]) => [key.slice(2), value === 'true' ? true : value === 'false' ? false : value]));
  const input = { kind: query.get('kind'), asOf: query.get('asOf'), period: query.get('period'), periodOn: query.get('periodOn'), where, sort: query.get('kind') === 'lead' ? 'lead_id' : 'opportunity_id', direction: 'asc' };
  const response = await fetch(`${dashboard.url}/api/records.list?input=${encodeURIComponent(JSON.stringify(input))}`);
  expect(response.status).toBe(200);
  const { rows, total } = ((await response.json()) as { result: { data: { rows: { lead_id?: string; opportunity_id?: string }[]; total: number } } }).result.data;
  return { total, ids: rows.map((row) => (query.get('kind') === 'lead' ? row.lead_id : row.opportunity_id)) };
}

const ROI_CELLS = ['roi-source', 'roi-cost', 'roi-leads', 'roi-cost-per-lead', 'roi-opportunities', 'roi-cost-per-opportunity', 'roi-pipeline', 'roi-won', 'roi-won-revenue', 'roi-cac', 'roi-roi', 'roi-cohort-roi'];
const QUALITY_CELLS = ['quality-source', 'quality-leads', 'quality-converted', 'quality-conversion', 'quality-closed', 'quality-win-rate', 'quality-median-cycle', 'quality-cohort-won', 'quality-cohort-revenue'];
const CAMPAIGN_CELLS = ['campaign-title', 'campaign-detail', 'campaign-cost-in-period', 'campaign-total-cost', 'campaign-leads', 'campaign-won', 'campaign-won-revenue', 'campaign-roi'];

describe('Sources view: quality and ROI over the source_roi fixture, 2026-Q2 as of 2026-07-15', () => {
  const VIEW = '/sources?asOf=2026-07-15&period=2026-Q2';

  it('shows the ROI table, the campaigns and both charts as worked out by hand', async () => {
    await page.goto(`${dashboard.url}${VIEW}`);
    await page.waitForSelector('[data-testid="roi-row"]');
    await page.waitForSelector('[data-testid="source-roi-chart"] svg');
    await page.waitForSelector('[data-testid="compare-result"]');

    // By hand (test/sql/source-roi.test.ts): web cost 3,000 (30 of C1's 60 days) + 2,000 (C2) = 5,000; 6 leads; 3 opportunities
    // for 22,000; 4 won for 27,000, all new business -> 1,250 each; ROI 22,000 / 5,000 = +440%; median of 14, 39, 40, 41 days = 39.5;
    // cohort 22,000 -> +340%. events: 9,000, won nothing in Q2 -> -100%, cohort OE2 20,000 -> +122%. partner: 3 months of
    // 1,000; 13,000 won, 1 new business -> 3,000; +333%; cohort 0 -> -100%. (none): no cost, no ratios.
    expect(await tableRows('roi-row', ROI_CELLS)).toEqual([
      cells(ROI_CELLS, ['events', '9,000', '6', '1,500', '2', '4,500', '25,000', '0', '0', '—', '-100%', '+122%']),
      cells(ROI_CELLS, ['web', '5,000', '6', '833.33', '3', '1,666.67', '22,000', '4', '27,000', '1,250', '+440%', '+340%']),
      cells(ROI_CELLS, ['partner', '3,000', '8', '375', '3', '1,000', '15,000', '2', '13,000', '3,000', '+333%', '-100%']),
      cells(ROI_CELLS, ['(none)', '0', '1', '—', '0', '—', '0', '0', '0', '—', '—', '—']),
      cells(ROI_CELLS, ['All sources', '17,000', '21', '809.52', '8', '2,125', '62,000', '6', '40,000', '3,400', '+135%', '+147%']),
    ]);
    // conversion web 3 of 6 = 50.0%, Wilson 18.8–81.2%; events 2 of 6, 9.7–70.0%; partner 0 of 8, 0.0–32.4%; all 5 of 21 = 23.8%.
    // win rate web 4 of 4, Wilson 51.0–100.0%; partner 2 of 3; events 0 of 1; all 6 of 8.
    expect(await tableRows('quality-row', QUALITY_CELLS)).toEqual([
      cells(QUALITY_CELLS, ['events', '6', '2', '33.3%9.7–70.0%', '1', '0.0%0.0–79.3%', '—', '1', '20,000']),
      cells(QUALITY_CELLS, ['web', '6', '3', '50.0%18.8–81.2%', '4', '100.0%51.0–100.0%', '39.5 days', '3', '22,000']),
      cells(QUALITY_CELLS, ['partner', '8', '0', '0.0%0.0–32.4%', '3', '66.7%20.8–93.9%', '43 days', '0', '0']),
      cells(QUALITY_CELLS, ['(none)', '1', '0', '0.0%0.0–79.3%', '0', '—', '—', '0', '0']),
      cells(QUALITY_CELLS, ['All sources', '21', '5', '23.8%10.6–45.1%', '8', '75.0%40.9–92.9%', '40 days', '4', '42,000']),
    ]);

    // C2 won two deals; its 2,000 counts once: ROI (10,000 - 2,000) / 2,000 = +400%. C1: 3,000 of its 6,000 in Q2.
    expect(await tableRows('campaign-row', CAMPAIGN_CELLS)).toEqual([
      cells(CAMPAIGN_CELLS, ['Trade show', 'C3 · events · Jun 10 – Jun 12, 2026', '9,000', null, '6', '0', '0', '-100%']),
      cells(CAMPAIGN_CELLS, ['Spring search ads', 'C1 · web · Mar 2 – Apr 30, 2026', '3,000', 'of 6,000', '2', '2', '17,000', '+467%']),
      cells(CAMPAIGN_CELLS, ['Summer webinar', 'C2 · web · May 1 – May 31, 2026', '2,000', null, '3', '2', '10,000', '+400%']),
      cells(CAMPAIGN_CELLS, ['All campaigns', null, '14,000', null, '11', '4', '27,000', '+93%']),
    ]);

    // The cost and revenue chart: two bars per source (4 sources), a legend, an axis label with its unit, the ROI beside each.
    await expect.poll(() => page.locator('[data-testid="source-roi-chart"] [data-testid="roi-bar-mark"]').count()).toBe(8);
    const chartText = await page.getByTestId('source-roi-chart').textContent();
    expect(chartText).toContain('Amount in the period (warehouse currency)');
    expect(chartText).toContain('Won revenue');
    expect(await page.locator('[data-testid="source-roi-chart"] g.roi-label text').allTextContents()).toEqual(['ROI -100%', 'ROI +440%', 'ROI +333%', 'no cost']);
    // The conversion chart: a dot per source with leads and the total.
    await expect.poll(() => page.locator('[data-testid="source-conversion-chart"] [data-testid="conversion-mark"]').count()).toBe(5);
    expect(await page.getByTestId('source-conversion-chart').textContent()).toContain('Leads converted to an opportunity (%)');
    await screenshot('sources-roi-2026-Q2.png');
  });

  it('compares two sources: not significant with the leads needed, then significant', async () => {
    await page.goto(`${dashboard.url}${VIEW}`);
    await page.waitForSelector('[data-testid="compare-result"]');
    // By default the two sources with the most leads: partner (8) and events (6; web has 6 too, events comes first).
    // partner 0 of 8 against events 2 of 6: pooled 2/14; SE sqrt(1/7 x 6/7 x (1/8 + 1/6)) = 0.188982; z = -0.333333 / 0.188982 = -1.76;
    // p = 2 Φ(-1.763834) = 0.078 -> not significant. n = (1.959964 sqrt(2 x 1/6 x 5/6) + 0.841621 sqrt(2/9))² / (1/3)² = 18.4 -> 19:
    // 11 more for partner, 13 more for events.
    expect(await page.getByTestId('compare-a').inputValue()).toBe('partner');
    expect(await page.getByTestId('compare-b').inputValue()).toBe('events');
    expect(await page.getByTestId('compare-difference').textContent()).toBe('Difference in conversion, A − B: -33.3 pts (z = -1.76)');
    expect(await page.getByTestId('compare-significance').textContent()).toBe('Not significant');
    expect(await page.getByTestId('compare-p-value').textContent()).toBe('p = 0.078');
    expect(await page.getByTestId('compare-leads-needed').textContent())
      .toBe('About 19 leads per source would detect a difference this size with 80% power: 11 more for partner, 13 more for events.');

    // web 3 of 6 against events 2 of 6: z = 0.59, p = 0.558; 137 per source, 131 more each.
    await page.getByTestId('compare-a').selectOption('web');
    await expect.poll(() => new URL(page.url()).searchParams.get('compareA')).toBe('web');
    await expect.poll(() => page.getByTestId('compare-p-value').textContent()).toBe('p = 0.558');
    expect(await page.getByTestId('compare-rates').textContent()).toBe('web: 50.0% (3 of 6 leads; 95% CI 18.8–81.2%) · events: 33.3% (2 of 6 leads; 95% CI 9.7–70.0%)');
    expect(await page.getByTestId('compare-difference').textContent()).toBe('Difference in conversion, A − B: +16.7 pts (z = 0.59)');
    expect(await page.getByTestId('compare-leads-needed').textContent()).toContain('About 137 leads per source');
    expect(await page.getByTestId('compare-leads-needed').textContent()).toContain('131 more for web, 131 more for events');
    await screenshot('sources-compare-not-significant.png');

    // web against partner 0 of 8: z = 0.5 / 0.221601 = 2.26, p = 0.024 -> significant, no leads needed.
    await page.getByTestId('compare-b').selectOption('partner');
    await expect.poll(() => page.getByTestId('compare-significance').textContent()).toBe('Significant');
    expect(await page.getByTestId('compare-p-value').textContent()).toBe('p = 0.024');
    expect(await page.getByTestId('compare-leads-needed').count()).toBe(0);
    // The pair lives in the URL: a reload shows the same comparison.
    expect(Object.fromEntries(new URL(page.url()).searchParams)).toEqual({ asOf: '2026-07-15', period: '2026-Q2', compareA: 'web', compareB: 'partner' });
    await page.reload();
    await expect.poll(() => page.getByTestId('compare-significance').textContent()).toBe('Significant');
    await screenshot('sources-compare-significant.png');
  });

  it('drills from a row to its leads, and from a won-deal count to those deals', async () => {
    await page.goto(`${dashboard.url}${VIEW}`);
    await page.waitForSelector('[data-testid="roi-row"]');
    await page.locator('[data-testid="roi-row"][data-source="web"] [data-testid="roi-source"]').click();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/records');
    const leads = new URL(page.url()).searchParams;
    expect(Object.fromEntries(leads)).toEqual({ kind: 'lead', asOf: '2026-07-15', period: '2026-04-01..2026-06-30', periodOn: 'created_at', 'w.source': 'web' });
    // the records behind the 6: web leads created in Q2
    expect(await listRecords(leads)).toEqual({ total: 6, ids: ['W2', 'W3', 'W4', 'W5', 'W6', 'W7'] });
    // and the records page shows as many
    await expect.poll(() => page.getByTestId('records-total').textContent()).toBe('6');

    await page.goBack();
    await page.waitForSelector('[data-testid="roi-row"]');
    await page.locator('[data-testid="roi-row"][data-source="web"] [data-testid="roi-won"] a').click();
    await expect.poll(() => new URL(page.url()).searchParams.get('periodOn')).toBe('closed_on');
    const won = new URL(page.url()).searchParams;
    expect(Object.fromEntries(won)).toEqual({ kind: 'opportunity', asOf: '2026-07-15', period: '2026-04-01..2026-06-30', periodOn: 'closed_on', 'w.source': 'web', 'w.is_won': 'true' });
    // the 4 won: OW1 (from a March lead, won in April), OW2, OW4 (own source partner, first touch web), OW5
    expect(await listRecords(won)).toEqual({ total: 4, ids: ['OW1', 'OW2', 'OW4', 'OW5'] });
    await expect.poll(() => page.getByTestId('records-total').textContent()).toBe('4');
    await screenshot('sources-roi-drill-won.png');

    // A campaign row lists its leads: C2's W4, W5, W6.
    await page.goBack();
    await page.waitForSelector('[data-testid="campaign-row"]');
    await page.locator('[data-testid="campaign-row"][data-campaign="C2"] [data-testid="campaign-title"]').click();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/records');
    expect(await listRecords(new URL(page.url()).searchParams)).toEqual({ total: 3, ids: ['W4', 'W5', 'W6'] });

    // A bar of the chart drills too: partner's revenue bar to its 2 won deals.
    await page.goBack();
    await page.waitForSelector('[data-testid="source-roi-chart"] svg');
    await page.locator('[data-testid="roi-bar-mark"][data-source="partner:Won revenue"]').click();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/records');
    expect(await listRecords(new URL(page.url()).searchParams)).toEqual({ total: 2, ids: ['OP1', 'OP2'] });
  });

  it('says so when the period has nothing to show', async () => {
    await page.goto(`${dashboard.url}/sources?asOf=2026-07-15&period=2025-Q1`);
    await expect.poll(() => page.getByTestId('empty').first().textContent()).toBe('No cost, lead or opportunity in this period.');
    await screenshot('sources-roi-empty.png');
  });
});

function cells(ids: string[], texts: (string | null)[]) {
  return Object.fromEntries(ids.map((id, i) => [id, texts[i]]));
}

/**
 * The Cycle times view in Chromium over test/fixtures/canonical/cycle_times (worked by hand in
 * test/sql/cycle-times.test.ts): the durations table, the curves and the time in stage as a reader
 * sees them, the group-by select in the URL, and drill-downs from a duration row, a curve's mark and
 * a stage's bar to the records behind them. Screenshots go to test-results/.
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
  dashboard = await startDashboard(join(FIXTURES, 'canonical/cycle_times'));
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

const DURATION_CELLS = ['journey', 'journey-completed', 'journey-median', 'journey-p75', 'journey-p90', 'journey-km-median', 'journey-open', 'journey-without-duration'];

/** The rows of a table as text, keyed by the cells' test ids, the way a reader sees them. */
function tableRows(selector: string, cellTestIds: string[]) {
  return page.$$eval(selector, (rows, ids) => rows.map((row) => ids.map((id) => row.querySelector(`[data-testid="${id}"]`)?.textContent?.trim() ?? null)), cellTestIds);
}

/** The records page's query, as the records view reads it. */
function recordsQuery() {
  const url = new URL(page.url());
  return { path: url.pathname, query: Object.fromEntries(url.searchParams) };
}

describe('Cycle times view over the cycle_times fixture', () => {
  it('shows durations, curves and time in stage as worked out by hand', async () => {
    await page.goto(`${dashboard.url}/cycle-times?period=2026-01`);
    await page.waitForSelector('[data-testid="duration-row"]');
    await page.waitForSelector('[data-testid="time-to-close-chart"] svg');
    await page.waitForSelector('[data-testid="time-to-convert-chart"] svg');
    await page.waitForSelector('[data-testid="stage-time-chart"] svg');
    await screenshot('cycle-times-view.png');

    await expect.poll(() => page.getByTestId('as-of-line').textContent()).toContain('As of 2026-03-01');
    // Opportunities: won 10, 20, 40 (median 20, p75 30, p90 36); lost 20; closed 10, 20, 20, 40 (p75 25,
    // p90 34), Kaplan-Meier median day 20 counting the two open deals. A single outcome has none (—).
    expect(await tableRows('[data-testid="opportunity-durations-table"] [data-testid="duration-row"]', DURATION_CELLS)).toEqual([
      ['Won', '3', '20 days', '30 days', '36 days', '—', '2', '0'],
      ['Lost', '1', '20 days', '20 days', '20 days', '—', '2', '0'],
      ['Closed (won or lost)', '4', '20 days', '25 days', '34 days', '20 days', '2', '0'],
    ]);
    // Leads: converted 10, 25 (17.5, 21.25, 23.5); disqualified 12, 26, 50 (26, 38, 45.2); either 10, 12, 25, 26, 50
    // (25, 26, 40.4) with the Kaplan-Meier median on day 26 (S = 3/7); L8 and L7 have no date.
    expect(await tableRows('[data-testid="lead-durations-table"] [data-testid="duration-row"]', DURATION_CELLS)).toEqual([
      ['Converted', '2', '17.5 days', '21.3 days', '23.5 days', '—', '2', '1'],
      ['Disqualified', '3', '26 days', '38 days', '45.2 days', '—', '2', '1'],
      ['Either outcome', '5', '25 days', '26 days', '40.4 days', '26 days', '2', '2'],
    ]);
    expect(await page.locator('[data-testid="opportunity-durations-table"] th').allTextContents()).toContain('Kaplan-Meier median (counts open deals)');

    // Time to close: a dot for each day an outcome happened: still open on days 10, 20, 40; won 10, 20, 40; lost 20.
    const closeMarks = await page.locator('[data-testid="time-to-close-chart"] [data-testid="curve-mark"]').evaluateAll((marks) => marks.map((mark) => mark.getAttribute('data-series')));
    expect(closeMarks.sort()).toEqual(['failure 20', 'open 10', 'open 20', 'open 40', 'success 10', 'success 20', 'success 40'].sort());
    expect(await page.locator('[data-testid="time-to-close-chart"] g[aria-label="x-axis label"] text').allTextContents()).toEqual(['Days since created →']);
    expect(await page.locator('[data-testid="time-to-close-chart"] g[aria-label="y-axis label"] text').allTextContents()).toEqual(['↑ Share of deals (%)']);
    await expect.poll(() => page.getByTestId('time-to-close-chart').textContent()).toContain('Won (cumulative incidence)');

    // Time in stage: qualification median 28, proposal 28, in stage order.
    expect(await tableRows('[data-testid="stage-row"]', ['stage-name', 'stage-opportunities', 'stage-completed', 'stage-median', 'stage-p75', 'stage-p90', 'stage-km-median', 'stage-still-in'])).toEqual([
      ['Qualification', '5', '4', '28 days', '29.3 days', '29.7 days', '29 days', '1'],
      ['Proposal', '3', '2', '28 days', '28 days', '28 days', '28 days', '1'],
    ]);
    expect(await page.locator('[data-testid="stage-time-chart"] [data-testid="stage-mark"]').evaluateAll((marks) => marks.map((mark) => mark.getAttribute('data-stage')))).toEqual(['qualification', 'proposal']);
  });

  it('drills from a duration row to its records', async () => {
    await page.goto(`${dashboard.url}/cycle-times?period=2026-01`);
    await page.waitForSelector('[data-testid="duration-row"]');
    await page.locator('[data-testid="lead-durations-table"] [data-testid="duration-row"][data-journey="lead_to_conversion"]').click();
    await page.waitForURL(/\/records\?/);
    expect(recordsQuery()).toEqual({
      path: '/records',
      query: { kind: 'lead', asOf: '2026-03-01', period: '2026-01', periodOn: 'created_at', sort: 'days_to_convert', direction: 'asc', 'w.is_converted': 'true' },
    });
    // completed 2 + left out 1: L1 (10 days), L3 (25 days), then L8 with no date
    await expect.poll(() => page.getByTestId('records-total').textContent()).toBe('3');
    await page.waitForSelector('[data-testid="record-row"]');
    expect(await page.locator('[data-testid="record-row"]').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-id')))).toEqual(['L1', 'L3', 'L8']);
    await screenshot('cycle-times-drill-duration.png');
  });

  it('drills from a mark on the won curve to the won deals, quickest first', async () => {
    await page.goto(`${dashboard.url}/cycle-times?period=2026-01`);
    await page.waitForSelector('[data-testid="time-to-close-chart"] [data-testid="curve-mark"]');
    await page.locator('[data-testid="time-to-close-chart"] [data-testid="curve-mark"][data-series="success 20"]').click();
    await page.waitForURL(/\/records\?/);
    expect(recordsQuery().query).toEqual({ kind: 'opportunity', asOf: '2026-03-01', period: '2026-01', periodOn: 'created_at', sort: 'days_to_close', direction: 'asc', 'w.is_won': 'true' });
    await page.waitForSelector('[data-testid="record-row"]');
    expect(await page.locator('[data-testid="record-row"]').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-id')))).toEqual(['OW10', 'OW20', 'OW40']);
  });

  it('groups by a dimension from the select, kept in the URL, and drills into a group', async () => {
    await page.goto(`${dashboard.url}/cycle-times?period=2026-01`);
    await page.waitForSelector('[data-testid="duration-row"]');
    await page.getByTestId('group-by').selectOption('industry');
    await page.waitForURL(/groupBy=industry/);
    await page.waitForSelector('[data-testid="time-to-close-by-group-chart"] svg');
    await page.waitForSelector('[data-testid="journey-group"]');
    await screenshot('cycle-times-by-industry.png');
    // with the group column the durations tables still fit a laptop's width, no sideways scrolling
    const overflow = await page.locator('[data-testid="durations"] .table-scroll').evaluateAll((boxes) => boxes.map((box) => box.scrollWidth - box.clientWidth));
    expect(overflow).toEqual([0, 0]);
    // closed deals by industry: retail 1 (Kaplan-Meier median 20), software 3 (20), no account 0 (open: not reached), all 4
    const close = await tableRows('[data-testid="opportunity-durations-table"] [data-testid="duration-row"][data-journey="opportunity_to_close"]', ['journey-group', 'journey-completed', 'journey-km-median']);
    expect(close).toEqual([['retail', '1', '20 days'], ['software', '3', '20 days'], ['(none)', '0', 'not reached'], ['All industries', '4', '20 days']]);
    // the deals with no account: an empty industry in the records link
    await page.locator('[data-testid="opportunity-durations-table"] [data-testid="duration-row"][data-journey="opportunity_to_close"][data-group="(none)"]').click();
    await page.waitForURL(/\/records\?/);
    expect(recordsQuery().query).toMatchObject({ kind: 'opportunity', 'w.industry': '', 'w.is_open': 'false' });
    await expect.poll(() => page.getByTestId('records-total').textContent()).toBe('0');
  });

  it('drills from a stage bar to the deals still in that stage', async () => {
    await page.goto(`${dashboard.url}/cycle-times?period=2026-01&source=partner`);
    await page.waitForSelector('[data-testid="stage-time-chart"] [data-testid="stage-mark"]');
    await page.locator('[data-testid="stage-time-chart"] [data-testid="stage-mark"][data-stage="qualification"]').click();
    await page.waitForURL(/\/records\?/);
    expect(recordsQuery().query).toMatchObject({ kind: 'opportunity', 'w.stage': 'qualification', 'w.is_open': 'true', 'w.source': 'partner' });
    await page.waitForSelector('[data-testid="record-row"]');
    expect(await page.locator('[data-testid="record-row"]').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-id')))).toEqual(['OO50']);
  });

  it('says so when the period has no records', async () => {
    await page.goto(`${dashboard.url}/cycle-times?period=2025-06`);
    await page.waitForSelector('[data-testid="empty"]');
    expect(await page.getByTestId('empty').textContent()).toContain('No lead or opportunity was created in this period');
  });
});

/**
 * The records pages in Chromium: a funnel figure drills down to the leads behind it, a lead opens
 * its detail page, an opportunity's detail shows its snapshot timeline, and the list sorts and
 * pages through the URL. Figures are worked out by hand from the fixtures (see
 * test/sql/funnel.test.ts for two_snapshots). Screenshots go to test-results/.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startDashboard } from '../support/dashboard.ts';
import { TWO_SNAPSHOTS } from '../support/fixture-warehouse.ts';
import { launchChromium, openPage, SCREENSHOTS } from '../support/browser.ts';


let browser: Browser;
let page: Page;
let consoleErrors: string[];

beforeAll(async () => {
  browser = await launchChromium();
});

afterAll(async () => {
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

/** The ids of the listed records, in the order shown. */
const listedIds = () => page.$$eval('[data-testid="record-row"]', (rows) => rows.map((row) => (row as HTMLElement).dataset.id));
const search = () => Object.fromEntries(new URL(page.url()).searchParams);

describe('records over the two-snapshot fixture', () => {
  let dashboard: { url: string; stop: () => Promise<void> };
  beforeAll(async () => { dashboard = await startDashboard(TWO_SNAPSHOTS); });
  afterAll(async () => { await dashboard?.stop(); });

  it('drills from the MQL bar of the funnel to its five leads, then into L1 and its opportunity', async () => {
    await page.goto(`${dashboard.url}/funnel?period=2026-Q1&asOf=2026-04-01`);
    await page.waitForSelector('[data-testid="funnel-chart"] [data-testid="funnel-step-mark"]');
    await page.locator('[data-testid="funnel-chart"] [data-testid="funnel-step-mark"][data-step="mql"]').click();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/records');
    expect(search()).toEqual({ kind: 'lead', asOf: '2026-04-01', period: '2026-Q1', periodOn: 'created_at', 'w.reached_mql': 'true' });

    // By hand (test/sql/funnel.test.ts): the Q1 MQLs are L1 (converted), L2 (working), L3 (qualified),
    // L4 (new, score 60 >= 50) and L5 (converted); L6 (score 10) is not one. Newest first by default.
    await expect.poll(listedIds).toEqual(['L5', 'L4', 'L3', 'L2', 'L1']);
    expect(await page.getByTestId('records-total').textContent()).toBe('5');
    expect(await page.getByTestId('records-description').textContent()).toBe('Leads that reached MQL, created in 2026-Q1 (2026-01-01 to 2026-03-31), as of 2026-04-01');
    expect(await page.locator('[data-testid="record-row"][data-id="L4"] [data-testid="record-step"]').textContent()).toBe('MQL');
    expect(await page.locator('[data-testid="record-row"][data-id="L4"] [data-testid="record-score"]').textContent()).toBe('60');
    await screenshot('records-funnel-mql.png');

    // Sorting by a column's header goes to the URL: lead id A to Z, then Z to A.
    await page.getByTestId('sort-lead_id').click();
    await expect.poll(() => search().sort).toBe('lead_id');
    expect(search().direction).toBe('asc');
    await expect.poll(listedIds).toEqual(['L1', 'L2', 'L3', 'L4', 'L5']);
    expect(await page.locator('th[aria-sort="ascending"]').textContent()).toContain('Lead');
    await page.getByTestId('sort-lead_id').click();
    await expect.poll(listedIds).toEqual(['L5', 'L4', 'L3', 'L2', 'L1']);
    // Score largest first: L4 (60) first; the leads with no score after it.
    await page.getByTestId('sort-score').click();
    await expect.poll(() => search().direction).toBe('desc');
    await expect.poll(async () => (await listedIds())[0]).toBe('L4');
    expect(search()).toMatchObject({ 'w.reached_mql': 'true', period: '2026-Q1' });

    // A row opens the lead: L1 converted to O1 on 2026-01-10, five days after it was created.
    await page.locator('[data-testid="record-row"][data-id="L1"] [data-testid="record-created"]').click();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/records/lead/canonical/L1');
    expect(search()).toEqual({ asOf: '2026-04-01' });
    await expect.poll(() => page.getByTestId('attr-opportunity').textContent()).toBe('O1');
    expect(await page.getByTestId('record-title').textContent()).toBe('Lead L1');
    expect(await page.getByTestId('attr-converted').textContent()).toBe('yes');
    expect(await page.getByTestId('attr-converted-at').textContent()).toBe('2026-01-10 12:00 UTC');
    expect(await page.getByTestId('attr-days-to-convert').textContent()).toBe('5 days');
    expect(await page.getByTestId('attr-step').textContent()).toBe('Won');
    // L1 did not change between the snapshots: one version, from the first snapshot on.
    expect(await page.$$eval('[data-testid="version-row"]', (rows) => rows.map((row) => row.textContent))).toHaveLength(1);
    await page.waitForSelector('[data-testid="state-timeline-chart"] svg');
    await screenshot('record-lead-L1.png');

    // And its opportunity opens from the link.
    await page.getByTestId('attr-opportunity').locator('a').click();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/records/opportunity/canonical/O1');
    await expect.poll(() => page.getByTestId('attr-stage').textContent()).toBe('closed_won');
    expect(await page.getByTestId('attr-amount').textContent()).toBe('10,000');
    expect(await page.getByTestId('attr-lead').textContent()).toBe('L1');
  });

  it('shows O2 as proposal from 2026-04-01, then closed won from 2026-04-08', async () => {
    await page.goto(`${dashboard.url}/records/opportunity/canonical/O2`);
    await page.waitForSelector('[data-testid="version-row"]');
    const versions = await page.$$eval('[data-testid="version-row"]', (rows) => rows.map((row) => ['version-from', 'version-to', 'version-state', 'version-amount', 'version-close-date', 'version-probability']
      .map((testId) => row.querySelector(`[data-testid="${testId}"]`)?.textContent)));
    // From the CSVs: 04-01 proposal, 5,000, close 2026-04-30, no probability (the stage default 75%);
    // 04-08 closed_won at 100%.
    expect(versions).toEqual([
      ['2026-04-01', '2026-04-08', 'proposal', '5,000', '2026-04-30', '75.0%'],
      ['2026-04-08', 'current', 'closed_won', '5,000', '2026-04-30', '100.0%'],
    ]);
    // As of the latest snapshot (2026-04-08) it is won, closed on 04-05: 44 days after its creation on 02-20.
    expect(await page.getByTestId('as-of').textContent()).toBe('2026-04-08');
    expect(await page.getByTestId('attr-stage').textContent()).toBe('closed_won');
    expect(await page.getByTestId('attr-closed-on').textContent()).toBe('2026-04-05');
    expect(await page.getByTestId('attr-days-to-close').textContent()).toBe('44 days');
    // The stage chart: one dot per version, on the proposal and closed_won rows, with labelled axes and a legend.
    await page.waitForSelector('[data-testid="state-timeline-chart"] svg');
    const dots = await page.$$eval('[data-testid="state-timeline-chart"] g.state-version circle', (circles) => circles.map((circle) => circle.querySelector('title')?.textContent));
    expect(dots).toEqual(['Stage proposal from 2026-04-01 to 2026-04-08', 'Stage closed_won from 2026-04-08 (current)']);
    const stageChart = await page.getByTestId('state-timeline-chart').textContent();
    expect(stageChart).toContain('↑ Stage');
    expect(stageChart).toContain('Snapshot date →');
    expect(stageChart).toContain('Version (from the snapshot that changed it)');
    expect(await page.locator('[data-testid="amount-timeline-chart"] g.amount-version circle').count()).toBe(2);
    expect(await page.getByTestId('amount-timeline-chart').textContent()).toContain('↑ Amount (warehouse currency)');
    await screenshot('record-opportunity-O2.png');

    // As of 2026-04-01 the same page shows it open in proposal, and the timeline is unchanged.
    await page.getByTestId('filter-as-of').selectOption('2026-04-01');
    await expect.poll(() => page.getByTestId('attr-stage').textContent()).toBe('proposal');
    expect(await page.locator('[data-testid="version-row"]').count()).toBe(2);
  });

  it('says so when a record does not exist', async () => {
    await page.goto(`${dashboard.url}/records/lead/canonical/L99`);
    await expect.poll(() => page.getByTestId('problem').textContent()).toContain('No such record');
    expect(await page.getByTestId('problem').textContent()).toContain('No lead L99 in system canonical');
    // The API's NOT_FOUND is a 404 response, which the browser may report in its console; nothing else may be there.
    expect(consoleErrors.filter((text) => !text.includes('status of 404'))).toEqual([]);
    consoleErrors.length = 0;
  });

  it('drills from a cohort count, keeps the row drill into the month, and splits the funnel by owner', async () => {
    await page.goto(`${dashboard.url}/funnel?period=2026-Q1&asOf=2026-04-01`);
    await page.waitForSelector('[data-testid="cohort-row"]');
    // The 2026-02 cohort's MQL count (2: L4 by score, L5 converted) opens those leads.
    await page.locator('[data-testid="cohort-row"][data-cohort="2026-02"] [data-testid="cohort-mqls"] a').click();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/records');
    expect(search()).toEqual({ kind: 'lead', asOf: '2026-04-01', period: '2026-Q1', periodOn: 'created_at', 'w.cohort_month': '2026-02', 'w.reached_mql': 'true' });
    await expect.poll(listedIds).toEqual(['L5', 'L4']);
    expect(await page.getByTestId('records-description').textContent()).toBe('Leads of cohort Feb 2026 that reached MQL, created in 2026-Q1 (2026-01-01 to 2026-03-31), as of 2026-04-01');

    // Back on the funnel, a click elsewhere on the row (here its conversion rate) still drills the view into the month.
    await page.goBack();
    await page.locator('[data-testid="cohort-row"][data-cohort="2026-02"] [data-testid="cohort-conversion"]').click();
    await expect.poll(() => search().period).toBe('2026-02');
    expect(new URL(page.url()).pathname).toBe('/funnel');
    await expect.poll(() => page.locator('[data-testid="cohort-row"]').count()).toBe(1);

    // Back on the quarter's funnel, by owner: alice L1 L2 L5 (2 converted), bruno L3 L4 (none), L6 has no owner.
    await page.goBack();
    await expect.poll(() => page.locator('[data-testid="cohort-row"]').count()).toBe(2);
    await page.getByTestId('segment-group-by').selectOption('owner');
    await expect.poll(() => search().groupBy).toBe('owner');
    const segments = () => page.$$eval('[data-testid="segment-row"]', (rows) => rows.map((row) => [(row as HTMLElement).dataset.segment, row.querySelector('[data-testid="segment-lead"]')?.textContent, row.querySelector('[data-testid="segment-opportunity"] a')?.textContent]));
    await expect.poll(segments).toEqual([['alice', '3', '2'], ['bruno', '2', '0'], ['(none)', '1', '0'], ['All leads', '6', '2']]);
    await expect.poll(() => page.locator('[data-testid="segment-chart"] [data-testid="segment-mark"]').count()).toBe(4);
    await screenshot('funnel-by-owner.png');
    // The lead without an owner is listed by an empty owner filter.
    await page.locator('[data-testid="segment-row"][data-segment="(none)"] [data-testid="segment-lead"] a').click();
    await expect.poll(() => search()['w.owner']).toBe('');
    await expect.poll(listedIds).toEqual(['L6']);
    expect(await page.getByTestId('records-description').textContent()).toBe('Leads with no owner, created in 2026-Q1 (2026-01-01 to 2026-03-31), as of 2026-04-01');
  });

  it('lists opportunities created in a month from the period ratio', async () => {
    await page.goto(`${dashboard.url}/funnel?period=2026-Q1&asOf=2026-04-01`);
    await page.waitForSelector('[data-testid="cohort-row"]');
    // January: O1 (01-10), O3 and O4 (01-15) created, 3 leads created -> 3 ÷ 3 = 1.00.
    const cell = page.locator('[data-testid="cohort-row"][data-cohort="2026-01"] [data-testid="cohort-period-ratio"]');
    expect(await cell.locator('.rate').textContent()).toBe('1.00');
    await cell.locator('a').first().click();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/records');
    expect(search()).toEqual({ kind: 'opportunity', asOf: '2026-04-01', period: '2026-01', periodOn: 'created_at' });
    await expect.poll(async () => (await listedIds()).sort()).toEqual(['O1', 'O3', 'O4']);
    expect(await page.getByTestId('records-description').textContent()).toBe('Opportunities created in 2026-01 (2026-01-01 to 2026-01-31), as of 2026-04-01');
    expect(await page.getByTestId('records-total').textContent()).toBe('3');
    await screenshot('records-opportunities-2026-01.png');
  });
});

describe('paging through many records', () => {
  let dashboard: { url: string; stop: () => Promise<void> };
  let folder: string;

  // 120 leads L001..L120, one a day from 2026-01-01: pages of 50 are L001-L050, L051-L100, L101-L120.
  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), 'leadlens-paging-'));
    const snapshot = join(folder, '2026-06-01');
    mkdirSync(snapshot);
    const day = (i: number) => new Date(Date.UTC(2026, 0, 1 + i)).toISOString();
    const leads = Array.from({ length: 120 }, (_, i) => `L${String(i + 1).padStart(3, '0')},${day(i)},web,new`);
    writeFileSync(join(snapshot, 'leads.csv'), ['lead_id,created_at,source,status', ...leads].join('\n'));
    writeFileSync(join(snapshot, 'opportunities.csv'), 'opportunity_id,stage\n');
    dashboard = await startDashboard(folder);
  });
  afterAll(async () => {
    await dashboard?.stop();
    rmSync(folder, { recursive: true, force: true });
  });

  it('shows 50 a page and moves between pages through the URL', async () => {
    await page.goto(`${dashboard.url}/records?kind=lead&period=all&sort=lead_id&direction=asc`);
    await page.waitForSelector('[data-testid="record-row"]');
    expect(await page.getByTestId('records-description').textContent()).toBe('Leads of any date, as of 2026-06-01');
    const range = (first: number, last: number) => Array.from({ length: last - first + 1 }, (_, i) => `L${String(first + i).padStart(3, '0')}`);
    expect(await listedIds()).toEqual(range(1, 50));
    expect(await page.getByTestId('pager-range').textContent()).toBe('1–50 of 120 · page 1 of 3');
    expect(await page.getByTestId('pager-previous').count()).toBe(0);
    await page.getByTestId('pager-next').click();
    await expect.poll(() => search().page).toBe('1');
    await expect.poll(listedIds).toEqual(range(51, 100));
    await page.getByTestId('pager-next').click();
    await expect.poll(listedIds).toEqual(range(101, 120));
    expect(await page.getByTestId('pager-range').textContent()).toBe('101–120 of 120 · page 3 of 3');
    expect(await page.getByTestId('pager-next').count()).toBe(0);
    await screenshot('records-page-3.png');
    // Sorting starts again from the first page.
    await page.getByTestId('sort-lead_id').click();
    await expect.poll(listedIds).toEqual(range(71, 120).reverse());
    expect(search().page).toBeUndefined();
    await page.getByTestId('pager-next').click();
    await expect.poll(() => search().page).toBe('1');
    await page.getByTestId('pager-previous').click();
    await expect.poll(() => search().page).toBeUndefined();
    await expect.poll(listedIds).toEqual(range(71, 120).reverse());
  });
});

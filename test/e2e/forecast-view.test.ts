/**
 * The Forecast view in Chromium: the headline figures, the coverage sentence, the note on open
 * deals at 0%, both charts and every drill-down, over the forecast fixture (one snapshot, figures
 * worked out by hand in test/sql/forecast-summary.test.ts) and the two-snapshot fixture (a trend
 * of two points). Screenshots go to test-results/.
 */
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startDashboard } from '../support/dashboard.ts';
import { FIXTURES, TWO_SNAPSHOTS } from '../support/fixture-warehouse.ts';
import { launchChromium, openPage, SCREENSHOTS } from '../support/browser.ts';

const FORECAST = join(FIXTURES, 'canonical/forecast');
const FORECAST_CHANGES = join(FIXTURES, 'canonical/forecast_changes');

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
  // Plot reports a chart it had to guess about (and draws a ⚠ in it) as a console warning: fail on those too.
  ({ page, consoleErrors } = await openPage(browser, { failOnWarnings: true }));
});

afterEach(async () => {
  await page.close();
  expect(consoleErrors).toEqual([]);
});

/** The headline figures as a reader sees them, by figure. */
function headline(page: Page) {
  return page.$$eval('[data-testid="forecast-figure"]', (cards) => Object.fromEntries(cards.map((card) => [
    (card as HTMLElement).dataset.figure,
    card.querySelector('[data-testid="forecast-figure-value"]')?.textContent?.trim(),
  ])));
}

/** Where a link points, as a path and its query parameters (the order of parameters does not matter). */
function target(href: string | null) {
  const url = new URL(href ?? '', 'http://dashboard');
  return { path: url.pathname, query: Object.fromEntries(url.searchParams) };
}

/** A link's href, whether an HTML anchor or an SVG one drawn by Plot. */
function hrefOf(page: Page, selector: string) {
  return page.locator(selector).first().evaluate((link) => link.getAttribute('href') ?? link.getAttributeNS('http://www.w3.org/1999/xlink', 'href'));
}

async function screenshot(page: Page, name: string) {
  await page.waitForSelector('.view:not(.stale)');
  await page.screenshot({ path: join(SCREENSHOTS, name), fullPage: true, animations: 'disabled' });
}

describe('forecast view over the forecast fixture (one snapshot, 2026-05-15)', () => {
  let dashboard: { url: string; stop: () => Promise<void> };

  beforeAll(async () => { dashboard = await startDashboard(FORECAST); });
  afterAll(async () => { await dashboard?.stop(); });

  it('shows the hand-worked figures for 2026-Q2, the coverage, the 0% note and the way to the pipeline', async () => {
    await page.goto(`${dashboard.url}/forecast?asOf=2026-05-15&period=2026-Q2`);
    await page.waitForSelector('[data-testid="forecast-categories-chart"] svg');
    await page.waitForSelector('[data-testid="forecast-trend-chart"] svg');
    await screenshot(page, 'forecast-2026-Q2.png');

    await expect.poll(() => page.getByTestId('as-of-line').textContent()).toContain('As of 2026-05-15 (period 2026-Q2: 2026-04-01..2026-06-30)');
    // By hand from the fixture's opportunities.csv and targets.csv (test/sql/forecast-summary.test.ts):
    // closed won in Q2: F1 10,000. Open closing in Q2: F3 20,000 @90% commit, F4 8,000 (proposal: 75%, commit),
    // F5 12,000 @60% best case, F6 4,000 @0% pipeline, F9 no amount, omitted -> 5 deals, 44,000.
    // Weighted: 10,000 + 18,000 + 6,000 + 7,200 + 0 + 0 = 41,200. Commit: 10,000 + 20,000 + 8,000 = 38,000;
    // best case: 38,000 + 12,000 = 50,000. Company target 2026-Q2: 50,000.
    expect(await headline(page)).toEqual({
      closed_won: '10,000', weighted_pipeline: '41,200', commit: '38,000', best_case: '50,000', open_pipeline: '44,000', target: '50,000',
    });
    const card = (figure: string) => page.locator(`[data-testid="forecast-figure"][data-figure="${figure}"]`).textContent();
    expect(await card('closed_won')).toContain('1 deal won in the period');
    // 41,200 - 10,000 closed won = 31,200 from the open deals.
    expect(await card('weighted_pipeline')).toContain('31,200 from open deals');
    expect(await card('open_pipeline')).toContain('5 deals closing in the period');
    // The pipeline category alone: F6 4,000.
    expect(await page.getByTestId('forecast-pipeline-alone').textContent()).toBe('4,000');
    // Coverage: 44,000 / (50,000 - 10,000) = 1.1.
    expect(await page.getByTestId('forecast-coverage').textContent()).toBe('1.1x coverage of the remaining 40,000');

    // F6 is the one open deal at 0%.
    const note = await page.getByTestId('forecast-zero-probability').textContent();
    expect(note).toContain('1 open deal carries a CRM probability of 0%');
    expect(note).toContain('nothing to the weighted pipeline');
    expect(note).toContain('the probability policy is set in leadlens.config.json');

    const pipeline = page.getByTestId('forecast-pipeline-link');
    expect(await pipeline.textContent()).toBe('What moved the pipeline');
    expect(target(await pipeline.getAttribute('href'))).toEqual({ path: '/pipeline', query: { asOf: '2026-05-15', period: '2026-Q2' } });

    // The categories chart: a bar per category, its figure above it, the target line, a legend and a money axis.
    const chart = page.getByTestId('forecast-categories-chart');
    expect(await chart.locator('g.forecast-category-label text').allTextContents()).toEqual(['10,000', '38,000', '50,000', '44,000 open']);
    expect(await chart.locator('g.forecast-target line').count()).toBe(1);
    expect(await chart.locator('g.forecast-target-label text').textContent()).toContain('50,000');
    expect(await chart.locator('g[aria-label="y-axis label"] text').allTextContents()).toEqual(['↑ Amount (warehouse currency)']);
    const legend = await chart.textContent();
    for (const name of ['Closed won', 'Commit', 'Best case', 'Open pipeline', 'Target']) expect(legend).toContain(name);

    // The trend has one point per series at the one snapshot.
    const trend = page.getByTestId('forecast-trend-chart');
    expect(await trend.locator('[data-testid="forecast-trend-point"]').count()).toBe(4);
    expect(await trend.locator('g[aria-label="x-axis label"] text').allTextContents()).toEqual(['Snapshot date →']);

    // Methods: weighted and the cumulative categories as above; with one snapshot there is no past
    // quarter to learn from, so the historical and Monte Carlo methods say so instead of a number.
    const method = (name: string) => page.locator(`[data-testid="forecast-method-row"][data-method="${name}"]`);
    expect(await method('weighted').locator('[data-testid="method-figure"]').textContent()).toBe('41,200');
    expect(await method('commit').locator('[data-testid="method-figure"]').textContent()).toBe('38,000');
    expect(await method('historical').locator('[data-testid="method-figure"]').textContent()).toBe('—');
    expect(await method('historical').locator('[data-testid="method-note"]').textContent()).toMatch(/history/);
    expect(consoleErrors).toEqual([]);
  });

  it('drills from each figure and category bar to the deals behind it', async () => {
    await page.goto(`${dashboard.url}/forecast?asOf=2026-05-15&period=2026-Q2`);
    await page.waitForSelector('[data-testid="forecast-categories-chart"] svg');
    const open = { kind: 'opportunity', asOf: '2026-05-15', period: '2026-Q2', periodOn: 'close_date', 'w.is_open': 'true' };
    const closedWon = { kind: 'opportunity', asOf: '2026-05-15', period: '2026-Q2', periodOn: 'closed_on', 'w.is_won': 'true' };
    const commit = { ...open, 'w.forecast_category_or_stage': 'commit' };
    const bestCase = { ...open, 'w.forecast_category_or_stage': 'best_case' };

    const bar = (deals: string) => hrefOf(page, `[data-testid="forecast-categories-chart"] [data-testid="forecast-category-bar"][data-deals="${deals}"]`);
    expect(target(await bar('commit'))).toEqual({ path: '/records', query: commit });
    expect(target(await bar('best_case'))).toEqual({ path: '/records', query: bestCase });
    expect(target(await bar('open_pipeline'))).toEqual({ path: '/records', query: open });
    expect(target(await bar('closed_won'))).toEqual({ path: '/records', query: closedWon });

    const figure = (name: string) => hrefOf(page, `[data-testid="forecast-figure"][data-figure="${name}"] [data-testid="forecast-figure-value"]`);
    expect(target(await figure('closed_won'))).toEqual({ path: '/records', query: closedWon });
    expect(target(await figure('weighted_pipeline'))).toEqual({ path: '/records', query: open });
    expect(target(await figure('commit'))).toEqual({ path: '/records', query: commit });
    expect(target(await figure('best_case'))).toEqual({ path: '/records', query: bestCase });
    expect(target(await figure('open_pipeline'))).toEqual({ path: '/records', query: open });
    expect(target(await hrefOf(page, '[data-testid="forecast-coverage"] a'))).toEqual({ path: '/records', query: open });

    // A trend dot drills to its deals as of its own snapshot.
    const dot = await hrefOf(page, '[data-testid="forecast-trend-point"][data-point="2026-05-15 Commit"]');
    expect(target(dot)).toEqual({ path: '/records', query: commit });

    // A click on the commit bar opens the records page with those filters.
    await page.locator('[data-testid="forecast-category-bar"][data-deals="commit"]').click();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/records');
    expect(Object.fromEntries(new URL(page.url()).searchParams)).toEqual(commit);
  });

  it('takes the quarter of the as-of snapshot by default, and another period from the filter bar', async () => {
    await page.goto(`${dashboard.url}/forecast`);
    await page.waitForSelector('[data-testid="forecast-figure"]');
    await expect.poll(() => page.getByTestId('as-of-line').textContent()).toContain('As of 2026-05-15 (period default, 2026-04-01..2026-06-30)');
    expect((await headline(page)).weighted_pipeline).toBe('41,200');
    // With no period in the URL the drill-downs carry the days the server resolved.
    expect(target(await hrefOf(page, '[data-testid="forecast-figure"][data-figure="commit"] [data-testid="forecast-figure-value"]')).query.period).toBe('2026-04-01..2026-06-30');
    expect(target(await page.getByTestId('forecast-pipeline-link').getAttribute('href'))).toEqual({ path: '/pipeline', query: {} });

    await page.getByTestId('filter-period').selectOption('2026-Q1');
    await expect.poll(() => new URL(page.url()).searchParams.get('period')).toBe('2026-Q1');
    // 2026-Q1 by hand: F2 5,000 won on 2026-03-20; no open deal closes in Q1 (the open ones close in Q2 and Q3);
    // company target 40,000 -> coverage 0 / (40,000 - 5,000) = 0.0x of the remaining 35,000.
    await expect.poll(() => headline(page)).toEqual({
      closed_won: '5,000', weighted_pipeline: '5,000', commit: '5,000', best_case: '5,000', open_pipeline: '0', target: '40,000',
    });
    expect(await page.getByTestId('forecast-coverage').textContent()).toBe('0.0x coverage of the remaining 35,000');
    // F6 closes in Q2, so Q1 has no open deal at 0%.
    expect(await page.getByTestId('forecast-zero-probability').count()).toBe(0);
    await screenshot(page, 'forecast-2026-Q1.png');
  });

  it('shows the forecast by team and owner, each owner\'s figures opening that owner\'s deals', async () => {
    await page.goto(`${dashboard.url}/forecast?asOf=2026-05-15&period=2026-Q2`);
    await page.waitForSelector('[data-testid="forecast-owner-row"]');
    await screenshot(page, 'forecast-by-owner-2026-Q2.png');
    const rows = page.locator('[data-testid="forecast-owner-row"]');
    // Teams in name order, no team last, each team's owners beneath it (owners.csv: alice, bruno east; carol, erin west; dan in no row).
    expect(await rows.locator('[data-testid="owner-name"]').allTextContents()).toEqual(['east', 'alice', 'bruno', 'west', 'carol', 'erin', '(no team)', 'dan', '(no owner)']);
    const cells = (selector: string) => page.locator(selector).locator('td').allTextContents();
    // By hand (test/sql/forecast-by-owner.test.ts): east = F1 10,000 won + F3 20,000 @90% + F4 8,000 @75%:
    // open 28,000, weighted 34,000, commit 38,000; target 30,000 -> 28,000 / 20,000 = 1.4x.
    expect(await cells('[data-testid="forecast-owner-row"][data-level="team"][data-team="east"]')).toEqual(
      ['east', '10,000', '28,000', '34,000', '38,000', '38,000', '—', '30,000', '1.4x']);
    // alice: 10,000 won + F3: weighted 28,000, commit 30,000; her target 20,000 -> 20,000 / 10,000 = 2.0x.
    const alice = '[data-testid="forecast-owner-row"][data-owner="alice"]';
    expect(await cells(alice)).toEqual(['alice', '10,000', '20,000', '28,000', '30,000', '30,000', '—', '20,000', '2.0x']);
    // erin has a target and no deal; one snapshot gives the historical method nothing to learn from, and says so.
    expect(await cells('[data-testid="forecast-owner-row"][data-owner="erin"]')).toEqual(['erin', '0', '0', '0', '0', '0', '—', '5,000', '0.0x']);
    expect(await page.getByTestId('forecast-owner-historical-note').textContent()).toContain('not enough history');

    // The no-team row has no drill-down (the records list names that team otherwise); its owners do.
    // A figure with no deal behind it (erin's, west's commit) is no link either.
    expect(await page.locator('[data-testid="forecast-owner-row"][data-level="team"][data-team="(no team)"] a').count()).toBe(0);
    expect(await page.locator('[data-testid="forecast-owner-row"][data-owner="erin"] a').count()).toBe(0);
    expect(await page.locator('[data-testid="forecast-owner-row"][data-level="team"][data-team="west"] [data-testid="owner-commit"] a').count()).toBe(0);
    const closedWon = { kind: 'opportunity', asOf: '2026-05-15', period: '2026-Q2', periodOn: 'closed_on', 'w.is_won': 'true' };
    const open = { kind: 'opportunity', asOf: '2026-05-15', period: '2026-Q2', periodOn: 'close_date', 'w.is_open': 'true' };
    expect(target(await hrefOf(page, `${alice} [data-testid="owner-closed-won"] a`))).toEqual({ path: '/records', query: { ...closedWon, 'w.owner': 'alice', 'w.team': 'east' } });
    expect(target(await hrefOf(page, `${alice} [data-testid="owner-commit"] a`))).toEqual({ path: '/records', query: { ...open, 'w.owner': 'alice', 'w.team': 'east', 'w.forecast_category_or_stage': 'commit' } });
    expect(target(await hrefOf(page, '[data-testid="forecast-owner-row"][data-owner="(no owner)"] [data-testid="owner-open-pipeline"] a'))).toEqual({ path: '/records', query: { ...open, 'w.owner': '' } });
    expect(target(await hrefOf(page, '[data-testid="forecast-owner-row"][data-level="team"][data-team="west"] [data-testid="owner-best-case"] a'))).toEqual({ path: '/records', query: { ...open, 'w.team': 'west', 'w.forecast_category_or_stage': 'best_case' } });

    // Bruno's open pipeline lists F4 alone: F7, his other open deal, closes in Q3.
    await page.locator('[data-testid="forecast-owner-row"][data-owner="bruno"] [data-testid="owner-open-pipeline"] a').click();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/records');
    await page.waitForSelector('[data-testid="record-row"]');
    expect(await page.locator('[data-testid="record-row"]').evaluateAll((found) => found.map((row) => row.getAttribute('data-id')))).toEqual(['F4']);
    // and alice's closed won lists F1 (F2, also hers, was won in Q1)
    await page.goBack();
    await page.locator(`${alice} [data-testid="owner-closed-won"] a`).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('w.is_won')).toBe('true');
    await expect.poll(() => page.locator('[data-testid="record-row"]').evaluateAll((found) => found.map((row) => row.getAttribute('data-id')))).toEqual(['F1']);
  });

  it('says there is nothing to compare a single snapshot with', async () => {
    await page.goto(`${dashboard.url}/forecast?asOf=2026-05-15&period=2026-Q2`);
    await page.waitForSelector('[data-testid="forecast-changes-empty"]');
    expect(await page.getByTestId('forecast-changes-table').count()).toBe(0);
  });
});

describe('forecast view over the two-snapshot fixture', () => {
  let dashboard: { url: string; stop: () => Promise<void> };

  beforeAll(async () => { dashboard = await startDashboard(TWO_SNAPSHOTS); });
  afterAll(async () => { await dashboard?.stop(); });

  it('draws the trend of 2026-Q2 over both snapshots, with no target', async () => {
    await page.goto(`${dashboard.url}/forecast?period=2026-Q2`);
    await page.waitForSelector('[data-testid="forecast-trend-chart"] svg');
    await screenshot(page, 'forecast-two-snapshots-2026-Q2.png');

    await expect.poll(() => page.getByTestId('as-of-line').textContent()).toContain('As of 2026-04-08');
    // By hand: as of 2026-04-08, O2 (5,000) was won on 2026-04-05; nothing else closes in Q2.
    expect(await headline(page)).toEqual({
      closed_won: '5,000', weighted_pipeline: '5,000', commit: '5,000', best_case: '5,000', open_pipeline: '0', target: 'None',
    });
    expect(await page.getByTestId('forecast-coverage').textContent()).toBe('No target for this period');
    expect(await page.getByTestId('forecast-zero-probability').count()).toBe(0);

    // Two snapshots by four series. On 2026-04-01 O2 was open (5,000, proposal, no probability -> 75%, commit
    // by its stage): weighted 3,750, commit 5,000, closed won 0; on 2026-04-08 it is won: every figure 5,000.
    const points = page.locator('[data-testid="forecast-trend-chart"] [data-testid="forecast-trend-point"]');
    expect(await points.count()).toBe(8);
    const title = (point: string) => page.locator(`[data-testid="forecast-trend-point"][data-point="${point}"] title`).textContent();
    expect(await title('2026-04-01 Weighted pipeline')).toContain('Weighted pipeline as of Apr 1, 2026: 3,750');
    expect(await title('2026-04-01 Closed won')).toContain('Closed won as of Apr 1, 2026: 0');
    expect(await title('2026-04-01 Commit')).toContain('Commit as of Apr 1, 2026: 5,000');
    expect(await title('2026-04-08 Weighted pipeline')).toContain('Weighted pipeline as of Apr 8, 2026: 5,000');
    expect(await title('2026-04-08 Closed won')).toContain('Closed won as of Apr 8, 2026: 5,000');
    // The dot of 2026-04-01 drills to the deals as of that snapshot.
    expect(target(await hrefOf(page, '[data-testid="forecast-trend-point"][data-point="2026-04-01 Commit"]'))).toEqual({
      path: '/records', query: { kind: 'opportunity', asOf: '2026-04-01', period: '2026-Q2', periodOn: 'close_date', 'w.is_open': 'true', 'w.forecast_category_or_stage': 'commit' },
    });
    expect(await page.locator('[data-testid="forecast-trend-chart"] g[aria-label="x-axis tick label"] text').allTextContents()).toEqual(['Apr 12026', 'Apr 8']);
    // No target: no target line in either chart.
    expect(await page.locator('g.forecast-target').count()).toBe(0);
  });
});

describe('forecast view over the forecast-changes fixture (three weekly snapshots)', () => {
  let dashboard: { url: string; stop: () => Promise<void> };

  beforeAll(async () => { dashboard = await startDashboard(FORECAST_CHANGES); });
  afterAll(async () => { await dashboard?.stop(); });

  it('says what moved the forecast each week, and opens the week\'s pipeline movement', async () => {
    await page.goto(`${dashboard.url}/forecast?asOf=2026-05-18&period=2026-Q2`);
    await page.waitForSelector('[data-testid="forecast-change-row"]');
    await page.waitForSelector('[data-testid="forecast-trend-chart"] svg');
    await screenshot(page, 'forecast-changes-2026-Q2.png');

    // Latest week first. By hand (test/sql/forecast-trend-changes.test.ts): to 05-11, C01 won at 11,000, C02 lost
    // (6,000), C03 created (4,000), C04 pulled in (8,000), C05 pushed out (7,000), C06 20,000 x (70% - 40%) = +6,000,
    // C07 best case -> commit; weighted 30,800 -> 37,000. To 05-18, C11 won at 1,500, C06 24,000 x (60% - 70%) = -2,400
    // and resized 70% x 4,000 = +2,800, C07 back to best case; weighted 37,000 -> 38,300.
    const row = (snapshot: string) => page.locator(`[data-testid="forecast-change-row"][data-snapshot="${snapshot}"] td`).allTextContents();
    expect(await page.locator('[data-testid="forecast-change-row"]').evaluateAll((rows) => rows.map((found) => found.getAttribute('data-snapshot')))).toEqual(['2026-05-18', '2026-05-11']);
    expect(await row('2026-05-11')).toEqual([
      'May 4 → May 11', '+6,200', '1 · 11,000', '1 · 6,000', '1 · 4,000', '1 · 8,000', '1 · 7,000', '↑1 ↓0 · +6,000', '0', '↑1 ↓0',
    ]);
    expect(await row('2026-05-18')).toEqual(['May 11 → May 18', '+1,300', '1 · 1,500', '0', '0', '0', '0', '↑0 ↓1 · -2,400', '1 · +2,800', '↑0 ↓1']);

    const week = page.locator('[data-testid="forecast-change-row"][data-snapshot="2026-05-11"] [data-testid="change-week"] a');
    expect(target(await week.getAttribute('href'))).toEqual({ path: '/pipeline', query: { asOf: '2026-05-11', from: '2026-05-04', period: '2026-Q2' } });
    await week.click();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/pipeline');
    await expect.poll(() => page.getByTestId('movement-from').textContent()).toBe('2026-05-04');
    expect(await page.getByTestId('movement-to').textContent()).toBe('2026-05-11');

    // A click anywhere on the other week's row opens it too.
    await page.goBack();
    await page.locator('[data-testid="forecast-change-row"][data-snapshot="2026-05-18"] [data-testid="change-weighted"]').click();
    await expect.poll(() => Object.fromEntries(new URL(page.url()).searchParams)).toEqual({ asOf: '2026-05-18', from: '2026-05-11', period: '2026-Q2' });
  });
});

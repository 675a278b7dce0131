/**
 * The built dashboard in Chromium over the two-snapshot fixture: the figures on screen equal the
 * procedures' and the values worked out by hand from the fixture's CSVs, filters live in the URL,
 * and rows and marks drill down. Screenshots go to test-results/.
 */
import type { Server } from 'node:http';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createDashboardServer, listen } from '../../server/http-server.ts';
import { startDashboard } from '../support/dashboard.ts';
import { fixtureWarehouse, TWO_SNAPSHOTS } from '../support/fixture-warehouse.ts';
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
});

/** The cohort table as text, the way a reader sees it. */
function cohortRows(page: Page) {
  return page.$$eval('[data-testid="cohort-row"]', (rows) => rows.map((row) => {
    const cell = (testId: string, part = '') => row.querySelector(`[data-testid="${testId}"] ${part}`)?.textContent?.trim();
    return {
      cohort: (row as HTMLElement).dataset.cohort, leads: cell('cohort-leads'), mqls: cell('cohort-mqls'), sqls: cell('cohort-sqls'),
      opportunities: cell('cohort-opportunities'), won: cell('cohort-won'),
      conversion: cell('cohort-conversion', '.rate'), conversionInterval: cell('cohort-conversion', '.interval'),
      leadToWon: cell('cohort-lead-to-won', '.rate'),
    };
  }));
}

function sourceRows(page: Page) {
  return page.$$eval('[data-testid="source-row"]', (rows) => rows.map((row) => {
    const cell = (testId: string, part = '') => row.querySelector(`[data-testid="${testId}"] ${part}`)?.textContent?.trim();
    return {
      source: cell('source-name'), isTotal: row.classList.contains('total-row'), won: cell('source-won'), lost: cell('source-lost'), closed: cell('source-closed'),
      winRate: cell('source-win-rate', '.rate'), wonAmount: cell('source-won-amount'), lostAmount: cell('source-lost-amount'), winRateByAmount: cell('source-win-rate-by-amount'),
    };
  }));
}

/** Waits until the view has finished loading after a navigation, then saves a screenshot. */
async function screenshot(page: Page, name: string) {
  await page.waitForSelector('.view:not(.stale)');
  await page.screenshot({ path: join(SCREENSHOTS, name), fullPage: true, animations: 'disabled' });
}

const percent = (rate: number | null) => (rate === null ? '—' : `${(rate * 100).toFixed(1)}%`);

describe('dashboard over the two-snapshot fixture', () => {
  let dashboard: { url: string; stop: () => Promise<void> };

  beforeAll(async () => { dashboard = await startDashboard(TWO_SNAPSHOTS); });
  afterAll(async () => { await dashboard?.stop(); });
  afterEach(() => { expect(consoleErrors).toEqual([]); });

  async function callApi<Output>(procedure: string, input: unknown): Promise<Output> {
    const response = await fetch(`${dashboard.url}/api/${procedure}?input=${encodeURIComponent(JSON.stringify(input))}`);
    expect(response.status).toBe(200);
    return ((await response.json()) as { result: { data: Output } }).result.data;
  }

  it('shows the funnel by cohort as the mart computes it and as worked out by hand, then filters and drills down', async () => {
    await page.goto(`${dashboard.url}/funnel?period=2026-Q1&asOf=2026-04-01`);
    await page.waitForSelector('[data-testid="cohort-row"]');
    await page.waitForSelector('[data-testid="funnel-chart"] svg');
    await screenshot(page, 'funnel-2026-Q1.png');

    await expect.poll(() => page.getByTestId('as-of-line').textContent()).toContain('As of 2026-04-01 (period 2026-Q1: 2026-01-01..2026-03-31)');

    // The same figures through the API the page calls.
    type Cohort = { cohort_month: string; leads: number; mqls: number; sqls: number; opportunities: number; won: number; conversion_rate: number; lead_to_won_rate: number };
    const report = await callApi<{ tables: { cohorts: Cohort[]; steps: { records: number }[] } }>('funnel.view', { asOf: '2026-04-01', period: '2026-Q1' });
    const shown = await cohortRows(page);
    expect(shown.map(({ cohort, leads, mqls, sqls, opportunities, won, conversion, leadToWon }) => ({ cohort, leads, mqls, sqls, opportunities, won, conversion, leadToWon })))
      .toEqual(report.tables.cohorts.map((row) => ({
        cohort: row.cohort_month, leads: String(row.leads), mqls: String(row.mqls), sqls: String(row.sqls), opportunities: String(row.opportunities),
        won: String(row.won), conversion: percent(row.conversion_rate), leadToWon: percent(row.lead_to_won_rate),
      })));

    // By hand from the 2026-04-01 leads.csv (L7 has no created_at, so no Q1 cohort):
    // 2026-01: L1 converted to O1 (won 2026-02-01), L2 working, L3 qualified
    //   -> 3 leads, MQL 3 (working, qualified, converted), SQL 2 (L1, L3), 1 opportunity, 1 won.
    // 2026-02: L4 new with score 60 >= 50 (MQL), L5 converted to O2 (open), L6 new with score 10
    //   -> 3 leads, MQL 2 (L4, L5), SQL 1 (L5), 1 opportunity, 0 won.
    // Conversion 1/3 = 33.3% in both; Wilson 95% for 1 of 3: (1/3 + 1.96²/6 ± 1.96·sqrt(2/27 + 1.96²/36)) / (1 + 1.96²/3) = 6.1%..79.2%.
    expect(shown).toEqual([
      { cohort: '2026-01', leads: '3', mqls: '3', sqls: '2', opportunities: '1', won: '1', conversion: '33.3%', conversionInterval: '6.1–79.2%', leadToWon: '33.3%' },
      { cohort: '2026-02', leads: '3', mqls: '2', sqls: '1', opportunities: '1', won: '0', conversion: '33.3%', conversionInterval: '6.1–79.2%', leadToWon: '0.0%' },
    ]);

    // The funnel chart: one bar per step, labelled with the step's count (6, 5, 3, 2, 1 over both cohorts).
    await expect.poll(() => page.locator('[data-testid="funnel-chart"] g.funnel-step rect').count()).toBe(5);
    // Each label's first line is the count, the second the rates.
    const barLabels = await page.$$eval('[data-testid="funnel-chart"] g.funnel-step-label text', (texts) => texts.map((text) => Array.from(text.children, (line) => line.textContent)));
    expect(barLabels.map((lines) => lines[0])).toEqual(report.tables.steps.map((step) => String(step.records)));
    expect(barLabels.map((lines) => lines[0])).toEqual(['6', '5', '3', '2', '1']);
    // MQL 5 of 6 leads = 83.3% of previous and of leads; won 1 of 2 opportunities = 50.0%, 1 of 6 leads = 16.7%.
    expect(barLabels[1][1]).toBe('83.3% of previous · 83.3% of leads');
    expect(barLabels[4][1]).toBe('50.0% of previous · 16.7% of leads');
    await expect.poll(() => page.getByTestId('conversion-chart').textContent()).toContain('Share of cohort leads (%)');

    // A filter changed through the page goes to the URL and changes the figures.
    await page.getByTestId('filter-source').selectOption('web');
    await expect.poll(() => new URL(page.url()).searchParams.get('source')).toBe('web');
    expect(new URL(page.url()).searchParams.get('period')).toBe('2026-Q1');
    // web leads: 2026-01 L1 (converted, won) and L2; 2026-02 L5 (converted, open).
    await expect.poll(async () => (await cohortRows(page)).map((row) => [row.cohort, row.leads, row.opportunities, row.conversion]))
      .toEqual([['2026-01', '2', '1', '50.0%'], ['2026-02', '1', '1', '100.0%']]);
    await screenshot(page, 'funnel-2026-Q1-web.png');

    // A cohort row drills into its month, keeping the other filters.
    await page.locator('[data-testid="cohort-row"][data-cohort="2026-02"] [data-testid="cohort-leads"]').click();
    await expect.poll(() => new URL(page.url()).searchParams.get('period')).toBe('2026-02');
    expect(Object.fromEntries(new URL(page.url()).searchParams)).toEqual({ asOf: '2026-04-01', period: '2026-02', source: 'web' });
    await expect.poll(async () => (await cohortRows(page)).map((row) => [row.cohort, row.leads])).toEqual([['2026-02', '1']]);
    await expect.poll(() => page.getByTestId('as-of-line').textContent()).toContain('period 2026-02: 2026-02-01..2026-02-28');
    await expect.poll(() => page.getByTestId('filter-period').inputValue()).toBe('2026-02');
    await screenshot(page, 'funnel-drill-2026-02.png');

    // Back to the quarter, and this time a mark of the conversion chart drills into 2026-01.
    await page.goBack();
    await expect.poll(async () => (await cohortRows(page)).length).toBe(2);
    await page.locator('[data-testid="conversion-chart"] [data-testid="cohort-mark"][data-cohort="2026-01"]').first().click();
    await expect.poll(() => new URL(page.url()).searchParams.get('period')).toBe('2026-01');
    await expect.poll(async () => (await cohortRows(page)).map((row) => [row.cohort, row.leads])).toEqual([['2026-01', '2']]);
  });

  it('opens the Funnel at / with the default period: the four quarters ended by the latest snapshot', async () => {
    await page.goto(`${dashboard.url}/`);
    await page.waitForSelector('[data-testid="cohort-row"]');
    // Latest snapshot 2026-04-08; the last quarter ended by then is 2026-Q1, so 2025-Q2..2026-Q1.
    expect(await page.getByTestId('as-of-line').textContent()).toContain('As of 2026-04-08 (period default, 2025-04-01..2026-03-31)');
    expect(await page.getByRole('link', { name: 'Funnel' }).getAttribute('class')).toContain('current');
    expect((await cohortRows(page)).map((row) => row.cohort)).toEqual(['2026-01', '2026-02']);
  });

  it('explains filters that do not validate', async () => {
    await page.goto(`${dashboard.url}/funnel?period=2026-13`);
    await expect.poll(() => page.getByTestId('problem').textContent()).toContain('These filters are not valid');
    expect(await page.getByTestId('problem').textContent()).toContain('period: a period: 2026-Q2, 2026-05, 2026, 2026-04-01..2026-06-30 or all');
    await screenshot(page, 'funnel-bad-period.png');
    // The API answers 400, which the browser reports in its console: expected here, and nothing else.
    expect(consoleErrors.filter((text) => !text.includes('status of 400'))).toEqual([]);
    consoleErrors.length = 0;
  });

  it('says which snapshot it used when the as-of date falls between snapshots', async () => {
    await page.goto(`${dashboard.url}/funnel?asOf=2026-04-03&period=2026-Q1`);
    await expect.poll(() => page.getByTestId('as-of-note').textContent()).toBe('No snapshot was loaded on 2026-04-03: showing the latest one on or before it, 2026-04-01.');
    await expect.poll(() => page.getByTestId('filter-as-of').inputValue()).toBe('2026-04-03');
    // The later snapshot, chosen in the select: L3 disqualified by then but it had reached SQL, so the figures hold.
    await page.getByTestId('filter-as-of').selectOption('2026-04-08');
    await expect.poll(() => new URL(page.url()).searchParams.get('asOf')).toBe('2026-04-08');
    await expect.poll(() => page.getByTestId('as-of-note').count()).toBe(0);
    await expect.poll(() => page.getByTestId('as-of').textContent()).toBe('2026-04-08');
  });

  it('shows win rate by source with the total last, and a source row opens its funnel', async () => {
    await page.goto(`${dashboard.url}/funnel?asOf=2026-04-01&period=2026-Q1&source=web`);
    await page.waitForSelector('[data-testid="cohort-row"]');
    await page.getByRole('link', { name: 'Sources' }).click();
    await page.waitForSelector('[data-testid="source-row"]');
    // The nav keeps the snapshot and the period, not the Funnel's source filter.
    expect(Object.fromEntries(new URL(page.url()).searchParams)).toEqual({ asOf: '2026-04-01', period: '2026-Q1' });
    expect(new URL(page.url()).pathname).toBe('/sources');

    type WinRate = { source: string; is_total: boolean; won: number; lost: number; closed: number; win_rate: number | null; win_rate_by_amount: number | null };
    const report = await callApi<{ tables: { win_rate_by_source: WinRate[] } }>('sources.view', { asOf: '2026-04-01', period: '2026-Q1' });
    const shown = await sourceRows(page);
    expect(shown.map((row) => [row.source, row.won, row.lost, row.closed, row.winRate, row.winRateByAmount]))
      .toEqual(report.tables.win_rate_by_source.map((row) => [row.source, String(row.won), String(row.lost), String(row.closed), percent(row.win_rate), percent(row.win_rate_by_amount)]));

    // By hand, opportunities closed in 2026-Q1 as of 2026-04-01 (O2 is still open):
    // partner: O4 won 2,000, O3 lost 8,000 -> 1 of 2 = 50.0%; by amount 2,000 / 10,000 = 20.0%.
    // web (O1 from lead L1): won 10,000 -> 1 of 1 = 100.0%. events: O5 lost with no amount -> 0 of 1, no amount rate.
    // All: 2 of 4 = 50.0%; by amount 12,000 / 20,000 = 60.0%.
    expect(shown).toEqual([
      { source: 'partner', isTotal: false, won: '1', lost: '1', closed: '2', winRate: '50.0%', wonAmount: '2,000', lostAmount: '8,000', winRateByAmount: '20.0%' },
      { source: 'events', isTotal: false, won: '0', lost: '1', closed: '1', winRate: '0.0%', wonAmount: '0', lostAmount: '0', winRateByAmount: '—' },
      { source: 'web', isTotal: false, won: '1', lost: '0', closed: '1', winRate: '100.0%', wonAmount: '10,000', lostAmount: '0', winRateByAmount: '100.0%' },
      { source: 'All sources', isTotal: true, won: '2', lost: '2', closed: '4', winRate: '50.0%', wonAmount: '12,000', lostAmount: '8,000', winRateByAmount: '60.0%' },
    ]);
    await expect.poll(() => page.locator('[data-testid="win-rate-chart"] [data-testid="source-mark"]').count()).toBe(4);
    await expect.poll(() => page.getByTestId('win-rate-chart').textContent()).toContain('Win rate by count (%)');
    await screenshot(page, 'sources-2026-Q1.png');

    await page.locator('[data-testid="source-row"][data-source="web"]').click();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/funnel');
    expect(Object.fromEntries(new URL(page.url()).searchParams)).toEqual({ asOf: '2026-04-01', period: '2026-Q1', source: 'web' });
    await expect.poll(async () => (await cohortRows(page)).map((row) => [row.cohort, row.leads])).toEqual([['2026-01', '2'], ['2026-02', '1']]);
    await expect.poll(() => page.getByTestId('filter-source').inputValue()).toBe('web');
  });
});

describe('dashboard over a warehouse with no snapshot', () => {
  let server: Server;
  let url: string;
  let cleanup: () => void;

  beforeAll(async () => {
    const fixture = await fixtureWarehouse();
    cleanup = fixture.cleanup;
    server = createDashboardServer(fixture.warehouse);
    url = await listen(server, 0, '127.0.0.1');
  });
  afterAll(async () => {
    await new Promise((done) => server?.close(done));
    cleanup?.();
  });

  it('tells the user to load a snapshot', async () => {
    await page.goto(`${url}/funnel`);
    await expect.poll(() => page.getByTestId('problem').textContent()).toContain('No snapshot to show');
    await expect.poll(() => page.getByTestId('problem').locator('code').textContent()).toBe('npm run ingest -- <folder>');
    await screenshot(page, 'funnel-no-snapshot.png');
    // The API's NOT_FOUND is a 404 response, which the browser may report in its console; nothing else may be there.
    expect(consoleErrors.filter((text) => !text.includes('status of 404'))).toEqual([]);
  });
});

/**
 * The Data view in Chromium over the two-snapshot fixture, after a load refused for an unknown
 * stage: loads with their rows and files, record counts, data checks, the refused load and
 * freshness, as the procedure computes them and as worked out by hand from the fixture's CSVs.
 * A second warehouse, with a load run with --allow-rejects, shows rejected rows and no refused
 * load. Screenshots go to test-results/.
 */
import type { Server } from 'node:http';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadSnapshot } from '../../pipelines/load/load-snapshot.ts';
import type { Warehouse } from '../../server/db/warehouse.ts';
import { createDashboardServer, listen } from '../../server/http-server.ts';
import { FIXTURES, fixtureWarehouse, TWO_SNAPSHOTS } from '../support/fixture-warehouse.ts';
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

interface Dashboard { url: string; stop: () => Promise<void> }

/**
 * The real dashboard over the two-snapshot fixture (or `loadFirst`; null: nothing), after
 * `more` has had its way with the warehouse (further loads, refused or not);
 * test/support/dashboard.ts does not hand it out.
 */
async function startDashboardAfter(more: (warehouse: Warehouse) => Promise<void>, loadFirst: string | null = TWO_SNAPSHOTS): Promise<Dashboard> {
  const fixture = await fixtureWarehouse(loadFirst ?? undefined);
  await more(fixture.warehouse);
  const server: Server = createDashboardServer(fixture.warehouse);
  const url = await listen(server, 0, '127.0.0.1');
  return { url, stop: () => new Promise((done) => server.close(() => { fixture.cleanup(); done(); })) };
}

/** Waits until the view has finished loading after a navigation, then saves a screenshot. */
async function screenshot(name: string) {
  await page.waitForSelector('.view:not(.stale)');
  await page.screenshot({ path: join(SCREENSHOTS, name), fullPage: true, animations: 'disabled' });
}

/** The rows of a table as text, keyed by the cells' test ids, the way a reader sees them. */
function tableRows(rowTestId: string, cellTestIds: string[]) {
  return page.$$eval(`[data-testid="${rowTestId}"]`, (rows, ids) => rows.map((row) => Object.fromEntries(ids.map((id) => [id, row.querySelector(`[data-testid="${id}"]`)?.textContent?.trim() ?? null]))), cellTestIds);
}

const LOAD_CELLS = ['load-as-of', 'load-system', 'load-crm', 'load-status', 'load-rows-loaded', 'load-rows-rejected', 'load-created', 'load-changed', 'load-deleted'];

describe('Data view over the two-snapshot fixture and a refused load', () => {
  let dashboard: Dashboard;
  let refusal: unknown;

  beforeAll(async () => {
    dashboard = await startDashboardAfter(async (warehouse) => {
      // Opportunity O3 in stage verbal_commit: refused, the warehouse unchanged, a report written beside it.
      await loadSnapshot(warehouse, { folder: join(FIXTURES, 'canonical/bad/unknown_stage'), asOf: '2026-04-09' }).catch((error: unknown) => { refusal = error; });
    });
  });
  afterAll(async () => { await dashboard?.stop(); });

  async function dataReport(input: { asOf?: string } = {}) {
    const response = await fetch(`${dashboard.url}/api/data.view?input=${encodeURIComponent(JSON.stringify(input))}`);
    expect(response.status).toBe(200);
    type Tables = { loads: { as_of: string; rows_loaded: number }[]; record_counts: { table_name: string; current_records: number; versions: number }[]; checks: { check_name: string; records: number }[] };
    return ((await response.json()) as { result: { data: { as_of: string; tables: Tables } } }).result.data;
  }

  it('shows the loads, record counts, checks, refused load and freshness, and a load opens its files', async () => {
    expect(String(refusal)).toContain('verbal_commit');
    await page.goto(`${dashboard.url}/data`);
    await page.waitForSelector('[data-testid="load-row"]');
    await page.waitForSelector('[data-testid="rows-loaded-chart"] svg');
    await page.waitForSelector('[data-testid="record-changes-chart"] svg');
    await screenshot('data-view.png');

    expect(await page.getByRole('link', { name: 'Data' }).getAttribute('class')).toContain('active');
    await expect.poll(() => page.getByTestId('as-of-line').textContent()).toContain('As of 2026-04-08');
    // The Data view has no period: only the as-of select is in the filter bar.
    expect(await page.getByTestId('filter-period').count()).toBe(0);
    expect(await page.getByTestId('filter-as-of').count()).toBe(1);

    // Loads, newest first. By hand: 2026-04-01 has 7 leads, 5 opportunities and 2 owners (14 rows),
    // all new; 2026-04-08 has 8, 5 and 2 (15 rows): L8 created, L3 (qualified -> disqualified)
    // and O2 (won on 2026-04-05) changed, nothing deleted.
    const loads = await tableRows('load-row', LOAD_CELLS);
    expect(loads).toEqual([
      { 'load-as-of': '2026-04-08', 'load-system': 'canonical', 'load-crm': 'canonical', 'load-status': 'loaded', 'load-rows-loaded': '15', 'load-rows-rejected': '0', 'load-created': '1', 'load-changed': '2', 'load-deleted': '0' },
      { 'load-as-of': '2026-04-01', 'load-system': 'canonical', 'load-crm': 'canonical', 'load-status': 'loaded', 'load-rows-loaded': '14', 'load-rows-rejected': '0', 'load-created': '14', 'load-changed': '0', 'load-deleted': '0' },
    ]);
    const report = await dataReport();
    expect(loads.map((row) => [row['load-as-of'], row['load-rows-loaded']])).toEqual(report.tables.loads.map((load) => [load.as_of, String(load.rows_loaded)]));

    // Clicking a load opens its files: 8 leads, 5 opportunities, 2 owners, each with a checksum prefix.
    await page.locator('[data-testid="load-row"][data-as-of="2026-04-08"] [data-testid="load-rows-loaded"]').click();
    await page.waitForSelector('[data-testid="load-files"] [data-testid="file-row"]');
    const files = await tableRows('file-row', ['file-name', 'file-rows-loaded', 'file-rows-rejected', 'file-sha256']);
    expect(files.map((file) => [file['file-name'], file['file-rows-loaded'], file['file-rows-rejected']])).toEqual([['leads.csv', '8', '0'], ['opportunities.csv', '5', '0'], ['owners.csv', '2', '0']]);
    for (const file of files) expect(file['file-sha256']).toMatch(/^[0-9a-f]{12}…$/);
    expect(await page.locator('[data-testid="load-row"][data-as-of="2026-04-08"]').getAttribute('aria-expanded')).toBe('true');
    await page.getByTestId('loads-section').screenshot({ path: join(SCREENSHOTS, 'data-view-load-files.png') });
    // A second click folds it again.
    await page.locator('[data-testid="load-row"][data-as-of="2026-04-08"]').click();
    await expect.poll(() => page.getByTestId('load-files').count()).toBe(0);

    // The charts: one dot per snapshot with its rows, labelled axes, and three kinds of change per snapshot.
    expect(await page.locator('[data-testid="rows-loaded-chart"] [data-testid="rows-loaded-mark"]').evaluateAll((marks) => marks.map((mark) => mark.getAttribute('data-as-of')))).toEqual(['2026-04-01', '2026-04-08']);
    expect(await page.locator('[data-testid="rows-loaded-chart"] g.rows-loaded-label text').allTextContents()).toEqual(['14', '15']);
    expect(await page.locator('[data-testid="rows-loaded-chart"] g[aria-label="y-axis label"] text').allTextContents()).toEqual(['↑ Rows loaded (count)']);
    expect(await page.locator('[data-testid="rows-loaded-chart"] g[aria-label="x-axis label"] text').allTextContents()).toEqual(['Snapshot date →']);
    expect(await page.locator('[data-testid="record-changes-chart"] [data-testid="record-change-mark"]').count()).toBe(6);
    await expect.poll(() => page.getByTestId('record-changes-chart').textContent()).toContain('deleted');

    // Record counts: leads 8 current of 9 versions (L3 changed once, L8 new), opportunities 5 of 6 (O2 changed once), owners 2 of 2.
    const counts = await tableRows('record-count-row', ['count-system', 'count-table', 'count-current', 'count-versions']);
    expect(counts).toEqual([
      { 'count-system': 'canonical', 'count-table': 'leads', 'count-current': '8', 'count-versions': '9' },
      { 'count-system': 'canonical', 'count-table': 'opportunities', 'count-current': '5', 'count-versions': '6' },
      { 'count-system': 'canonical', 'count-table': 'owners', 'count-current': '2', 'count-versions': '2' },
    ]);
    expect(counts.map((row) => [row['count-table'], row['count-current'], row['count-versions']]))
      .toEqual(report.tables.record_counts.map((row) => [row.table_name, String(row.current_records), String(row.versions)]));

    // Checks that found records stand out: L7 has no created_at, O5 no amount. The rest are folded away.
    const found = await tableRows('check-row', ['check-system', 'check-description', 'check-records']);
    expect(found.map((check) => [check['check-description']?.toLowerCase(), check['check-records']])).toEqual([
      ['leads with no creation date (in period all only)', '1'],
      ['opportunities with no amount (0 in amount figures)', '1'],
    ]);
    expect(found.length).toBe(report.tables.checks.filter((check) => check.records > 0).length);
    expect(await page.getByTestId('checks-clear').getAttribute('open')).toBeNull();
    expect(await page.locator('[data-testid="checks-clear"] summary').textContent()).toBe(`${report.tables.checks.length - 2} checks found nothing`);
    expect(await page.locator('[data-testid="check-clear-row"]').first().isVisible()).toBe(false);

    // No load was run with --allow-rejects; the refused one is listed with its reason.
    expect(await page.getByTestId('rejects-section').textContent()).toContain('No rows rejected');
    const refused = await tableRows('refused-row', ['refused-system', 'refused-as-of', 'refused-folder', 'refused-problems', 'refused-message']);
    expect(refused).toHaveLength(1);
    expect(refused[0]).toMatchObject({ 'refused-system': 'canonical', 'refused-as-of': '2026-04-09', 'refused-folder': join(FIXTURES, 'canonical/bad/unknown_stage') });
    expect(refused[0]['refused-message']).toContain('verbal_commit');
    expect(await page.locator('[data-testid="refused-row"] [data-testid="refused-when"]').textContent()).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC$/);

    // Freshness: the canonical system's latest snapshot, its CRM, and its age in days counted to today.
    const freshness = page.locator('[data-testid="freshness"][data-system="canonical"]');
    expect(await freshness.getByTestId('freshness-latest').textContent()).toBe('2026-04-08');
    expect(await freshness.getByTestId('freshness-crm').textContent()).toBe('canonical');
    const today = new Date().toISOString().slice(0, 10);
    const days = Math.round((Date.parse(today) - Date.parse('2026-04-08')) / 86_400_000);
    expect(await freshness.textContent()).toContain('since the latest snapshot');
    expect(Number((await freshness.getByTestId('freshness-days').textContent())?.replace(/,/g, ''))).toBe(days);
    expect(await freshness.textContent()).toContain('2 snapshots since 2026-04-01');
  });

  it('takes the as-of date from the URL and the select, for the checks, and says which snapshot it used', async () => {
    await page.goto(`${dashboard.url}/data?asOf=2026-04-03`);
    await expect.poll(() => page.getByTestId('as-of-note').textContent()).toBe('No snapshot was loaded on 2026-04-03: showing the latest one on or before it, 2026-04-01.');
    await expect.poll(() => page.getByTestId('checks-section').locator('h2').textContent()).toBe('Data checks as of 2026-04-01');
    // On 2026-04-01 L7 had no creation date and O5 no amount already.
    const report = await dataReport({ asOf: '2026-04-03' });
    expect(report.as_of).toBe('2026-04-01');
    expect((await tableRows('check-row', ['check-records'])).map((row) => row['check-records'])).toEqual(report.tables.checks.filter((check) => check.records > 0).map((check) => String(check.records)));
    // Loads are not filtered by the as-of date: every snapshot is still listed.
    expect(await page.getByTestId('load-row').count()).toBe(2);
    await screenshot('data-view-as-of-2026-04-03.png');

    await page.getByTestId('filter-as-of').selectOption('2026-04-08');
    await expect.poll(() => new URL(page.url()).searchParams.get('asOf')).toBe('2026-04-08');
    await expect.poll(() => page.getByTestId('as-of-note').count()).toBe(0);
    await expect.poll(() => page.getByTestId('checks-section').locator('h2').textContent()).toBe('Data checks as of 2026-04-08');
  });

  it('is reached from the nav, keeping the snapshot', async () => {
    await page.goto(`${dashboard.url}/sources?asOf=2026-04-01&period=2026-Q1`);
    await page.waitForSelector('[data-testid="source-row"]');
    await page.getByRole('link', { name: 'Data' }).click();
    await page.waitForSelector('[data-testid="load-row"]');
    expect(new URL(page.url()).pathname).toBe('/data');
    expect(new URL(page.url()).searchParams.get('asOf')).toBe('2026-04-01');
    await expect.poll(() => page.getByTestId('as-of').textContent()).toBe('2026-04-01');
    // A deep link reloads to the same view.
    await page.reload();
    await page.waitForSelector('[data-testid="load-row"]');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Data');
  });
});

describe('Data view over a warehouse with rows rejected and no refused load', () => {
  let dashboard: Dashboard;

  beforeAll(async () => {
    dashboard = await startDashboardAfter(async (warehouse) => {
      // The 2026-04-08 files again, with O3's amount written 8OOO: that row is left out, the rest loaded
      // (no owners.csv in this folder, so owners stay as they were).
      await loadSnapshot(warehouse, { folder: join(FIXTURES, 'canonical/bad/bad_number'), asOf: '2026-04-09', allowRejects: true });
    });
  });
  afterAll(async () => { await dashboard?.stop(); });

  it('lists the rejected row with its file, row, column, value and reason, and says no load was refused', async () => {
    await page.goto(`${dashboard.url}/data`);
    await page.waitForSelector('[data-testid="reject-row"]');
    const rejects = await tableRows('reject-row', ['reject-as-of', 'reject-file', 'reject-row-number', 'reject-column', 'reject-value', 'reject-problem']);
    // Row 4 of opportunities.csv counting the header as row 1.
    expect(rejects).toEqual([{
      'reject-as-of': '2026-04-09', 'reject-file': 'opportunities.csv', 'reject-row-number': '4', 'reject-column': 'amount', 'reject-value': '8OOO',
      'reject-problem': 'not an amount (digits with an optional decimal point)',
    }]);
    // The load's row says it rejected one row: 8 leads and 4 opportunities loaded.
    const [newest] = await tableRows('load-row', LOAD_CELLS);
    expect(newest).toMatchObject({ 'load-as-of': '2026-04-09', 'load-rows-loaded': '12', 'load-rows-rejected': '1' });
    await page.locator('[data-testid="load-row"][data-as-of="2026-04-09"]').click();
    await page.waitForSelector('[data-testid="file-row"]');
    expect((await tableRows('file-row', ['file-name', 'file-rows-loaded', 'file-rows-rejected'])).map(Object.values)).toEqual([['leads.csv', '8', '0'], ['opportunities.csv', '4', '1']]);
    expect(await page.getByTestId('refused-section').textContent()).toContain('No refused loads');
    await screenshot('data-view-rejects.png');
  });
});

describe('Data view before any snapshot has loaded, the first load refused', () => {
  let dashboard: Dashboard;

  beforeAll(async () => {
    dashboard = await startDashboardAfter(async (warehouse) => {
      await expect(loadSnapshot(warehouse, { folder: join(FIXTURES, 'canonical/bad/unknown_stage'), asOf: '2026-04-09' })).rejects.toThrow('verbal_commit');
    }, null);
  });
  afterAll(async () => { await dashboard?.stop(); });

  it('answers with no as-of date, no loads and the refusal, instead of "no snapshot loaded"', async () => {
    const response = await fetch(`${dashboard.url}/api/data.view?input=${encodeURIComponent('{}')}`);
    expect(response.status).toBe(200);
    const report = ((await response.json()) as { result: { data: { as_of: string | null; tables: { loads: unknown[]; checks: unknown[]; refused_loads: Array<{ as_of: string }> } } } }).result.data;
    expect(report.as_of).toBeNull();
    expect(report.tables.loads).toEqual([]);
    expect(report.tables.checks).toEqual([]);
    expect(report.tables.refused_loads.map((load) => load.as_of)).toEqual(['2026-04-09']);
  });

  it('says nothing is loaded, points at the refusal and lists it with its reason', async () => {
    await page.goto(`${dashboard.url}/data`);
    await page.waitForSelector('[data-testid="refused-row"]');
    expect(await page.getByTestId('nothing-loaded').textContent()).toContain('No snapshot has been loaded yet. One load was refused');
    expect(await page.getByTestId('freshness-section').textContent()).toContain('No snapshot loaded yet.');
    expect(await page.getByTestId('checks-section').count()).toBe(0);
    const [refused] = await tableRows('refused-row', ['refused-as-of', 'refused-message']);
    expect(refused['refused-as-of']).toBe('2026-04-09');
    expect(refused['refused-message']).toContain('verbal_commit');
    await screenshot('data-view-nothing-loaded.png');
  });
});

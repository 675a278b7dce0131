/**
 * The Pipeline view in Chromium over the pipeline-movement fixture (every movement category; the
 * figures are worked out by hand in test/sql/pipeline-movement.test.ts): the waterfall and its
 * table show them, a click on a bar or a row lands on that step's deals, each deal opens its
 * record, and the filters live in the URL. Screenshots go to test-results/.
 */
import type { Server } from 'node:http';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createDashboardServer, listen } from '../../server/http-server.ts';
import { FIXTURES, fixtureWarehouse } from '../support/fixture-warehouse.ts';
import { launchChromium, openPage, SCREENSHOTS } from '../support/browser.ts';


let browser: Browser;
let page: Page;
let consoleErrors: string[];
let dashboard: { url: string; stop: () => Promise<void> };

beforeAll(async () => {
  browser = await launchChromium();
  const fixture = await fixtureWarehouse(join(FIXTURES, 'canonical/pipeline_movement'));
  const server: Server = createDashboardServer(fixture.warehouse);
  const url = await listen(server, 0, '127.0.0.1');
  dashboard = { url, stop: () => new Promise((done) => server.close(() => { fixture.cleanup(); done(); })) };
}, 120_000);

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

async function screenshot(name: string) {
  await page.waitForSelector('.view:not(.stale)');
  await page.screenshot({ path: join(SCREENSHOTS, name), fullPage: true, animations: 'disabled' });
}

/** The steps table as a reader sees it. */
function stepRows() {
  return page.$$eval('[data-testid="step-row"]', (rows) => rows.map((row) => {
    const cell = (testId: string) => row.querySelector(`[data-testid="${testId}"]`)?.textContent?.trim();
    return [cell('step-label'), cell('step-deals'), cell('step-amount'), cell('step-running')];
  }));
}

function dealIds() {
  return page.$$eval('[data-testid="deal-row"]', (rows) => rows.map((row) => (row as HTMLElement).dataset.id));
}

describe('pipeline view over the pipeline-movement fixture', () => {
  it('shows the waterfall worked out by hand, and a click on a bar lands on that bar\'s deals', async () => {
    await page.goto(`${dashboard.url}/pipeline`);
    await page.waitForSelector('[data-testid="waterfall-chart"] svg');
    await expect.poll(() => page.getByTestId('movement-window').textContent()).toContain('From 2026-05-04 to 2026-05-11 (period default, 2026-04-01..2026-06-30)');

    // Q2, 05-04 -> 05-11: 73,000 + 1,234.56 + 16,000 + 8,000.50 - 1,499.75 - 12,000 - 7,000 - 9,000 + 8,000 - 7,000 = 69,735.31
    expect(await stepRows()).toEqual([
      ['Start', '9', '73,000', '73,000'],
      ['Created', '2', '+1,234.56', '74,234.56'],
      ['Pulled in', '1', '+16,000', '90,234.56'],
      ['Increased', '2', '+8,000.50', '98,235.06'],
      ['Decreased', '1', '-1,499.75', '96,735.31'],
      ['Won', '1', '-12,000', '84,735.31'],
      ['Lost', '1', '-7,000', '77,735.31'],
      ['Pushed out', '1', '-9,000', '68,735.31'],
      ['Other in', '2', '+8,000', '76,735.31'],
      ['Other out', '2', '-7,000', '69,735.31'],
      ['End', '9', '69,735.31', '69,735.31'],
    ]);
    // one bar per step, each labelled with its amount
    const bars = page.locator('[data-testid="waterfall-chart"] [data-testid="waterfall-bar"]');
    await expect.poll(() => bars.count()).toBe(11);
    expect(await page.locator('[data-testid="waterfall-chart"] [data-testid="waterfall-label"]').allTextContents())
      .toEqual(['73K', '+1.2K', '+16K', '+8K', '-1.5K', '-12K', '-7K', '-9K', '+8K', '-7K', '69.7K']);
    // the axis and legend say what is drawn
    const chartText = await page.getByTestId('waterfall-chart').textContent();
    expect(chartText).toContain('Open pipeline closing in the period (amount)');
    expect(chartText).toContain('Enters or grows');
    expect(chartText).toContain('Leaves or shrinks');
    await screenshot('pipeline-waterfall.png');

    await page.locator('[data-testid="waterfall-chart"] [data-testid="waterfall-bar"][data-step="won"]').click();
    await page.waitForURL(/step=won/);
    await page.waitForSelector('[data-testid="step-deals"][data-step="won"] [data-testid="deal-row"]');
    expect(await page.getByTestId('step-deals-title').textContent()).toContain('Won: 1 deal, -12,000');
    expect(await dealIds()).toEqual(['P04']);
    expect(await page.getByTestId('deals-range').textContent()).toBe('1 deal');
    // the other bars fade, so the chart shows which one is listed
    expect(await page.locator('[data-testid="waterfall-bar"][data-step="won"] rect, rect[data-testid="waterfall-bar"][data-step="won"]').first().getAttribute('fill-opacity')).not.toBe('0.4');
    expect(await page.locator('[data-testid="waterfall-bar"][data-step="lost"] rect, rect[data-testid="waterfall-bar"][data-step="lost"]').first().getAttribute('fill-opacity')).toBe('0.4');
    const won = page.locator('[data-testid="deal-row"][data-id="P04"]');
    // P04 left at its start amount, 12,000, though it was won at 12,500
    expect(await won.getByTestId('deal-start-amount').textContent()).toBe('12,000');
    expect(await won.getByTestId('deal-end-amount').textContent()).toBe('12,500');
    expect(await won.getByTestId('deal-start').innerText()).toBe('negotiation\nMay 10, 2026 · commit');
    expect(await won.getByTestId('deal-end').innerText()).toBe('closed won\nMay 10, 2026 · closed');
    await screenshot('pipeline-won-deals.png');
  });

  it('lists a step\'s deals from its table row, and each deal opens its record', async () => {
    await page.goto(`${dashboard.url}/pipeline?asOf=2026-05-11&from=2026-05-04`);
    await page.waitForSelector('[data-testid="step-row"]');
    await page.locator('[data-testid="step-row"][data-step="other_out"]').click();
    await page.waitForURL(/step=other_out/);
    await page.waitForSelector('[data-testid="step-deals"][data-step="other_out"] [data-testid="deal-row"]');
    // largest first: P07 deleted (4,000), P08 turned omitted (3,000)
    expect(await dealIds()).toEqual(['P07', 'P08']);
    expect(await page.locator('[data-testid="deal-row"][data-id="P07"] [data-testid="deal-category"]').innerText()).toBe('Other out\ndeleted');
    expect(await page.locator('[data-testid="deal-row"][data-id="P07"] [data-testid="deal-end"]').innerText()).toBe('deleted');
    // P08 is still there, open, but its forecast category became omitted
    expect(await page.locator('[data-testid="deal-row"][data-id="P08"] [data-testid="deal-end"]').innerText()).toBe('proposal\nJun 10, 2026 · omitted');
    // a deleted deal opens as of the start snapshot, when it still existed
    expect(await page.locator('[data-testid="deal-row"][data-id="P07"] a').getAttribute('href')).toBe('/records/opportunity/canonical/P07?asOf=2026-05-04');
    await screenshot('pipeline-other-out-deals.png');

    // the start bar lists the start pipeline, and what became of each deal
    await page.locator('[data-testid="step-row"][data-step="start"]').click();
    await page.waitForURL(/step=start/);
    await page.waitForSelector('[data-testid="step-deals"][data-step="start"] [data-testid="deal-row"]');
    expect(await dealIds()).toEqual(['P02', 'P04', 'P01', 'P06', 'P03', 'P05', 'P07', 'P08', 'P16']);

    await page.locator('[data-testid="deal-row"][data-id="P02"]').click();
    await page.waitForURL(/\/records\/opportunity\/canonical\/P02\?asOf=2026-05-11/);
  });

  it('keeps its filters in the URL: another period redraws the waterfall', async () => {
    await page.goto(`${dashboard.url}/pipeline?period=2026-Q3`);
    await page.waitForSelector('[data-testid="step-row"]');
    // Q3: 21,000 + 9,500 (P06 pulled in) - 15,000 (P09 pushed out, its close date moved into Q2) = 15,500
    const moved = (await stepRows()).filter((row) => row[1] !== '0');
    expect(moved).toEqual([['Start', '2', '21,000', '21,000'], ['Pulled in', '1', '+9,500', '30,500'], ['Pushed out', '1', '-15,000', '15,500'], ['End', '2', '15,500', '15,500']]);
    await page.getByTestId('filter-period').selectOption('all');
    await page.waitForURL(/period=all/);
    await expect.poll(async () => (await stepRows()).at(-1)).toEqual(['End', '12', '86,235.31', '86,235.31']);
    await page.getByTestId('filter-from').selectOption('2026-05-04');
    await page.waitForURL(/from=2026-05-04/);
  });
});

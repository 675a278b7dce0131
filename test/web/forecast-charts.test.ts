/**
 * The forecast chart functions drawn to SVG in Chromium (as in charts.test.ts) from the figures
 * worked out by hand for the forecast fixture: bars, target line, labels, legend, axes and links.
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { build, type Rollup } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ForecastSummary, ForecastTrendPoint } from '../../web/src/lib/view-reports.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const SCREENSHOTS = join(ROOT, 'test-results');
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

type ChartName = 'forecastCategoriesChart' | 'forecastTrendChart';

let browser: Browser;
let page: Page;
let warnings: string[];

beforeAll(async () => {
  const result = await build({
    configFile: false, root: ROOT, logLevel: 'silent',
    build: { write: false, minify: false, lib: { entry: join(ROOT, 'test/web/forecast-chart-entry.ts'), formats: ['iife'], name: 'forecastCharts' } },
  });
  const [output] = (Array.isArray(result) ? result : [result]) as Rollup.RollupOutput[];
  const bundle = output.output.find((chunk) => chunk.type === 'chunk');
  if (!bundle || bundle.type !== 'chunk') throw new Error('the chart bundle was not built');
  mkdirSync(SCREENSHOTS, { recursive: true });
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS, timeout: 20_000 });
  page = await browser.newPage({ viewport: { width: 700, height: 560 } });
  warnings = [];
  // Plot reports what it had to guess about as a console warning.
  page.on('console', (message) => { if (message.type() === 'warning' || message.type() === 'error') warnings.push(message.text()); });
  await page.setContent('<!doctype html><html><body style="margin:16px;font-family:system-ui"><div id="chart"></div></body></html>');
  await page.addScriptTag({ content: bundle.code });
});

afterAll(async () => {
  await browser?.close();
  expect(warnings).toEqual([]);
});

/** Draws one chart; drill-down links are `<deals>@<snapshot date or "view">`. */
async function draw(chart: ChartName, rows: unknown, options: { width: number; target?: number | null }) {
  await page.evaluate(({ chart, rows, options }) => {
    const charts = (window as unknown as { forecastCharts: Record<string, (rows: unknown, options: object) => Element> }).forecastCharts;
    const dealsHref = (deals: string, snapshotDate?: string) => `/records/${deals}@${snapshotDate ?? 'view'}`;
    document.getElementById('chart')!.replaceChildren(charts[chart](rows, { ...options, dealsHref }));
  }, { chart, rows, options });
}

const texts = (selector: string) => page.locator(`#chart ${selector}`).allTextContents();
const hrefs = (selector: string) => page.locator(`#chart ${selector}`).evaluateAll((links) => links.map((link) => link.getAttribute('href') ?? link.getAttributeNS('http://www.w3.org/1999/xlink', 'href')));

// The forecast fixture's 2026-Q2 as of 2026-05-15, worked out in test/sql/forecast-summary.test.ts:
// closed won 10,000 (1 deal); open 44,000 in 5 deals; weighted 41,200; commit 38,000; best case 50,000; target 50,000.
const Q2: ForecastSummary = {
  closed_won: 10000, closed_won_deals: 1, open_deals: 5, open_pipeline: 44000, weighted_open: 31200, weighted_pipeline: 41200,
  category_closed: 10000, category_commit: 38000, category_best_case: 50000, category_pipeline_alone: 4000, category_omitted: 0,
  deals_at_zero_probability: 1, target: 50000, remaining_to_target: 40000, coverage_status: 'open', coverage: 1.1,
};

describe('forecastCategoriesChart', () => {
  it('draws each cumulative category from closed won, the open pipeline on top of it, and the target line', async () => {
    await draw('forecastCategoriesChart', Q2, { width: 600 });
    expect(await texts('g.forecast-category-label text')).toEqual(['10,000', '38,000', '50,000', '44,000 open']);
    // Closed won under every bar, then commit, best case and open pipeline on top.
    const segments = await page.locator('#chart [data-testid="forecast-category-bar"]').evaluateAll((links) => links.map((link) => {
      const rect = link.querySelector('rect')!;
      return { deals: link.getAttribute('data-deals'), top: Number(rect.getAttribute('y')), height: Number(rect.getAttribute('height')) };
    }));
    expect(segments.map((segment) => segment.deals)).toEqual(['closed_won', 'closed_won', 'commit', 'closed_won', 'best_case', 'closed_won', 'open_pipeline']);
    // Heights in proportion to the amounts: closed won 10,000; commit 38,000 - 10,000 = 28,000 on top; best case
    // 50,000 - 10,000 = 40,000; open pipeline 44,000.
    const unit = segments[0].height / 10000;
    expect(segments.map((segment) => Math.round(segment.height / unit))).toEqual([10000, 10000, 28000, 10000, 40000, 10000, 44000]);
    // Coverage 1.1: closed won + open pipeline = 54,000 rises above the 50,000 target (SVG y grows downwards),
    // and the best-case bar (50,000) ends on it.
    const targetY = Number(await page.locator('#chart g.forecast-target line').getAttribute('y1'));
    expect(segments[6].top).toBeLessThan(targetY);
    expect(Math.abs(segments[4].top - targetY)).toBeLessThan(0.5);
    expect(await texts('g.forecast-target-label text')).toEqual(['Target50,000']);
    expect(await hrefs('[data-testid="forecast-category-bar"]')).toEqual([
      '/records/closed_won@view', '/records/closed_won@view', '/records/commit@view', '/records/closed_won@view', '/records/best_case@view',
      '/records/closed_won@view', '/records/open_pipeline@view',
    ]);
    expect(await texts('g[aria-label="x-axis tick label"] text')).toEqual(['Closed', 'Commit', 'Best case', 'Open pipeline']);
    expect(await texts('g[aria-label="y-axis label"] text')).toEqual(['↑ Amount (warehouse currency)']);
    expect(await texts('g[aria-label="y-axis tick label"] text')).toContain('50K');
    const chart = await page.locator('#chart').textContent();
    for (const name of ['Closed won', 'Commit', 'Best case', 'Open pipeline', 'Target']) expect(chart).toContain(name);
    await page.locator('#chart').screenshot({ path: join(SCREENSHOTS, 'chart-forecast-categories.png') });
  });

  it('leaves out the target, and bars with nothing in them, when there are none', async () => {
    // The two-snapshot fixture's 2026-Q2 as of 2026-04-08: 5,000 won, nothing open, no target.
    await draw('forecastCategoriesChart', {
      ...Q2, closed_won: 5000, open_deals: 0, open_pipeline: 0, weighted_open: 0, weighted_pipeline: 5000, category_closed: 5000,
      category_commit: 5000, category_best_case: 5000, category_pipeline_alone: 0, deals_at_zero_probability: 0, target: null, coverage_status: 'no target', coverage: null,
    }, { width: 600 });
    expect(await page.locator('#chart g.forecast-target').count()).toBe(0);
    expect(await page.locator('#chart').textContent()).not.toContain('Target');
    expect(await page.locator('#chart [data-testid="forecast-category-bar"]').evaluateAll((links) => links.map((link) => link.getAttribute('data-deals')))).toEqual(['closed_won', 'closed_won', 'closed_won', 'closed_won']);
    expect(await texts('g.forecast-category-label text')).toEqual(['5,000', '5,000', '5,000', '0 open']);
  });
});

// The two-snapshot fixture's 2026-Q2 (test/sql/forecast-summary.test.ts): on 04-01 O2 (5,000, proposal, 75%, commit)
// is open; on 04-08 it is won.
const TREND: ForecastTrendPoint[] = [
  { snapshot_date: '2026-04-01', closed_won: 0, open_pipeline: 5000, weighted_pipeline: 3750, category_commit: 5000, category_best_case: 5000 },
  { snapshot_date: '2026-04-08', closed_won: 5000, open_pipeline: 0, weighted_pipeline: 5000, category_commit: 5000, category_best_case: 5000 },
];

describe('forecastTrendChart', () => {
  it('draws each figure per snapshot as a line with dots, on a date axis, with a legend and links as of each snapshot', async () => {
    await draw('forecastTrendChart', TREND, { width: 600, target: 6000 });
    const dots = await page.locator('#chart [data-testid="forecast-trend-point"]').evaluateAll((links) => links.map((link) => ({
      point: link.getAttribute('data-point'), y: Number(link.querySelector('circle')!.getAttribute('cy')),
    })));
    expect(dots.map((dot) => dot.point)).toEqual([
      '2026-04-01 Best case', '2026-04-08 Best case', '2026-04-01 Commit', '2026-04-08 Commit',
      '2026-04-01 Weighted pipeline', '2026-04-08 Weighted pipeline', '2026-04-01 Closed won', '2026-04-08 Closed won',
    ]);
    // Weighted 3,750 sits at 3/4 of commit's 5,000 above the zero line, where closed won 0 is.
    const y = (point: string) => dots.find((dot) => dot.point === point)!.y;
    const zero = y('2026-04-01 Closed won');
    expect((zero - y('2026-04-01 Weighted pipeline')) / (zero - y('2026-04-01 Commit'))).toBeCloseTo(0.75, 5);
    expect(y('2026-04-08 Closed won')).toBeCloseTo(y('2026-04-01 Commit'), 5);
    expect(await page.locator('#chart g.forecast-trend-line path').count()).toBe(4);
    expect(await hrefs('[data-testid="forecast-trend-point"][data-point^="2026-04-01"]')).toEqual([
      '/records/best_case@2026-04-01', '/records/commit@2026-04-01', '/records/open_pipeline@2026-04-01', '/records/closed_won@2026-04-01',
    ]);
    expect(await texts('g[aria-label="x-axis tick label"] text')).toEqual(['Apr 12026', 'Apr 8']);
    expect(await texts('g[aria-label="x-axis label"] text')).toEqual(['Snapshot date →']);
    expect(await texts('g[aria-label="y-axis label"] text')).toEqual(['↑ Amount (warehouse currency)']);
    expect(await texts('g.forecast-target-label text')).toEqual(['Target6,000']);
    const chart = await page.locator('#chart').textContent();
    for (const name of ['Best case', 'Commit', 'Weighted pipeline', 'Closed won', 'Target']) expect(chart).toContain(name);
    await page.locator('#chart').screenshot({ path: join(SCREENSHOTS, 'chart-forecast-trend.png') });
  });

  it('draws a single snapshot as dots with its date', async () => {
    await draw('forecastTrendChart', TREND.slice(1), { width: 600, target: null });
    expect(await page.locator('#chart [data-testid="forecast-trend-point"]').count()).toBe(4);
    expect(await texts('g[aria-label="x-axis tick label"] text')).toEqual(['Apr 82026']);
    expect(await page.locator('#chart g.forecast-target').count()).toBe(0);
  });
});

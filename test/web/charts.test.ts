/**
 * The chart functions of web/src/charts, drawn to SVG from a few hand-made rows: the marks, axis
 * labels and drill-down links come out as they should.
 *
 * Neither jsdom nor linkedom is among the project's packages, so the SVG is drawn in Chromium
 * (playwright-core) rather than with Plot.plot({document}) in Node: the chart functions are
 * bundled as they are and called in a blank page.
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { build, type Rollup } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FunnelCohort, FunnelStep, SourceWinRate } from '../../web/src/lib/view-reports.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const SCREENSHOTS = join(ROOT, 'test-results');
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

type ChartName = 'funnelChart' | 'conversionChart' | 'winRateChart';

let browser: Browser;
let page: Page;

beforeAll(async () => {
  const result = await build({
    configFile: false, root: ROOT, logLevel: 'silent',
    build: { write: false, minify: false, lib: { entry: join(ROOT, 'test/web/chart-entry.ts'), formats: ['iife'], name: 'leadlensCharts' } },
  });
  const [output] = (Array.isArray(result) ? result : [result]) as Rollup.RollupOutput[];
  const bundle = output.output.find((chunk) => chunk.type === 'chunk');
  if (!bundle || bundle.type !== 'chunk') throw new Error('the chart bundle was not built');
  mkdirSync(SCREENSHOTS, { recursive: true });
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS, timeout: 20_000 });
  page = await browser.newPage({ viewport: { width: 900, height: 700 } });
  await page.setContent('<!doctype html><html><body style="margin:16px;font-family:system-ui"><div id="chart"></div></body></html>');
  await page.addScriptTag({ content: bundle.code });
});

afterAll(async () => {
  await browser?.close();
});

/** Draws one chart into the blank page; `linkPrefix` turns on drill-down links (prefix + key). */
async function draw(chart: ChartName, rows: unknown[], options: { width: number; linkPrefix?: string }) {
  await page.evaluate(({ chart, rows, options }) => {
    const charts = (window as unknown as { leadlensCharts: Record<string, (rows: unknown[], options: object) => Element> }).leadlensCharts;
    const prefix = options.linkPrefix;
    const links = prefix === undefined ? {} : {
      cohortHref: (month: string) => prefix + month,
      sourceHref: (row: { source: string; is_total: boolean }) => (row.is_total ? undefined : prefix + row.source),
    };
    document.getElementById('chart')!.replaceChildren(charts[chart](rows, { width: options.width, ...links }));
  }, { chart, rows, options });
}

const texts = (selector: string) => page.locator(`#chart ${selector}`).allTextContents();

// Funnel steps of six leads: 5 MQL, 3 SQL, 2 opportunities, 1 won (the two-snapshot fixture's 2026-Q1).
const STEPS: FunnelStep[] = [
  { step_order: 1, step: 'lead', records: 6, previous_records: null, first_records: 6, step_rate: null, step_low: null, step_high: null, cumulative_rate: 1, cumulative_low: 0.61, cumulative_high: 1 },
  { step_order: 2, step: 'mql', records: 5, previous_records: 6, first_records: 6, step_rate: 5 / 6, step_low: 0.44, step_high: 0.97, cumulative_rate: 5 / 6, cumulative_low: 0.44, cumulative_high: 0.97 },
  { step_order: 3, step: 'sql', records: 3, previous_records: 5, first_records: 6, step_rate: 3 / 5, step_low: 0.23, step_high: 0.88, cumulative_rate: 3 / 6, cumulative_low: 0.19, cumulative_high: 0.81 },
  { step_order: 4, step: 'opportunity', records: 2, previous_records: 3, first_records: 6, step_rate: 2 / 3, step_low: 0.21, step_high: 0.94, cumulative_rate: 2 / 6, cumulative_low: 0.1, cumulative_high: 0.7 },
  { step_order: 5, step: 'won', records: 1, previous_records: 2, first_records: 6, step_rate: 1 / 2, step_low: 0.09, step_high: 0.91, cumulative_rate: 1 / 6, cumulative_low: 0.03, cumulative_high: 0.56 },
];

function cohort(month: string, leads: number, opportunities: number, won: number, interval: [number, number] = [0.06, 0.79]): FunnelCohort {
  return {
    cohort_month: month, leads, mqls: leads, sqls: opportunities, opportunities, won,
    conversion_rate: opportunities / leads, conversion_low: interval[0], conversion_high: interval[1],
    lead_to_won_rate: won / leads, lead_to_won_low: 0, lead_to_won_high: 0.56,
  };
}

function winRate(source: string, won: number, lost: number, isTotal = false): SourceWinRate {
  return {
    source, is_total: isTotal, won, lost, closed: won + lost, won_amount: won * 1000, lost_amount: lost * 1000,
    win_rate: won / (won + lost), win_rate_low: 0.1, win_rate_high: 0.9, win_rate_by_amount: won / (won + lost),
  };
}

describe('funnelChart', () => {
  it('draws one bar per step, longest first, labelled with counts and rates', async () => {
    await draw('funnelChart', STEPS, { width: 720 });
    const bars = page.locator('#chart g.funnel-step rect');
    expect(await bars.count()).toBe(5);
    const widths = await bars.evaluateAll((rects) => rects.map((rect) => Number(rect.getAttribute('width'))));
    // Widths in proportion to 6, 5, 3, 2, 1 leads.
    expect(widths.map((width) => Math.round((width / widths[0]) * 6))).toEqual([6, 5, 3, 2, 1]);
    expect(await texts('g[aria-label="y-axis tick label"] text')).toEqual(['Lead', 'MQL', 'SQL', 'Opportunity', 'Won']);
    // 5 of 6 = 83.3%; 1 of 2 opportunities = 50.0%, 1 of 6 leads = 16.7%.
    const labels = await page.locator('#chart g.funnel-step-label text').evaluateAll((nodes) => nodes.map((node) => Array.from(node.children, (line) => line.textContent)));
    expect(labels).toEqual([
      ['6', 'leads created in the period'],
      ['5', '83.3% of previous · 83.3% of leads'],
      ['3', '60.0% of previous · 50.0% of leads'],
      ['2', '66.7% of previous · 33.3% of leads'],
      ['1', '50.0% of previous · 16.7% of leads'],
    ]);
    expect(await texts('g[aria-label="x-axis label"] text')).toEqual(['Leads reaching the step (count) →']);
    // Counts have no halves: every tick is a whole number.
    const ticks = await texts('g[aria-label="x-axis tick label"] text');
    expect(ticks.length).toBeGreaterThan(1);
    expect(ticks.every((tick) => /^\d+$/.test(tick))).toBe(true);
    await page.locator('#chart').screenshot({ path: join(SCREENSHOTS, 'chart-funnel.png') });
  });
});

describe('conversionChart', () => {
  it('draws both rates per cohort with their intervals, a legend, labelled axes and drill-down links', async () => {
    await draw('conversionChart', [cohort('2026-01', 3, 1, 1), cohort('2026-02', 3, 1, 0)], { width: 720, linkPrefix: '/funnel?period=' });
    // Two series (lead -> opportunity, lead -> won) by two months.
    const marks = page.locator('#chart [data-testid="cohort-mark"]');
    expect(await marks.count()).toBe(4);
    expect(await marks.evaluateAll((links) => links.map((link) => link.getAttribute('data-cohort')).sort())).toEqual(['2026-01', '2026-01', '2026-02', '2026-02']);
    expect(await page.locator('#chart [data-testid="cohort-mark"][data-cohort="2026-02"]').first().evaluate((link) => link.getAttribute('href') ?? link.getAttributeNS('http://www.w3.org/1999/xlink', 'href'))).toBe('/funnel?period=2026-02');
    expect(await page.locator('#chart g.cohort-interval line').count()).toBe(4);
    // The 1-of-3 dot sits inside its interval bar (SVG y grows downwards).
    const [dotY, intervalTop, intervalBottom] = await page.evaluate(() => {
      const dot = document.querySelector('#chart g.cohort-rate circle')!;
      const rule = document.querySelector('#chart g.cohort-interval line')!;
      return [Number(dot.getAttribute('cy')), Number(rule.getAttribute('y2')), Number(rule.getAttribute('y1'))].map((y) => y);
    });
    expect(dotY).toBeGreaterThan(Math.min(intervalTop, intervalBottom));
    expect(dotY).toBeLessThan(Math.max(intervalTop, intervalBottom));
    const legend = await page.locator('#chart').textContent();
    expect(legend).toContain('Lead → opportunity');
    expect(legend).toContain('Lead → won');
    expect(await texts('g[aria-label="y-axis label"] text')).toEqual(['↑ Share of cohort leads (%)']);
    expect(await texts('g[aria-label="x-axis label"] text')).toEqual(['Cohort month (lead created) →']);
    expect(await texts('g[aria-label="y-axis tick label"] text')).toContain('100');
    await page.locator('#chart').screenshot({ path: join(SCREENSHOTS, 'chart-conversion.png') });
  });

  it('keeps month labels apart when there are many cohorts', async () => {
    const months = Array.from({ length: 24 }, (_, i) => `${2024 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`);
    await draw('conversionChart', months.map((month, i) => cohort(month, 40, i % 9, i % 4, [0.02, 0.4])), { width: 460 });
    const boxes = await page.locator('#chart g[aria-label="x-axis tick label"] text').evaluateAll((nodes) => nodes.map((node) => node.getBoundingClientRect()).map((box) => [box.left, box.right]));
    expect(boxes.length).toBeGreaterThan(3);
    for (let i = 1; i < boxes.length; i += 1) expect(boxes[i][0]).toBeGreaterThan(boxes[i - 1][1]);
    await page.locator('#chart').screenshot({ path: join(SCREENSHOTS, 'chart-conversion-24-months.png') });
  });
});

describe('winRateChart', () => {
  it('draws each source and the total with an interval, counts beside them, and links for sources only', async () => {
    const rows = [winRate('partner', 1, 1), winRate('events', 0, 1), winRate('web', 1, 0), winRate('All sources', 2, 2, true)];
    await draw('winRateChart', rows, { width: 720, linkPrefix: '/funnel?source=' });
    expect(await texts('g[aria-label="y-axis tick label"] text')).toEqual(['partner', 'events', 'web', 'All sources']);
    expect(await page.locator('#chart [data-testid="source-mark"]').count()).toBe(4);
    expect(await page.locator('#chart g.win-rate-interval line').count()).toBe(4);
    expect(await texts('g.won-of-closed text')).toEqual(['1 of 2 won', '0 of 1 won', '1 of 1 won', '2 of 4 won']);
    expect(await texts('g[aria-label="x-axis label"] text')).toEqual(['Win rate by count (%) →']);
    // Sources link to their funnel; the total, every source together, does not.
    const linked = await page.locator('#chart a[data-testid="source-mark"]').evaluateAll((links) => links.map((link) => link.getAttribute('data-source')));
    expect(linked.sort()).toEqual(['events', 'partner', 'web']);
    await page.locator('#chart').screenshot({ path: join(SCREENSHOTS, 'chart-win-rate.png') });
  });
});

/**
 * The funnel's segment chart and the record timeline charts, drawn to SVG in Chromium from a few
 * hand-made rows (as test/web/charts.test.ts does for the other charts): marks, axis labels,
 * legends and drill-down links.
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { build, type Rollup } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FunnelSegment, RecordVersion } from '../../web/src/lib/view-reports.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const SCREENSHOTS = join(ROOT, 'test-results');
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

let browser: Browser;
let page: Page;

beforeAll(async () => {
  const result = await build({
    configFile: false, root: ROOT, logLevel: 'silent',
    build: { write: false, minify: false, lib: { entry: join(ROOT, 'test/web/funnel-record-chart-entry.ts'), formats: ['iife'], name: 'leadlensCharts' } },
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

/** Draws one chart; `linkPrefix` turns on the segment chart's links (prefix + segment). */
async function draw(chart: string, rows: unknown[], options: Record<string, unknown> & { linkPrefix?: string }) {
  await page.evaluate(({ chart, rows, options }) => {
    const charts = (window as unknown as { leadlensCharts: Record<string, (rows: unknown[], options: object) => Element> }).leadlensCharts;
    const { linkPrefix, ...rest } = options;
    const links = linkPrefix === undefined ? {} : { segmentHref: (segment: { segment: string; is_total: boolean }) => (segment.is_total ? undefined : linkPrefix + segment.segment) };
    document.getElementById('chart')!.replaceChildren(charts[chart](rows, { ...rest, ...links }));
  }, { chart, rows, options });
}

const texts = (selector: string) => page.locator(`#chart ${selector}`).allTextContents();

function segment(name: string, leads: number, opportunities: number, interval: [number, number], isTotal = false): FunnelSegment {
  return {
    dimension: 'owner', segment: name, segment_value: isTotal ? null : name, segment_order: null, is_total: isTotal, leads, mqls: leads, sqls: opportunities, opportunities, won: 0,
    mql_rate: 1, mql_low: null, mql_high: null, sql_rate: null, sql_low: null, sql_high: null, opportunity_rate: null, opportunity_low: null, opportunity_high: null,
    won_rate: null, won_low: null, won_high: null, conversion_rate: opportunities / leads, conversion_low: interval[0], conversion_high: interval[1],
    lead_to_won_rate: 0, lead_to_won_low: 0, lead_to_won_high: null,
  };
}

describe('segmentChart', () => {
  it('draws each segment and the total with an interval, counts beside them, and links for segments only', async () => {
    // The two-snapshot fixture's 2026-Q1 by owner: alice 2 of 3, bruno 0 of 2, (none) 0 of 1, all 2 of 6.
    const rows = [segment('alice', 3, 2, [0.208, 0.939]), segment('bruno', 2, 0, [0, 0.658]), segment('(none)', 1, 0, [0, 0.793]), segment('All leads', 6, 2, [0.097, 0.7], true)];
    await draw('segmentChart', rows, { width: 720, dimensionLabel: 'owner', linkPrefix: '/records?w.owner=' });
    expect(await texts('g[aria-label="y-axis tick label"] text')).toEqual(['alice', 'bruno', '(none)', 'All leads']);
    expect(await page.locator('#chart [data-testid="segment-mark"]').count()).toBe(4);
    expect(await page.locator('#chart g.segment-interval line').count()).toBe(4);
    expect(await texts('g.segment-counts text')).toEqual(['2 of 3 leads', '0 of 2 leads', '0 of 1 leads', '2 of 6 leads']);
    expect(await texts('g[aria-label="x-axis label"] text')).toEqual(["Lead → opportunity, share of the segment's leads (%) →"]);
    const linked = await page.locator('#chart a[data-testid="segment-mark"]').evaluateAll((links) => links.map((link) => link.getAttribute('href')));
    expect(linked).toEqual(['/records?w.owner=alice', '/records?w.owner=bruno', '/records?w.owner=(none)']);
    const legend = await page.locator('#chart').textContent();
    expect(legend).toContain('Segment');
    expect(legend).toContain('All leads');
    await page.locator('#chart').screenshot({ path: join(SCREENSHOTS, 'chart-segments.png') });
  });
});

function version(from: string, to: string | null, state: string, amount: number | null): RecordVersion {
  return { valid_from: from, valid_to: to, state, amount, close_date: '2026-04-30', owner: 'alice', probability: null, forecast_category: null, score: null };
}

describe('record timeline charts', () => {
  // O2 of the two-snapshot fixture: proposal from 04-01, closed won from 04-08; here resized on 04-08 too.
  const versions = [version('2026-04-01', '2026-04-08', 'proposal', 5000), version('2026-04-08', null, 'closed_won', 6000)];

  it('draws the stage as steps on the stages in order, with the as-of date marked and a legend', async () => {
    await draw('stateTimelineChart', versions, { width: 640, kind: 'opportunity', asOf: '2026-04-08' });
    // Furthest stage at the top, lost at the foot.
    const stages = await texts('g[aria-label="y-axis tick label"] text');
    expect(stages[0]).toBe('closed_won');
    expect(stages[stages.length - 1]).toBe('closed_lost');
    expect(stages.indexOf('proposal')).toBeLessThan(stages.indexOf('prospecting'));
    expect(await page.locator('#chart g.state-version circle').count()).toBe(2);
    expect(await texts('g[aria-label="x-axis tick label"] text')).toEqual(['Apr 1', 'Apr 8']);
    expect(await texts('g[aria-label="y-axis label"] text')).toEqual(['↑ Stage']);
    // The step climbs: the closed_won dot sits above the proposal dot (SVG y grows downwards).
    const [proposalY, wonY] = await page.locator('#chart g.state-version circle').evaluateAll((circles) => circles.map((circle) => Number(circle.getAttribute('cy'))));
    expect(wonY).toBeLessThan(proposalY);
    expect(await page.locator('#chart').textContent()).toContain('As-of snapshot of this page');
    await page.locator('#chart').screenshot({ path: join(SCREENSHOTS, 'chart-stage-timeline.png') });
  });

  it('draws the amount as steps in money, from zero', async () => {
    await draw('amountTimelineChart', versions, { width: 640, kind: 'opportunity', asOf: '2026-04-08' });
    expect(await page.locator('#chart g.amount-span line').count()).toBe(2);
    const ticks = await texts('g[aria-label="y-axis tick label"] text');
    expect(ticks[0]).toBe('0');
    expect(ticks).toContain('6,000');
    expect(await texts('g[aria-label="y-axis label"] text')).toEqual(['↑ Amount (warehouse currency)']);
    const titles = await page.locator('#chart g.amount-version circle title').allTextContents();
    expect(titles).toEqual(['Amount 5,000 from 2026-04-01 to 2026-04-08', 'Amount 6,000 from 2026-04-08 (current)']);
    await page.locator('#chart').screenshot({ path: join(SCREENSHOTS, 'chart-amount-timeline.png') });
  });
});

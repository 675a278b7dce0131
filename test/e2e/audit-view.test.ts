/**
 * The Audit view in Chromium over the audit_view fixture (two snapshots, 2026-03-31 and
 * 2026-05-15; test/fixtures/canonical/README.md): the rules table, the impact of misclassification,
 * the drill from a rule's count to its findings and from a finding to its record, a review that
 * survives a reload, quarter against quarter, and the CSV export with its guard against
 * spreadsheet formulas. Figures are worked out by hand from the fixture's CSVs, below.
 * Screenshots go to test-results/.
 */
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startDashboard } from '../support/dashboard.ts';
import { FIXTURES } from '../support/fixture-warehouse.ts';
import { launchChromium, openPage, SCREENSHOTS } from '../support/browser.ts';

const AUDIT_VIEW = join(FIXTURES, 'canonical/audit_view');

// By hand, rule L1 (BANT all confirmed true, not converted, created 14 or more days before the
// snapshot, not disqualified), as of 2026-05-15, the quarter under way (2026-Q2):
// - A1 (=Equals Labs, alice): created 2026-03-02, 74 days; budget amount 12,000 -> at stake 12,000;
// - A2 (Ben Okafor, Bright Co, bruno): created 2026-05-01, exactly 14 days (at or beyond counts);
//   no budget amount -> the median won deal of the system, W1's 20,000 (the only won deal);
// - not A3 (disqualified since), N1 (created 2026-05-02, 13 days), N2 (timeline unknown).
// L1: 2 findings, 12,000 + 20,000 = 32,000 at stake.
// As of 2026-03-31 (2026-Q1, its quarter-end snapshot): A1 (29 days, 12,000) and A3 (created
// 2026-02-01, 58 days, budget 7,500): 2 findings, 19,500; A3 no longer holds as of 2026-05-15
// (disqualified): 1 resolved since. A2 and N1 did not exist yet.
const Q2_L1 = { findings: '2', amount: '32,000' };
const Q1_L1 = { findings: '2', amount: '19,500' };

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
  // Plot reports a chart it had to guess about as a console warning: fail on those too.
  ({ page, consoleErrors } = await openPage(browser, { failOnWarnings: true }));
});

afterEach(async () => {
  await page.close();
  expect(consoleErrors).toEqual([]);
});

async function screenshot(name: string) {
  await page.waitForSelector('.view:not(.stale)');
  await page.screenshot({ path: join(SCREENSHOTS, name), fullPage: true, animations: 'disabled' });
}

// The audit's procedures take the better part of a second even on this fixture, and the router
// changes the URL only once the new figures are in: wait for a change longer than the default.
const eventually = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 10_000 });
const search = () => Object.fromEntries(new URL(page.url()).searchParams);
const ruleCell = (rule: string, testId: string) => page.locator(`[data-testid="audit-rule-row"][data-rule="${rule}"] [data-testid="${testId}"]`);
/** The findings listed, in the order shown, as record id and rule. */
const listedFindings = () => page.$$eval('[data-testid="audit-finding-row"]', (rows) => rows.map((row) => `${(row as HTMLElement).dataset.id}:${(row as HTMLElement).dataset.rule}`));
const l1Finding = () => page.locator('[data-testid="record-finding"][data-rule="L1"]');

/** Where a link points, as a path, its query parameters and its hash. */
function target(href: string | null) {
  const url = new URL(href ?? '', 'http://dashboard');
  return { path: url.pathname, query: Object.fromEntries(url.searchParams), hash: url.hash };
}

/** RFC 4180 CSV to rows of cells (quoted cells may hold commas, quotes and line breaks). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') { cell += '"'; i++; } else if (char === '"') quoted = false; else cell += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') { row.push(cell); cell = ''; } else if (char === '\n') { row.push(cell); rows.push(row); row = []; cell = ''; } else cell += char;
  }
  if (cell !== '' || row.length > 0) { row.push(cell); rows.push(row); }
  return rows;
}

describe('the Audit view over the audit_view fixture', () => {
  let dashboard: { url: string; stop: () => Promise<void> };
  beforeAll(async () => { dashboard = await startDashboard(AUDIT_VIEW); });
  afterAll(async () => { await dashboard?.stop(); });

  it('shows L1 by hand, drills to its findings and a record, keeps a review across a reload, and exports the quarter', async () => {
    await page.goto(`${dashboard.url}/funnel`);
    await page.getByRole('link', { name: 'Audit' }).click();
    await eventually(() => new URL(page.url()).pathname).toBe('/audit');
    await page.waitForSelector('[data-testid="audit-rule-row"][data-rule="L1"]');
    await page.waitForSelector('[data-testid="audit-amount-chart"] svg');

    // The quarter under way is audited as of the latest snapshot; the quarter before as of its quarter end.
    expect(await page.getByTestId('audit-quarter').locator('option').allTextContents()).toEqual([
      '2026-Q2 (under way, as of 2026-05-15)', '2026-Q1 (as of its quarter-end snapshot 2026-03-31)',
    ]);
    expect(await page.getByTestId('audit-date').textContent()).toBe('2026-05-15');

    expect(await ruleCell('L1', 'rule-findings').textContent()).toBe(Q2_L1.findings);
    expect(await ruleCell('L1', 'rule-amount').textContent()).toBe(Q2_L1.amount);
    expect(await ruleCell('L1', 'rule-open').textContent()).toBe('2');
    expect(await ruleCell('L1', 'rule-confirmed').textContent()).toBe('0');
    expect(await ruleCell('L1', 'rule-severity').textContent()).toBe('High');

    // Impact, by hand: the hidden leads are A1 and A2 (32,000); no open opportunity, so nothing
    // inflated and an open pipeline of 0, which reclassified is 0 - 0 + 32,000. The quarter's
    // weighted forecast: nothing won or open in 2026-Q2, 0; reclassified 0 + 32,000 x 10%
    // (qualification's default probability) = 3,200. Conversion of the leads created in the four
    // quarters ending 2026-Q1 (A1, A3, N2): none converted, 0.0%; reclassified, A1 counts as
    // converted: 1 of 3 = 33.3%.
    const impact = (figure: string, testId: string) => page.locator(`[data-testid="audit-impact-card"][data-figure="${figure}"] [data-testid="${testId}"]`).textContent();
    expect(await impact('hidden', 'audit-impact-value')).toBe('32,000');
    expect(await page.locator('[data-testid="audit-impact-card"][data-figure="hidden"]').textContent()).toContain('2 leads look like opportunities');
    expect(await impact('inflated', 'audit-impact-value')).toBe('0');
    expect([await impact('open_pipeline', 'audit-impact-as-it-reads'), await impact('open_pipeline', 'audit-impact-reclassified')]).toEqual(['0', '32,000']);
    expect([await impact('weighted_forecast', 'audit-impact-as-it-reads'), await impact('weighted_forecast', 'audit-impact-reclassified')]).toEqual(['0', '3,200']);
    expect([await impact('conversion', 'audit-impact-as-it-reads'), await impact('conversion', 'audit-impact-reclassified')]).toEqual(['0.0%', '33.3%']);

    // The chart's L1 bar opens L1's findings and says what it holds.
    const bar = page.locator('[data-testid="audit-amount-chart"] [data-testid="audit-rule-bar-mark"][data-rule="L1"]');
    expect(target(await bar.getAttribute('href'))).toEqual({ path: '/audit', query: { rule: 'L1' }, hash: '#audit-findings' });
    expect(await page.locator('[data-testid="audit-amount-chart"] g.audit-rule-label text').first().textContent()).toBe('32,000 · 2 findings');
    await screenshot('audit-2026-Q2.png');

    // L1's count opens its findings: severity first (both high), then the larger amount: A2 then A1.
    await ruleCell('L1', 'rule-findings').locator('a').click();
    await eventually(search).toEqual({ rule: 'L1' });
    await eventually(listedFindings).toEqual(['A2:L1', 'A1:L1']);
    expect(await page.getByTestId('findings-total').textContent()).toBe('2');
    expect(await page.getByTestId('findings-filter-rule').inputValue()).toBe('L1');
    const row = (id: string) => page.locator(`[data-testid="audit-finding-row"][data-id="${id}"]`);
    expect(await row('A1').locator('[data-testid="finding-record-name"]').textContent()).toBe('=Equals Labs');
    expect(await row('A1').locator('[data-testid="finding-amount"]').textContent()).toBe('12,000');
    expect(await row('A1').locator('[data-testid="finding-owner"]').textContent()).toBe('alice');
    expect(await row('A2').locator('[data-testid="finding-status"]').textContent()).toBe('Open');

    // Sorting goes to the URL: amount smallest first on a second click.
    await page.getByTestId('sort-amount_at_stake').click();
    await eventually(() => search().sort).toBe('amount_at_stake');
    await page.getByTestId('sort-amount_at_stake').click();
    await eventually(() => search().direction).toBe('asc');
    await eventually(listedFindings).toEqual(['A1:L1', 'A2:L1']);
    // The owner filter keeps the rule: bruno's L1 finding is A2 alone.
    await page.getByTestId('findings-filter-owner').selectOption('bruno');
    await eventually(listedFindings).toEqual(['A2:L1']);
    expect(search()).toMatchObject({ rule: 'L1', owner: 'bruno' });

    // A finding opens its record as of the audit's snapshot, at its findings.
    await row('A2').locator('[data-testid="finding-why"]').click();
    await eventually(() => new URL(page.url()).pathname).toBe('/records/lead/canonical/A2');
    expect(search()).toEqual({ asOf: '2026-05-15' });
    expect(new URL(page.url()).hash).toBe('#findings');
    await eventually(() => l1Finding().locator('[data-testid="finding-why"]').textContent())
      .toBe('BANT all confirmed, status working, not converted 14 days after creation');
    expect(await l1Finding().locator('[data-testid="finding-amount"]').textContent()).toBe('20,000');
    expect(await l1Finding().locator('[data-testid="finding-evidence"]').textContent()).toContain('Timeline confirmedyes');
    expect(await l1Finding().locator('[data-testid="finding-status"]').textContent()).toBe('Open');
    expect(await l1Finding().getByTestId('review-history-empty').textContent()).toBe('No review yet.');

    // No reviewer name yet: the actions ask for it first.
    expect(await l1Finding().getByTestId('review-confirmed').count()).toBe(0);
    await l1Finding().getByTestId('reviewer-name-input').fill('Zoë Ortiz');
    await l1Finding().getByTestId('reviewer-name-save').click();
    await eventually(() => l1Finding().getByTestId('reviewing-as').textContent()).toBe('Zoë Ortiz');
    expect(await l1Finding().locator('.review-hint').textContent()).toContain('"Not an issue" stays quiet until the record\'s evidence for this rule changes');
    await l1Finding().getByTestId('review-note').fill('Budget signed off; convert this week');
    await l1Finding().getByTestId('review-confirmed').click();
    await eventually(() => l1Finding().locator('[data-testid="finding-status"]').textContent()).toBe('Confirmed');
    expect(await l1Finding().getByTestId('last-reviewer').textContent()).toBe('Zoë Ortiz');

    // The decision is kept in the warehouse: a reload shows it, with its history.
    await page.reload();
    await eventually(() => l1Finding().locator('[data-testid="finding-status"]').textContent()).toBe('Confirmed');
    expect(await l1Finding().getByTestId('last-reviewer').textContent()).toBe('Zoë Ortiz');
    expect(await l1Finding().getByTestId('last-review-note').textContent()).toBe('Budget signed off; convert this week');
    await l1Finding().locator('[data-testid="review-row"]').first().waitFor();
    const history = await l1Finding().locator('[data-testid="review-row"]').evaluateAll((rows) => rows.map((line) => ['review-decision', 'review-reviewer', 'review-note-text', 'review-as-of']
      .map((testId) => line.querySelector(`[data-testid="${testId}"]`)?.textContent)));
    expect(history).toEqual([['Confirmed', 'Zoë Ortiz', 'Budget signed off; convert this week', '2026-05-15']]);
    // And this browser remembers who is reviewing.
    expect(await l1Finding().getByTestId('reviewing-as').textContent()).toBe('Zoë Ortiz');
    await screenshot('audit-record-A2.png');

    // Back on the Audit view (as of the record page's snapshot, the same), L1 counts one confirmed and one open.
    await page.getByRole('link', { name: 'Audit' }).click();
    await page.waitForSelector('[data-testid="audit-rule-row"][data-rule="L1"]');
    await eventually(() => ruleCell('L1', 'rule-confirmed').textContent()).toBe('1');
    expect(await ruleCell('L1', 'rule-open').textContent()).toBe('1');
    await ruleCell('L1', 'rule-confirmed').locator('a').click();
    await eventually(listedFindings).toEqual(['A2:L1']);
    // The nav brought the record page's snapshot along.
    expect(search()).toEqual({ asOf: '2026-05-15', rule: 'L1', status: 'confirmed' });

    // The export holds what the view lists, for the quarter and snapshot shown, filtered as the list is.
    await page.getByTestId('findings-filter-status').selectOption('');
    await eventually(listedFindings).toEqual(['A2:L1', 'A1:L1']);
    const exportHref = await page.getByTestId('audit-export').getAttribute('href');
    expect(target(exportHref)).toEqual({ path: '/export/audit.csv', query: { quarter: '2026-Q2', asOf: '2026-05-15', rule: 'L1' }, hash: '' });
    const response = await page.request.get(`${dashboard.url}${exportHref}`);
    expect(response.status()).toBe(200);
    expect(response.headers()['content-type']).toContain('text/csv');
    const text = await response.text();
    const [header, ...cells] = parseCsv(text);
    const exported = cells.map((line) => Object.fromEntries(header.map((column, i) => [column, line[i]])));
    expect(exported.map((line) => [line.record_id, line.rule_id, line.amount_at_stake, line.status, line.reviewer, line.review_note])).toEqual([
      ['A2', 'L1', '20000', 'confirmed', 'Zoë Ortiz', 'Budget signed off; convert this week'],
      ['A1', 'L1', '12000', 'open', '', ''],
    ]);
    // A text cell starting with = gets a quote in front, so a spreadsheet shows it rather than runs it.
    expect(exported[1].record_name).toBe('\'=Equals Labs');
    expect(text).toContain(',\'=Equals Labs,');
  });

  it('compares the quarters and lists the findings resolved since', async () => {
    await page.goto(`${dashboard.url}/audit?quarter=2026-Q1`);
    await page.waitForSelector('[data-testid="audit-rule-row"][data-rule="L1"]');
    expect(await page.getByTestId('audit-quarter').inputValue()).toBe('2026-Q1');
    expect(await page.getByTestId('audit-date').textContent()).toBe('2026-03-31');
    expect(await ruleCell('L1', 'rule-findings').textContent()).toBe(Q1_L1.findings);
    expect(await ruleCell('L1', 'rule-amount').textContent()).toBe(Q1_L1.amount);

    // Quarter against quarter: L1 found 2 in 2026-Q1, of which 1 (A3) no longer holds; 2 in 2026-Q2, under way.
    const comparison = page.locator('[data-testid="audit-comparison-row"][data-rule="L1"]');
    expect(await comparison.locator('[data-testid="comparison-findings"][data-quarter="2026-Q1"]').textContent()).toBe('2');
    expect(await comparison.locator('[data-testid="comparison-resolved"][data-quarter="2026-Q1"]').textContent()).toBe('1');
    expect(await comparison.locator('[data-testid="comparison-findings"][data-quarter="2026-Q2"]').textContent()).toBe('2');
    expect(await comparison.locator('[data-testid="comparison-resolved"][data-quarter="2026-Q2"]').count()).toBe(0);
    await screenshot('audit-2026-Q1.png');

    await comparison.locator('[data-testid="comparison-resolved"][data-quarter="2026-Q1"] a').click();
    await eventually(listedFindings).toEqual(['A3:L1']);
    expect(search()).toEqual({ quarter: '2026-Q1', rule: 'L1', since: 'resolved' });
    const a3 = page.locator('[data-testid="audit-finding-row"][data-id="A3"]');
    expect(await a3.locator('[data-testid="finding-resolved"]').textContent()).toBe('resolved since');
    expect(await a3.locator('[data-testid="finding-amount"]').textContent()).toBe('7,500');

    // Its record opens as of the quarter's snapshot, when the finding held.
    await a3.locator('[data-testid="finding-why"]').click();
    await eventually(() => new URL(page.url()).pathname).toBe('/records/lead/canonical/A3');
    expect(search()).toEqual({ asOf: '2026-03-31' });
    await eventually(() => l1Finding().locator('[data-testid="finding-why"]').textContent())
      .toBe('BANT all confirmed, status working, not converted 58 days after creation');
  });
});

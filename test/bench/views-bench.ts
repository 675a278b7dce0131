/**
 * Views at scale: the first render with data of every dashboard view in headless Chromium, the
 * web bundle's size and the server's peak memory. bench.ts calls benchViews once the dashboard
 * serves the large warehouse; anything that serves the dashboard at a URL can be measured the same way.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { WEB_DIST } from '../../server/http-server.ts';
import { launchChromium } from '../support/browser.ts';
import { kibibytes as kib, median } from './bench-format.ts';

/** A page to open and the selector that exists only once its main figure is drawn from data. */
interface ViewTarget {
  name: string;
  path: string;
  figure: string;
}

// Each view's main chart (Plot's svg appears only once the figures came back and the chart had room) or its table's rows.
const NAVIGATION_VIEWS: ViewTarget[] = [
  { name: 'Funnel', path: '/funnel', figure: '[data-testid="funnel-chart"] svg' },
  { name: 'Sources', path: '/sources', figure: '[data-testid="source-roi-chart"] svg' },
  { name: 'Cycle times', path: '/cycle-times', figure: '[data-testid="time-to-close-chart"] svg' },
  { name: 'Forecast', path: '/forecast', figure: '[data-testid="forecast-categories-chart"] svg' },
  { name: 'Pipeline', path: '/pipeline', figure: '[data-testid="waterfall-chart"] svg' },
  { name: 'Audit', path: '/audit', figure: '[data-testid="audit-amount-chart"] svg' },
  { name: 'Data', path: '/data', figure: '[data-testid="rows-loaded-chart"] svg' },
];
const RECORDS_LIST: ViewTarget = { name: 'Records (opportunities)', path: '/records?kind=opportunity&period=all', figure: '[data-testid="record-row"]' };
// The record detail's path is the records list's first link, known once the list has loaded.
const RECORD_DETAIL_FIGURE = '[data-testid="state-timeline-chart"] svg';
const FIRST_RECORD_LINK = '[data-testid="record-row"] [data-testid="record-id"] a';

/** How long one page load may take before it counts as failed: the audit's first computation is slow at scale. */
const LOAD_TIMEOUT_MS = 180_000;
/** A view that shows an "empty" notice and no figure for this long has nothing to draw. */
const EMPTY_GRACE_MS = 1_000;

/** What one page load measured; times are from navigation start, as the page's own clock reads them. */
interface PageLoad {
  outcome: 'drawn' | 'empty' | 'problem' | 'timeout';
  detail?: string;
  /** The main figure is in the document (so the view's own loading notice is gone). */
  figureMs?: number;
  /** No loading notice anywhere on the page (the audit's findings and lead scores load on their own). */
  settledMs?: number;
  apiRequests: number;
  apiBytes: number;
  transferBytes: number;
}

interface ViewResult {
  name: string;
  cold: PageLoad;
  warm: PageLoad[];
}

/** The marks the page records about itself (see renderWatchScript), before any script of the app runs. */
interface RenderMarks {
  figure?: number;
  settled?: number;
  problem?: string;
  emptySince?: number;
}

/**
 * Runs in the page at document start: watches the DOM and notes, on the page's clock, when the main
 * figure appears, when no loading notice is left, and any problem notice. The figure is in the
 * document only once the view's own Suspense has resolved (Solid keeps pending content out of the
 * document, and a chart is drawn only once its container has a width), so its loading notice is
 * gone by then. Watching from inside the page times the render itself, not the round trips of a
 * poll from Node. Written as page source, not a function, because a transpiler may add helpers to
 * a function's body that do not exist in the page.
 */
function renderWatchScript(figureSelector: string): string {
  return `(() => {
    const marks = {};
    window.leadlensRenderMarks = marks;
    const observer = new MutationObserver(() => {
      const now = performance.now();
      const problem = document.querySelector('[data-testid="problem"]');
      if (problem && marks.problem === undefined) marks.problem = (problem.innerText || '').replace(/\\s+/g, ' ').trim();
      if (marks.figure === undefined && document.querySelector(${JSON.stringify(figureSelector)})) marks.figure = now;
      if (marks.figure !== undefined && marks.settled === undefined && !document.querySelector('[data-testid="loading"]')) marks.settled = now;
      if (marks.emptySince === undefined && document.querySelector('section.view [data-testid="empty"]')) marks.emptySince = now;
      if (marks.settled !== undefined) observer.disconnect();
    });
    observer.observe(document, { childList: true, subtree: true });
  })();`;
}

// Done: drawn and settled, a problem shown, or only an empty notice for a while (the view had nothing to draw).
const PAGE_DONE = `(() => {
  const marks = window.leadlensRenderMarks;
  if (!marks) return false;
  if (marks.settled !== undefined || marks.problem !== undefined) return true;
  return marks.figure === undefined && marks.emptySince !== undefined && performance.now() - marks.emptySince > ${EMPTY_GRACE_MS};
})()`;

/** How the load ended; a figure drawn before a section failed or timed out keeps its time. */
function outcomeOf(marks: RenderMarks | undefined): Pick<PageLoad, 'outcome' | 'detail' | 'figureMs' | 'settledMs'> {
  const times = { figureMs: marks?.figure, settledMs: marks?.settled };
  if (marks?.problem !== undefined) return { outcome: 'problem', detail: marks.problem, ...times };
  if (marks?.settled !== undefined) return { outcome: 'drawn', ...times };
  if (marks?.figure === undefined && marks?.emptySince !== undefined) return { outcome: 'empty' };
  return { outcome: 'timeout', ...times };
}

/** Bytes on the wire for each response (headers and encoded body; a cache hit moves none), and which ones were API calls. */
function countTraffic(page: Page, origin: string) {
  const sizes: Array<Promise<{ isApi: boolean; bytes: number }>> = [];
  page.on('response', (response) => {
    const isApi = response.url().startsWith(`${origin}/api/`);
    sizes.push(response.request().sizes()
      .then((size) => ({ isApi, bytes: Math.max(0, size.responseHeadersSize) + Math.max(0, size.responseBodySize) }))
      .catch(() => ({ isApi, bytes: 0 })));
  });
  return async () => {
    const all = await Promise.all(sizes);
    const api = all.filter((size) => size.isApi);
    return {
      apiRequests: api.length,
      apiBytes: api.reduce((sum, size) => sum + size.bytes, 0),
      transferBytes: all.reduce((sum, size) => sum + size.bytes, 0),
    };
  };
}

/** One fresh page in the context (so the context's HTTP cache is what a returning visitor has), loaded until done. */
async function loadOnce(context: BrowserContext, url: string): Promise<{ load: PageLoad; page: Page }> {
  const page = await context.newPage();
  const traffic = countTraffic(page, new URL(url).origin);
  try {
    await page.goto(url, { waitUntil: 'commit', timeout: LOAD_TIMEOUT_MS });
    await page.waitForFunction(PAGE_DONE, undefined, { timeout: LOAD_TIMEOUT_MS, polling: 100 });
  } catch (error) {
    if (!(error instanceof Error && error.name === 'TimeoutError')) throw error;
  }
  const marks = await page.evaluate<RenderMarks | undefined>('window.leadlensRenderMarks').catch(() => undefined);
  // Let requests still in flight (a sub-section's own load) finish, so the bytes are the view's whole cost.
  await page.waitForLoadState('networkidle', { timeout: 10_000 }).catch(() => undefined);
  return { load: { ...outcomeOf(marks), ...(await traffic()) }, page };
}

/**
 * A view's cold load (a new browser context: empty cache, like a first visit) and `runs` warm
 * loads, each a new page in the same context. `inspect` may read the cold page before it closes.
 */
async function measureView(browser: Browser, baseUrl: string, target: ViewTarget, runs: number, inspect?: (page: Page) => Promise<void>): Promise<ViewResult> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, // the probe that waits for the figure is evaluated in the page: the app's CSP forbids eval
    bypassCSP: true });
  await context.addInitScript({ content: renderWatchScript(target.figure) });
  try {
    const url = `${baseUrl}${target.path}`;
    const first = await loadOnce(context, url);
    if (inspect && first.load.outcome === 'drawn') await inspect(first.page);
    await first.page.close();
    const warm: PageLoad[] = [];
    for (let run = 0; run < runs; run++) {
      const { load, page } = await loadOnce(context, url);
      warm.push(load);
      await page.close();
    }
    return { name: target.name, cold: first.load, warm };
  } finally {
    await context.close();
  }
}

const mib = (kibibytes: number) => `${(kibibytes / 1024).toFixed(0)} MiB`;

/** A time, or why there is none; warm loads give their median, over the loads that drew. */
function timeCell(loads: PageLoad[], pick: (load: PageLoad) => number | undefined): string {
  const times = loads.map(pick).filter((ms): ms is number => ms !== undefined);
  if (times.length === 0) return loads[0]?.outcome ?? 'none';
  const shown = `${median(times).toFixed(0)} ms`;
  return times.length < loads.length ? `${shown}*` : shown;
}

const COLUMNS: Array<[string, number]> = [
  ['view', 24], ['figure cold', 12], ['figure warm', 12], ['all cold', 10], ['all warm', 10], ['API req', 8], ['API bytes', 12], ['wire cold', 12], ['wire warm', 12],
];

function row(cells: string[]): string {
  return `  ${cells.map((cell, i) => (i === 0 ? cell.padEnd(COLUMNS[i][1]) : cell.padStart(COLUMNS[i][1]))).join(' ')}`;
}

function viewLines(result: ViewResult): string[] {
  const warmBytes = median(result.warm.map((load) => load.transferBytes));
  const lines = [row([
    result.name,
    timeCell([result.cold], (load) => load.figureMs), timeCell(result.warm, (load) => load.figureMs),
    timeCell([result.cold], (load) => load.settledMs), timeCell(result.warm, (load) => load.settledMs),
    String(result.cold.apiRequests), kib(result.cold.apiBytes), kib(result.cold.transferBytes), kib(warmBytes),
  ])];
  const problem = [result.cold, ...result.warm].find((load) => load.outcome === 'problem');
  if (problem) lines.push(`    ${result.name} showed a problem: ${problem.detail}`);
  return lines;
}

/** The built web app's scripts and styles, as served and as gzip would send them. */
export function bundleSizeLines(webDist: string = WEB_DIST): string[] {
  const assets = join(webDist, 'assets');
  let files: string[];
  try {
    files = readdirSync(assets).filter((file) => file.endsWith('.js') || file.endsWith('.css'));
  } catch {
    throw new Error(`no web build at ${webDist}: run npx vite build first`);
  }
  const sizeOf = (extension: string) => files.filter((file) => file.endsWith(extension)).reduce((sum, file) => {
    const content = readFileSync(join(assets, file));
    return { raw: sum.raw + content.length, gzipped: sum.gzipped + gzipSync(content).length };
  }, { raw: 0, gzipped: 0 });
  const [js, css] = [sizeOf('.js'), sizeOf('.css')];
  return [
    `\nweb bundle (${files.length} files in ${assets})`,
    `  JS    ${kib(js.raw).padStart(12)}  gzipped ${kib(js.gzipped).padStart(12)}`,
    `  CSS   ${kib(css.raw).padStart(12)}  gzipped ${kib(css.gzipped).padStart(12)}`,
    `  total ${kib(js.raw + css.raw).padStart(12)}  gzipped ${kib(js.gzipped + css.gzipped).padStart(12)}`,
  ];
}

/** Peak and current resident memory of the server: from /proc for a server process, else of this process. */
export function serverMemoryLines(serverPid?: number): string[] {
  if (serverPid === undefined) {
    return [`\nserver memory (in this process, so it includes the bench's own work): peak RSS ${mib(process.resourceUsage().maxRSS)}, RSS now ${mib(process.memoryUsage().rss / 1024)}`];
  }
  const status = readFileSync(`/proc/${serverPid}/status`, 'utf8');
  const kibibytesOf = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return [`\nserver memory (pid ${serverPid}): peak RSS (VmHWM) ${mib(kibibytesOf('VmHWM'))}, RSS now (VmRSS) ${mib(kibibytesOf('VmRSS'))}`];
}

/**
 * Opens each view of the dashboard at `url` in headless Chromium, then a records list and the
 * detail page of its first record, and measures the first render with data: cold (first visit,
 * empty cache) and the median of `runs` warm visits. Returns printable lines with the bundle size
 * and the server's peak memory after the views.
 */
export async function benchViews(options: { url: string; serverPid?: number; runs?: number; webDist?: string }): Promise<string[]> {
  const runs = options.runs ?? 3;
  const baseUrl = options.url.replace(/\/$/, '');
  const browser = await launchChromium();
  const results: ViewResult[] = [];
  try {
    for (const target of NAVIGATION_VIEWS) results.push(await measureView(browser, baseUrl, target, runs));
    let detailPath: string | null = null;
    results.push(await measureView(browser, baseUrl, RECORDS_LIST, runs, async (page) => {
      detailPath = await page.locator(FIRST_RECORD_LINK).first().getAttribute('href');
    }));
    if (detailPath) results.push(await measureView(browser, baseUrl, { name: 'Record detail', path: detailPath, figure: RECORD_DETAIL_FIGURE }, runs));
  } finally {
    await browser.close();
  }
  const viewRows = results.flatMap(viewLines);
  return [
    `\nviews: first render with data in headless Chromium; cold = first visit (empty cache), warm = median of ${runs} later visits (new page, cache kept)`,
    '  figure: the main chart or table rows on the page; all: no loading notice left anywhere; times from navigation start',
    row(COLUMNS.map(([name]) => name)),
    ...viewRows,
    ...(results.some((result) => result.name === 'Record detail') ? [] : ['  Record detail: not measured, the records list had no record to open']),
    ...(viewRows.some((line) => line.includes('ms*')) ? ['  (* median of the warm loads that drew; the others did not)'] : []),
    ...bundleSizeLines(options.webDist),
    ...serverMemoryLines(options.serverPid),
  ];
}

import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Where browser tests save their screenshots (look at them). */
export const SCREENSHOTS = join(resolve(import.meta.dirname, '../..'), 'test-results');

// Debian's Chromium, headless; the background-networking flags keep it off this machine's closed network.
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Launches Chromium with a fresh temporary profile (launch() gives every run its own --user-data-dir). */
export async function launchChromium(): Promise<Browser> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS, timeout: 20_000 });
}

/**
 * A new page whose console errors and uncaught exceptions are collected, so a test can fail on
 * them; with failOnWarnings, console warnings too (Plot warns when it had to guess about a chart).
 */
export async function openPage(browser: Browser, options: { failOnWarnings?: boolean } = {}): Promise<{ page: Page; consoleErrors: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const consoleErrors: string[] = [];
  const failing = options.failOnWarnings ? ['error', 'warning'] : ['error'];
  page.on('console', (message) => { if (failing.includes(message.type())) consoleErrors.push(message.text()); });
  page.on('pageerror', (error) => consoleErrors.push(error.message));
  return { page, consoleErrors };
}

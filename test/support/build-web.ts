import { execFileSync } from 'node:child_process';
import { join, resolve } from 'node:path';

/**
 * Vitest global setup: the dashboard server serves dist/, so the browser tests need it built from
 * the current web/. Built once per run, before any test file, so no test sees a half-written dist/.
 */
export default function buildWebApp(): void {
  const root = resolve(import.meta.dirname, '../..');
  execFileSync(process.execPath, [join(root, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
}

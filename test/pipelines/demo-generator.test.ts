import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateDemoCompany, SCALE_PRESETS, type DemoManifest, type DemoOptions } from '../../pipelines/demo/generate.ts';

const work = mkdtempSync(join(tmpdir(), 'leadlens-demo-generator-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const SMALL = { scale: 0.05, snapshots: 12 } as const;
const DATE_FOLDER = /^\d{4}-\d{2}-\d{2}$/;

function sha256(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

/** Hash of every file of a snapshot folder, by file name. */
function folderHashes(folder: string): Record<string, string> {
  return Object.fromEntries(readdirSync(folder).sort().map((name) => [name, sha256(join(folder, name))]));
}

/** Hashes of every snapshot folder in `outDir`, by date. */
function runHashes(outDir: string): Record<string, Record<string, string>> {
  const dates = readdirSync(outDir).filter((name) => DATE_FOLDER.test(name)).sort();
  return Object.fromEntries(dates.map((date) => [date, folderHashes(join(outDir, date))]));
}

/** Generates with streaming options, capturing each snapshot's hashes when it is handed over. */
async function streamed(name: string, options: Partial<DemoOptions>) {
  const outDir = join(work, name);
  const handed: Record<string, Record<string, string>> = {};
  const foldersOnDisk: string[][] = [];
  const manifest = await generateDemoCompany({
    outDir, ...SMALL, removeAfterSnapshot: true, ...options,
    onSnapshot: async (date, folder) => {
      foldersOnDisk.push(readdirSync(outDir).filter((entry) => DATE_FOLDER.test(entry)));
      handed[date] = folderHashes(folder);
    },
  });
  return { outDir, handed, foldersOnDisk, manifest };
}

/** The cells of a CSV line (RFC 4180 quoting; the generator writes no line break inside a cell). */
function cellsOf(line: string): string[] {
  return [...line.matchAll(/(?:^|,)("(?:[^"]|"")*"|[^,]*)/g)].map((match) => {
    const cell = match[1] as string;
    return cell.startsWith('"') ? cell.slice(1, -1).replaceAll('""', '"') : cell;
  });
}

function manifestFile(outDir: string): DemoManifest {
  return JSON.parse(readFileSync(join(outDir, 'manifest.json'), 'utf8')) as DemoManifest;
}

describe('the demo generator writes snapshots one at a time', () => {
  const fullRun = join(work, 'full');
  let full: Record<string, Record<string, string>>;

  it('gives the same bytes for the same options', async () => {
    const again = join(work, 'again');
    await generateDemoCompany({ outDir: fullRun, ...SMALL });
    await generateDemoCompany({ outDir: again, ...SMALL });
    full = runHashes(fullRun);
    expect(Object.keys(full)).toHaveLength(12);
    expect(runHashes(again)).toEqual(full);
    expect(sha256(join(again, 'manifest.json'))).toBe(sha256(join(fullRun, 'manifest.json')));
  });

  it('hands each snapshot over before writing the next, deletes it after, and writes the same files', async () => {
    const run = await streamed('streamed', {});
    expect(run.handed).toEqual(full);
    // only the snapshot being handed over is on disk, and none is left at the end
    expect(run.foldersOnDisk).toEqual(Object.keys(full).map((date) => [date]));
    expect(readdirSync(run.outDir)).toEqual(['manifest.json']);
    expect(sha256(join(run.outDir, 'manifest.json'))).toBe(sha256(join(fullRun, 'manifest.json')));
  });

  it('resumes at a later snapshot with the same files from there on, keeping the folders before it', async () => {
    const outDir = join(work, 'resumed');
    await generateDemoCompany({ outDir, ...SMALL });
    const dates = Object.keys(full);
    const handed: string[] = [];
    await generateDemoCompany({ outDir, ...SMALL, fromSnapshot: 7, onSnapshot: async (date) => void handed.push(date) });
    // snapshots 0..6 are skipped (left as they were), 7..11 written again
    expect(handed).toEqual(dates.slice(7));
    expect(runHashes(outDir)).toEqual(full);
    expect(manifestFile(outDir)).toEqual(manifestFile(fullRun));
  });

  it('leaves the truth out when asked, and nothing else changes', async () => {
    const run = await streamed('no-truth', { truth: false });
    expect(run.handed).toEqual(full);
    const { truth, ...rest } = manifestFile(fullRun);
    expect(truth).toBeDefined();
    expect(manifestFile(run.outDir)).toEqual(rest);
  });

  it('refuses a first snapshot outside the run', async () => {
    await expect(generateDemoCompany({ outDir: join(work, 'bad'), ...SMALL, fromSnapshot: 12 })).rejects.toThrow(/fromSnapshot must be an integer from 0 to 11/);
  });
});

describe('the knobs of an older, larger company', () => {
  /** Creation times of the normal leads in a snapshot (planted ones may be older than the history). */
  function normalLeadsCreatedAt(outDir: string, date: string): string[] {
    const { planted, resolved } = manifestFile(outDir);
    const plantedIds = new Set([...Object.values(planted), ...Object.values(resolved)].flat().map((entry) => entry!.id));
    const lines = readFileSync(join(outDir, date, 'leads.csv'), 'utf8').trim().split('\n').slice(1);
    return lines.map((line) => line.split(',')).filter(([id]) => !plantedIds.has(id as string)).map((cells) => cells[1] as string).sort();
  }

  it('historyWeeks: the first snapshot holds leads from up to that many weeks before it', async () => {
    const outDir = join(work, 'history');
    await generateDemoCompany({ outDir, scale: 0.05, snapshots: 1, historyWeeks: 52 });
    // 2024-11-04 less 52 weeks (364 days) is 2023-11-06; about a lead a day arrives at this scale
    const dates = normalLeadsCreatedAt(outDir, '2024-11-04');
    expect(dates[0]! >= '2023-11-06').toBe(true);
    expect(dates[0]! < '2023-11-20').toBe(true);
    // by default, 26 weeks (182 days) before: 2024-05-06
    const byDefault = normalLeadsCreatedAt(join(work, 'full'), '2024-11-04');
    expect(byDefault[0]! >= '2024-05-06').toBe(true);
    expect(byDefault[0]! < '2024-05-20').toBe(true);
  });

  it('customersPerScale: the renewals come from that many customers per unit of scale', async () => {
    const renewingAccounts = async (name: string, customersPerScale?: number) => {
      const outDir = join(work, name);
      const manifest = await generateDemoCompany({ outDir, scale: 0.05, snapshots: 26, ...(customersPerScale ? { customersPerScale } : {}) });
      const rows = readFileSync(join(outDir, manifest.lastSnapshot, 'opportunities.csv'), 'utf8').trim().split('\n').slice(1);
      // columns: opportunity_id, created_at, account_id, contact_id, owner, name, type, ...
      return new Set(rows.map(cellsOf).filter((cells) => cells[6] === 'renewal').map((cells) => cells[2])).size;
    };
    // default 140 per unit: round(140 x 0.05) = 7 customers; 1,000 per unit: 50
    const fewer = await renewingAccounts('customers-default');
    const more = await renewingAccounts('customers-more', 1000);
    expect(fewer).toBeGreaterThan(0);
    expect(fewer).toBeLessThanOrEqual(7);
    expect(more).toBeGreaterThan(7);
    expect(more).toBeLessThanOrEqual(50);
  });
});

describe('SCALE_PRESETS', () => {
  it('sizes small as the demo company, with about one deal per four leads', async () => {
    const run = await streamed('preset-small', { ...SCALE_PRESETS.small, truth: false });
    expect(run.foldersOnDisk).toHaveLength(26);
    expect(existsSync(join(run.outDir, run.manifest.lastSnapshot))).toBe(false);
    const { leads, opportunities } = run.manifest.counts;
    expect(leads).toBeGreaterThan(18_000);
    expect(leads).toBeLessThan(22_000);
    expect(opportunities / leads).toBeGreaterThan(0.2);
    expect(opportunities / leads).toBeLessThan(0.33);
  });
});

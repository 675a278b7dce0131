import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { Warehouse } from '../../server/db/warehouse.ts';
import { isIsoDate } from '../../server/periods.ts';
import { LoadError } from './load-error.ts';
import { loadSnapshot, type LoadReport, type SnapshotOptions } from './load-snapshot.ts';

export interface IngestOptions extends Omit<SnapshotOptions, 'folder' | 'asOf'> {
  path: string;
  asOf?: string;
}

/**
 * Loads a snapshot folder, or a series: a folder whose subfolders are named by dates, loaded in
 * date order (each one its own transaction; those already loaded are no-ops).
 */
export async function ingestPath(warehouse: Warehouse, options: IngestOptions, onSnapshot?: (report: LoadReport, index: number, total: number) => void): Promise<LoadReport[]> {
  const path = resolve(options.path);
  if (!existsSync(path) || !statSync(path).isDirectory()) throw new LoadError('read', [{ file: options.path, problem: 'no such folder' }]);
  const series = readdirSync(path).filter((name) => isIsoDate(name) && statSync(join(path, name)).isDirectory()).sort();
  if (series.length > 0 && !options.asOf) {
    const reports: LoadReport[] = [];
    for (const [index, date] of series.entries()) {
      // in a series, each snapshot's summary line is the progress
      const report = await loadSnapshot(warehouse, { ...options, onProgress: undefined, folder: join(path, date), asOf: date });
      reports.push(report);
      onSnapshot?.(report, index, series.length);
    }
    return reports;
  }
  const asOf = options.asOf ?? basename(path);
  if (!isIsoDate(asOf)) {
    throw new LoadError('options', [{ file: options.path, problem: 'the folder is not named by a date and holds no dated subfolders: pass --as-of YYYY-MM-DD' }]);
  }
  const report = await loadSnapshot(warehouse, { ...options, folder: path, asOf });
  onSnapshot?.(report, 0, 1);
  return [report];
}

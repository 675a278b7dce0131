import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export type LoadErrorReport = {
  file: string; outcome: string; system: string; as_of: string; folder: string; written_at: string; message: string; problems: number;
};

/** Refused loads (and rejected rows) as reported in the files beside the warehouse, newest first. */
export function readLoadErrorReports(dbPath: string, limit = 50): LoadErrorReport[] {
  const dir = `${dbPath}.load-errors`;
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((name) => name.endsWith('.json')).sort().reverse().slice(0, limit).flatMap((name) => {
    try {
      const report = JSON.parse(readFileSync(join(dir, name), 'utf8'));
      return [{
        file: name, outcome: String(report.outcome ?? 'refused'), system: String(report.system), as_of: String(report.as_of),
        folder: String(report.folder), written_at: String(report.written_at ?? report.failed_at ?? ''),
        message: String(report.message).split('\n').slice(0, 4).join('\n'), problems: Array.isArray(report.problems) ? report.problems.length : 0,
      }];
    } catch {
      return []; // a report being written right now, or edited by hand: skip it
    }
  });
}

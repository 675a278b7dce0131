import { toCsv } from './csv.ts';
import type { PrintableReport } from './filters.ts';

type Row = Record<string, unknown>;
export type ReportFormat = 'table' | 'csv' | 'json';

/** Prints a view's figures as JSON (DESIGN section 2), CSV of one table, or aligned text tables. */
export function formatReport(report: PrintableReport, format: ReportFormat, tableName?: string): string {
  if (format === 'json') return `${JSON.stringify(report, null, 2)}\n`;
  const names = Object.keys(report.tables);
  if (format === 'csv') {
    const name = tableName ?? names[0];
    if (!(name in report.tables)) throw new Error(`view ${report.view} has no table "${name}"; its tables: ${names.join(', ')}`);
    return toCsv(report.tables[name]);
  }
  const heading = `${report.view} as of ${report.as_of ?? 'no snapshot (none loaded yet)'}${report.as_of_requested && report.as_of_requested !== report.as_of ? ` (asked for ${report.as_of_requested}; latest snapshot on or before it)` : ''}, period ${report.period}`;
  const shown = tableName ? [tableName] : names;
  return [heading, ...shown.map((name) => `\n${name}\n${toTextTable(report.tables[name] ?? [])}`)].join('\n');
}

function toTextTable(rows: Row[]): string {
  if (rows.length === 0) return '(no rows)\n';
  const columns = Object.keys(rows[0]);
  const text = (value: unknown) => (value === null || value === undefined ? '' : typeof value === 'number' && !Number.isInteger(value) ? value.toFixed(4) : String(value));
  const cells = rows.map((row) => columns.map((column) => text(row[column])));
  const widths = columns.map((column, i) => Math.max(column.length, ...cells.map((row) => row[i].length)));
  const line = (values: string[]) => values.map((value, i) => value.padStart(widths[i])).join('  ');
  return `${[line(columns), line(widths.map((width) => '-'.repeat(width))), ...cells.map(line)].join('\n')}\n`;
}

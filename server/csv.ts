/**
 * CSV for people's spreadsheets (DESIGN section 6, export): a text cell that begins with `=`,
 * `+`, `-`, `@`, tab or carriage return gets a single quote in front, so a spreadsheet shows it
 * as text instead of running it as a formula; numbers and booleans are written bare, as values.
 * Cells holding a comma, quote or line break are quoted (RFC 4180).
 */

const FORMULA_LEAD = /^[=+\-@\t\r]/;

export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  const safe = FORMULA_LEAD.test(text) ? `'${text}` : text;
  return /[",\n\r]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** Rows to CSV with a header of the first row's columns; no rows, no text. */
export function toCsv(rows: ReadonlyArray<Record<string, unknown>>): string {
  if (rows.length === 0) return '';
  const columns = Object.keys(rows[0]);
  const lines = [columns.map(csvCell).join(','), ...rows.map((row) => columns.map((column) => csvCell(row[column])).join(','))];
  return `${lines.join('\n')}\n`;
}

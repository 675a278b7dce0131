import { DuckDBInstance } from '@duckdb/node-api';
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { LoadError, type InputProblem } from './load-error.ts';
import { sqlString } from './sql-text.ts';

/** What a CSV export's first line says: its column names (duplicates renamed apart) and its delimiter. */
export interface CsvHeader {
  delimiter: string;
  /** Names as DuckDB reads them: a repeated name's later copies are renamed `name (column N)`. */
  names: string[];
  /** Names the header repeats (compared as DuckDB compares identifiers, ignoring case), with their 1-based positions. */
  repeated: Map<string, number[]>;
}

const HEAD_BYTES = 65536;
/** DuckDB's default longest line (max_line_size), in bytes. */
const DUCKDB_MAX_LINE_BYTES = 2_000_000;
/** A file larger than this is not read again to find which value made its line too long. */
const LOCATE_OVERSIZED_LIMIT_BYTES = 256 * 1024 * 1024;
const DELIMITER_CANDIDATES = [',', ';', '\t', '|'];

/**
 * Looks at a CSV file's first bytes before DuckDB reads it: refuses what is no CSV text at all (an
 * empty file, UTF-16) and returns the header, or null when its first line cannot be split with
 * confidence (then DuckDB's sniffer reads it). Without a delimiter named, the header's most frequent
 * candidate outside quotes is the delimiter, so a malformed row is reported where it is instead of
 * misleading the sniffer.
 */
export function inspectCsvFile(path: string, file: string, delimiter?: string): CsvHeader | null {
  const head = readHead(path);
  if (head.length === 0 || head.toString('utf8').replace(/^\uFEFF/, '').trim() === '') {
    throw new LoadError('read', [{ file, problem: 'the file is empty: not even a header row (a header alone is allowed)' }]);
  }
  if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)) {
    throw new LoadError('read', [{ file, problem: 'the file is UTF-16 text (it starts with a UTF-16 byte order mark): save the export as UTF-8 (in Excel: CSV UTF-8)' }]);
  }
  if (head.includes(0)) {
    throw new LoadError('read', [{ file, problem: 'the file holds NUL bytes: UTF-16 text without a byte order mark, or not a text file; save the export as UTF-8 CSV' }]);
  }
  const line = firstRecord(head.toString('utf8').replace(/^\uFEFF/, ''), head.length < HEAD_BYTES);
  if (line === null) return null;
  const chosen = delimiter ?? mostFrequentDelimiter(line);
  const cells = splitRecord(line, chosen);
  if (cells.some((name) => name.length === 0)) return null;
  return renameRepeated(cells, chosen);
}

function readHead(path: string): Buffer {
  const descriptor = openSync(path, 'r');
  try {
    const buffer = Buffer.alloc(HEAD_BYTES);
    return buffer.subarray(0, readSync(descriptor, buffer, 0, buffer.length, 0));
  } finally {
    closeSync(descriptor);
  }
}

/** The first record's text, up to its unquoted line end; null when the head ends before the record does. */
function firstRecord(text: string, wholeFile: boolean): string | null {
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === '"') quoted = !quoted;
    else if (!quoted && (char === '\n' || char === '\r')) return text.slice(0, i);
  }
  return quoted || !wholeFile ? null : text;
}

function mostFrequentDelimiter(line: string): string {
  const counts = DELIMITER_CANDIDATES.map((candidate) => splitRecord(line, candidate).length - 1);
  const best = Math.max(...counts);
  return best > 0 ? DELIMITER_CANDIDATES[counts.indexOf(best)] : ',';
}

/** Splits one record on the delimiter outside double quotes, unquoting each cell ("" is a quote). */
function splitRecord(line: string, delimiter: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const char = line[i];
    if (char === '"' && quoted && line[i + 1] === '"') { cell += '"'; i++; }
    else if (char === '"') quoted = !quoted;
    else if (char === delimiter && !quoted) { cells.push(cell.trim()); cell = ''; }
    else cell += char;
  }
  cells.push(cell.trim());
  return cells;
}

function renameRepeated(cells: string[], delimiter: string): CsvHeader {
  const positions = new Map<string, number[]>();
  cells.forEach((name, index) => positions.set(name.toLowerCase(), [...(positions.get(name.toLowerCase()) ?? []), index + 1]));
  const names = cells.map((name, index) => (positions.get(name.toLowerCase())![0] === index + 1 ? name : `${name} (column ${index + 1})`));
  return { delimiter, names, repeated: new Map([...positions].filter(([, at]) => at.length > 1)) };
}

/** read_csv's options for this file: the header's dialect and names when known, else DuckDB's sniffer. */
export function readCsvOptions(header: CsvHeader | null, delimiter?: string): string {
  if (header) {
    const columns = header.names.map((name) => `${sqlString(name)}: 'VARCHAR'`).join(', ');
    return `delim = ${sqlString(header.delimiter)}, quote = '"', escape = '"', auto_detect = false, columns = {${columns}}`;
  }
  return `${delimiter ? `delim = ${sqlString(delimiter)}, quote = '"', escape = '"', ` : ''}all_varchar = true`;
}

/** The SQL that reads a CSV file as text, every column VARCHAR, refusing a row of the wrong width. */
export function readCsvSql(path: string, options: string): string {
  return `select * from read_csv(${sqlString(path)}, header = true, strict_mode = true, null_padding = false, ${options})`;
}

/**
 * DuckDB's error for a file it could not read, as a problem a person can act on: the row (DuckDB
 * counts records with the header as line 1, as a spreadsheet numbers rows), the row's text, and what
 * is wrong with it.
 */
export async function describeCsvError(path: string, file: string, message: string, options: string): Promise<InputProblem> {
  const row = message.match(/CSV Error on Line: (\d+)/)?.[1];
  // DuckDB prints the row after the line break that ends the one before (so after a lone \n in a \r\n file)
  const line = message.match(/Original Line: ?(?:\r?\n)?([^\n]*)/)?.[1]?.replace(/\r$/, '');
  const located = { file, ...(row === undefined ? {} : { row: Number(row) }), ...(line === undefined ? {} : { value: shortened(line) }) };
  const cutOff = !endsWithLineBreak(path);
  const widths = message.match(/Expected Number of Columns: (\d+) Found: (\d+)/);
  if (widths) {
    const [expected, found] = [Number(widths[1]), Number(widths[2])];
    if (cutOff && line !== undefined && fileEndsWith(path, line)) {
      return { ...located, problem: `the file ends part way through this row (${found} of ${expected} values): it looks cut off; export it again` };
    }
    return { ...located, problem: `${found} values where the header has ${expected}: ${found > expected ? 'a value holds an unquoted delimiter' : 'values are missing'} (a ragged row)` };
  }
  if (/unterminated quote/i.test(message)) {
    return { ...located, problem: cutOff ? 'the file ends inside a quoted value that starts in this row: it looks cut off; export it again' : 'a quoted value that starts in this row is never closed (a stray quote)' };
  }
  if (/invalid unicode|not utf-8/i.test(message)) {
    return { ...located, problem: 'not UTF-8 text (Latin-1 or Windows-1252?): save the export as UTF-8' };
  }
  if (/Maximum line size/i.test(message)) return (await locateOversizedValue(path, file, options)) ?? { ...located, problem: `a row longer than ${DUCKDB_MAX_LINE_BYTES.toLocaleString('en-US')} bytes` };
  return { file, problem: `not a readable CSV file: ${message.split('\n').slice(0, 3).join(' ').slice(0, 300)}` };
}

/**
 * The value that made a row longer than DuckDB reads by default: the file is read again, in a
 * DuckDB of its own (the load's transaction is aborted by the first error), with room for its
 * longest line, and the longest value is named.
 */
async function locateOversizedValue(path: string, file: string, options: string): Promise<InputProblem | null> {
  const size = statSync(path).size;
  if (size > LOCATE_OVERSIZED_LIMIT_BYTES) return null;
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    await connection.run(`create table oversized as ${readCsvSql(path, `${options}, max_line_size = ${size + 1}, buffer_size = ${Math.max(size + 1, 32 * 1024 * 1024)}`)}`);
    await connection.run(`alter table oversized add column _row BIGINT`);
    await connection.run(`update oversized set _row = rowid - (select min(rowid) from oversized) + 2`);
    const [cell] = (await connection.runAndReadAll(`select cast(_row as integer) as row, name, cast(length(value) as integer) as characters, left(value, 60) as start
      from (unpivot oversized on columns(* exclude (_row)) into name name value value) order by characters desc limit 1`)).getRowObjectsJS();
    if (!cell) return null;
    return {
      file, row: Number(cell.row), column: String(cell.name), value: `${String(cell.start)}…`,
      problem: `a value of ${Number(cell.characters).toLocaleString('en-US')} characters, more than a row may hold (${DUCKDB_MAX_LINE_BYTES.toLocaleString('en-US')} bytes) and more than any CRM text field: a quote that ran on, or a file pasted into a field`,
    };
  } catch {
    return null;
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

function shortened(text: string): string {
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

function readTail(path: string, bytes: number): Buffer {
  const size = statSync(path).size;
  const length = Math.min(size, bytes);
  const descriptor = openSync(path, 'r');
  try {
    const buffer = Buffer.alloc(length);
    readSync(descriptor, buffer, 0, length, size - length);
    return buffer;
  } finally {
    closeSync(descriptor);
  }
}

function endsWithLineBreak(path: string): boolean {
  const last = readTail(path, 1);
  return last.length === 0 || last[0] === 0x0a || last[0] === 0x0d;
}

function fileEndsWith(path: string, line: string): boolean {
  const expected = Buffer.from(line, 'utf8');
  return readTail(path, expected.length).equals(expected);
}

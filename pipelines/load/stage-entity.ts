import { basename } from 'node:path';
import type { WriteTransaction } from '../../server/db/warehouse.ts';
import { compileRule, type AdapterContext, type CompiledColumn } from '../adapters/compile-rule.ts';
import type { ColumnRule, EntityMapping } from '../adapters/mapping-spec.ts';
import { sqlType, type ColumnSpec, type ColumnType, type EntitySpec } from './canonical-contract.ts';
import { describeCsvError, inspectCsvFile, readCsvOptions, readCsvSql, type CsvHeader } from './csv-file.ts';
import { LoadError, type InputProblem } from './load-error.ts';
import { ident, sqlString } from './sql-text.ts';

const MAX_PROBLEMS = 200;

export interface StagedEntity { table: string; file: string; rowsLoaded: number; rowsRejected: number; rejected: InputProblem[] }

/**
 * Reads one source file with DuckDB (every column as text, so no value is guessed), maps it to
 * the canonical columns, checks every value, and leaves typed rows in temp table incoming_<table>.
 * Bad rows stop the load (LoadError naming file, row, column and value) unless rejects are
 * allowed: then they are left out, listed, and their records keep their previous version.
 */
export async function stageEntity(
  tx: WriteTransaction, entity: EntitySpec, path: string, mapping: EntityMapping, context: AdapterContext, allowRejects: boolean,
): Promise<StagedEntity> {
  const file = basename(path);
  const sourceTable = `source_${entity.table}`;
  const header = await readAsText(tx, path, file, sourceTable, mapping.delimiter);
  const present = new Set((await tx.query(`select column_name from (describe ${sourceTable})`)).map((row) => String(row.column_name)));
  const columns = compileColumns(entity, mapping, context, present, file, header);
  const problems = await findConversionProblems(tx, file, sourceTable, columns);
  const skip = mapping.skipWhen && present.has(mapping.skipWhen.column)
    ? `where coalesce(trim(${ident(mapping.skipWhen.column)}), '') not in (${mapping.skipWhen.values.map(sqlString).join(', ')})` : '';
  const rawTable = `raw_${entity.table}`;
  await tx.run(`create or replace temp table ${rawTable} as select _row, ${columns.map((column) => `cast(${column.text} as varchar) as ${ident(column.name)}`).join(', ')} from ${sourceTable} ${skip}`);
  const labels = new Map(columns.map((column) => [column.name, column.label]));
  const valueProblems = await findValueProblems(tx, file, entity.columns, rawTable, labels, context.crm);
  problems.push(...await withSourceValues(tx, sourceTable, valueProblems, columns), ...await findDuplicateKeys(tx, file, entity, rawTable, labels));
  const firstPerCell = dedupeByCell(problems);
  if (firstPerCell.length > 0 && !allowRejects) throw new LoadError('validate', firstPerCell, undefined);
  const rejectedRows = [...new Set(firstPerCell.map((problem) => problem.row).filter((row): row is number => row !== undefined))];
  await setAsideRejectedRows(tx, entity, rawTable, rejectedRows);
  await tx.run(`create or replace temp table incoming_${entity.table} as select ${entity.columns.map(typedExpression).join(', ')} from ${rawTable}`);
  const [{ count }] = await tx.query(`select count(*) as count from incoming_${entity.table}`);
  return { table: entity.table, file, rowsLoaded: Number(count), rowsRejected: rejectedRows.length, rejected: firstPerCell };
}

/** A value that failed its mapping also fails the contract: report the first problem of each cell only. */
function dedupeByCell(problems: InputProblem[]): InputProblem[] {
  const seen = new Set<string>();
  return problems
    .sort((a, b) => (a.row ?? 0) - (b.row ?? 0))
    .filter((problem) => {
      const cell = `${problem.row}:${problem.column}`;
      if (seen.has(cell)) return false;
      seen.add(cell);
      return true;
    });
}

async function readAsText(tx: WriteTransaction, path: string, file: string, table: string, delimiter?: string): Promise<CsvHeader | null> {
  if (/\.(json|ndjson|jsonl)$/i.test(path)) {
    await readJsonAsText(tx, path, file, table);
    return null;
  }
  const header = inspectCsvFile(path, file, delimiter);
  // a known header needs no sniffing, which costs more than reading a small file and misreads a malformed one
  const options = readCsvOptions(header, delimiter);
  try {
    await tx.run(`create or replace temp table ${table} as ${readCsvSql(path, options)}`);
    // rowids follow file order (insertion order is preserved), so counting from the first gives
    // the row a spreadsheet shows (header = row 1)
    await tx.run(`alter table ${table} add column _row BIGINT`);
    await tx.run(`update ${table} set _row = rowid - (select min(rowid) from ${table}) + 2`);
  } catch (error) {
    throw new LoadError('read', [await describeCsvError(path, file, String(error instanceof Error ? error.message : error), options)]);
  }
  return header;
}

/**
 * A JSON export (an array of records, newline-delimited records, or an API page {results: [...]})
 * as a table of text columns: each record's top-level fields and, as HubSpot's API nests them,
 * the fields of its `properties` object. Row N is the Nth record.
 */
async function readJsonAsText(tx: WriteTransaction, path: string, file: string, table: string): Promise<void> {
  try {
    await tx.run(`create or replace temp table json_records as
      with documents as (select json as document from read_json_objects(${sqlString(path)}, format = 'auto'))
      select unnest(case when json_type(document -> 'results') = 'ARRAY' then cast(document -> '$.results[*]' as json[]) else [document] end) as record
      from documents`);
    const fields = await tx.query(`select distinct unnest(json_keys(record)) as name, false as nested from json_records
      union select distinct unnest(json_keys(record -> 'properties')) as name, true as nested from json_records where json_type(record -> 'properties') = 'OBJECT'`);
    const byName = new Map<string, string>();
    for (const field of fields.sort((a, b) => Number(a.nested) - Number(b.nested))) {
      const name = String(field.name);
      if (name === 'properties' && !field.nested) continue;
      byName.set(name, field.nested ? `record -> 'properties' ->> ${sqlString(name)}` : `record ->> ${sqlString(name)}`);
    }
    const columns = [...byName].map(([name, expression]) => `${expression} as ${ident(name)}`);
    await tx.run(`create or replace temp table ${table} as select ${columns.length > 0 ? columns.join(', ') : "null as _empty"} from json_records`);
    await tx.run(`alter table ${table} add column _row BIGINT`);
    await tx.run(`update ${table} set _row = rowid - (select min(rowid) from ${table}) + 1`);
  } catch (error) {
    const message = String(error instanceof Error ? error.message : error).split('\n').slice(0, 3).join(' ');
    throw new LoadError('read', [{ file, problem: `not a readable JSON export: ${message}` }]);
  }
}

function compileColumns(entity: EntitySpec, mapping: EntityMapping, context: AdapterContext, present: Set<string>, file: string, header: CsvHeader | null): CompiledColumn[] {
  const missing: InputProblem[] = [];
  const columns = entity.columns.map((column) => {
    const rule = firstPresentColumn(mapping.columns[column.name], present);
    const compiled = rule === undefined ? null : compileRule(column, rule, context);
    const absent = compiled?.reads.filter((name) => !present.has(name)) ?? [];
    if (column.required && (compiled === null || absent.length > 0)) {
      missing.push({ file, column: absent[0] ?? column.name, problem: `required column is missing${wrongDelimiterHint(header)}` });
    }
    // an optional column the export lacks is unknown for every row
    return compiled && absent.length === 0 ? compiled : { name: column.name, reads: [], label: column.name, text: 'null', checks: [] };
  });
  if (missing.length > 0) throw new LoadError('validate', missing);
  const ambiguous = [...new Set(columns.flatMap((column) => column.reads))].flatMap((name) => {
    const positions = header?.repeated.get(name.toLowerCase());
    return positions ? [{ file, row: 1, column: name, value: name, problem: `the header names this column ${positions.length} times (columns ${positions.join(', ')}): which one holds the value is ambiguous` }] : [];
  });
  if (ambiguous.length > 0) throw new LoadError('validate', ambiguous);
  return columns;
}

/** A header read as one column that holds another delimiter: the file is separated by something else. */
function wrongDelimiterHint(header: CsvHeader | null): string {
  const other = header?.names.length === 1 ? [';', '\t', '|', ','].find((candidate) => candidate !== header.delimiter && header.names[0].includes(candidate)) : undefined;
  return other ? `: the header reads as one column, so the file is separated by ${JSON.stringify(other)} where ${JSON.stringify(header!.delimiter)} is expected` : '';
}

/** A rule naming several source columns reads the first the file has. */
function firstPresentColumn(rule: ColumnRule | undefined, present: Set<string>): ColumnRule | undefined {
  if (rule === undefined || typeof rule === 'string' || !Array.isArray(rule.column)) return rule;
  return { ...rule, column: rule.column.find((name) => present.has(name)) ?? rule.column[0] };
}

async function findConversionProblems(tx: WriteTransaction, file: string, sourceTable: string, columns: CompiledColumn[]): Promise<InputProblem[]> {
  const checks = columns.flatMap((column) => column.checks.map((check) =>
    `select _row as row, ${sqlString(column.label)} as column_name, cast(${check.value} as varchar) as value, ${sqlString(check.problem)} as problem from ${sourceTable} where ${check.when}`));
  if (checks.length === 0) return [];
  const rows = await tx.query(`select * from (${checks.join(' union all ')}) order by row, column_name limit ${MAX_PROBLEMS}`);
  return rows.map((row) => ({ file, row: Number(row.row), column: String(row.column_name), value: row.value as string | null, problem: String(row.problem) }));
}

/** One SQL pass per column that returns the rows whose value breaks the contract's rule. */
async function findValueProblems(tx: WriteTransaction, file: string, columns: ColumnSpec[], rawTable: string, labels: Map<string, string>, crm: string): Promise<InputProblem[]> {
  const checks = columns.flatMap((column) => {
    const value = `trim(${ident(column.name)})`;
    const rules: string[] = [];
    if (column.required) rules.push(`when ${ident(column.name)} is null or ${value} = '' then 'required value is empty'`);
    rules.push(...valueRules(column.type, value, crm).map((rule) => `when ${value} <> '' and ${rule}`));
    if (rules.length === 0) return [];
    return [`select _row as row, ${sqlString(labels.get(column.name) ?? column.name)} as column_name, ${ident(column.name)} as value,
      case ${rules.join(' ')} end as problem from ${rawTable}`];
  });
  if (checks.length === 0) return [];
  const rows = await tx.query(`select * from (${checks.join(' union all ')}) where problem is not null order by row, column_name limit ${MAX_PROBLEMS}`);
  return rows.map((row) => ({ file, row: Number(row.row), column: String(row.column_name), value: row.value as string | null, problem: String(row.problem) }));
}

function valueRules(type: ColumnType, value: string, crm: string): string[] {
  // canonical files must be ISO; an export's own date format is named in config, never guessed
  const formatHint = crm === 'canonical' ? '' : ` (if the export writes dates another way, name the format in leadlens.config.json under crms.${crm}.dateFormats / timestampFormats)`;
  if (typeof type === 'object') {
    return [`lower(${value}) not in (${type.oneOf.map(sqlString).join(', ')}) then ${sqlString(`unknown value (expected one of ${type.oneOf.join(', ')})`)}`];
  }
  switch (type) {
    case 'timestamp': return [`try_cast(${value} as timestamptz) is null then ${sqlString(`not an ISO 8601 date or timestamp${formatHint}`)}`];
    case 'date': return [`try_cast(${value} as date) is null then ${sqlString(`not a date (YYYY-MM-DD)${formatHint}`)}`];
    case 'boolean': return [`lower(${value}) not in ('true', 'false') then 'not a boolean (true or false)'`];
    case 'integer': return [`try_cast(${value} as bigint) is null then 'not a whole number'`, `try_cast(${value} as bigint) < 0 then 'negative count'`];
    case 'money': return [`try_cast(${value} as decimal(18,2)) is null then 'not an amount (digits with an optional decimal point)'`, `try_cast(${value} as decimal(18,2)) < 0 then 'negative amount'`];
    case 'number': return [`try_cast(${value} as double) is null then 'not a number'`];
    case 'percentage': return [`try_cast(${value} as double) is null then 'not a number'`, `try_cast(${value} as double) not between 0 and 100 then 'probability outside 0-100'`];
    case 'month': return [`not regexp_full_match(${value}, '\\d{4}-(0[1-9]|1[0-2])') then 'not a month (YYYY-MM)'`];
    case 'quarter': return [`not regexp_full_match(${value}, '\\d{4}-Q[1-4]') then 'not a quarter (YYYY-Qn)'`];
    case 'text': return [];
  }
}

/**
 * A value converted by its rule (a currency amount, a 0-1 probability, a date format) is reported as
 * the export wrote it, so the message names what the person will find in the file.
 */
async function withSourceValues(tx: WriteTransaction, sourceTable: string, problems: InputProblem[], columns: CompiledColumn[]): Promise<InputProblem[]> {
  const converted = new Map(columns.filter((column) => column.reads.length === 1 && column.text !== `nullif(trim(${ident(column.reads[0])}), '')`)
    .map((column) => [column.label, column.reads[0]]));
  const rows = [...new Set(problems.filter((problem) => converted.has(problem.column ?? '') && problem.row !== undefined).map((problem) => problem.row))];
  if (rows.length === 0) return problems;
  const sources = [...new Set(converted.values())];
  const cells = await tx.query(`select _row, ${sources.map((name, i) => `cast(${ident(name)} as varchar) as _source${i}`).join(', ')} from ${sourceTable} where _row in (${rows.join(', ')})`);
  const byRow = new Map(cells.map((cell) => [Number(cell._row), cell]));
  return problems.map((problem) => {
    const source = converted.get(problem.column ?? '');
    const cell = problem.row === undefined ? undefined : byRow.get(problem.row);
    return source === undefined || cell === undefined ? problem : { ...problem, value: cell[`_source${sources.indexOf(source)}`] as string | null };
  });
}

async function findDuplicateKeys(tx: WriteTransaction, file: string, entity: EntitySpec, rawTable: string, labels: Map<string, string>): Promise<InputProblem[]> {
  const keys = entity.key.map((name, i) => `nullif(trim(${ident(name)}), '') as _key${i}`).join(', ');
  const keyNames = entity.key.map((_name, i) => `_key${i}`);
  const rows = await tx.query(`select _row as row, concat_ws(', ', ${keyNames.map((name) => `coalesce(${name}, '')`).join(', ')}) as value, first_row
    from (select _row, ${keys}, min(_row) over (partition by ${keyNames.join(', ')}) as first_row from ${rawTable})
    where _row <> first_row order by _row limit ${MAX_PROBLEMS}`);
  return rows.map((row) => ({
    file, row: Number(row.row), column: entity.key.map((name) => labels.get(name) ?? name).join(', '), value: String(row.value),
    problem: `duplicate id (first seen in row ${row.first_row})`,
  }));
}

/** Rejected rows leave the load; their ids are kept so those records keep their previous version. */
async function setAsideRejectedRows(tx: WriteTransaction, entity: EntitySpec, rawTable: string, rows: number[]): Promise<void> {
  const rowList = rows.length > 0 ? rows.join(', ') : 'null';
  await tx.run(`create or replace temp table rejected_keys_${entity.table} as
    select distinct ${entity.key.map((name) => `nullif(trim(${ident(name)}), '') as ${ident(name)}`).join(', ')} from ${rawTable} where _row in (${rowList})`);
  await tx.run(`delete from ${rawTable} where _row in (${rowList})`);
}

/** The typed value of a validated column; empty means unknown (null). */
function typedExpression(column: ColumnSpec): string {
  const target = sqlType(column.type);
  const value = `nullif(trim(${ident(column.name)}), '')`;
  const typed = typeof column.type === 'object' ? `lower(${value})`
    : column.type === 'timestamp' ? `cast(cast(${value} as timestamptz) as timestamp)`
    : column.type === 'boolean' ? `lower(${value}) = 'true'`
    : `cast(${value} as ${target})`;
  const withDefault = column.defaultFrom ? `coalesce(${typed}, lower(nullif(trim(${ident(column.defaultFrom)}), '')))` : typed;
  return `${withDefault} as ${ident(column.name)}`;
}

import type { WriteTransaction } from '../../server/db/warehouse.ts';
import { sqlType, type ColumnSpec, type ColumnType, type EntitySpec } from './canonical-contract.ts';
import { LoadError, type InputProblem } from './load-error.ts';

const MAX_PROBLEMS = 50;

export function sqlString(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

export function ident(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/**
 * Reads one canonical file with DuckDB (every column as text, so that no value is guessed),
 * checks every value against the contract and leaves typed rows in temp table incoming_<table>.
 * Throws LoadError naming file, row, column and value for every problem found.
 */
export async function stageCanonicalFile(tx: WriteTransaction, entity: EntitySpec, path: string): Promise<number> {
  const rawTable = `raw_${entity.table}`;
  await readAsText(tx, entity, path, rawTable);
  const present = new Set((await tx.query(`select column_name from (describe ${rawTable})`)).map((row) => String(row.column_name)));
  const missing = entity.columns.filter((column) => column.required && !present.has(column.name));
  if (missing.length > 0) {
    throw new LoadError('validate', missing.map((column) => ({ file: entity.file, column: column.name, problem: 'required column is missing' })));
  }
  const columns = entity.columns.filter((column) => present.has(column.name));
  const problems = [...await findValueProblems(tx, entity, columns, rawTable), ...await findDuplicateKeys(tx, entity, rawTable)];
  if (problems.length > 0) throw new LoadError('validate', problems.sort((a, b) => (a.row ?? 0) - (b.row ?? 0)));
  await tx.run(`create or replace temp table incoming_${entity.table} as select ${entity.columns.map((column) => typedExpression(column, present)).join(', ')} from ${rawTable}`);
  const [{ count }] = await tx.query(`select count(*) as count from incoming_${entity.table}`);
  return Number(count);
}

async function readAsText(tx: WriteTransaction, entity: EntitySpec, path: string, rawTable: string): Promise<void> {
  try {
    // rowids follow file order (insertion order is preserved), so counting from the first gives
    // the row a spreadsheet shows (header = row 1)
    await tx.run(`create or replace temp table ${rawTable} as select * from read_csv(${sqlString(path)},
      header = true, all_varchar = true, delim = ',', quote = '"', escape = '"', strict_mode = true, null_padding = false)`);
    await tx.run(`alter table ${rawTable} add column _row BIGINT`);
    await tx.run(`update ${rawTable} set _row = rowid - (select min(rowid) from ${rawTable}) + 2`);
  } catch (error) {
    throw new LoadError('read', [{ file: entity.file, problem: `not a readable CSV file: ${firstLine(error)}` }]);
  }
}

function firstLine(error: unknown): string {
  return String(error instanceof Error ? error.message : error).split('\n').slice(0, 3).join(' ');
}

/** One SQL pass per column that returns the rows whose value breaks the column's rule. */
async function findValueProblems(tx: WriteTransaction, entity: EntitySpec, columns: ColumnSpec[], rawTable: string): Promise<InputProblem[]> {
  const checks = columns.flatMap((column) => {
    const value = `trim(${ident(column.name)})`;
    const rules: string[] = [];
    if (column.required) rules.push(`when ${ident(column.name)} is null or ${value} = '' then 'required value is empty'`);
    rules.push(...valueRules(column.type, value).map((rule) => `when ${value} <> '' and ${rule}`));
    return rules.length === 0 ? [] : [`select _row as row, ${sqlString(column.name)} as column_name, ${ident(column.name)} as value,
      case ${rules.join(' ')} end as problem from ${rawTable}`];
  });
  if (checks.length === 0) return [];
  const rows = await tx.query(`select * from (${checks.join(' union all ')}) where problem is not null order by row, column_name limit ${MAX_PROBLEMS}`);
  return rows.map((row) => ({ file: entity.file, row: Number(row.row), column: String(row.column_name), value: row.value as string | null, problem: String(row.problem) }));
}

function valueRules(type: ColumnType, value: string): string[] {
  if (typeof type === 'object') {
    const allowed = type.oneOf.map(sqlString).join(', ');
    return [`lower(${value}) not in (${allowed}) then ${sqlString(`unknown value (expected one of ${type.oneOf.join(', ')})`)}`];
  }
  switch (type) {
    case 'timestamp': return [`try_cast(${value} as timestamptz) is null then 'not an ISO 8601 date or timestamp'`];
    case 'date': return [`try_cast(${value} as date) is null then 'not a date (YYYY-MM-DD)'`];
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

async function findDuplicateKeys(tx: WriteTransaction, entity: EntitySpec, rawTable: string): Promise<InputProblem[]> {
  const key = entity.key.map((name) => `nullif(trim(${ident(name)}), '')`);
  const present = new Set((await tx.query(`select column_name from (describe ${rawTable})`)).map((row) => String(row.column_name)));
  const keyExprs = entity.key.map((name, i) => (present.has(name) ? key[i] : 'null'));
  const aliased = keyExprs.map((expr, i) => `${expr} as _key${i}`).join(', ');
  const keyNames = keyExprs.map((_expr, i) => `_key${i}`).join(', ');
  const rows = await tx.query(`select _row as row, concat_ws(', ', ${keyExprs.map((_expr, i) => `coalesce(_key${i}, '')`).join(', ')}) as value, first_row
    from (select _row, ${aliased}, min(_row) over (partition by ${keyNames}) as first_row from ${rawTable})
    where _row <> first_row order by _row limit ${MAX_PROBLEMS}`);
  return rows.map((row) => ({
    file: entity.file, row: Number(row.row), column: entity.key.join(', '), value: String(row.value),
    problem: `duplicate id (first seen in row ${row.first_row})`,
  }));
}

/** The typed value of a validated column; empty means unknown (null). */
function typedExpression(column: ColumnSpec, present: Set<string>): string {
  const target = sqlType(column.type);
  if (!present.has(column.name)) {
    const fallback = column.defaultFrom && present.has(column.defaultFrom) ? `lower(nullif(trim(${ident(column.defaultFrom)}), ''))` : 'null';
    return `cast(${fallback} as ${target}) as ${ident(column.name)}`;
  }
  const value = `nullif(trim(${ident(column.name)}), '')`;
  const typed = typeof column.type === 'object' ? `lower(${value})`
    : column.type === 'timestamp' ? `cast(cast(${value} as timestamptz) as timestamp)`
    : column.type === 'boolean' ? `lower(${value}) = 'true'`
    : `cast(${value} as ${target})`;
  const withDefault = column.defaultFrom && present.has(column.defaultFrom)
    ? `coalesce(${typed}, lower(nullif(trim(${ident(column.defaultFrom)}), '')))` : typed;
  return `${withDefault} as ${ident(column.name)}`;
}

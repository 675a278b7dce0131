import type { ColumnSpec } from '../load/canonical-contract.ts';
import { ident, sqlString } from '../load/sql-text.ts';
import type { ColumnRule } from './mapping-spec.ts';

/** What an adapter knows while compiling: its value maps and formats (mapping, then config). */
export interface AdapterContext {
  crm: string;
  valueMaps: Record<string, Record<string, string>>;
  dateFormats?: string[];
  timestampFormats?: string[];
}

/** A canonical column's SQL over the source table, with the checks that name bad source values. */
export interface CompiledColumn {
  name: string;
  /** Source columns the rule reads; all must exist in the file. */
  reads: string[];
  /** How problems name the column: the source column, with the canonical name where it differs. */
  label: string;
  /** Text expression for the canonical column (null when unknown). */
  text: string;
  /** [condition, problem] pairs over the source row: when true, the source value is refused. */
  checks: Array<{ when: string; problem: string; value: string }>;
}

const ISO_DATE_HINT = 'ISO 8601';

/** Compiles one rule for one canonical column. */
export function compileRule(column: ColumnSpec, rule: ColumnRule, context: AdapterContext): CompiledColumn {
  const spec = typeof rule === 'string' ? { column: rule } : rule;
  if (spec.constant !== undefined) return { name: column.name, reads: [], label: column.name, text: sqlString(spec.constant), checks: [] };
  if (spec.rowNumber) return { name: column.name, reads: [], label: `${column.name} (row number)`, text: withPrefix(`cast(_row - 1 as varchar)`, spec.prefix), checks: [] };
  if (spec.combine) {
    const parts = spec.combine.map((name) => `nullif(trim(${ident(name)}), '')`);
    return { name: column.name, reads: spec.combine, label: spec.combine.join(' + '), text: withPrefix(`nullif(concat_ws(${sqlString(spec.separator ?? '|')}, ${parts.join(', ')}), '')`, spec.prefix), checks: [] };
  }
  const source = [spec.column ?? column.name].flat()[0];
  const raw = `nullif(trim(${ident(source)}), '')`;
  const label = source === column.name ? source : `${source} (${column.name})`;
  const compiled: CompiledColumn = { name: column.name, reads: [source], label, text: withPrefix(raw, spec.prefix), checks: [] };
  if (spec.map) return mapValues(compiled, source, spec.map, context);
  const formats = spec.formats ?? (column.type === 'date' ? context.dateFormats : column.type === 'timestamp' ? context.timestampFormats : undefined);
  if (formats && formats.length > 0 && (column.type === 'date' || column.type === 'timestamp')) return parseDates(compiled, raw, formats, column.type);
  const decimalComma = spec.decimalSeparator === ',';
  const number = decimalComma ? `replace(replace(${raw}, '.', ''), ',', '.')` : raw;
  if (spec.number === 'currency') return parseCurrency(compiled, number, spec.multiply, raw);
  if (decimalComma && spec.multiply === undefined) {
    compiled.text = number;
    return compiled;
  }
  if (spec.multiply !== undefined) {
    // rounded so 0.55 x 100 is stored as 55, not 55.00000000000001
    compiled.text = `cast(round(try_cast(${number} as double) * ${Number(spec.multiply)}, 6) as varchar)`;
    compiled.checks.push({ when: `${raw} is not null and try_cast(${number} as double) is null`, problem: 'not a number', value: raw });
  }
  return compiled;
}

function withPrefix(expression: string, prefix?: string): string {
  return prefix ? `${sqlString(prefix)} || ${expression}` : expression;
}

/** Source values through a named value map; a value the map does not know is refused, never guessed. */
function mapValues(compiled: CompiledColumn, source: string, mapName: string, context: AdapterContext): CompiledColumn {
  const map = context.valueMaps[mapName];
  if (!map) throw new Error(`mapping for ${context.crm} names value map "${mapName}", which it does not define`);
  const key = `lower(trim(coalesce(${ident(source)}, '')))`;
  const entries = Object.entries(map).map(([from, to]) => [from.trim().toLowerCase(), to] as const);
  const cases = entries.map(([from, to]) => `when ${sqlString(from)} then ${to === '' ? 'null' : sqlString(to)}`).join(' ');
  compiled.text = entries.length > 0 ? `case ${key} ${cases} else null end` : 'null';
  const known = entries.map(([from]) => sqlString(from)).concat(`''`).join(', ');
  compiled.checks.push({
    when: `${key} not in (${known})`,
    problem: `unknown value: map it in leadlens.config.json under crms.${context.crm}.valueMaps.${mapName}`,
    value: ident(source),
  });
  return compiled;
}

function parseDates(compiled: CompiledColumn, raw: string, formats: string[], type: 'date' | 'timestamp'): CompiledColumn {
  const parsed = `coalesce(${formats.map((format) => `cast(try_strptime(${raw}, ${sqlString(format)}) as timestamp)`).join(', ')})`;
  compiled.text = `strftime(${parsed}, ${sqlString(type === 'date' ? '%Y-%m-%d' : '%Y-%m-%dT%H:%M:%S')})`;
  compiled.checks.push({ when: `${raw} is not null and ${parsed} is null`, problem: `not a ${type} in the format ${formats.join(' or ')} (${ISO_DATE_HINT} is not assumed)`, value: raw });
  return compiled;
}

/** $1,234.50, 342.09K, 1.2M, (250.00) for negative: what spreadsheets and CRM reports print. */
function parseCurrency(compiled: CompiledColumn, number: string, multiply: number | undefined, raw: string): CompiledColumn {
  const stripped = `regexp_replace(${number}, '[\\s$€£¥,]|^[A-Z]{3}', '', 'g')`;
  const negative = `regexp_matches(${stripped}, '^\\(.*\\)$')`;
  const body = `regexp_replace(${stripped}, '^\\((.*)\\)$', '\\1')`;
  const suffix = `upper(right(${body}, 1))`;
  const digits = `case when ${suffix} in ('K', 'M', 'B') then left(${body}, length(${body}) - 1) else ${body} end`;
  const factor = `case ${suffix} when 'K' then 1e3 when 'M' then 1e6 when 'B' then 1e9 else 1 end`;
  const value = `try_cast(${digits} as double) * ${factor} * (case when ${negative} then -1 else 1 end) * ${multiply ?? 1}`;
  compiled.text = `cast(round(${value}, 2) as varchar)`;
  compiled.checks.push({ when: `${raw} is not null and (${value}) is null`, problem: 'not an amount (digits, optional currency sign, thousands separators, K/M/B suffix)', value: raw });
  return compiled;
}

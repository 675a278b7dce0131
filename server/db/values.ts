import { DuckDBTypeId, type DuckDBResultReader } from '@duckdb/node-api';

/** A row as the rest of the product sees it: plain JSON-safe values only. */
export type PlainRow = Record<string, string | number | boolean | null>;

/** Converts DuckDB's JS values once, here: bigint -> number, DATE -> 'YYYY-MM-DD', TIMESTAMP -> ISO string (UTC). */
export function toPlainRows(result: DuckDBResultReader): PlainRow[] {
  const names = result.columnNames();
  const typeIds = result.columnTypes().map((type) => type.typeId);
  return result.getRowObjectsJS().map((row) => {
    const plain: PlainRow = {};
    names.forEach((name, i) => { plain[name] = toPlainValue(row[name], typeIds[i]); });
    return plain;
  });
}

function toPlainValue(value: unknown, typeId: DuckDBTypeId): string | number | boolean | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') return Number(value);
  if (value instanceof Date) {
    const iso = value.toISOString();
    return typeId === DuckDBTypeId.DATE ? iso.slice(0, 10) : iso;
  }
  if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') return value;
  return JSON.stringify(value, (_key, inner) => (typeof inner === 'bigint' ? Number(inner) : inner));
}

import { DuckDBInstance } from '@duckdb/node-api';

/**
 * Checksums of every table's contents in a warehouse file, read through a DuckDB instance that
 * is closed afterwards, so the file is free again for the process under test.
 */
export async function checksumWarehouseFile(path: string, exclude: string[] = []): Promise<Record<string, string>> {
  const instance = await DuckDBInstance.create(path);
  const connection = await instance.connect();
  try {
    const tables = (await connection.runAndReadAll(`select table_name from information_schema.tables
      where table_schema = 'main' and table_type = 'BASE TABLE' order by table_name`)).getRowObjectsJS().map((row) => String(row.table_name));
    const sums: Record<string, string> = {};
    for (const table of tables) {
      const columns = (await connection.runAndReadAll(`select column_name from information_schema.columns where table_name = '${table}' and column_name not in (${['', ...exclude].map((name) => `'${name}'`).join(', ')})`))
        .getRowObjectsJS().map((row) => `"${String(row.column_name)}"`);
      const [row] = (await connection.runAndReadAll(`select count(*) || ':' || coalesce(md5(string_agg(md5(cast(row(${columns.join(', ')}) as varchar)), '' order by md5(cast(row(${columns.join(', ')}) as varchar)))), '') as sum from "${table}"`)).getRowObjectsJS();
      sums[table] = String(row.sum);
    }
    return sums;
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

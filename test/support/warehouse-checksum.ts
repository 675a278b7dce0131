import type { Warehouse } from '../../server/db/warehouse.ts';

/** A checksum of every table's contents (rows in any order), to prove a refused load changed nothing. */
export async function checksumAllTables(warehouse: Warehouse): Promise<Record<string, string>> {
  const tables = await warehouse.query(`select table_name from information_schema.tables
    where table_schema = 'main' and table_type = 'BASE TABLE' order by table_name`);
  const sums: Record<string, string> = {};
  for (const { table_name } of tables) {
    const [row] = await warehouse.query(`select count(*) || ':' || coalesce(md5(string_agg(md5(cast(t as varchar)), '' order by md5(cast(t as varchar)))), '') as sum from "${table_name}" t`);
    sums[String(table_name)] = String(row.sum);
  }
  return sums;
}

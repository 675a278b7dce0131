import {
  Kysely, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler,
  type CompiledQuery, type DatabaseConnection, type Dialect, type Driver, type QueryResult,
} from 'kysely';
import type { DuckDBValue } from '@duckdb/node-api';
import type { Warehouse } from './warehouse.ts';

/**
 * Kysely over our Warehouse: DuckDB speaks Postgres-style SQL with $1 placeholders, so
 * Postgres's compiler and adapter serve; reads go to the warehouse's reader connections,
 * which already turn DuckDB values into plain JSON-safe ones.
 */
export function createKysely<DB>(warehouse: Warehouse): Kysely<DB> {
  return new Kysely<DB>({ dialect: new WarehouseDialect(warehouse) });
}

class WarehouseDialect implements Dialect {
  constructor(private warehouse: Warehouse) {}
  createAdapter() { return new PostgresAdapter(); }
  createDriver(): Driver { return new WarehouseDriver(this.warehouse); }
  createQueryCompiler() { return new PostgresQueryCompiler(); }
  createIntrospector(db: Kysely<any>) { return new PostgresIntrospector(db); }
}

class WarehouseDriver implements Driver {
  constructor(private warehouse: Warehouse) {}
  async init() {}
  async acquireConnection(): Promise<DatabaseConnection> { return new WarehouseReadConnection(this.warehouse); }
  async beginTransaction() { throw new Error('the dashboard only reads; loads write through the warehouse transaction'); }
  async commitTransaction() {}
  async rollbackTransaction() {}
  async releaseConnection() {}
  async destroy() {}
}

class WarehouseReadConnection implements DatabaseConnection {
  constructor(private warehouse: Warehouse) {}

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    const rows = await this.warehouse.query(query.sql, query.parameters.map(toBindable));
    return { rows: rows as R[] };
  }

  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('streaming is not used: results are paged or aggregated');
  }
}

function toBindable(value: unknown): DuckDBValue {
  if (value instanceof Date) return value.toISOString();
  return value as DuckDBValue;
}

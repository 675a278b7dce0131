import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Warehouse } from '../../server/db/warehouse.ts';

const MIGRATIONS_DIR = import.meta.dirname;

/** Applies, in one transaction, every numbered migration file not yet recorded in schema_migrations. */
export async function migrate(warehouse: Warehouse): Promise<number[]> {
  const files = readdirSync(MIGRATIONS_DIR).filter((name) => /^\d{3}_.*\.sql$/.test(name)).sort();
  return warehouse.transaction(async (tx) => {
    await tx.run('create table if not exists schema_migrations (version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMP NOT NULL)');
    const applied = new Set((await tx.query('select version from schema_migrations')).map((row) => row.version));
    const newlyApplied: number[] = [];
    for (const file of files) {
      const version = Number(file.slice(0, 3));
      if (applied.has(version)) continue;
      await tx.run(readFileSync(join(MIGRATIONS_DIR, file), 'utf8'));
      await tx.run('insert into schema_migrations values ($1, $2, now())', [version, file]);
      newlyApplied.push(version);
    }
    return newlyApplied;
  });
}

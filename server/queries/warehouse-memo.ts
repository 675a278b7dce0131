import { sql, type Kysely } from 'kysely';
import type { Marts } from '../db/marts.ts';

/**
 * Results the server computes from the marts and that only the warehouse's contents decide (a
 * fitted model, simulated bands): kept per warehouse and key until a load (a new batch) or a model
 * rebuild (config or sql/ changed: a new fingerprint) can change them. The newest `limit` are kept.
 */
export function warehouseMemo<T>(limit: number): (db: Kysely<Marts>, key: string, compute: () => Promise<T>) => Promise<T> {
  const byWarehouse = new WeakMap<Kysely<Marts>, Map<string, Promise<T>>>();
  return async (db, key, compute) => {
    const versionedKey = `${await contentVersion(db)}|${key}`;
    const kept = byWarehouse.get(db) ?? new Map<string, Promise<T>>();
    byWarehouse.set(db, kept);
    const found = kept.get(versionedKey);
    if (found) return found;
    const computed = compute();
    kept.set(versionedKey, computed);
    // a failure is not kept: the next call tries again
    computed.catch(() => kept.delete(versionedKey));
    if (kept.size > limit) kept.delete(kept.keys().next().value!);
    return computed;
  };
}

async function contentVersion(db: Kysely<Marts>): Promise<string> {
  const { rows } = await sql<{ batch_id: number | null; fingerprint: string | null }>`select
    (select max(batch_id) from load_batches) as batch_id,
    (select value from model_build_state where name = 'fingerprint') as fingerprint`.execute(db);
  return `${rows[0]?.batch_id ?? 'none'}|${rows[0]?.fingerprint ?? 'none'}`;
}

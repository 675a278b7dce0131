import { sql, type Kysely } from 'kysely';
import type { Marts } from '../db/marts.ts';

/** Loaded snapshot dates, newest first: sql/marts/snapshots.sql. */
export function selectSnapshotDates(db: Kysely<Marts>) {
  return db.selectFrom('snapshots').select(sql<string>`strftime(as_of, '%Y-%m-%d')`.as('as_of')).orderBy('snapshots.as_of', 'desc').execute();
}

/** Every source name seen on leads or opportunities: sql/marts/lead_sources.sql. */
export function selectSourceNames(db: Kysely<Marts>) {
  return db.selectFrom('lead_sources').select('source').orderBy('source').execute();
}

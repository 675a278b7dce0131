import { sql, type Kysely } from 'kysely';
import type { DataCheckRow, FreshnessRow, Marts } from '../db/marts.ts';

/** Every load batch, newest first: sql/marts/load_history.sql. */
export function selectLoadHistory(db: Kysely<Marts>, limit: number) {
  return db.selectFrom('load_history').selectAll().orderBy('load_history.batch_id', 'desc').limit(limit).execute();
}

/** Current records and stored versions per system and table: sql/marts/record_counts.sql. */
export function selectRecordCounts(db: Kysely<Marts>) {
  return db.selectFrom('record_counts').selectAll().execute();
}

/** Latest snapshot per system and its age on `today`: sql/marts/freshness.sql. */
export function selectFreshness(db: Kysely<Marts>, today: string) {
  return db.selectFrom(sql<FreshnessRow>`freshness(${today}::date)`.as('freshness')).selectAll().execute();
}

/** Unresolved references and missing dates as of the snapshot: sql/marts/data_checks.sql. */
export function selectDataChecks(db: Kysely<Marts>, asOf: string) {
  return db.selectFrom(sql<DataCheckRow>`data_checks(${asOf}::date)`.as('checks')).selectAll().execute();
}

/** Rows left out of loads run with --allow-rejects, newest batch first: sql/marts/load_rejects.sql. */
export function selectLoadRejects(db: Kysely<Marts>, limit: number) {
  return db.selectFrom('load_rejects').selectAll().orderBy('load_rejects.batch_id', 'desc').orderBy('load_rejects.row_number').limit(limit).execute();
}

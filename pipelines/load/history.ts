import type { WriteTransaction } from '../../server/db/warehouse.ts';
import type { EntitySpec } from './canonical-contract.ts';
import { ident } from './sql-text.ts';

export interface HistoryChange { created: number; changed: number; deleted: number; unchangedBefore: number }

/**
 * Writes a snapshot of one entity, taken on `asOf`, into its versioned table.
 *
 * The snapshot's state holds from asOf until the system's next snapshot (`nextSnapshot`, null
 * when this is the latest). Only records whose state differs from the version covering asOf are
 * touched: that version is split into the part before asOf, the new state, and the part from
 * the next snapshot on. The same steps serve a new latest snapshot, a backfill and a replacement.
 */
export async function applySnapshotToHistory(
  tx: WriteTransaction, entity: EntitySpec, system: string, asOf: string, nextSnapshot: string | null, batchId: number,
): Promise<HistoryChange> {
  const table = entity.table;
  const keys = entity.key.map(ident);
  const values = entity.columns.map((column) => column.name).filter((name) => !entity.key.includes(name)).map(ident);
  const sameKey = (left: string, right: string) => keys.map((key) => `${left}.${key} is not distinct from ${right}.${key}`).join(' and ');
  const coversAsOf = `system = $1 and valid_from <= $2::date and (valid_to is null or valid_to > $2::date)`;
  const isChanged = `exists (select 1 from changed_keys k where ${sameKey('k', 'x')})`;

  await tx.run(`create or replace temp table covering as select * from ${table} where ${coversAsOf}`, [system, asOf]);
  await tx.run(`create or replace temp table changed_keys as
    select ${keys.map((key) => `coalesce(c.${key}, i.${key}) as ${key}`).join(', ')},
      case when c._present is null then 'created' when i._present is null then 'deleted' else 'changed' end as change
    from (select *, true as _present from covering) c full join (select *, true as _present from incoming_${table}) i on ${sameKey('c', 'i')}
    where c._present is null
      -- absent now: deleted, unless its row was rejected (then it keeps its previous version)
      or (i._present is null and not exists (select 1 from rejected_keys_${table} r where ${sameKey('r', 'c')}))
      or (i._present is not null and row(${values.map((v) => `c.${v}`).join(', ')}) is distinct from row(${values.map((v) => `i.${v}`).join(', ')}))`);

  await tx.run(`delete from ${table} x where ${coversAsOf} and ${isChanged}`, [system, asOf]);
  await tx.run(`insert into ${table} by name select * exclude (valid_to), $1::date as valid_to
    from covering x where valid_from < $1::date and ${isChanged}`, [asOf]);
  await tx.run(`insert into ${table} by name select *, $1 as system, $2::date as valid_from, $3::date as valid_to, $4::integer as batch_id
    from incoming_${table} x where ${isChanged}`, [system, asOf, nextSnapshot, batchId]);
  if (nextSnapshot !== null) {
    await tx.run(`insert into ${table} by name select * exclude (valid_from), $1::date as valid_from
      from covering x where (valid_to is null or valid_to > $1::date) and ${isChanged}`, [nextSnapshot]);
    await mergeEqualNeighbours(tx, entity, system, isChanged);
  }
  const [counts] = await tx.query(`select
      count(*) filter (where change = 'created') as created, count(*) filter (where change = 'changed') as changed,
      count(*) filter (where change = 'deleted') as deleted, (select count(*) from covering) as covering
    from changed_keys`);
  return { created: Number(counts.created), changed: Number(counts.changed), deleted: Number(counts.deleted), unchangedBefore: Number(counts.covering) };
}

/** After a backfill or replacement, consecutive versions with the same values become one. */
async function mergeEqualNeighbours(tx: WriteTransaction, entity: EntitySpec, system: string, isChanged: string): Promise<void> {
  const table = entity.table;
  const keys = entity.key.map(ident).join(', ');
  const values = entity.columns.map((column) => column.name).filter((name) => !entity.key.includes(name)).map(ident).join(', ');
  await tx.run(`create or replace temp table touched_versions as select * from ${table} x where system = $1 and ${isChanged}`, [system]);
  await tx.run(`delete from ${table} x where system = $1 and ${isChanged}`, [system]);
  await tx.run(`insert into ${table} by name
    with marked as (
      select *, case when lag(valid_to) over w = valid_from and lag(row(${values})) over w is not distinct from row(${values})
        then 0 else 1 end as starts_run
      from touched_versions window w as (partition by ${keys} order by valid_from)
    ), numbered as (
      select *, sum(starts_run) over (partition by ${keys} order by valid_from) as run from marked
    ), ended as (
      select *, last_value(valid_to ignore nulls) over (partition by ${keys}, run order by valid_from rows between unbounded preceding and unbounded following) as run_end,
        bool_or(valid_to is null) over (partition by ${keys}, run) as run_open
      from numbered
    )
    select * exclude (starts_run, run, run_end, run_open, valid_to), case when run_open then null else run_end end as valid_to
    from ended where starts_run = 1`);
}

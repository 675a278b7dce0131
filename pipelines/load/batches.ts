import type { Warehouse, WriteTransaction } from '../../server/db/warehouse.ts';

export interface LoadedFile { file: string; sha256: string; rows_loaded: number; rows_rejected: number }

export interface LoadBatch {
  batch_id: number; system: string; crm: string; as_of: string; content_sha256: string; status: string;
}

/** The batch that loaded this system's snapshot of this date, if any. */
export async function findLoadedBatch(warehouse: Warehouse, system: string, asOf: string): Promise<LoadBatch | null> {
  const rows = await warehouse.query(`select batch_id, system, crm, strftime(as_of, '%Y-%m-%d') as as_of, content_sha256, status
    from load_batches where system = $1 and as_of = $2::date and status = 'loaded'`, [system, asOf]);
  return (rows[0] as unknown as LoadBatch) ?? null;
}

export async function latestSnapshotDate(warehouse: Warehouse, system: string): Promise<string | null> {
  const [row] = await warehouse.query(`select strftime(max(as_of), '%Y-%m-%d') as as_of from load_batches where system = $1 and status = 'loaded'`, [system]);
  return (row?.as_of as string | null) ?? null;
}

/** The system's first loaded snapshot after asOf: where the new snapshot's state stops holding. */
export async function nextSnapshotDate(tx: WriteTransaction, system: string, asOf: string): Promise<string | null> {
  const [row] = await tx.query(`select strftime(min(as_of), '%Y-%m-%d') as as_of from load_batches
    where system = $1 and as_of > $2::date and status = 'loaded'`, [system, asOf]);
  return (row?.as_of as string | null) ?? null;
}

export async function reserveBatchId(tx: WriteTransaction): Promise<number> {
  const [row] = await tx.query(`select nextval('load_batch_ids') as id`);
  return Number(row.id);
}

export interface BatchRecord {
  batchId: number; system: string; crm: string; asOf: string; contentSha256: string; files: LoadedFile[];
  created: number; changed: number; deleted: number; startedAt: Date;
}

export async function recordBatch(tx: WriteTransaction, batch: BatchRecord): Promise<void> {
  await tx.run(`update load_batches set status = 'replaced' where system = $1 and as_of = $2::date and status = 'loaded'`, [batch.system, batch.asOf]);
  await tx.run(`insert into load_batches (batch_id, system, crm, as_of, content_sha256, files, rows_loaded, rows_rejected,
      records_created, records_changed, records_deleted, started_at, ended_at, status)
    values ($1, $2, $3, $4::date, $5, $6::json, $7, $8, $9, $10, $11, $12::timestamp, $13::timestamp, 'loaded')`, [
    batch.batchId, batch.system, batch.crm, batch.asOf, batch.contentSha256, JSON.stringify(batch.files),
    batch.files.reduce((sum, file) => sum + file.rows_loaded, 0), batch.files.reduce((sum, file) => sum + file.rows_rejected, 0),
    // the end is the clock now, just before commit: DuckDB's now() is the transaction's start
    batch.created, batch.changed, batch.deleted, batch.startedAt.toISOString(), new Date().toISOString(),
  ]);
}

// Turns record histories into weekly snapshot folders, one snapshot at a time. Each record keeps
// only its current row, rebuilt when one of its changes reaches the snapshot being written, and
// its current state only while changes are still to come: memory grows with the records, not
// with their versions, and a snapshot can be loaded (and deleted) before the next is written.
import { mkdir, open } from 'node:fs/promises';
import { join } from 'node:path';
import type { SnapshotGrid, Timeline } from './records.ts';

/** Rows go to the file through a buffer of this many bytes, never as one big string. */
const BUFFER_BYTES = 1 << 23;

/** Index of the first snapshot taken after `at` (cutoffs.length if none). */
export function snapshotIndexAfter(grid: SnapshotGrid, at: number): number {
  const cutoffs = grid.cutoffs;
  let low = 0;
  let high = cutoffs.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if ((cutoffs[mid] as number) > at) high = mid;
    else low = mid + 1;
  }
  return low;
}

export interface Filled {
  /** Bytes put in the buffer. */
  bytes: number;
  /** Where the next fill starts, or -1 when the snapshot's rows are done. */
  next: number;
}

/** The rows of one CSV file, snapshot by snapshot. */
export interface RowSource {
  /**
   * Puts the rows of snapshot `k`, from position `from` on, into `out` as UTF-8, each followed by
   * a line break, while they fit. Snapshots are filled in increasing order of `k`.
   */
  fill(k: number, from: number, out: Buffer): Filled;
  /** How many rows snapshot `k` has. */
  rowsIn(k: number): number;
}

/** Puts a row and its line break at `offset`; -1 when it might not fit (UTF-8 takes up to 3 bytes a character). */
function putRow(out: Buffer, offset: number, row: string): number {
  if (offset + 3 * row.length + 1 > out.length) {
    if (offset === 0) throw new Error(`a row of ${row.length} characters does not fit the ${out.length}-byte write buffer`);
    return -1;
  }
  const end = offset + out.write(row, offset);
  out[end] = 0x0a;
  return end + 1;
}

/**
 * Records with histories (leads, opportunities, accounts, contacts), in file order. The changes
 * of every timeline must be sorted (Timeline.sortChanges) before the first slice.
 */
export class TimelineRows<S extends object> implements RowSource {
  private readonly firstIndex: Int32Array;
  private readonly deletedIndex: Int32Array;
  /** Each record's next change not applied yet, and when it happens (Infinity when none is left). */
  private readonly nextChange: Int32Array;
  private readonly nextChangeAt: Float64Array;
  /** Null until the record first shows, once it has no change to come, and once it is deleted. */
  private readonly states: Array<S | null>;
  /** Null until the record first shows and once it is deleted. */
  private readonly rows: Array<string | null>;

  constructor(
    private readonly timelines: ReadonlyArray<Timeline<S>>,
    private readonly grid: SnapshotGrid,
    private readonly rowOf: (timeline: Timeline<S>, state: S) => string,
  ) {
    const count = timelines.length;
    const snapshots = grid.cutoffs.length;
    this.firstIndex = new Int32Array(count);
    this.deletedIndex = new Int32Array(count);
    this.nextChange = new Int32Array(count);
    this.nextChangeAt = new Float64Array(count);
    this.states = new Array<S | null>(count).fill(null);
    this.rows = new Array<string | null>(count).fill(null);
    timelines.forEach((timeline, i) => {
      this.firstIndex[i] = snapshotIndexAfter(grid, timeline.createdAt);
      this.deletedIndex[i] = timeline.deletedAt === null ? snapshots : snapshotIndexAfter(grid, timeline.deletedAt);
      this.nextChangeAt[i] = timeline.changes[0]?.at ?? Infinity;
    });
  }

  rowsIn(k: number): number {
    let rows = 0;
    for (let i = 0; i < this.timelines.length; i++) if (this.isIn(i, k)) rows++;
    return rows;
  }

  fill(k: number, from: number, out: Buffer): Filled {
    let bytes = 0;
    for (let i = from; i < this.timelines.length; i++) {
      if ((this.deletedIndex[i] as number) <= k) this.forget(i);
      if (!this.isIn(i, k)) continue;
      const end = putRow(out, bytes, this.rowAt(i, k));
      if (end === -1) return { bytes, next: i };
      bytes = end;
    }
    return { bytes, next: -1 };
  }

  private isIn(i: number, k: number): boolean {
    return (this.firstIndex[i] as number) <= k && k < (this.deletedIndex[i] as number);
  }

  private forget(i: number): void {
    this.states[i] = null;
    this.rows[i] = null;
  }

  /** The record's row as of snapshot `k`, applying the changes made since the snapshot before. */
  private rowAt(i: number, k: number): string {
    const cutoff = this.grid.cutoffs[k] as number;
    const current = this.rows[i] as string | null;
    if (current !== null && (this.nextChangeAt[i] as number) >= cutoff) return current;
    const timeline = this.timelines[i] as Timeline<S>;
    const state = this.states[i] ?? { ...timeline.initial };
    const changes = timeline.changes;
    let next = this.nextChange[i] as number;
    for (; next < changes.length && (changes[next]?.at as number) < cutoff; next++) Object.assign(state, changes[next]?.patch);
    const lastCutoff = this.grid.cutoffs[this.grid.cutoffs.length - 1] as number;
    this.nextChange[i] = next;
    this.nextChangeAt[i] = next < changes.length ? (changes[next]?.at as number) : Infinity;
    // A record whose changes to come all fall after the last snapshot needs its state no more.
    this.states[i] = (this.nextChangeAt[i] as number) < lastCutoff ? state : null;
    const row = this.rowOf(timeline, state);
    this.rows[i] = row;
    return row;
  }
}

/** Rows that never change once they appear (owners, campaigns, costs, targets). */
export class StaticRows implements RowSource {
  private readonly entries: Array<{ firstIndex: number; row: string }>;

  /** `visibleFrom`: when the row first shows in exports; the file lists rows in order of appearance. */
  constructor(grid: SnapshotGrid, rows: ReadonlyArray<{ visibleFrom: number; row: string }>) {
    this.entries = rows
      .map(({ visibleFrom, row }) => ({ firstIndex: snapshotIndexAfter(grid, visibleFrom - 1), row }))
      .filter((entry) => entry.firstIndex < grid.cutoffs.length)
      .sort((a, b) => a.firstIndex - b.firstIndex);
  }

  rowsIn(k: number): number {
    return this.entries.filter((entry) => entry.firstIndex <= k).length;
  }

  fill(k: number, from: number, out: Buffer): Filled {
    let bytes = 0;
    for (let i = from; i < this.entries.length; i++) {
      const entry = this.entries[i] as { firstIndex: number; row: string };
      if (entry.firstIndex > k) break;
      const end = putRow(out, bytes, entry.row);
      if (end === -1) return { bytes, next: i };
      bytes = end;
    }
    return { bytes, next: -1 };
  }
}

export interface SnapshotFile {
  name: string;
  header: string;
  rows: RowSource;
}

async function writeCsv(path: string, file: SnapshotFile, k: number, buffer: Buffer): Promise<void> {
  const handle = await open(path, 'w');
  try {
    await handle.write(`${file.header}\n`);
    for (let from = 0; from !== -1; ) {
      const filled = file.rows.fill(k, from, buffer);
      if (filled.bytes > 0) await handle.write(buffer, 0, filled.bytes);
      from = filled.next;
    }
  } finally {
    await handle.close();
  }
}

/** Writes snapshot `k` into `folder`; snapshots must be written in increasing order of `k`. */
export async function writeSnapshot(folder: string, k: number, files: readonly SnapshotFile[]): Promise<void> {
  await mkdir(folder, { recursive: true });
  const buffer = Buffer.allocUnsafe(BUFFER_BYTES);
  for (const file of files) await writeCsv(join(folder, file.name), file, k, buffer);
}

// Turns record histories into weekly snapshot folders. Each record's row is built once per
// snapshot in which it changed; writing a snapshot then only picks each record's current row.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { SnapshotGrid, Timeline } from './records.ts';

export interface Version {
  /** First snapshot index showing this version. */
  from: number;
  /** The CSV row, or null once the record is deleted. */
  row: string | null;
}

export interface Materialized<S> {
  firstIndex: number;
  versions: Version[];
  /** The state in the last snapshot, or null when the record is not in it. */
  lastState: S | null;
}

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

/** Replays a record's changes snapshot by snapshot; null when created after the last snapshot. */
export function materialize<S extends object>(
  timeline: Timeline<S>, grid: SnapshotGrid, rowOf: (state: S) => string,
): Materialized<S> | null {
  const count = grid.cutoffs.length;
  const firstIndex = snapshotIndexAfter(grid, timeline.createdAt);
  if (firstIndex >= count) return null;
  const changes = [...timeline.changes].sort((a, b) => a.at - b.at);
  const deletedIndex = timeline.deletedAt === null ? count : snapshotIndexAfter(grid, timeline.deletedAt);
  const state = { ...timeline.initial };
  const versions: Version[] = [];
  let next = 0;
  for (let k = firstIndex; k < count; ) {
    const cutoff = grid.cutoffs[k] as number;
    while (next < changes.length && (changes[next] as { at: number }).at < cutoff) Object.assign(state, changes[next++]?.patch);
    if (k >= deletedIndex) {
      versions.push({ from: k, row: null });
      break;
    }
    const row = rowOf(state);
    if (versions.length === 0 || versions[versions.length - 1]?.row !== row) versions.push({ from: k, row });
    const nextChange = next < changes.length ? snapshotIndexAfter(grid, (changes[next] as { at: number }).at) : count;
    k = Math.min(nextChange, deletedIndex);
  }
  const lastCutoff = grid.cutoffs[count - 1] as number;
  while (next < changes.length && (changes[next] as { at: number }).at < lastCutoff) Object.assign(state, changes[next++]?.patch);
  return { firstIndex, versions, lastState: deletedIndex < count ? null : { ...state } };
}

/** A row that never changes once it appears (campaigns, costs, targets, owners). */
export function staticRow(grid: SnapshotGrid, visibleFrom: number, row: string): Materialized<never> | null {
  const firstIndex = snapshotIndexAfter(grid, visibleFrom - 1);
  return firstIndex < grid.cutoffs.length ? { firstIndex, versions: [{ from: firstIndex, row }], lastState: null } : null;
}

export interface SnapshotFile {
  name: string;
  header: string;
  /** Ordered by firstIndex, so the records in a snapshot are a prefix. */
  records: Materialized<unknown>[];
}

/** Rows of a file in the last snapshot. */
export function rowsInLastSnapshot(file: SnapshotFile, grid: SnapshotGrid): number {
  const last = grid.cutoffs.length - 1;
  let rows = 0;
  for (const record of file.records) {
    let current: Version | undefined;
    for (const version of record.versions) if (version.from <= last) current = version;
    if (current?.row) rows++;
  }
  return rows;
}

export async function writeSnapshots(
  outDir: string, grid: SnapshotGrid, files: SnapshotFile[], onProgress?: (done: number, total: number) => void,
): Promise<void> {
  const total = grid.dates.length;
  const cursors = files.map((file) => new Int32Array(file.records.length));
  const active = files.map(() => 0);
  for (let k = 0; k < total; k++) {
    const folder = join(outDir, grid.dates[k] as string);
    await mkdir(folder, { recursive: true });
    for (let f = 0; f < files.length; f++) {
      const file = files[f] as SnapshotFile;
      const cursor = cursors[f] as Int32Array;
      let count = active[f] as number;
      while (count < file.records.length && (file.records[count] as Materialized<unknown>).firstIndex <= k) count++;
      active[f] = count;
      const rows = [file.header];
      for (let i = 0; i < count; i++) {
        const versions = (file.records[i] as Materialized<unknown>).versions;
        let c = cursor[i] as number;
        while (c + 1 < versions.length && (versions[c + 1] as Version).from <= k) c++;
        cursor[i] = c;
        const row = (versions[c] as Version).row;
        if (row !== null) rows.push(row);
      }
      await writeFile(join(folder, file.name), rows.join('\n') + '\n');
    }
    onProgress?.(k + 1, total);
  }
}

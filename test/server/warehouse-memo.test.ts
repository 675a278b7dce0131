/**
 * What the server keeps of its own computations (the learned lead score, the backtest's bands):
 * reused while the warehouse is unchanged, computed again after a load or a model rebuild, never
 * kept when it failed, and only the newest few. Over the two-snapshot fixture, loaded a date at a time.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSnapshot } from '../../pipelines/load/load-snapshot.ts';
import { warehouseMemo } from '../../server/queries/warehouse-memo.ts';
import { fixtureWarehouse, martsOf, TWO_SNAPSHOTS } from '../support/fixture-warehouse.ts';

describe('a result kept per warehouse contents', () => {
  let fixture: Awaited<ReturnType<typeof fixtureWarehouse>>;
  beforeAll(async () => { fixture = await fixtureWarehouse(join(TWO_SNAPSHOTS, '2026-04-01')); });
  afterAll(() => fixture?.cleanup());

  function counted() {
    let computed = 0;
    return { compute: async () => ++computed, count: () => computed };
  }

  it('is computed once while nothing changes, and again after a load and after a model rebuild', async () => {
    const db = martsOf(fixture.warehouse);
    const memo = warehouseMemo<number>(4);
    const work = counted();
    expect([await memo(db, 'a', work.compute), await memo(db, 'a', work.compute)]).toEqual([1, 1]);
    expect(await memo(db, 'b', work.compute)).toBe(2);

    await loadSnapshot(fixture.warehouse, { folder: join(TWO_SNAPSHOTS, '2026-04-08'), asOf: '2026-04-08' });
    expect(await memo(db, 'a', work.compute)).toBe(3);
    expect(await memo(db, 'a', work.compute)).toBe(3);

    // a rebuild after config or sql/ changed records a new fingerprint
    await fixture.warehouse.transaction((tx) => tx.run(`update model_build_state set value = value || '-changed' where name = 'fingerprint'`));
    expect(await memo(db, 'a', work.compute)).toBe(4);
    expect(work.count()).toBe(4);
  });

  it('shares one computation between calls made at once, keeps no failure, and keeps only the newest', async () => {
    const db = martsOf(fixture.warehouse);
    const memo = warehouseMemo<number>(2);
    const work = counted();
    expect(await Promise.all([memo(db, 'a', work.compute), memo(db, 'a', work.compute)])).toEqual([1, 1]);
    await expect(memo(db, 'broken', async () => { throw new Error('no data'); })).rejects.toThrow('no data');
    expect(await memo(db, 'broken', work.compute)).toBe(2);
    expect(await memo(db, 'c', work.compute)).toBe(3);
    // room for two: the oldest, a, made way for c
    expect(await memo(db, 'a', work.compute)).toBe(4);
    expect(await memo(db, 'c', work.compute)).toBe(3);
  });
});

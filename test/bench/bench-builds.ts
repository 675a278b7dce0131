import { buildIncrementally, buildModels, loadModels } from '../../pipelines/build-models.ts';
import type { Warehouse } from '../../server/db/warehouse.ts';
import { median, millis, type Results } from './bench-format.ts';
import { BENCH_SYSTEM } from './bench-ingest.ts';

/**
 * A full build of every model against the incremental build a load of the latest snapshot does
 * (with config and models unchanged). Each is run inside a transaction that is rolled back, so
 * the warehouse is left as it was.
 */
export async function benchBuilds(warehouse: Warehouse, runs: number): Promise<{ lines: string[]; results: Results }> {
  const [latest] = await warehouse.query(`select strftime(max(as_of), '%Y-%m-%d') as as_of from load_batches where system = $1 and status = 'loaded'`, [BENCH_SYSTEM]);
  const models = loadModels();
  const full: number[] = [];
  const incremental: number[] = [];
  for (let run = 0; run < runs; run++) {
    full.push(await rolledBack(warehouse, (tx) => buildModels(tx, models)));
    incremental.push(await rolledBack(warehouse, (tx) => buildIncrementally(tx, { system: BENCH_SYSTEM, fromDate: String(latest.as_of) }, models)));
  }
  const [fullMs, incrementalMs] = [median(full), median(incremental)];
  const incrementalModels = models.filter((model) => model.incremental).map((model) => model.name);
  return {
    lines: [
      `model builds (median of ${runs}; ${models.length} models, incremental: ${incrementalModels.join(', ')})`,
      `  full build                          ${millis(fullMs)}`,
      `  after one new snapshot (incremental) ${millis(incrementalMs)}  = ${((incrementalMs / fullMs) * 100).toFixed(1)}% of a full build (target: 20% or less)`,
    ],
    results: { builds: { models: models.length, incrementalModels, fullMs, incrementalMs, share: incrementalMs / fullMs } },
  };
}

class RollBack extends Error {}

async function rolledBack(warehouse: Warehouse, work: Parameters<Warehouse['transaction']>[0]): Promise<number> {
  let elapsed = 0;
  await warehouse.transaction(async (tx) => {
    const started = performance.now();
    await work(tx);
    elapsed = performance.now() - started;
    throw new RollBack();
  }).catch((error: unknown) => { if (!(error instanceof RollBack)) throw error; });
  return elapsed;
}

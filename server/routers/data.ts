import { format } from 'date-fns';
import { readLoadErrorReports } from '../../pipelines/load/load-error-reports.ts';
import { resolveFilterIfAnyLoaded, viewFilterInput, viewReport } from '../filters.ts';
import { selectDataChecks, selectFreshness, selectLoadHistory, selectLoadRejects, selectRecordCounts } from '../queries/data.ts';
import { publicProcedure, router } from '../trpc.ts';

export const dataRouter = router({
  /** The Data view: loaded snapshots, row counts, rejects and why, refused loads, unresolved references, freshness. */
  view: publicProcedure.input(viewFilterInput.pick({ asOf: true })).query(async ({ ctx, input }) => {
    const today = format(new Date(), 'yyyy-MM-dd');
    const refusedLoads = readLoadErrorReports(ctx.warehouse.path).filter((report) => report.outcome === 'refused');
    // before the first snapshot loads, the refusals are what a person needs to see: why it did not
    const filter = await resolveFilterIfAnyLoaded(ctx.db, input, 'last-four-quarters');
    const [freshness, loads, recordCounts, checks, rejects] = await Promise.all([
      selectFreshness(ctx.db, today), selectLoadHistory(ctx.db, 500), selectRecordCounts(ctx.db),
      filter ? selectDataChecks(ctx.db, filter.asOf) : [], selectLoadRejects(ctx.db, 500),
    ]);
    const tables = { freshness, loads, record_counts: recordCounts, checks, rejects, refused_loads: refusedLoads };
    return filter ? viewReport('data', filter, tables)
      : { view: 'data', as_of: null, as_of_requested: input.asOf ?? null, period: 'all', filters: { source: null }, tables };
  }),
});


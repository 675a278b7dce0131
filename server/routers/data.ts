import { format } from 'date-fns';
import { readLoadErrorReports } from '../../pipelines/load/load-error-reports.ts';
import { resolveFilter, viewFilterInput, viewReport } from '../filters.ts';
import { selectDataChecks, selectFreshness, selectLoadHistory, selectLoadRejects, selectRecordCounts } from '../queries/data.ts';
import { publicProcedure, router } from '../trpc.ts';

export const dataRouter = router({
  /** The Data view: loaded snapshots, row counts, rejects and why, refused loads, unresolved references, freshness. */
  view: publicProcedure.input(viewFilterInput.pick({ asOf: true })).query(async ({ ctx, input }) => {
    const filter = await resolveFilter(ctx.db, input, 'last-four-quarters');
    const today = format(new Date(), 'yyyy-MM-dd');
    const [freshness, loads, recordCounts, checks, rejects] = await Promise.all([
      selectFreshness(ctx.db, today), selectLoadHistory(ctx.db, 500), selectRecordCounts(ctx.db),
      selectDataChecks(ctx.db, filter.asOf), selectLoadRejects(ctx.db, 500),
    ]);
    return viewReport('data', filter, {
      freshness, loads, record_counts: recordCounts, checks, rejects, refused_loads: readLoadErrorReports(ctx.warehouse.path).filter((report) => report.outcome === 'refused'),
    });
  }),
});

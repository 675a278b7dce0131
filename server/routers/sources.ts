import { publicProcedure, router } from '../trpc.ts';
import { resolveFilter, viewFilterInput, viewReport } from '../filters.ts';
import { selectWinRateBySource } from '../queries/sources.ts';

export const sourcesRouter = router({
  /** The Sources view: win rate by source for opportunities closed in the period. */
  view: publicProcedure.input(viewFilterInput.omit({ source: true })).query(async ({ ctx, input }) => {
    const filter = await resolveFilter(ctx.db, input, 'last-four-quarters');
    return viewReport('sources', filter, { win_rate_by_source: await selectWinRateBySource(ctx.db, filter) });
  }),
});

import { publicProcedure, router } from '../trpc.ts';
import { resolveFilter, viewFilterInput, viewReport } from '../filters.ts';
import { selectFunnelCohorts, selectFunnelSteps } from '../queries/funnel.ts';

export const funnelRouter = router({
  /** The Funnel view: steps for the period's lead cohorts, and conversion by cohort month. */
  view: publicProcedure.input(viewFilterInput).query(async ({ ctx, input }) => {
    const filter = await resolveFilter(ctx.db, input, 'last-four-quarters');
    const [cohorts, steps] = await Promise.all([selectFunnelCohorts(ctx.db, filter), selectFunnelSteps(ctx.db, filter)]);
    return viewReport('funnel', filter, { cohorts, steps });
  }),
});

import { z } from 'zod';
import { publicProcedure, router } from '../trpc.ts';
import { resolveFilter, viewReport, viewFilterInput } from '../filters.ts';
import { FUNNEL_SEGMENT_DIMENSIONS, selectFunnelCohorts, selectFunnelPeriodRatio, selectFunnelSegments, selectFunnelSteps } from '../queries/funnel.ts';

const funnelInput = viewFilterInput.extend({
  /** What the segments table is split by; source when absent. */
  groupBy: z.enum(FUNNEL_SEGMENT_DIMENSIONS).optional(),
}).strict();

export const funnelRouter = router({
  /**
   * The Funnel view: steps for the period's lead cohorts, conversion by cohort month (by the
   * as-of date and within 30/60/90 days), the funnel by segment, and the period ratio by month.
   */
  view: publicProcedure.input(funnelInput).query(async ({ ctx, input }) => {
    const { groupBy = 'source', ...filters } = input;
    const filter = await resolveFilter(ctx.db, filters, 'last-four-quarters');
    const [cohorts, steps, segments, periodRatio] = await Promise.all([
      selectFunnelCohorts(ctx.db, filter), selectFunnelSteps(ctx.db, filter),
      selectFunnelSegments(ctx.db, filter, groupBy), selectFunnelPeriodRatio(ctx.db, filter),
    ]);
    return viewReport('funnel', filter, { cohorts, steps, segments, period_ratio: periodRatio });
  }),
});

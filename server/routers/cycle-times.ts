import { z } from 'zod';
import { resolveFilter, viewReport, viewFilterInput } from '../filters.ts';
import { CYCLE_TIME_GROUPS, selectCycleTimes, selectSurvivalCurves, selectTimeInStage } from '../queries/cycle-times.ts';
import { publicProcedure, router } from '../trpc.ts';

export const cycleTimesInput = viewFilterInput.extend({ groupBy: z.enum(CYCLE_TIME_GROUPS).optional() }).strict();

export const cycleTimesRouter = router({
  /**
   * The Cycle times view: durations of the period's leads and opportunities to each outcome, time in
   * each stage, and the Kaplan-Meier and cumulative incidence curves, optionally by group.
   */
  view: publicProcedure.input(cycleTimesInput).query(async ({ ctx, input }) => {
    const filter = await resolveFilter(ctx.db, input, 'last-four-quarters');
    const groupBy = input.groupBy ?? null;
    const [durations, stages, curves] = await Promise.all([
      selectCycleTimes(ctx.db, filter, groupBy), selectTimeInStage(ctx.db, filter, groupBy), selectSurvivalCurves(ctx.db, filter, groupBy),
    ]);
    const report = viewReport('cycle-times', filter, { durations, stages, curves });
    return { ...report, filters: { ...report.filters, group_by: groupBy } };
  }),
});

import { z } from 'zod';
import { publicProcedure, router } from '../trpc.ts';
import { resolveFilter, viewReport, viewFilterInput } from '../filters.ts';
import { selectCampaignRoi, selectSourceComparison, selectSourceRoi, selectWinRateBySource } from '../queries/sources.ts';

const sourceName = z.string().min(1).max(200);

export const sourcesRouter = router({
  /**
   * The Sources view: win rate by source for opportunities closed in the period, and source and
   * campaign quality and ROI (cost, leads, opportunities, revenue, conversion) for the period.
   */
  view: publicProcedure.input(viewFilterInput.omit({ source: true })).query(async ({ ctx, input }) => {
    const filter = await resolveFilter(ctx.db, input, 'last-four-quarters');
    const [winRates, roi, campaigns] = await Promise.all([
      selectWinRateBySource(ctx.db, filter), selectSourceRoi(ctx.db, filter), selectCampaignRoi(ctx.db, filter),
    ]);
    // win_rate_by_source stays first: it is the table `report sources --format csv` prints by default
    return viewReport('sources', filter, { win_rate_by_source: winRates, roi, campaigns });
  }),

  /** Is source a's lead -> opportunity conversion really different from source b's? A pooled two-proportion z-test. */
  compare: publicProcedure.input(viewFilterInput.omit({ source: true }).extend({ a: sourceName, b: sourceName }).strict()
    .refine((input) => input.a !== input.b, { message: 'compare two different sources', path: ['b'] }))
    .query(async ({ ctx, input }) => {
      const filter = await resolveFilter(ctx.db, input, 'last-four-quarters');
      return viewReport('sources-compare', filter, { comparison: [await selectSourceComparison(ctx.db, filter, input.a, input.b)] });
    }),
});

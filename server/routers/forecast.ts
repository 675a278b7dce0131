import { resolveFilter, viewFilterInput, viewReport } from '../filters.ts';
import { selectForecastSummary, selectForecastTrend } from '../queries/forecast.ts';
import { publicProcedure, router } from '../trpc.ts';

export const forecastRouter = router({
  /** The Forecast view: this period's forecast by method and category, coverage, and how it moved. */
  view: publicProcedure.input(viewFilterInput.omit({ source: true })).query(async ({ ctx, input }) => {
    const filter = await resolveFilter(ctx.db, input, 'quarter');
    const [summary, trend] = await Promise.all([selectForecastSummary(ctx.db, filter), selectForecastTrend(ctx.db, filter)]);
    return viewReport('forecast', filter, { summary, trend });
  }),
});

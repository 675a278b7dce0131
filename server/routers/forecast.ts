import { resolveFilter, viewReport, viewFilterInput } from '../filters.ts';
import {
  selectForecastBacktest, selectForecastByOwner, selectForecastMethods, selectForecastSummary, selectForecastTrend, selectForecastTrendChanges,
} from '../queries/forecast.ts';
import { publicProcedure, router } from '../trpc.ts';

export const forecastRouter = router({
  /**
   * The Forecast view: this period's forecast by method and category, coverage, and how it moved;
   * methods: one figure per method (Monte Carlo with P10 / P50 / P90); backtest: each method's
   * accuracy in past quarters by day of the quarter; byOwner: the figures per team and owner;
   * trendChanges: what moved the forecast between each snapshot of the trend and the one before.
   */
  view: publicProcedure.input(viewFilterInput.omit({ source: true })).query(async ({ ctx, input }) => {
    const filter = await resolveFilter(ctx.db, input, 'quarter');
    const [summary, trend, methods, backtest, byOwner, trendChanges] = await Promise.all([
      selectForecastSummary(ctx.db, filter), selectForecastTrend(ctx.db, filter), selectForecastMethods(ctx.db, filter), selectForecastBacktest(ctx.db, filter),
      selectForecastByOwner(ctx.db, filter), selectForecastTrendChanges(ctx.db, filter),
    ]);
    return viewReport('forecast', filter, { summary, trend, methods, backtest, byOwner, trendChanges });
  }),
});

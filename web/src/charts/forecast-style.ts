import type { ChartOptions } from './chart-style.ts';

/**
 * The deals a forecast figure stands on, for its drill-down: closed won in the period, or the
 * open deals closing in it (all of them, or those in the commit or best-case category).
 */
export type ForecastDeals = 'closed_won' | 'commit' | 'best_case' | 'open_pipeline';

/** What both forecast charts take besides their rows. */
export interface ForecastChartOptions extends ChartOptions {
  /** Where a click on a mark goes: the records behind it, as of the given snapshot (the view's when absent). */
  dealsHref?: (deals: ForecastDeals, snapshotDate?: string) => string | undefined;
}

/** One colour per figure, the same in both forecast charts: closed won darkest, categories lighter as they widen. */
export const FORECAST_COLOURS = {
  closedWon: '#1f2933',
  commit: '#3a6ea5',
  bestCase: '#86aed6',
  openPipeline: '#c5ced8',
  weighted: '#c8702a',
  target: '#b0303f',
};

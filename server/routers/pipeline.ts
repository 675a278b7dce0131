import { z } from 'zod';
import { isoDate, viewReport, viewFilterInput } from '../filters.ts';
import {
  MOVEMENT_SORT_COLUMNS, PIPELINE_STEPS, resolveMovementWindow, selectMovedDeals, selectPipelineWaterfall, selectStepDeals, type MovementWindow,
} from '../queries/pipeline.ts';
import { publicProcedure, router } from '../trpc.ts';

// Snapshot dates and period, as in the URL and the CLI (`--from`, `--to`, a period).
const windowInput = {
  from: isoDate.optional(),
  to: isoDate.optional(),
  period: viewFilterInput.shape.period,
};

// The report's as-of is the end snapshot; `from` is said beside it.
function movementFilter(window: MovementWindow) {
  return { asOf: window.to, asOfRequested: window.toRequested, period: window.period, source: null };
}

function windowOutput(window: MovementWindow) {
  return { from: window.from, from_requested: window.fromRequested, to: window.to, to_requested: window.toRequested };
}

// Written as every view writes it: `start..end`, or `all`.
function periodText(window: MovementWindow) {
  return window.period.label === 'all' ? 'all' : `${window.period.start}..${window.period.end}`;
}

export const pipelineRouter = router({
  /**
   * The pipeline-movement view: the open pipeline closing in the period at the start snapshot,
   * each movement, and the open pipeline at the end snapshot (table waterfall), and every deal
   * that moved (table deals; left out with `deals: false`, as the dashboard pages them through
   * `pipeline.deals`).
   */
  movement: publicProcedure.input(z.object({ ...windowInput, deals: z.boolean().default(true) }).strict()).query(async ({ ctx, input }) => {
    const window = await resolveMovementWindow(ctx.db, input);
    const [waterfall, deals] = await Promise.all([
      selectPipelineWaterfall(ctx.db, window), input.deals ? selectMovedDeals(ctx.db, window) : Promise.resolve([]),
    ]);
    return { ...viewReport('pipeline-movement', movementFilter(window), { waterfall, deals }), ...windowOutput(window) };
  }),

  /** The deals behind one bar of the waterfall (a movement category, or the start or end pipeline), with their start and end amount, stage and close date; paged. */
  deals: publicProcedure.input(z.object({
    ...windowInput,
    category: z.enum(PIPELINE_STEPS),
    sort: z.enum(MOVEMENT_SORT_COLUMNS).default('size'),
    direction: z.enum(['asc', 'desc']).default('desc'),
    page: z.number().int().min(0).max(100_000).default(0),
    pageSize: z.number().int().min(1).max(200).default(50),
  }).strict()).query(async ({ ctx, input }) => {
    const window = await resolveMovementWindow(ctx.db, input);
    const result = await selectStepDeals(ctx.db, window, { ...input, step: input.category });
    return { ...windowOutput(window), period: periodText(window), category: input.category, ...result, page: input.page, pageSize: input.pageSize };
  }),
});

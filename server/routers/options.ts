import { publicProcedure, router } from '../trpc.ts';
import { selectSnapshotDates, selectSourceNames } from '../queries/options.ts';

export const optionsRouter = router({
  /** Choices for the filter bar: loaded snapshot dates and source names. */
  filters: publicProcedure.query(async ({ ctx }) => {
    const [snapshots, sources] = await Promise.all([selectSnapshotDates(ctx.db), selectSourceNames(ctx.db)]);
    return { snapshots: snapshots.map((row) => row.as_of), sources: sources.map((row) => row.source) };
  }),
});

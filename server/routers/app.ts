import { router } from '../trpc.ts';
import { adminRouter } from './admin.ts';
import { dataRouter } from './data.ts';
import { funnelRouter } from './funnel.ts';
import { optionsRouter } from './options.ts';
import { sourcesRouter } from './sources.ts';

export const appRouter = router({
  funnel: funnelRouter,
  sources: sourcesRouter,
  data: dataRouter,
  options: optionsRouter,
  admin: adminRouter,
});

export type AppRouter = typeof appRouter;

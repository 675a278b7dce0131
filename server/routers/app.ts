import { router } from '../trpc.ts';
import { adminRouter } from './admin.ts';
import { auditRouter } from './audit.ts';
import { cycleTimesRouter } from './cycle-times.ts';
import { dataRouter } from './data.ts';
import { forecastRouter } from './forecast.ts';
import { funnelRouter } from './funnel.ts';
import { optionsRouter } from './options.ts';
import { pipelineRouter } from './pipeline.ts';
import { recordsRouter } from './records.ts';
import { sourcesRouter } from './sources.ts';

export const appRouter = router({
  funnel: funnelRouter,
  sources: sourcesRouter,
  cycleTimes: cycleTimesRouter,
  forecast: forecastRouter,
  pipeline: pipelineRouter,
  data: dataRouter,
  options: optionsRouter,
  records: recordsRouter,
  audit: auditRouter,
  admin: adminRouter,
});

export type AppRouter = typeof appRouter;

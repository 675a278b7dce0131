import type { inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '../../../server/routers/app.ts';

// Row types come from the procedures' outputs, so a change in a mart's columns shows up here as a type error.
type Outputs = inferRouterOutputs<AppRouter>;

export type FunnelReport = Outputs['funnel']['view'];
export type FunnelCohort = FunnelReport['tables']['cohorts'][number];
export type FunnelStep = FunnelReport['tables']['steps'][number];
export type SourcesReport = Outputs['sources']['view'];
export type SourceWinRate = SourcesReport['tables']['win_rate_by_source'][number];
export type FilterChoices = Outputs['options']['filters'];
export type DataReport = Outputs['data']['view'];
export type DataTables = DataReport['tables'];
export type SystemFreshness = DataTables['freshness'][number];
export type LoadBatch = DataTables['loads'][number];
export type RecordCount = DataTables['record_counts'][number];
export type DataCheck = DataTables['checks'][number];
export type RejectedRow = DataTables['rejects'][number];
export type RefusedLoad = DataTables['refused_loads'][number];

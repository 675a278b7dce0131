import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { resolveFilter, viewFilterInput } from '../filters.ts';
import {
  BOOLEAN_FILTER_COLUMNS, LEAD_FILTER_COLUMNS, LEAD_SORT_COLUMNS, OPPORTUNITY_FILTER_COLUMNS, OPPORTUNITY_SORT_COLUMNS, PERIOD_DATE_COLUMNS,
  selectRecord, selectRecords, selectRecordTimeline,
} from '../queries/records.ts';
import { publicProcedure, router } from '../trpc.ts';

const textFilter = z.string().max(200).nullable();
const yesNoFilter = z.boolean().nullable();
type FilterValue = typeof textFilter | typeof yesNoFilter;

/**
 * A drill-down's column filters: only allow-listed columns, a yes/no column compared with true or
 * false and any other with text (a string against a boolean column would fail in DuckDB, not here).
 */
function whereInput<Column extends string>(columns: readonly Column[]) {
  const shape = Object.fromEntries(columns.map((column) => [column, (BOOLEAN_FILTER_COLUMNS.has(column) ? yesNoFilter : textFilter).optional()]));
  return z.object(shape as { [Name in Column]: z.ZodOptional<FilterValue> }).strict().optional();
}
const paging = { page: z.number().int().min(0).max(100_000).default(0), pageSize: z.number().int().min(1).max(200).default(50), direction: z.enum(['asc', 'desc']).default('desc') };

const listInput = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('lead'), ...viewFilterInput.omit({ source: true }).shape, ...paging,
    periodOn: z.enum(PERIOD_DATE_COLUMNS.lead).default('created_at'),
    where: whereInput(LEAD_FILTER_COLUMNS),
    sort: z.enum(LEAD_SORT_COLUMNS).default('created_at'),
  }).strict(),
  z.object({
    kind: z.literal('opportunity'), ...viewFilterInput.omit({ source: true }).shape, ...paging,
    periodOn: z.enum(PERIOD_DATE_COLUMNS.opportunity).default('created_at'),
    where: whereInput(OPPORTUNITY_FILTER_COLUMNS),
    sort: z.enum(OPPORTUNITY_SORT_COLUMNS).default('created_at'),
  }).strict(),
]);

export const recordsRouter = router({
  /** The records behind a figure: the figure's filters as allow-listed column values, paged and sorted. */
  list: publicProcedure.input(listInput).query(async ({ ctx, input }) => {
    const filter = await resolveFilter(ctx.db, { asOf: input.asOf, period: input.period }, 'last-four-quarters');
    const where = Object.fromEntries(Object.entries(input.where ?? {}).filter((entry): entry is [string, string | boolean | null] => entry[1] !== undefined));
    const result = await selectRecords(ctx.db, { ...input, where, asOf: filter.asOf, period: filter.period });
    return { kind: input.kind, as_of: filter.asOf, period: filter.period.label === 'all' ? 'all' : `${filter.period.start}..${filter.period.end}`, ...result, page: input.page, pageSize: input.pageSize };
  }),

  /** One record as of the snapshot, with its snapshot timeline. */
  detail: publicProcedure.input(z.object({
    kind: z.enum(['lead', 'opportunity']), system: z.string().min(1).max(100), id: z.string().min(1).max(200), asOf: viewFilterInput.shape.asOf,
  }).strict()).query(async ({ ctx, input }) => {
    const filter = await resolveFilter(ctx.db, { asOf: input.asOf }, 'last-four-quarters');
    const [record, timeline] = await Promise.all([
      selectRecord(ctx.db, input.kind, filter.asOf, input.system, input.id), selectRecordTimeline(ctx.db, input.kind, input.system, input.id),
    ]);
    if (!record && timeline.length === 0) throw new TRPCError({ code: 'NOT_FOUND', message: `no ${input.kind} ${input.id} in system ${input.system}` });
    return { kind: input.kind, as_of: filter.asOf, record: record ?? null, timeline };
  }),
});

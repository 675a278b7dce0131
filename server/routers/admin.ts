import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { loadModels, rebuildModels } from '../../pipelines/build-models.ts';
import { configPathFor, loadSettings } from '../../pipelines/config/settings.ts';
import { ingestPath } from '../../pipelines/load/ingest-path.ts';
import { LoadError } from '../../pipelines/load/load-error.ts';
import { isoDate } from '../filters.ts';
import { localProcedure, router } from '../trpc.ts';

/** Work the CLI hands to a running server, which owns the warehouse file (DESIGN section 2: one writer). */
export const adminRouter = router({
  ingest: localProcedure.input(z.object({
    path: z.string().min(1),
    asOf: isoDate.optional(),
    system: z.string().regex(/^[a-z][a-z0-9_-]{0,39}$/).optional(),
    replace: z.boolean().optional(),
    backfill: z.boolean().optional(),
    allowShrink: z.boolean().optional(),
    allowRejects: z.boolean().optional(),
    crm: z.string().regex(/^[a-z][a-z0-9_-]{0,39}$/).optional(),
    mappingFile: z.string().min(1).optional(),
  }).strict()).mutation(async ({ ctx, input }) => {
    try {
      return await ingestPath(ctx.warehouse, input);
    } catch (error) {
      // a refused load is the files' fault (or the path's), told to the CLI as it would be told loading itself
      if (error instanceof LoadError) throw new TRPCError({ code: 'UNPROCESSABLE_CONTENT', message: error.message, cause: error });
      throw error;
    }
  }),

  buildModels: localProcedure.mutation(async ({ ctx }) => {
    await ctx.warehouse.transaction((tx) => rebuildModels(tx, loadSettings(configPathFor(ctx.warehouse.path))));
    return { built: loadModels().map((model) => model.name) };
  }),
});

import { initTRPC, TRPCError } from '@trpc/server';
import type { Kysely } from 'kysely';
import { ZodError } from 'zod';
import type { Marts } from './db/marts.ts';
import type { Warehouse } from './db/warehouse.ts';

/** What every procedure sees: the marts through Kysely, and whether the caller is on this machine. */
export interface Context {
  db: Kysely<Marts>;
  warehouse: Warehouse;
  /** Loads may be asked for only from this machine (the CLI handing its work to the server). */
  isLocalCaller: boolean;
  /** Who is asking, as the request names them (X-Leadlens-User): recorded with review decisions. */
  userName: string | null;
}

const t = initTRPC.context<Context>().create({
  // no stack traces in responses: they would show server paths to any browser
  isDev: false,
  errorFormatter({ shape, error }) {
    return { ...shape, data: { ...shape.data, zodError: error.cause instanceof ZodError ? error.cause.flatten() : null } };
  },
});

export const router = t.router;
export const publicProcedure = t.procedure;

/** Procedures that write: only for callers on this machine. */
export const localProcedure = t.procedure.use(({ ctx, next }) => {
  if (!ctx.isLocalCaller) throw new TRPCError({ code: 'FORBIDDEN', message: 'loads and rebuilds are accepted only from this machine' });
  return next();
});

import { randomBytes } from 'node:crypto';
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
  /**
   * Who is asking, recorded with review decisions: the sign-in proxy's name for them where one is
   * trusted, else the name the request gives (X-Leadlens-User), marked as such under a token.
   */
  userName: string | null;
  /**
   * True for requests over HTTP: an error the server did not mean to raise reaches them as a
   * reference to the server's log, since its text (DuckDB's, say) may hold SQL and file paths.
   * The CLI's own callers leave it unset and see the detail.
   */
  concealInternalErrors?: boolean;
}

/** The largest request body the API reads (a review's note is the largest thing it takes). */
export const MAX_REQUEST_BYTES = 1024 * 1024;
export const TOO_LARGE_MESSAGE = `the request body is larger than the ${MAX_REQUEST_BYTES / 1024 / 1024} MiB this server accepts`;

const concealed = new WeakSet<TRPCError>();

/**
 * An internal error as an HTTP caller sees it: a generic message and a reference, while the server's
 * log gets the reference with the error's full text and stack.
 */
export function concealedError(error: TRPCError, where: string | undefined): TRPCError {
  if (concealed.has(error)) return error;
  const reference = randomBytes(4).toString('hex');
  const detail = error.cause instanceof Error ? error.cause.stack ?? error.cause.message : error.stack ?? error.message;
  console.error(`leadlens: internal error ${reference}${where ? ` in ${where}` : ''}: ${detail}`);
  const shown = new TRPCError({ code: 'INTERNAL_SERVER_ERROR', message: `the server could not answer this request (reference ${reference}; the detail is in the server's log)` });
  concealed.add(shown);
  return shown;
}

const t = initTRPC.context<Context>().create({
  // no stack traces in responses: they would show server paths to any browser
  isDev: false,
  errorFormatter({ shape, error, path }) {
    // errors raised outside a procedure (reading the request, making the context) come here unconcealed
    const message = error.code === 'INTERNAL_SERVER_ERROR' ? concealedError(error, path).message
      : error.code === 'PAYLOAD_TOO_LARGE' ? TOO_LARGE_MESSAGE
        : error.cause instanceof ZodError ? describeInvalidInput(error.cause) : shape.message;
    return { ...shape, message, data: { ...shape.data, zodError: error.cause instanceof ZodError ? error.cause.flatten() : null } };
  },
});

/** Bad input in a line a person reads: each field with what it takes (zod's own message is its issues as JSON). */
function describeInvalidInput(error: ZodError): string {
  const shown = error.issues.slice(0, 5).map((issue) => `${issue.path.map(String).join('.') || 'input'}: ${issue.message}`);
  const more = error.issues.length > shown.length ? [`and ${error.issues.length - shown.length} more`] : [];
  return `invalid input: ${[...shown, ...more].join('; ')}`;
}

/** Every procedure: internal errors of HTTP callers are concealed here, so the CSV export's caller gets the same treatment. */
const concealInternalErrors = t.middleware(async ({ ctx, path, next }) => {
  const result = await next();
  if (result.ok || !ctx.concealInternalErrors || result.error.code !== 'INTERNAL_SERVER_ERROR') return result;
  return { ...result, error: concealedError(result.error, path) };
});

export const router = t.router;
export const publicProcedure = t.procedure.use(concealInternalErrors);

/** Procedures that write: only for callers on this machine. */
export const localProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.isLocalCaller) throw new TRPCError({ code: 'FORBIDDEN', message: 'loads and rebuilds are accepted only from this machine' });
  return next();
});

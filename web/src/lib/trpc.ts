import { createTRPCClient, httpBatchLink } from '@trpc/client';
import type { AppRouter } from '../../../server/routers/app.ts';

/** The one client of the dashboard's API, served on the same origin under /api. */
export const api = createTRPCClient<AppRouter>({
  links: [httpBatchLink({ url: '/api' })],
});

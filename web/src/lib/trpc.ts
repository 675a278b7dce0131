import { createTRPCClient, httpBatchLink } from '@trpc/client';
import type { AppRouter } from '../../../server/routers/app.ts';
import { reviewerName } from './reviewer.ts';

/** The one client of the dashboard's API, served on the same origin under /api. */
export const api = createTRPCClient<AppRouter>({
  links: [httpBatchLink({
    url: '/api',
    // Who is asking, for review decisions; percent-encoded because HTTP headers carry Latin-1 only.
    headers: () => {
      const name = reviewerName();
      return name ? { 'X-Leadlens-User': encodeURIComponent(name) } : {};
    },
  })],
});

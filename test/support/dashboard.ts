import type { Server } from 'node:http';
import { createDashboardServer, listen } from '../../server/http-server.ts';
import { fixtureWarehouse } from './fixture-warehouse.ts';

/** The real dashboard server (API and built web app) over a fixture warehouse, on a free port. */
export async function startDashboard(loadFrom: string): Promise<{ url: string; stop: () => Promise<void> }> {
  const fixture = await fixtureWarehouse(loadFrom);
  const server: Server = createDashboardServer(fixture.warehouse);
  const url = await listen(server, 0, '127.0.0.1');
  return {
    url,
    stop: () => new Promise((done) => server.close(() => { fixture.cleanup(); done(); })),
  };
}

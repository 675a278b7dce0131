import { createServer, type IncomingMessage, type Server } from 'node:http';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { createHTTPHandler } from '@trpc/server/adapters/standalone';
import sirv from 'sirv';
import { createKysely } from './db/dialect.ts';
import type { Marts } from './db/marts.ts';
import type { Warehouse } from './db/warehouse.ts';
import { sendAuditExport } from './audit-export.ts';
import { appRouter } from './routers/app.ts';
import type { Context } from './trpc.ts';

export const WEB_DIST = resolve(import.meta.dirname, '../dist');

function isLoopback(address: string | undefined): boolean {
  return address === '127.0.0.1' || address === '::1' || address === '::ffff:127.0.0.1';
}

/** The header naming who makes a request: set by the dashboard from the name its user gives, or by a sign-in proxy. */
export const USER_HEADER = 'x-leadlens-user';

/**
 * A person's name as a header carries it (percent-encoded, so any script survives HTTP's Latin-1
 * headers): letters, digits, spaces and . , ' @ _ -, at most 100 characters; anything else is no name.
 */
function userNameOf(header: string | string[] | undefined): string | null {
  const value = Array.isArray(header) ? header[0] : header;
  let name: string | undefined;
  try { name = value === undefined ? undefined : decodeURIComponent(value).trim(); } catch { return null; }
  return name && name.length <= 100 && /^[\p{L}\p{N} .,'@_-]+$/u.test(name) ? name : null;
}

/** One server, one port: the tRPC API under /api and the built web app (deep links fall back to index.html). */
export function createDashboardServer(warehouse: Warehouse, webDist = WEB_DIST): Server {
  const db = createKysely<Marts>(warehouse);
  const contextOf = (req: IncomingMessage): Context => ({ db, warehouse, isLocalCaller: isLoopback(req.socket.remoteAddress), userName: userNameOf(req.headers[USER_HEADER]) });
  const api = createHTTPHandler({ router: appRouter, basePath: '/api/', createContext: ({ req }) => contextOf(req) });
  const web = existsSync(webDist) ? sirv(webDist, { single: true, dev: false, etag: true }) : null;
  return createServer((req, res) => {
    if (req.url?.startsWith('/api/')) return api(req, res);
    if (req.method === 'GET' && req.url?.startsWith('/export/audit.csv')) return void sendAuditExport(req, res, contextOf(req));
    if (web) return web(req, res, () => { res.statusCode = 404; res.end('not found'); });
    res.statusCode = 503;
    res.setHeader('content-type', 'text/plain');
    res.end('The web app is not built: run npm start (or npx vite build).');
  });
}

/** Listens and resolves with the URL people should open. */
export function listen(server: Server, port: number, host: string): Promise<string> {
  return new Promise((resolveUrl, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const address = server.address();
      const actualPort = typeof address === 'object' && address ? address.port : port;
      const shownHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
      resolveUrl(`http://${shownHost.includes(':') ? `[${shownHost}]` : shownHost}:${actualPort}`);
    });
  });
}

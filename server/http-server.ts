import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { TRPCError } from '@trpc/server';
import { createHTTPHandler } from '@trpc/server/adapters/standalone';
import sirv from 'sirv';
import { AccessGate, OPEN_ACCESS, type AccessConfig, type Caller } from './access.ts';
import { createKysely } from './db/dialect.ts';
import type { Marts } from './db/marts.ts';
import type { Warehouse } from './db/warehouse.ts';
import { sendAuditExport } from './audit-export.ts';
import { appRouter } from './routers/app.ts';
import { MAX_REQUEST_BYTES, TOO_LARGE_MESSAGE, type Context } from './trpc.ts';

export { USER_HEADER } from './access.ts';

export const WEB_DIST = resolve(import.meta.dirname, '../dist');

/** The most calls one batched request may make: a view asks for a handful at once. */
const MAX_BATCH_CALLS = 50;

/**
 * The built app loads its script and stylesheet from this origin and has no inline script; Plot
 * styles its charts with a <style> element inside each SVG, hence 'unsafe-inline' for styles only.
 * The favicon is a data: URL.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'", "script-src 'self'", "style-src 'self' 'unsafe-inline'", "img-src 'self' data:", "font-src 'self'",
  "connect-src 'self'", "object-src 'none'", "base-uri 'none'", "form-action 'self'", "frame-ancestors 'none'",
].join('; ');

const SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
};

/**
 * One server, one port: the tRPC API under /api, the audit's CSV export under /export, and the built
 * web app (deep links fall back to index.html). `access` says who may call /api and /export
 * (server/access.ts); the web app's files are public, as they hold no figures.
 */
export function createDashboardServer(warehouse: Warehouse, webDist = WEB_DIST, access: AccessConfig = OPEN_ACCESS): Server {
  const db = createKysely<Marts>(warehouse);
  const gate = new AccessGate(access);
  const contextOf = (caller: Caller): Context => ({ db, warehouse, ...caller, concealInternalErrors: true });
  const api = createHTTPHandler({
    router: appRouter,
    basePath: '/api/',
    maxBodySize: MAX_REQUEST_BYTES,
    maxBatchSize: MAX_BATCH_CALLS,
    createContext: ({ req, res }) => {
      const admission = gate.admit(req);
      if (admission.admitted) return contextOf(admission.caller);
      res.setHeader('www-authenticate', 'Bearer realm="leadlens"');
      throw new TRPCError({ code: 'UNAUTHORIZED', message: admission.reason });
    },
  });
  const web = existsSync(webDist) ? staticApp(webDist) : null;

  return createServer((req, res) => {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
    const url = requestUrl(req);
    if (!url) return sendText(res, 400, 'bad request: the URL cannot be read');
    if (url.pathname.startsWith('/api/')) {
      // figures and reviews change with every load: never kept by a browser or a proxy
      res.setHeader('cache-control', 'no-store');
      if (declaredLength(req) > MAX_REQUEST_BYTES) return refuseLargeBody(res);
      return void api(req, res);
    }
    if (url.pathname.startsWith('/export/')) {
      res.setHeader('cache-control', 'no-store');
      const admission = gate.admit(req);
      if (!admission.admitted) return sendText(res, 401, admission.reason);
      if (req.method !== 'GET' || url.pathname !== '/export/audit.csv') return sendText(res, 404, 'not found: the export is GET /export/audit.csv');
      return void sendAuditExport(req, res, contextOf(admission.caller));
    }
    if (access.token !== null && url.searchParams.has('token')) return exchangeToken(gate, req, res, url);
    if (web) return web(req, res, () => sendText(res, 404, 'not found'));
    sendText(res, 503, 'The web app is not built: run npm start (or npx vite build).');
  });
}

/**
 * The built web app. Files are looked up on each request (sirv's `dev` mode) rather than listed once
 * at start, so a rebuild of dist/ under a running server serves the new files instead of failing
 * on the old ones. Hashed assets never change under their name: browsers keep them for a year;
 * index.html is checked every time. The .br/.gz files written by the build are sent to browsers that accept them.
 */
function staticApp(webDist: string) {
  return sirv(webDist, {
    single: true, dev: true, etag: true, gzip: true, brotli: true,
    setHeaders: (res, pathname) => res.setHeader('cache-control', pathname.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache'),
  });
}

/**
 * `/?token=<token>` (any page): a browser user's way in. A right token becomes an HttpOnly,
 * SameSite=Strict cookie and the browser is sent to the same page without the token in its URL.
 */
function exchangeToken(gate: AccessGate, req: IncomingMessage, res: ServerResponse, url: URL): void {
  if (!gate.isToken(url.searchParams.get('token') ?? '')) return sendText(res, 401, 'this is not the dashboard\'s access token');
  url.searchParams.delete('token');
  res.statusCode = 303;
  res.setHeader('set-cookie', gate.accessCookie(req));
  // one leading slash: `//host` would send the browser to another site
  res.setHeader('location', `/${url.pathname.replace(/^\/+/, '')}${url.search}`);
  res.setHeader('cache-control', 'no-store');
  res.end();
}

function requestUrl(req: IncomingMessage): URL | null {
  try {
    return new URL(req.url ?? '/', 'http://localhost');
  } catch {
    return null;
  }
}

function declaredLength(req: IncomingMessage): number {
  const length = Number(req.headers['content-length'] ?? 0);
  return Number.isFinite(length) ? length : 0;
}

/** A body declared too large is refused before it is read, in tRPC's error shape, and the connection closed so the rest is not read either. */
function refuseLargeBody(res: ServerResponse): void {
  res.statusCode = 413;
  res.setHeader('content-type', 'application/json');
  res.setHeader('connection', 'close');
  res.end(JSON.stringify({ error: { message: TOO_LARGE_MESSAGE, code: -32013, data: { code: 'PAYLOAD_TOO_LARGE', httpStatus: 413 } } }));
}

function sendText(res: ServerResponse, status: number, text: string): void {
  res.statusCode = status;
  res.setHeader('content-type', 'text/plain; charset=utf-8');
  res.end(text);
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

/**
 * Who may use the dashboard (README "Access", server/access.ts): on loopback with no settings,
 * anyone on this machine as before; on any other address only with an access token or behind a
 * trusted sign-in proxy, and `leadlens start` refuses to listen there without one. Review decisions
 * record the proxy's name for the user, or under a token the name given, marked as such.
 * Reviews use test/fixtures/canonical/audit_view: rule L1 raises lead A1 as of 2026-05-15
 * (test/e2e/audit-view.test.ts works it out by hand).
 */
import { spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { isLoopbackHost, startRefusal, type AccessConfig } from '../../server/access.ts';
import { createDashboardServer, listen } from '../../server/http-server.ts';
import { FIXTURES, fixtureWarehouse, TWO_SNAPSHOTS } from '../support/fixture-warehouse.ts';
import { LEADLENS_BIN as BIN, startLeadlensServer } from '../support/leadlens-process.ts';

const AUDIT_VIEW = join(FIXTURES, 'canonical/audit_view');
const TOKEN = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
const A1_REVIEW = { system: 'canonical', kind: 'lead', id: 'A1', rule: 'L1', asOf: '2026-05-15', decision: 'confirmed', note: 'budget signed off' };

/** The environment of a `leadlens` process, with the access settings given and no others inherited. */
function envWith(settings: Record<string, string>): NodeJS.ProcessEnv {
  const { LEADLENS_ACCESS_TOKEN: _token, LEADLENS_TRUSTED_USER_HEADER: _header, HOST: _host, ...rest } = process.env;
  return { ...rest, PORT: '0', ...settings };
}

function postJson(url: string, body: unknown, headers: Record<string, string> = {}) {
  return fetch(url, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json', ...headers } });
}

describe('where the server may listen', () => {
  it('counts only 127.0.0.0/8, ::1 and localhost as this machine', () => {
    expect(['127.0.0.1', 'localhost', '::1', '[::1]', '127.1.2.3', '::ffff:127.0.0.1'].filter(isLoopbackHost)).toHaveLength(6);
    expect(['0.0.0.0', '::', '192.168.1.10', '10.0.0.1', 'example.com', '127.0.0.1.example.com'].filter(isLoopbackHost)).toEqual([]);
    const none: AccessConfig = { token: null, trustedUserHeader: null };
    expect(startRefusal('127.0.0.1', none)).toBeNull();
    expect(startRefusal('0.0.0.0', { ...none, token: TOKEN })).toBeNull();
    expect(startRefusal('0.0.0.0', { ...none, trustedUserHeader: 'x-forwarded-user' })).toBeNull();
    expect(startRefusal('0.0.0.0', none)).toMatch(/^refusing to listen on HOST=0\.0\.0\.0/);
  });

  it('refuses to start on another address with neither a token nor a proxy header, or with a weak token, before touching the warehouse', () => {
    const dir = mkdtempSync(join(tmpdir(), 'leadlens-access-'));
    try {
      const db = join(dir, 'never.duckdb');
      const start = (settings: Record<string, string>) => spawnSync(process.execPath, [BIN, 'start', '--db', db], { env: envWith(settings), encoding: 'utf8', timeout: 60_000 });
      const open = start({ HOST: '0.0.0.0' });
      expect(open.status).toBe(1);
      expect(open.stderr).toContain('refusing to listen on HOST=0.0.0.0');
      expect(open.stderr).toContain('LEADLENS_ACCESS_TOKEN');
      expect(open.stderr).toContain('LEADLENS_TRUSTED_USER_HEADER');
      const weak = start({ HOST: '0.0.0.0', LEADLENS_ACCESS_TOKEN: 'secret' });
      expect(weak.status).toBe(1);
      expect(weak.stderr).toContain('LEADLENS_ACCESS_TOKEN must be at least 16 printable characters');
      const badHeader = start({ HOST: '0.0.0.0', LEADLENS_TRUSTED_USER_HEADER: 'X Forwarded User' });
      expect(badHeader.status).toBe(1);
      expect(badHeader.stderr).toContain('LEADLENS_TRUSTED_USER_HEADER must be an HTTP header name');
      // refused before the demo company was built or any warehouse opened
      expect(existsSync(db)).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('leadlens start on 0.0.0.0 with an access token', () => {
  let dir: string;
  let db: string;
  let server: ChildProcess | undefined;
  let url: string;

  beforeAll(async () => {
    // loaded by a process of its own: DuckDB holds a file's lock for as long as the process that opened it lives
    dir = mkdtempSync(join(tmpdir(), 'leadlens-access-'));
    db = join(dir, 'warehouse.duckdb');
    const load = spawnSync(process.execPath, [BIN, 'ingest', TWO_SNAPSHOTS, '--db', db], { env: envWith({}), encoding: 'utf8', timeout: 60_000 });
    expect(load.status, load.stderr).toBe(0);
    ({ server, url } = await startLeadlensServer(db, envWith({ HOST: '0.0.0.0', LEADLENS_ACCESS_TOKEN: TOKEN })));
  });

  afterAll(async () => {
    if (server && server.exitCode === null) {
      server.kill('SIGTERM');
      await new Promise((done) => server!.once('exit', done));
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers the API and the export only with the token: 401 without it or with a wrong one', async () => {
    const bare = await fetch(`${url}/api/options.filters`);
    expect(bare.status).toBe(401);
    expect(bare.headers.get('www-authenticate')).toBe('Bearer realm="leadlens"');
    expect((await bare.json()).error.message).toBe('this dashboard needs its access token: send "Authorization: Bearer <token>", or open the dashboard once at /?token=<token>');
    expect((await fetch(`${url}/api/options.filters`, { headers: { authorization: `Bearer ${TOKEN}x` } })).status).toBe(401);
    expect((await fetch(`${url}/api/options.filters`, { headers: { authorization: TOKEN } })).status).toBe(401);
    const allowed = await fetch(`${url}/api/options.filters`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(allowed.status).toBe(200);
    expect((await allowed.json()).result.data.snapshots).toEqual(['2026-04-08', '2026-04-01']);
    expect((await fetch(`${url}/export/audit.csv`)).status).toBe(401);
    expect((await fetch(`${url}/export/audit.csv`, { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(200);
    // the app's files hold no figures: the page loads, and asks the API with the cookie below
    expect((await fetch(`${url}/`)).status).toBe(200);
  });

  it('lets a browser in once it opened /?token=: an HttpOnly, SameSite=Strict cookie, and the token gone from the URL', async () => {
    const visit = await fetch(`${url}/audit?quarter=2026-Q2&token=${TOKEN}`, { redirect: 'manual' });
    expect(visit.status).toBe(303);
    expect(visit.headers.get('location')).toBe('/audit?quarter=2026-Q2');
    const cookie = visit.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^leadlens_access=[0-9a-f]{64}; Path=\/; HttpOnly; SameSite=Strict; Max-Age=2592000$/);
    // the cookie is derived from the token, not the token itself
    expect(cookie).not.toContain(TOKEN);
    const withCookie = await fetch(`${url}/api/options.filters`, { headers: { cookie: cookie.split(';')[0] } });
    expect(withCookie.status).toBe(200);
    expect((await fetch(`${url}/export/audit.csv`, { headers: { cookie: cookie.split(';')[0] } })).status).toBe(200);
    expect((await fetch(`${url}/api/options.filters`, { headers: { cookie: `leadlens_access=${TOKEN}` } })).status).toBe(401);
    const wrong = await fetch(`${url}/?token=not-the-token-at-all`, { redirect: 'manual' });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('set-cookie')).toBeNull();
  });

  it('takes no loads over the network, even from the token holder; the CLI on this machine hands its work over still', async () => {
    const load = await postJson(`${url}/api/admin.ingest`, { path: join(TWO_SNAPSHOTS, '2026-04-08') }, { authorization: `Bearer ${TOKEN}` });
    expect(load.status).toBe(403);
    const cli = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args, '--db', db], { env: envWith({}), encoding: 'utf8', timeout: 60_000 });
    const ingest = cli('ingest', join(TWO_SNAPSHOTS, '2026-04-08'));
    expect(ingest.stderr).toBe('');
    expect(ingest.stdout).toContain(`handing the load to the server that owns ${db}`);
    expect(ingest.stdout).toContain('2026-04-08 canonical (detected canonical export): already loaded with these files, nothing changed');
    // the Q1 funnel as of 04-01, as test/server/routers.test.ts has it: 6 leads, 5 MQL, 3 SQL, 2 opportunities, 1 won
    const report = JSON.parse(cli('report', 'funnel', '--period', '2026-Q1', '--as-of', '2026-04-01', '--format', 'json').stdout);
    expect(report.tables.steps.map((row: { records: number }) => row.records)).toEqual([6, 5, 3, 2, 1]);
  });
});

describe('the reviewer a decision records', () => {
  let fixture: Awaited<ReturnType<typeof fixtureWarehouse>>;
  let server: Server | undefined;

  beforeAll(async () => {
    fixture = await fixtureWarehouse(AUDIT_VIEW);
  });
  afterEach(async () => {
    if (server) await new Promise((done) => server!.close(done));
    server = undefined;
    // each case starts with no review
    await fixture.warehouse.transaction((tx) => tx.run('delete from audit_reviews'));
  });
  afterAll(() => fixture.cleanup());

  async function serve(access: AccessConfig): Promise<string> {
    server = createDashboardServer(fixture.warehouse, undefined, access);
    return listen(server, 0, '127.0.0.1');
  }
  const storedReviewers = async () => (await fixture.warehouse.query('select reviewer from audit_reviews order by review_id')).map((row) => row.reviewer);

  it('behind a trusted proxy is the proxy\'s name for the user, whatever name the browser sends', async () => {
    const url = await serve({ token: null, trustedUserHeader: 'x-forwarded-user' });
    const review = await postJson(`${url}/api/audit.review`, A1_REVIEW, { 'x-forwarded-user': 'rita.ops@example.com', 'x-leadlens-user': 'Mallory' });
    expect(review.status).toBe(200);
    expect(await storedReviewers()).toEqual(['rita.ops@example.com']);
    // no name from the proxy: the request did not come through it
    const direct = await postJson(`${url}/api/audit.review`, A1_REVIEW, { 'x-leadlens-user': 'Mallory' });
    expect(direct.status).toBe(401);
    expect((await direct.json()).error.message).toBe('no signed-in user: this dashboard takes the user\'s name from the x-forwarded-user header, which the sign-in proxy sets');
    expect((await fetch(`${url}/api/options.filters`)).status).toBe(401);
    expect((await fetch(`${url}/export/audit.csv`, { headers: { 'x-forwarded-user': 'rita.ops@example.com' } })).status).toBe(200);
    expect((await postJson(`${url}/api/admin.buildModels`, {}, { 'x-forwarded-user': 'rita.ops@example.com' })).status).toBe(403);
    expect(await storedReviewers()).toEqual(['rita.ops@example.com']);
  });

  it('with both a token and a proxy needs the token too, and records the proxy\'s name', async () => {
    const url = await serve({ token: TOKEN, trustedUserHeader: 'x-forwarded-user' });
    expect((await postJson(`${url}/api/audit.review`, A1_REVIEW, { 'x-forwarded-user': 'Rita Ops' })).status).toBe(401);
    expect((await postJson(`${url}/api/audit.review`, A1_REVIEW, { 'x-forwarded-user': 'Rita Ops', authorization: `Bearer ${TOKEN}` })).status).toBe(200);
    expect(await storedReviewers()).toEqual(['Rita Ops']);
  });

  it('under a token alone is the name the user gave, marked as given by the token holder', async () => {
    const url = await serve({ token: TOKEN, trustedUserHeader: null });
    const review = await postJson(`${url}/api/audit.review`, A1_REVIEW, { authorization: `Bearer ${TOKEN}`, 'x-leadlens-user': encodeURIComponent('Zoë Ortiz') });
    expect(review.status).toBe(200);
    expect(await storedReviewers()).toEqual(['Zoë Ortiz (via token)']);
    const finding = await fetch(`${url}/api/audit.finding?input=${encodeURIComponent(JSON.stringify({ system: 'canonical', kind: 'lead', id: 'A1', rule: 'L1', asOf: '2026-05-15' }))}`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect((await finding.json()).result.data.reviews.map((row: { reviewer: string }) => row.reviewer)).toEqual(['Zoë Ortiz (via token)']);
  });

  it('on loopback with no settings is the name the dashboard sends, as before', async () => {
    const url = await serve({ token: null, trustedUserHeader: null });
    expect((await postJson(`${url}/api/audit.review`, A1_REVIEW)).status).toBe(401);
    expect((await postJson(`${url}/api/audit.review`, A1_REVIEW, { 'x-leadlens-user': encodeURIComponent('Zoë Ortiz') })).status).toBe(200);
    expect(await storedReviewers()).toEqual(['Zoë Ortiz']);
  });
});

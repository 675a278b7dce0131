/**
 * The web app's files as the server sends them: compressed for browsers that accept it, hashed
 * assets cached for good and index.html revalidated, and a rebuild of dist/ under a running server
 * served as the new build (before, the old file list was kept and a vanished file crashed the server).
 * The build here is a hand-made dist/ in a temporary folder, so the expected bytes are known.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { get, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDashboardServer, listen } from '../../server/http-server.ts';
import { fixtureWarehouse, TWO_SNAPSHOTS } from '../support/fixture-warehouse.ts';

const FIRST_SCRIPT = `console.log(${JSON.stringify('first build '.repeat(200))});`;
const SECOND_SCRIPT = `console.log(${JSON.stringify('second build '.repeat(200))});`;

/** What the build writes: index.html naming its script, the script, and its .gz and .br beside it. */
function writeBuild(dist: string, scriptName: string, script: string): void {
  mkdirSync(join(dist, 'assets'), { recursive: true });
  writeFileSync(join(dist, 'index.html'), `<!doctype html><script type="module" src="/assets/${scriptName}"></script>`);
  writeFileSync(join(dist, 'assets', scriptName), script);
  writeFileSync(join(dist, 'assets', `${scriptName}.gz`), gzipSync(script));
  writeFileSync(join(dist, 'assets', `${scriptName}.br`), brotliCompressSync(script));
}

async function bodyOf(response: Response): Promise<Buffer> {
  return Buffer.from(await response.arrayBuffer());
}

describe('the web app as served', () => {
  let dist: string;
  let url: string;
  let server: Server;
  let cleanup: () => void;

  beforeAll(async () => {
    dist = mkdtempSync(join(tmpdir(), 'leadlens-dist-'));
    writeBuild(dist, 'index-first.js', FIRST_SCRIPT);
    const fixture = await fixtureWarehouse(TWO_SNAPSHOTS);
    cleanup = fixture.cleanup;
    server = createDashboardServer(fixture.warehouse, dist);
    url = await listen(server, 0, '127.0.0.1');
  });

  afterAll(async () => {
    await new Promise((done) => server.close(done));
    cleanup();
    rmSync(dist, { recursive: true, force: true });
  });

  // fetch() would undo the encoding itself: node's http.get keeps the bytes as sent
  function rawGet(path: string, acceptEncoding: string): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
    return new Promise((resolve, reject) => {
      get(`${url}${path}`, { headers: { 'accept-encoding': acceptEncoding } }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }));
      }).on('error', reject);
    });
  }

  it('sends brotli or gzip to browsers that accept them, and the plain file otherwise', async () => {
    const brotli = await rawGet('/assets/index-first.js', 'gzip, deflate, br');
    expect(brotli.headers['content-encoding']).toBe('br');
    expect(brotliDecompressSync(brotli.body).toString()).toBe(FIRST_SCRIPT);
    expect(brotli.body.length).toBeLessThan(FIRST_SCRIPT.length / 5);
    const gzip = await rawGet('/assets/index-first.js', 'gzip');
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gzip.body).toString()).toBe(FIRST_SCRIPT);
    const plain = await rawGet('/assets/index-first.js', 'identity');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.toString()).toBe(FIRST_SCRIPT);
    expect(plain.headers.vary).toBe('Accept-Encoding');
    expect(plain.headers['content-type']).toMatch(/javascript/);
  });

  it('lets browsers keep hashed assets for a year and revalidate index.html, deep links included', async () => {
    expect((await fetch(`${url}/assets/index-first.js`)).headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    for (const page of ['/', '/forecast', '/records/lead/canonical/A1']) {
      const response = await fetch(`${url}${page}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('cache-control')).toBe('no-cache');
      expect(await response.text()).toContain('/assets/index-first.js');
    }
  });

  it('serves a rebuild made while it runs: the new files, a 404 for the removed ones, and keeps running', async () => {
    rmSync(join(dist, 'assets'), { recursive: true });
    writeBuild(dist, 'index-second.js', SECOND_SCRIPT);
    expect(await (await fetch(`${url}/`)).text()).toContain('/assets/index-second.js');
    const script = await fetch(`${url}/assets/index-second.js`);
    expect(script.status).toBe(200);
    expect(await bodyOf(script)).toEqual(Buffer.from(SECOND_SCRIPT));
    expect((await fetch(`${url}/assets/index-first.js`)).status).toBe(404);
    expect((await fetch(`${url}/`)).status).toBe(200);
  });
});

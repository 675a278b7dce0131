/**
 * Hostile requests (DESIGN section 8, "Safe"): every procedure of the router, found by walking it
 * so a new one is fuzzed without touching this file, gets a few hundred random and malicious
 * inputs over real HTTP: SQL fragments in every string field, huge strings, deep nesting, wrong
 * types, unknown keys, unknown sort columns, negative and huge pages, invalid dates, NaN-ish
 * numbers, arrays where objects go and prototype keys. Each answer is a figure (the input was
 * valid) or a 4xx with a message, never a 5xx, a stack frame or a path of the server's files;
 * the warehouse is unchanged afterwards and the server still answers. The run is seeded:
 * LEADLENS_FUZZ_SEED=<n> replays one (the seed is in every failure message).
 *
 * Also here: the request body limit, the security headers, and the built app running under its
 * Content-Security-Policy in Chromium.
 */
import { request as httpRequest } from 'node:http';
import type { Server } from 'node:http';
import type { AnyProcedure } from '@trpc/server';
import prand from 'pure-rand';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDashboardServer, listen } from '../../server/http-server.ts';
import { appRouter } from '../../server/routers/app.ts';
import { launchChromium, openPage } from '../support/browser.ts';
import { fixtureWarehouse, TWO_SNAPSHOTS } from '../support/fixture-warehouse.ts';
import { checksumAllTables } from '../support/warehouse-checksum.ts';

const SEED = Number(process.env.LEADLENS_FUZZ_SEED ?? 20260808);
const REQUESTS_PER_PROCEDURE = Number(process.env.LEADLENS_FUZZ_REQUESTS ?? 200);
// Inputs that pass validation run the view's SQL (a forecast takes half a second on this fixture):
// past a few per field of the procedure's input (more fields, more combinations to try), the
// generator draws again, keeping the run near half a minute.
const VALID_INPUTS_PER_FIELD = Number(process.env.LEADLENS_FUZZ_VALID_PER_FIELD ?? 4);
const validInputsFor = (fieldCount: number) => Math.min(30, Math.max(8, VALID_INPUTS_PER_FIELD * fieldCount));
const PARALLEL_REQUESTS = 4;
const TOKEN = 'fuzz-token-0123456789abcdef';

// ---- what a refusal must not show ----------------------------------------------------------------
const STACK_FRAME = /\bat (async )?[\w$.<>[\] ]*\(?[^)\s]*:\d+:\d+\)?/;
const SERVER_PATH = /\/work\/|\.ts:\d|node_modules|\/home\/|\/tmp\//;
// DuckDB's error classes: their text holds the SQL that failed
const DUCKDB_ERROR = /(Binder|Conversion|Parser|Catalog|Invalid Input|Out of Range|Constraint) Error/;

// ---- random values, from a seeded generator ------------------------------------------------------
class Dice {
  readonly #rng: prand.RandomGenerator;
  constructor(seed: number) { this.#rng = prand.xoroshiro128plus(seed); }
  int(min: number, max: number): number { return prand.unsafeUniformIntDistribution(min, max, this.#rng); }
  pick<T>(items: readonly T[]): T { return items[this.int(0, items.length - 1)]; }
  chance(percent: number): boolean { return this.int(1, 100) <= percent; }
}

const SQL_FRAGMENTS = [
  "'; drop table leads; --", '1) or (1=1', '" union select * from information_schema.tables --', "x' or '1'='1",
  "2026-01-01'::date; checkpoint; --", 'lead_id; select 1', "\\'; attach 'elsewhere.duckdb' as x; --", '%\' --', '$1', '?', 'lead_id desc, (select 1)',
];
const ODD_STRINGS = [
  '', ' ', 'null', 'undefined', 'NaN', 'Infinity', '-1', '1e309', '0x10', 'true', '2026-02-30', '2026-13-01', '0000-00-00', '9999-12-31',
  '-2026-01-01', '2026-01-01T00:00:00Z', '20260101', '2026-Q5', '2026-Q0', '0000', '0999-Q1', '2026-04-01..2026-01-01', '2026-02-30..2026-03-01',
  '99999-01-01', '../../../etc/passwd', '/etc/passwd', 'C:\\Windows', '<script>alert(1)</script>', '\u0000', '\u202e', '\ud800', 'é'.repeat(300),
  '__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'lead_id', 'amount', 'severity desc', '*',
];
const ODD_NUMBERS = [-1, -100_000, 0, 0.5, -0, 1e9, 2 ** 31, 2 ** 53, -(2 ** 53), 1e308, Number.MAX_SAFE_INTEGER + 2, 100_001, 501, 201];
// whole inputs that JSON.stringify cannot write: malformed JSON, NaN-ish literals, deep nesting, prototype keys
const RAW_INPUTS = [
  'NaN', 'Infinity', '-Infinity', '1e999', '{"asOf":', 'undefined', "{'asOf':'2026-04-01'}", '[1,2', '{"a":1}}', '',
  '{"__proto__":{"polluted":true}}', '{"constructor":{"prototype":{"polluted":true}}}', '{"page":NaN}', '{"pageSize":-Infinity}',
  `${'['.repeat(1000)}${']'.repeat(1000)}`,
];
const DEEP_OBJECT = `${'{"a":'.repeat(1000)}1${'}'.repeat(1000)}`;

/** Strings the fixture knows, by field name, so some inputs get past validation and reach SQL. */
const KNOWN_STRINGS: Record<string, string[]> = {
  asOf: ['2026-04-01', '2026-04-08', '2026-04-05', '2099-12-31', '1999-01-01'],
  from: ['2026-04-01', '2026-04-08', '2026-03-01'],
  to: ['2026-04-08', '2026-04-01', '2099-12-31'],
  period: ['2026-Q1', '2026-Q2', '2026', '2026-04', 'all', '2026-01-01..2026-03-31', '2025-04-01..2026-03-31', '9999'],
  quarter: ['2026-Q1', '2026-Q2', '2025-Q4', '1999-Q1'],
  rule: ['L1', 'O3', 'H4', 'L9'],
  system: ['canonical'],
  id: ['L1', 'L2', 'O1', 'O2'],
  source: ['web', 'events', '(none)', 'partner'],
  a: ['web', 'events'],
  b: ['events', 'partner', '(none)'],
  owner: ['alice', 'bruno'],
  note: ['checked by hand'],
  path: ['/nonexistent/leadlens-fuzz'],
};
const EDGE_DATES = ['2026-02-29', '2024-02-29', '2026-02-30', '2026-04-31', '0001-01-01', '0000-01-01', '9999-12-31', '1900-01-01', '2026-4-1', '2026-04-01 '];
/** Strings at the edge of what a field takes: shaped right, but a date or period that does not exist. */
const EDGE_STRINGS: Record<string, string[]> = {
  asOf: EDGE_DATES,
  from: EDGE_DATES,
  to: EDGE_DATES,
  period: ['2026-04-01..2026-02-30', '2026-05-01..2026-04-01', '2026-02-29..2026-03-01', '2025-06-31..2025-07-01', '2026-12-01..2026-01-01',
    '2026-01-01..2026-13-01', '0000', '0999-Q1', '0000-Q1', '9999-Q4', '2026-00', '2026-13', '0001-01-01..9999-12-31', '2026-04-01..2026-04-01', 'ALL'],
  quarter: ['0000-Q1', '9999-Q4', '2026-Q0', '2026-q1'],
  rule: ['L0', 'X1', 'l1', 'L10'],
};
/** The parts of a zod schema the walk reads (zod 4 keeps them on `_zod.def`). */
interface SchemaDef {
  type: string;
  shape?: Record<string, Schema>;
  innerType?: Schema;
  entries?: Record<string, string>;
  values?: unknown[];
  options?: Schema[];
  keyType?: Schema;
  valueType?: Schema;
  in?: Schema;
}
interface Schema {
  _zod: { def: SchemaDef };
  minValue?: number | null;
  maxValue?: number | null;
  safeParse: (value: unknown) => { success: boolean };
}

/**
 * A value the schema accepts (mostly): optional keys some of the time, known strings for known
 * fields, now and then one at the edge of what the field takes.
 */
function validValue(dice: Dice, schema: Schema, field: string, depth = 0): unknown {
  const def = schema._zod.def;
  switch (def.type) {
    case 'object': {
      const value: Record<string, unknown> = {};
      for (const [key, child] of Object.entries(def.shape ?? {})) {
        if (['optional', 'default'].includes(child._zod.def.type) && !dice.chance(depth === 0 ? 50 : 15)) continue;
        value[key] = validValue(dice, child, key, depth + 1);
      }
      return value;
    }
    case 'record': {
      const keys = Object.values(keyType(def.keyType!)._zod.def.entries ?? {});
      return Object.fromEntries(Array.from({ length: dice.int(0, 3) }, () => { const key = dice.pick(keys); return [key, validValue(dice, def.valueType!, key, depth + 1)]; }));
    }
    case 'optional': case 'default': case 'nullable': return validValue(dice, def.innerType!, field, depth);
    case 'pipe': return validValue(dice, def.in!, field, depth);
    case 'enum': return dice.pick(Object.values(def.entries ?? {}));
    case 'literal': return dice.pick(def.values ?? []);
    case 'union': return validValue(dice, dice.pick(def.options ?? []), field, depth);
    case 'boolean': return dice.chance(50);
    case 'null': return null;
    case 'number': return dice.int(Math.max(schema.minValue ?? 0, 0), Math.min(schema.maxValue ?? 1000, 1000));
    case 'string': {
      const roll = dice.int(1, 100);
      if (EDGE_STRINGS[field] && roll <= 30) return dice.pick(EDGE_STRINGS[field]);
      if (KNOWN_STRINGS[field] && roll <= 80) return dice.pick(KNOWN_STRINGS[field]);
      return dice.pick([...SQL_FRAGMENTS, 'alice', 'web']);
    }
    default: return null;
  }
}

/** A record's key schema, seen through optional wrappers. */
function keyType(schema: Schema): Schema {
  const def = schema._zod.def;
  return def.innerType ? keyType(def.innerType) : schema;
}

/** A value of any type that a field should refuse (or, for free text, take as mere text). */
function hostileValue(dice: Dice): unknown {
  switch (dice.int(0, 11)) {
    case 0: case 1: return dice.pick(SQL_FRAGMENTS);
    case 2: case 3: return dice.pick(ODD_STRINGS);
    case 4: return 'x'.repeat(dice.int(201, 6_000));
    case 5: return dice.pick(ODD_NUMBERS);
    case 6: return dice.pick([true, false, null]);
    case 7: return dice.pick([[], [dice.pick(SQL_FRAGMENTS)], [1, 2, 3]]);
    case 8: return dice.pick([{}, { [dice.pick(SQL_FRAGMENTS)]: 1 }, { ['__proto__']: { polluted: true } }]);
    case 9: return deepArray(dice.int(10, 500));
    default: return randomJson(dice, 3);
  }
}

function deepArray(depth: number): unknown {
  let value: unknown = 1;
  for (let level = 0; level < depth; level++) value = [value];
  return value;
}

function randomJson(dice: Dice, depth: number): unknown {
  const kind = dice.int(0, depth > 0 ? 5 : 3);
  if (kind === 0) return dice.pick(ODD_STRINGS);
  if (kind === 1) return dice.pick(ODD_NUMBERS);
  if (kind === 2) return dice.pick([true, false, null]);
  if (kind === 3) return dice.pick(SQL_FRAGMENTS);
  if (kind === 4) return Array.from({ length: dice.int(0, 4) }, () => randomJson(dice, depth - 1));
  return Object.fromEntries(Array.from({ length: dice.int(0, 4) }, () => [dice.pick([...ODD_STRINGS, ...SQL_FRAGMENTS]), randomJson(dice, depth - 1)]));
}

/** The field names a schema's object (or each object of its union) takes. */
function fieldsOf(schema: Schema | undefined): string[] {
  if (!schema) return [];
  const def = schema._zod.def;
  if (def.type === 'object') return Object.keys(def.shape ?? {});
  if (def.type === 'union') return [...new Set((def.options ?? []).flatMap(fieldsOf))];
  if (['optional', 'default', 'nullable'].includes(def.type)) return fieldsOf(def.innerType);
  return [];
}

/** One request's input as JSON text: valid, valid but for one field, with unknown keys, or hostile throughout. */
function fuzzInput(dice: Dice, schema: Schema | undefined, bodyAllowsDepth: boolean): { text: string; how: string } {
  const base = schema ? validValue(dice, schema, '') : undefined;
  const fields = fieldsOf(schema);
  const strategy = dice.int(1, 100);
  if (strategy <= 30 || !schema) {
    if (!schema && dice.chance(60)) return { text: JSON.stringify(randomJson(dice, 2)) ?? 'null', how: 'input to a procedure that takes none' };
    return { text: JSON.stringify(base ?? null), how: 'valid' };
  }
  if (strategy <= 65 && fields.length > 0 && isPlainObject(base)) {
    const field = dice.pick(fields);
    // inside a nested object (a records filter), one of its own keys is made hostile
    const inner = base[field];
    if (isPlainObject(inner) && Object.keys(inner).length > 0 && dice.chance(50)) {
      const key = dice.pick(Object.keys(inner));
      return { text: JSON.stringify({ ...base, [field]: { ...inner, [key]: hostileValue(dice) } }), how: `hostile ${field}.${key}` };
    }
    return { text: JSON.stringify({ ...base, [field]: hostileValue(dice) }), how: `hostile ${field}` };
  }
  if (strategy <= 75 && isPlainObject(base)) {
    const key = dice.pick(['__proto__', 'constructor', 'prototype', 'sort_by', "'; drop table leads; --", 'where', 'sql']);
    return { text: JSON.stringify({ ...base, [key]: hostileValue(dice) }), how: `unknown key ${key}` };
  }
  if (strategy <= 80 && isPlainObject(base) && isPlainObject(base.where)) {
    return { text: JSON.stringify({ ...base, where: { ...base.where, [dice.pick([...SQL_FRAGMENTS, 'email', 'amount'])]: 'x' } }), how: 'unknown filter column' };
  }
  if (strategy <= 85 && bodyAllowsDepth) return { text: DEEP_OBJECT, how: 'object nested 1000 deep' };
  if (strategy <= 92) return { text: dice.pick(RAW_INPUTS), how: 'raw text' };
  return { text: JSON.stringify(hostileValue(dice)), how: 'hostile whole input' };
}

/** Whether the procedure's schema takes this input (a procedure without one takes anything). */
function passesValidation(schema: Schema | undefined, text: string): boolean {
  if (!schema) return true;
  try {
    return schema.safeParse(JSON.parse(text)).success;
  } catch {
    return false;
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// ---- over HTTP ------------------------------------------------------------------------------------
interface Answer { status: number; text: string; headers: Headers }

async function send(url: string, init: RequestInit = {}): Promise<Answer> {
  const response = await fetch(url, init);
  return { status: response.status, text: await response.text(), headers: response.headers };
}

/** A procedure called as the tRPC client calls it: a query by GET, a mutation by POST, sometimes as a batch of two. */
function callProcedure(base: string, path: string, type: 'query' | 'mutation', inputText: string, batch: boolean, headers: Record<string, string>): Promise<Answer> {
  const target = batch ? `${base}/api/${path},${path}?batch=1` : `${base}/api/${path}`;
  const input = batch ? `{"0":${inputText},"1":${inputText}}` : inputText;
  if (type === 'query') return send(`${target}${batch ? '&' : '?'}input=${encodeURIComponent(input)}`, { headers });
  return send(target, { method: 'POST', body: input, headers: { 'content-type': 'application/json', ...headers } });
}

/** A refusal that says what was wrong and shows nothing of the server's insides. */
function expectCleanAnswer(answer: Answer, context: string) {
  expect(answer.status, context).toBeLessThan(500);
  expect(answer.text, context).not.toMatch(STACK_FRAME);
  expect(answer.text, context).not.toMatch(SERVER_PATH);
  expect(answer.text, context).not.toMatch(DUCKDB_ERROR);
  if (answer.status < 300) return;
  expect(answer.status, context).toBeGreaterThanOrEqual(400);
  const body = JSON.parse(answer.text) as unknown;
  for (const item of Array.isArray(body) ? body : [body]) {
    const error = (item as { error?: { message?: unknown } }).error;
    if (error === undefined && answer.status === 207) continue; // a batch whose other call succeeded
    expect(typeof error?.message, context).toBe('string');
    expect(String(error?.message).trim().length, context).toBeGreaterThan(0);
  }
}

async function inParallel<T>(tasks: (() => Promise<T>)[], width: number): Promise<T[]> {
  const results: T[] = [];
  let next = 0;
  await Promise.all(Array.from({ length: width }, async () => {
    while (next < tasks.length) {
      const index = next++;
      results[index] = await tasks[index]();
    }
  }));
  return results;
}

// the router keeps its procedures flat, keyed by their dotted path ("audit.review")
const procedures = Object.entries(appRouter._def.procedures as unknown as Record<string, AnyProcedure>).map(([path, procedure]) => ({
  path, type: procedure._def.type as 'query' | 'mutation', schema: (procedure._def.inputs as unknown as Schema[])[0],
}));

// ---- the servers: one on loopback with no access rules, one as a server reachable from elsewhere --
let fixture: Awaited<ReturnType<typeof fixtureWarehouse>>;
let open: { server: Server; url: string };
let guarded: { server: Server; url: string };

beforeAll(async () => {
  fixture = await fixtureWarehouse(TWO_SNAPSHOTS);
  const openServer = createDashboardServer(fixture.warehouse);
  open = { server: openServer, url: await listen(openServer, 0, '127.0.0.1') };
  // with a token, no caller counts as this machine's (server/access.ts): admin.* must refuse everyone
  const guardedServer = createDashboardServer(fixture.warehouse, undefined, { token: TOKEN, trustedUserHeader: null });
  guarded = { server: guardedServer, url: await listen(guardedServer, 0, '127.0.0.1') };
});

afterAll(async () => {
  await Promise.all([open, guarded].map(({ server }) => new Promise((done) => server.close(done))));
  fixture.cleanup();
});

describe('every procedure under hostile input', () => {
  it('finds the procedures to fuzz by walking the router, admin.* included', () => {
    expect(procedures.map((procedure) => procedure.path)).toEqual(expect.arrayContaining(['funnel.view', 'records.list', 'audit.review', 'admin.ingest', 'admin.buildModels']));
    expect(procedures.length).toBeGreaterThanOrEqual(19);
  });

  it(`answers ${REQUESTS_PER_PROCEDURE} random and malicious inputs per procedure with a figure or a clean 4xx (seed ${SEED})`, async () => {
    // The audit keeps each snapshot's findings once first read (pipelines/audit-findings-cache.ts):
    // read both snapshots' audits first, so the checksum below compares what requests may change.
    for (const asOf of ['2026-04-01', '2026-04-08']) expect((await send(`${open.url}/api/audit.view?input=${encodeURIComponent(JSON.stringify({ asOf }))}`)).status).toBe(200);
    const before = await checksumAllTables(fixture.warehouse);
    const dice = new Dice(SEED);
    const tally = new Map<string, Map<number, number>>();
    const elapsed = new Map<string, number>();
    const tasks = procedures.filter((procedure) => !procedure.path.startsWith('admin.')).flatMap((procedure) => {
      let validInputs = 0;
      const validCap = validInputsFor(fieldsOf(procedure.schema).length);
      return Array.from({ length: REQUESTS_PER_PROCEDURE }, (_, index) => {
        let { text, how } = fuzzInput(dice, procedure.schema, procedure.type === 'mutation');
        while (procedure.schema && passesValidation(procedure.schema, text) && ++validInputs > validCap) ({ text, how } = fuzzInput(dice, procedure.schema, procedure.type === 'mutation'));
        const batch = dice.chance(10);
        // half the reviews name a reviewer, so they get past the name check to the finding lookup;
        // their finding keys are never the fixture's, so no review is written
        const headers: Record<string, string> = procedure.path === 'audit.review' && dice.chance(50) ? { 'x-leadlens-user': 'Fuzz%20Tester' } : {};
        const reviewText = procedure.path === 'audit.review' ? text.replace(/"id":"(L|O)\d"/g, '"id":"no such record"') : text;
        return async () => {
          const started = performance.now();
          const answer = await callProcedure(open.url, procedure.path, procedure.type, reviewText, batch, headers);
          elapsed.set(procedure.path, (elapsed.get(procedure.path) ?? 0) + performance.now() - started);
          expectCleanAnswer(answer, `seed ${SEED}, ${procedure.path} #${index} (${how}${batch ? ', batched' : ''}): ${reviewText.slice(0, 300)} -> ${answer.status} ${answer.text.slice(0, 300)}`);
          const counts = tally.get(procedure.path) ?? new Map<number, number>();
          counts.set(answer.status, (counts.get(answer.status) ?? 0) + 1);
          tally.set(procedure.path, counts);
        };
      });
    });
    await inParallel(tasks, PARALLEL_REQUESTS);

    console.log(`fuzzed with seed ${SEED}: ${tasks.length} requests\n${[...tally].map(([path, counts]) =>
      `  ${path.padEnd(22)} ${[...counts].sort(([a], [b]) => a - b).map(([status, count]) => `${status}: ${count}`).join(', ')} (${((elapsed.get(path) ?? 0) / 1000).toFixed(1)} s)`).join('\n')}`);
    // the generator reaches SQL: every query answered some inputs with figures
    for (const procedure of procedures.filter((candidate) => candidate.type === 'query')) {
      expect(tally.get(procedure.path)?.get(200) ?? 0, `${procedure.path} never got a valid input`).toBeGreaterThan(0);
    }
    expect(await checksumAllTables(fixture.warehouse)).toEqual(before);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const filters = await send(`${open.url}/api/options.filters`);
    expect(filters.status).toBe(200);
    expect(JSON.parse(filters.text).result.data.snapshots).toEqual(['2026-04-08', '2026-04-01']);
  });

  it('refuses admin.* with 403 to every caller that is not this machine\'s CLI, whatever the input', async () => {
    const dice = new Dice(SEED + 1);
    const admin = procedures.filter((procedure) => procedure.path.startsWith('admin.'));
    const before = await checksumAllTables(fixture.warehouse);
    const tasks = admin.flatMap((procedure) => Array.from({ length: REQUESTS_PER_PROCEDURE / 2 }, (_, index) => async () => {
      const { text, how } = fuzzInput(dice, procedure.schema, true);
      const answer = await callProcedure(guarded.url, procedure.path, procedure.type, text, dice.chance(10), { authorization: `Bearer ${TOKEN}` });
      const context = `seed ${SEED + 1}, ${procedure.path} #${index} (${how}): ${text.slice(0, 200)} -> ${answer.status} ${answer.text.slice(0, 200)}`;
      expectCleanAnswer(answer, context);
      expect(answer.status, context).toBe(403);
    }));
    await inParallel(tasks, PARALLEL_REQUESTS);
    expect(await checksumAllTables(fixture.warehouse)).toEqual(before);
  });

  it('answers this machine\'s CLI with 4xx for a load it cannot make: bad input 400, a missing folder 422 with the reason', async () => {
    const ingest = (body: string) => send(`${open.url}/api/admin.ingest`, { method: 'POST', body, headers: { 'content-type': 'application/json' } });
    for (const body of ['{}', '{"path":""}', '{"path":"/x","asOf":"2026-02-30"}', '{"path":"/x","system":"\'; drop table leads; --"}', '{"path":1}', DEEP_OBJECT]) {
      const answer = await ingest(body);
      expectCleanAnswer(answer, body.slice(0, 100));
      expect(answer.status, body.slice(0, 100)).toBe(400);
    }
    const missing = await ingest(JSON.stringify({ path: '/nonexistent/leadlens-fuzz', asOf: '2026-04-08' }));
    expect(missing.status).toBe(422);
    expect(JSON.parse(missing.text).error.message).toBe('load refused, the warehouse is unchanged:\n  /nonexistent/leadlens-fuzz: no such folder');
  });

  it('answers hostile export queries with the CSV or a 4xx in plain words', async () => {
    const dice = new Dice(SEED + 2);
    const fields = ['asOf', 'quarter', 'rule', 'owner', 'severity', 'status', 'since', 'kind', 'sort', "'; drop table leads; --", '__proto__'];
    const tasks = Array.from({ length: 60 }, (_, index) => async () => {
      const query = new URLSearchParams();
      for (let count = dice.int(0, 3); count > 0; count--) query.append(dice.pick(fields), String(dice.chance(50) ? dice.pick(ODD_STRINGS) : dice.pick(SQL_FRAGMENTS)));
      const answer = await send(`${open.url}/export/audit.csv?${query}`);
      const context = `seed ${SEED + 2}, export #${index}: ${query} -> ${answer.status} ${answer.text.slice(0, 200)}`;
      expect(answer.status, context).toBeLessThan(500);
      expect(answer.text, context).not.toMatch(STACK_FRAME);
      expect(answer.text, context).not.toMatch(SERVER_PATH);
      if (answer.status >= 400) expect(answer.text.trim().length, context).toBeGreaterThan(0);
    });
    await inParallel(tasks, PARALLEL_REQUESTS);
  });

  it('refuses a batch of more calls than a view makes, and an unknown procedure, with 4xx', async () => {
    const many = Array.from({ length: 51 }, () => 'options.filters').join(',');
    const batch = await send(`${open.url}/api/${many}?batch=1&input=${encodeURIComponent('{}')}`);
    expect(batch.status).toBe(400);
    expect(batch.text).toContain('Batch call exceeds maximum size');
    const unknown = await send(`${open.url}/api/leads.dropTable?input=%7B%7D`);
    expectCleanAnswer(unknown, 'unknown procedure');
    expect(unknown.status).toBe(404);
  });
});

/** A raw request, to send a body with or without a declared length (fetch always declares one). */
function rawPost(url: string, body: Buffer, declareLength: boolean): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const headers: Record<string, string | number> = { 'content-type': 'application/json' };
    if (declareLength) headers['content-length'] = body.length;
    const request = httpRequest({ host: target.hostname, port: target.port, path: target.pathname, method: 'POST', headers }, (response) => {
      let text = '';
      response.on('data', (chunk: Buffer) => { text += chunk.toString(); });
      response.on('end', () => resolve({ status: response.statusCode ?? 0, text }));
    });
    // the server may answer and close before the whole body is sent: that is the point
    request.on('error', (error: NodeJS.ErrnoException) => { if (error.code !== 'EPIPE' && error.code !== 'ECONNRESET') reject(error); });
    request.end(body);
  });
}

describe('request limits', () => {
  const reviewOf = (noteLength: number) => Buffer.from(JSON.stringify({ system: 'canonical', kind: 'lead', id: 'L1', rule: 'L1', asOf: '2026-04-08', decision: 'confirmed', note: 'n'.repeat(noteLength) }));

  it('refuses a body over 1 MiB with 413 and says so, whether its length is declared or streamed', async () => {
    for (const declareLength of [true, false]) {
      const answer = await rawPost(`${open.url}/api/audit.review`, reviewOf(2 * 1024 * 1024), declareLength);
      expect(answer.status, `length declared: ${declareLength}`).toBe(413);
      expect(JSON.parse(answer.text).error.message).toBe('the request body is larger than the 1 MiB this server accepts');
    }
  });

  it('reads a body under the limit and refuses its too-long field as bad input', async () => {
    const answer = await rawPost(`${open.url}/api/audit.review`, reviewOf(900 * 1024), true);
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.text).error.message).toMatch(/^invalid input: note: /);
  });

  it('leaves a 1 MB query string to Node, which refuses it before the API sees it', async () => {
    const answer = await send(`${open.url}/api/funnel.view?input=${encodeURIComponent(JSON.stringify({ source: 'x'.repeat(1024 * 1024) }))}`);
    expect(answer.status).toBe(431);
  });
});

describe('security headers', () => {
  const EXPECTED = {
    'content-security-policy': "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'x-frame-options': 'DENY',
    'cross-origin-opener-policy': 'same-origin',
  };

  it('are on the app, the API (answers and errors), the export and a 404, and the API and export are never cached', async () => {
    const answers = {
      app: await send(`${open.url}/`),
      deepLink: await send(`${open.url}/audit?quarter=2026-Q2`),
      api: await send(`${open.url}/api/options.filters`),
      apiError: await send(`${open.url}/api/funnel.view?input=${encodeURIComponent('{"period":"2026-Q5"}')}`),
      export: await send(`${open.url}/export/audit.csv`),
      notFound: await send(`${open.url}/export/nothing`),
    };
    expect(answers.app.text).toContain('<div id="app">');
    expect(answers.api.status).toBe(200);
    expect(answers.apiError.status).toBe(400);
    expect(answers.export.status).toBe(200);
    expect(answers.export.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(answers.notFound.status).toBe(404);
    for (const [name, answer] of Object.entries(answers)) {
      for (const [header, value] of Object.entries(EXPECTED)) expect(answer.headers.get(header), `${name}: ${header}`).toBe(value);
    }
    for (const name of ['api', 'apiError', 'export'] as const) expect(answers[name].headers.get('cache-control'), name).toBe('no-store');
  });

  it('let the built app run: the Funnel view renders its charts in Chromium with no policy violation', async () => {
    const browser = await launchChromium();
    try {
      const { page, consoleErrors } = await openPage(browser);
      const violations: string[] = [];
      page.on('console', (message) => { if (/Content.Security.Policy|Refused to/i.test(message.text())) violations.push(message.text()); });
      await page.goto(`${open.url}/funnel?asOf=2026-04-08&period=2026-Q1`);
      await page.waitForSelector('.view:not(.stale) svg');
      expect(violations).toEqual([]);
      expect(consoleErrors).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});

// Last in this file: it breaks the shared fixture.
describe('internal errors', () => {
  it('reach the browser as a reference to the server\'s log, never as their text', async () => {
    // a warehouse that fails under a procedure: a model the funnel reads is gone
    await fixture.warehouse.transaction((tx) => tx.run('drop macro table funnel_steps'));
    const logged: string[] = [];
    const consoleError = console.error;
    console.error = (...parts: unknown[]) => { logged.push(parts.map(String).join(' ')); };
    try {
      const answer = await send(`${open.url}/api/funnel.view?input=${encodeURIComponent('{"period":"2026-Q1"}')}`);
      expect(answer.status).toBe(500);
      const message = JSON.parse(answer.text).error.message as string;
      const reference = /reference ([0-9a-f]{8})/.exec(message)?.[1];
      expect(message).toBe(`the server could not answer this request (reference ${reference}; the detail is in the server's log)`);
      expect(answer.text).not.toMatch(STACK_FRAME);
      expect(answer.text).not.toMatch(SERVER_PATH);
      expect(answer.text).not.toMatch(DUCKDB_ERROR);
      // the log has the detail under the same reference
      expect(logged.find((line) => line.includes(`internal error ${reference} in funnel.view`))).toMatch(/funnel_steps/);
    } finally {
      console.error = consoleError;
    }
  });
});

/**
 * The audit as a report (`report audit`) and config's switches, on test/fixtures/canonical/audit_view
 * (leads A1 and A2 break rule L1 as of 2026-05-15; A1's company is "=Equals Labs", so the CSV must
 * keep a spreadsheet from running it).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES } from '../support/fixture-warehouse.ts';

const BIN = resolve(import.meta.dirname, '../../bin/leadlens.js');
const AUDIT_VIEW = join(FIXTURES, 'canonical/audit_view');
const dir = mkdtempSync(join(tmpdir(), 'leadlens-audit-report-'));
const db = join(dir, 'audit.duckdb');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function leadlens(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [BIN, ...args, '--db', db], { encoding: 'utf8', timeout: 120_000, env: { ...process.env, ...env } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

beforeAll(() => {
  const ingest = leadlens(['ingest', AUDIT_VIEW]);
  expect(ingest.status, ingest.stderr).toBe(0);
}, 120_000);

describe('report audit', () => {
  it('exports the quarter\'s findings as CSV, the formula-looking company name quoted', () => {
    const csv = leadlens(['report', 'audit', '--rule', 'L1', '--format', 'csv', '--table', 'findings']);
    expect(csv.status, csv.stderr).toBe(0);
    const lines = csv.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^system,record_kind,record_id,rule_id,/);
    expect(lines).toHaveLength(3);
    expect(csv.stdout).toContain(",'=Equals Labs");
    expect(csv.stdout).not.toMatch(/,=Equals/);
  });

  it('filters by status and prints the rules with their counts', () => {
    const table = leadlens(['report', 'audit', '--status', 'confirmed', '--format', 'json']);
    const report = JSON.parse(table.stdout);
    expect(report).toMatchObject({ view: 'audit', as_of: '2026-05-15' });
    expect(report.tables.findings).toEqual([]);
    expect(report.tables.rules.find((rule: { rule_id: string }) => rule.rule_id === 'L1')).toMatchObject({ findings: 2, enabled: true });
  });

  it('leaves out a rule config switches off, and lists it as off', () => {
    const config = join(dir, 'leadlens.config.json');
    writeFileSync(config, JSON.stringify({ audit: { disabledRules: ['L1'] } }));
    const report = JSON.parse(leadlens(['report', 'audit', '--format', 'json', '--config', config]).stdout);
    expect(report.tables.findings.filter((row: { rule_id: string }) => row.rule_id === 'L1')).toEqual([]);
    expect(report.tables.rules.find((rule: { rule_id: string }) => rule.rule_id === 'L1')).toMatchObject({ enabled: false, findings: 0 });
  });
});

/**
 * CSV exports (DESIGN section 6): text that a spreadsheet would run as a formula gets a single
 * quote in front, numbers stay numbers, and the file reads back, in DuckDB's CSV reader, to the
 * same values once the added quote is removed.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { csvCell, toCsv } from '../../server/csv.ts';
import { Warehouse } from '../../server/db/warehouse.ts';

const DANGEROUS = ['=HYPERLINK("http://x.example","click")', '+1+2', '-2+3', '@SUM(A1:A9)', '\t=1+1', '\r=1+1'];

describe('csvCell', () => {
  it('prefixes text that begins with = + - @ tab or carriage return with a single quote', () => {
    expect(DANGEROUS.map(csvCell)).toEqual([
      `"'=HYPERLINK(""http://x.example"",""click"")"`, "'+1+2", "'-2+3", "'@SUM(A1:A9)", "'\t=1+1", `"'\r=1+1"`,
    ]);
  });

  it('leaves other text alone, quoting only what holds a comma, quote or line break', () => {
    expect(['plain', 'a, b', 'say "hi"', 'two\nlines', 'mid=dle', ''].map(csvCell)).toEqual(['plain', '"a, b"', '"say ""hi"""', '"two\nlines"', 'mid=dle', '']);
  });

  it('writes numbers and booleans bare, negative numbers too, and nothing for null', () => {
    expect([-2500.5, 0, 42, true, false, null, undefined].map(csvCell)).toEqual(['-2500.5', '0', '42', 'true', 'false', '', '']);
  });
});

describe('toCsv', () => {
  it('reads back in a CSV parser to the same values once the added quote is removed', async () => {
    const rows = DANGEROUS.map((text, i) => ({ id: `R${i}`, text, amount: (2 - i) * 100.25, ok: i % 2 === 0 }));
    const dir = mkdtempSync(join(tmpdir(), 'leadlens-csv-'));
    const file = join(dir, 'export.csv');
    writeFileSync(file, toCsv(rows));
    const warehouse = await Warehouse.open(':memory:');
    try {
      const read = await warehouse.query(`select * from read_csv('${file}', header = true, all_varchar = true, quote = '"', escape = '"')`);
      expect(read.map((row) => ({ id: row.id, text: String(row.text).slice(1), amount: Number(row.amount), ok: row.ok === 'true' }))).toEqual(rows);
      // the amounts are numbers in the file: DuckDB's sniffer types the column as DOUBLE
      const [typed] = await warehouse.query(`select typeof(amount) as type from read_csv('${file}', header = true) limit 1`);
      expect(typed.type).toBe('DOUBLE');
    } finally {
      warehouse.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

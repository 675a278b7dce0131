/** The records URL contract (web/src/lib/records-link.ts) and the sentence that describes a list. */
import { describe, expect, it } from 'vitest';
import { formatRatio } from '../../web/src/lib/format.ts';
import { describeRecords } from '../../web/src/lib/records-description.ts';
import { readRecordsQuery, recordHref, recordsHref } from '../../web/src/lib/records-link.ts';

describe('recordsHref', () => {
  it('writes kind, filters and one w. parameter per where column, booleans as true/false, in a fixed order', () => {
    expect(recordsHref('lead', { asOf: '2026-04-01', period: '2026-Q1' }, { source: 'web', reached_mql: true, cohort_month: '2026-02' }))
      .toBe('/records?kind=lead&asOf=2026-04-01&period=2026-Q1&w.cohort_month=2026-02&w.reached_mql=true&w.source=web');
    expect(recordsHref('opportunity', { period: '2026-Q1', periodOn: 'closed_on' }, { is_won: false }))
      .toBe('/records?kind=opportunity&period=2026-Q1&periodOn=closed_on&w.is_won=false');
  });

  it('writes an empty column as an empty value, leaves undefined ones out, and carries sort and page', () => {
    expect(recordsHref('lead', {}, { owner: null, source: undefined }, { sort: 'score', direction: 'desc', page: 2 }))
      .toBe('/records?kind=lead&sort=score&direction=desc&page=2&w.owner=');
  });

  it('reads back what it wrote, with booleans and empty values typed', () => {
    const href = recordsHref('lead', { asOf: '2026-04-01', period: 'all', periodOn: 'created_at' }, { source: 'true', reached_won: true, owner: null }, { sort: 'lead_id', direction: 'asc', page: 3 });
    expect(readRecordsQuery(new URL(href, 'http://leadlens').searchParams)).toEqual({
      kind: 'lead', filters: { asOf: '2026-04-01', period: 'all', periodOn: 'created_at' }, sort: 'lead_id', direction: 'asc', page: 3,
      // "true" is text in a text column and a boolean only in a boolean one
      where: { owner: null, reached_won: true, source: 'true' },
    });
  });

  it('reads a bad page or direction as the first page and the default direction', () => {
    expect(readRecordsQuery(new URLSearchParams('kind=lead&page=-1&direction=up'))).toMatchObject({ page: 0, direction: undefined });
  });

  it('links one record, escaping its id', () => {
    expect(recordHref('opportunity', 'canonical', 'O/2 x', '2026-04-01')).toBe('/records/opportunity/canonical/O%2F2%20x?asOf=2026-04-01');
  });
});

describe('describeRecords', () => {
  const base = { periodOn: 'created_at', periodAsked: undefined, period: '2026-01-01..2026-03-31', asOf: '2026-04-01' };

  it('says which leads a list holds', () => {
    expect(describeRecords({ ...base, kind: 'lead', where: { cohort_month: '2026-02', reached_mql: true, source: 'web' } }))
      .toBe('Leads of cohort Feb 2026 that reached MQL, source web, created 2026-01-01 to 2026-03-31, as of 2026-04-01');
    expect(describeRecords({ ...base, kind: 'lead', periodAsked: '2026-Q1', where: { reached_sql: true, reached_won: false } }))
      .toBe('Leads that reached SQL and were not won, created in 2026-Q1 (2026-01-01 to 2026-03-31), as of 2026-04-01');
  });

  it('says which opportunities, by the date the period applies to', () => {
    expect(describeRecords({ ...base, kind: 'opportunity', periodOn: 'closed_on', where: { source: 'partner', is_won: true } }))
      .toBe('Opportunities that were won, source partner, closed 2026-01-01 to 2026-03-31, as of 2026-04-01');
    expect(describeRecords({ ...base, kind: 'opportunity', period: 'all', where: { owner: null } }))
      .toBe('Opportunities with no owner, of any date, as of 2026-04-01');
  });
});

describe('formatRatio', () => {
  it('writes a ratio that may pass 1 with two decimals', () => {
    expect([formatRatio(1 / 5), formatRatio(5 / 2), formatRatio(null)]).toEqual(['0.20', '2.50', '—']);
  });
});

/** The one formatting module and the period choices of the filter bar. */
import { describe, expect, it } from 'vitest';
import { formatCount, formatInterval, formatMoney, formatMonth, formatPercent, formatRateWithInterval, NO_VALUE } from '../../web/src/lib/format.ts';
import { recentQuarters, yearsOf } from '../../web/src/lib/period-choices.ts';
import { viewHref } from '../../web/src/lib/view-links.ts';

describe('format', () => {
  it('writes rates as percentages with one decimal, and nothing as a dash', () => {
    expect(formatPercent(1 / 3)).toBe('33.3%');
    expect(formatPercent(1)).toBe('100.0%');
    // A Wilson bound of 0 of n can arrive as 4.6e-17 from floating point: it is 0.0%.
    expect(formatPercent(4.5861823555236146e-17)).toBe('0.0%');
    expect(formatPercent(null)).toBe(NO_VALUE);
  });

  it('writes a 95% interval as a range of percentages, or nothing without one', () => {
    expect(formatInterval(0.061490315276160466, 0.7923450448735121)).toBe('6.1–79.2%');
    expect(formatInterval(null, null)).toBe('');
    expect(formatRateWithInterval(0.5, 0.0945, 0.9055)).toBe('50.0% (95% CI 9.5–90.6%)');
    expect(formatRateWithInterval(0.6, null, null)).toBe('60.0%');
  });

  it('writes counts and money with thousands separators, cents only where there are some', () => {
    expect(formatCount(1234567)).toBe('1,234,567');
    expect(formatMoney(12000)).toBe('12,000');
    expect(formatMoney(342090.5)).toBe('342,090.50');
    expect(formatMoney(null)).toBe(NO_VALUE);
  });

  it('writes a cohort month by name, and leaves other labels alone', () => {
    expect(formatMonth('2026-02')).toBe('Feb 2026');
    expect(formatMonth('2026-12', { withYear: false })).toBe('Dec');
    expect(formatMonth('(no date)')).toBe('(no date)');
  });
});

describe('period choices', () => {
  it('offers the quarter containing the as-of date and the seven before it, and their years', () => {
    const quarters = recentQuarters('2026-04-08');
    expect(quarters).toEqual(['2026-Q2', '2026-Q1', '2025-Q4', '2025-Q3', '2025-Q2', '2025-Q1', '2024-Q4', '2024-Q3']);
    expect(yearsOf(quarters)).toEqual(['2026', '2025', '2024']);
    // The last day of a quarter is still in it.
    expect(recentQuarters('2026-03-31', 1)).toEqual(['2026-Q1']);
  });
});

describe('view links', () => {
  it('put the set filters in the query in a fixed order', () => {
    expect(viewHref('/funnel', { source: 'web', period: '2026-Q1', asOf: '2026-04-01' })).toBe('/funnel?asOf=2026-04-01&period=2026-Q1&source=web');
    expect(viewHref('/sources', { asOf: undefined, period: '' })).toBe('/sources');
    expect(viewHref('/funnel', { source: 'Trade show & events' })).toBe('/funnel?source=Trade+show+%26+events');
  });
});

/**
 * The choices of the period select. Periods are written as in the CLI and the API
 * (2026-Q3, 2026, all); the server resolves them to days.
 */

export interface PeriodChoice {
  value: string;
  label: string;
}

/** The default period is the view's own rule; an empty value leaves it to the server. */
export const DEFAULT_PERIOD: PeriodChoice = { value: '', label: 'Default (last 4 full quarters)' };
export const ALL_TIME: PeriodChoice = { value: 'all', label: 'All time' };

/** The quarter containing the as-of date and the ones before it, newest first: `2026-Q2`, `2026-Q1`, ... */
export function recentQuarters(asOf: string, count = 8): string[] {
  // Plain arithmetic on the written date, so no time zone can move it to another day.
  let year = Number(asOf.slice(0, 4));
  let quarter = Math.floor((Number(asOf.slice(5, 7)) - 1) / 3) + 1;
  const quarters: string[] = [];
  for (let i = 0; i < count; i += 1) {
    quarters.push(`${year}-Q${quarter}`);
    quarter -= 1;
    if (quarter === 0) { quarter = 4; year -= 1; }
  }
  return quarters;
}

/** The years those quarters fall in, newest first. */
export function yearsOf(quarters: string[]): string[] {
  return [...new Set(quarters.map((quarter) => quarter.slice(0, 4)))];
}

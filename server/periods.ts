import { endOfMonth, endOfQuarter, endOfYear, format, isValid, parse, startOfQuarter, subQuarters } from 'date-fns';

/** A resolved period: whole days from start to end inclusive; both null for "all". */
export interface Period { label: string; start: string | null; end: string | null }

/** The written forms of DESIGN section 2: 2026-Q2, 2026-05, 2026, 2026-04-01..2026-06-30, all. */
export const PERIOD_PATTERN = /^(all|\d{4}|\d{4}-Q[1-4]|\d{4}-(0[1-9]|1[0-2])|\d{4}-\d{2}-\d{2}\.\.\d{4}-\d{2}-\d{2})$/;

// Calendar arithmetic happens on local dates parsed and formatted in the same zone, so the
// process time zone cannot shift a day.
const day = (text: string) => parse(text, 'yyyy-MM-dd', new Date(2000, 0, 1));
const iso = (date: Date) => format(date, 'yyyy-MM-dd');

export function isIsoDate(text: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(text) && isValid(day(text)) && iso(day(text)) === text;
}

/** Parses a written period; throws with the accepted forms when it is not one. */
export function parsePeriod(text: string): Period {
  if (!PERIOD_PATTERN.test(text)) throw new Error(`"${text}" is not a period: write 2026-Q2, 2026-05, 2026, 2026-04-01..2026-06-30 or all`);
  if (text === 'all') return { label: 'all', start: null, end: null };
  if (text.includes('..')) {
    const [start, end] = text.split('..');
    if (!isIsoDate(start) || !isIsoDate(end) || start > end) throw new Error(`"${text}" is not a period: its dates must be real and in order`);
    return { label: text, start, end };
  }
  if (text.includes('-Q')) {
    const [year, quarter] = text.split('-Q').map(Number);
    const start = new Date(year, (quarter - 1) * 3, 1);
    return { label: text, start: iso(start), end: iso(endOfQuarter(start)) };
  }
  if (text.length === 7) {
    const start = parse(text, 'yyyy-MM', new Date(2000, 0, 1));
    return { label: text, start: iso(start), end: iso(endOfMonth(start)) };
  }
  const start = new Date(Number(text), 0, 1);
  return { label: text, start: iso(start), end: iso(endOfYear(start)) };
}

export function quarterLabel(date: Date): string {
  return `${format(date, 'yyyy')}-Q${Math.floor(date.getMonth() / 3) + 1}`;
}

/** The quarter containing the as-of date (the forecast's default period). */
export function quarterContaining(asOf: string): Period {
  return parsePeriod(quarterLabel(day(asOf)));
}

/**
 * The default period of the analytics views: the four quarters ending with the last quarter
 * that ended on or before the as-of date.
 */
export function lastFourQuarters(asOf: string): Period {
  const asOfDay = day(asOf);
  const lastEnded = iso(endOfQuarter(asOfDay)) === asOf ? startOfQuarter(asOfDay) : subQuarters(startOfQuarter(asOfDay), 1);
  const start = subQuarters(lastEnded, 3);
  const period = { start: iso(start), end: iso(endOfQuarter(lastEnded)) };
  return { label: `${period.start}..${period.end}`, ...period };
}

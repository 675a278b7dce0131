// How many leads the market sends per day: a yearly growth trend, seasonality (summer and
// December dips) and quiet weekends, scaled so the default span holds about 20,000 leads.
import { DAY, parseDay, weekday } from './calendar.ts';
import { MONTH_SEASONALITY, YEARLY_GROWTH } from './catalog.ts';

export const DEFAULT_FIRST_SNAPSHOT = '2024-11-04';
export const DEFAULT_SNAPSHOTS = 107;
/** Weeks of history before the first snapshot, so the first export already has a pipeline. */
export const HISTORY_WEEKS_BEFORE_FIRST = 26;
const LEADS_AT_SCALE_ONE = 20_000;

/** Seasonality times growth since the start of the company's history (weekdays not included). */
export function demandFactor(day: number, historyStart: number): number {
  const month = new Date(day).getUTCMonth();
  const years = (day - historyStart) / (365.25 * DAY);
  return (MONTH_SEASONALITY[month] as number) * (1 + YEARLY_GROWTH * years);
}

/** Leads come in on working days; the weights average to 1 over a week. */
export function weekdayFactor(day: number): number {
  const dow = weekday(day);
  return dow === 0 || dow === 6 ? 0.25 : 1.3;
}

/** Leads per day at demand factor 1, fixed so the default span at scale 1 has ~20,000 leads. */
export function baseLeadsPerDay(scale: number): number {
  const first = parseDay(DEFAULT_FIRST_SNAPSHOT);
  const start = first - HISTORY_WEEKS_BEFORE_FIRST * 7 * DAY;
  const end = first + (DEFAULT_SNAPSHOTS - 1) * 7 * DAY;
  let total = 0;
  for (let day = start; day < end; day += DAY) total += demandFactor(day, start);
  return (LEADS_AT_SCALE_ONE * scale) / total;
}

/** Expected leads of all sources on a day. */
export function expectedLeadsOn(day: number, historyStart: number, basePerDay: number): number {
  return basePerDay * demandFactor(day, historyStart) * weekdayFactor(day);
}

/** Expected leads of all sources over [from, to), without the weekday pattern. */
export function expectedLeadsBetween(from: number, to: number, historyStart: number, basePerDay: number): number {
  let total = 0;
  for (let day = from; day < to; day += DAY) total += basePerDay * demandFactor(day, historyStart);
  return total;
}

// Dates and times of the demo company, all in UTC epoch milliseconds.
import type { Random } from './random.ts';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
export const WEEK = 7 * DAY;

/** 'YYYY-MM-DD' to the UTC midnight it names; throws on anything else. */
export function parseDay(text: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) throw new Error(`not a date (YYYY-MM-DD): ${text}`);
  const day = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  if (formatDay(day) !== text) throw new Error(`not a calendar date: ${text}`);
  return day;
}

export function formatDay(time: number): string {
  return new Date(time).toISOString().slice(0, 10);
}

/** ISO 8601 UTC without milliseconds, as CRMs export it: 2025-03-04T10:15:00Z. */
export function formatTimestamp(time: number): string {
  return new Date(time).toISOString().slice(0, 19) + 'Z';
}

export function startOfDay(time: number): number {
  return Math.floor(time / DAY) * DAY;
}

/** 0 = Sunday ... 6 = Saturday. */
export function weekday(time: number): number {
  return new Date(time).getUTCDay();
}

export function monthKey(time: number): string {
  return new Date(time).toISOString().slice(0, 7);
}

export function monthStart(time: number): number {
  const date = new Date(time);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1);
}

export function addMonths(time: number, months: number): number {
  const date = new Date(time);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + months, date.getUTCDate());
}

/** The last day of the month holding `time`, at midnight. */
export function monthEnd(time: number): number {
  return addMonths(monthStart(time), 1) - DAY;
}

export function quarterStart(time: number): number {
  const date = new Date(time);
  return Date.UTC(date.getUTCFullYear(), Math.floor(date.getUTCMonth() / 3) * 3, 1);
}

/** The last day of the quarter holding `time`, at midnight. */
export function quarterEnd(time: number): number {
  return addMonths(quarterStart(time), 3) - DAY;
}

export function quarterKey(time: number): string {
  const date = new Date(time);
  return `${date.getUTCFullYear()}-Q${Math.floor(date.getUTCMonth() / 3) + 1}`;
}

/** Monday to Friday on or after the given day. */
export function workdayOnOrAfter(day: number): number {
  const dow = weekday(day);
  if (dow === 6) return day + 2 * DAY;
  if (dow === 0) return day + DAY;
  return day;
}

/** A moment during office hours (08:00-18:00 UTC, whole minutes) of the given day. */
export function officeMoment(random: Random, day: number): number {
  return startOfDay(day) + 8 * HOUR + random.int(0, 600) * MINUTE;
}

/**
 * The office-hours moment about `days` after `from` on a working day, never before `from`:
 * how long a sales step takes, landed on a plausible time of a weekday.
 */
export function advance(random: Random, from: number, days: number): number {
  const day = workdayOnOrAfter(startOfDay(from + days * DAY));
  const moment = officeMoment(random, day);
  return moment > from ? moment : from + random.int(30, 240) * MINUTE;
}

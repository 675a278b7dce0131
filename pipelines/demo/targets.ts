// Quarterly bookings targets per team and for the company, set in line with what the teams
// actually book (as management would, from the run rate), published six weeks ahead.
import { addMonths, DAY, quarterEnd, quarterKey, quarterStart } from './calendar.ts';
import type { TeamName } from './catalog.ts';
import type { Random } from './random.ts';
import type { World } from './records.ts';

const TEAMS: readonly TeamName[] = ['Enterprise', 'Commercial'];
/** Quarters starting this soon after the history starts still lack deals created before it. */
const RAMP_UP_DAYS = 120;

function roundToFiveThousand(cents: number): number {
  return Math.max(1, Math.round(cents / 500_000)) * 500_000;
}

export function planTargets(world: World, random: Random): void {
  const first = quarterStart(world.grid.cutoffs[0] as number);
  const last = addMonths(quarterStart(world.lastCutoff - DAY), 3);
  const booked = new Map<string, number>();
  for (const booking of world.bookings) {
    const key = `${quarterKey(booking.closedAt)}|${booking.team}`;
    booked.set(key, (booked.get(key) ?? 0) + booking.amountCents);
  }
  const isComplete = (start: number) => quarterEnd(start) + DAY <= world.lastCutoff && start >= world.historyStart + RAMP_UP_DAYS * DAY;
  for (const team of TEAMS) {
    const complete: number[] = [];
    for (let start = quarterStart(world.historyStart); start <= last; start = addMonths(start, 3)) {
      if (isComplete(start)) complete.push(booked.get(`${quarterKey(start)}|${team}`) ?? 0);
    }
    // Quarters not yet closed get the recent run rate plus a little growth.
    const recent = complete.slice(-2);
    const runRate = recent.length > 0 ? recent.reduce((a, b) => a + b, 0) / recent.length : 10_000_000 * world.scale;
    for (let start = first; start <= last; start = addMonths(start, 3)) {
      const actual = booked.get(`${quarterKey(start)}|${team}`) ?? 0;
      const basis = isComplete(start) ? actual * random.between(0.92, 1.12) : runRate * random.between(1.0, 1.1);
      world.targets.push({ period: quarterKey(start), owner: '', team, amountCents: roundToFiveThousand(basis), visibleFrom: start - 45 * DAY });
    }
  }
  const company = new Map<string, { amountCents: number; visibleFrom: number }>();
  for (const target of world.targets) {
    const entry = company.get(target.period) ?? { amountCents: 0, visibleFrom: target.visibleFrom };
    entry.amountCents += target.amountCents;
    company.set(target.period, entry);
  }
  for (const [period, entry] of company) world.targets.push({ period, owner: '', team: '', ...entry });
  world.targets.sort((a, b) => a.period.localeCompare(b.period) || a.team.localeCompare(b.team));
}

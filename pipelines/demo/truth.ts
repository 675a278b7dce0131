// Figures known from how the company was built, as of the last snapshot, for tests to hold the
// warehouse against. They are computed from the records' last states, never from the CSVs.
import { monthKey, quarterKey } from './calendar.ts';
import { isOpenStage } from './catalog.ts';
import type { LeadState, OpportunityState } from './records.ts';

export interface ClosedInQuarter {
  won: number;
  lost: number;
  wonAmount: number;
  lostAmount: number;
}

export interface CountAndAmount {
  count: number;
  amount: number;
}

export interface DemoTruth {
  asOf: string;
  /** Leads in the last snapshot by created_at month (UTC). */
  leadsByCohortMonth: Record<string, number>;
  /** Of those, converted as of the last snapshot: is_converted true or a converted_opportunity_id. */
  convertedLeadsByCohortMonth: Record<string, number>;
  /** Leads by source ('' for none). */
  leadsBySource: Record<string, number>;
  /** Closed deals by the quarter of their close (closed_at, else close_date); won and lost by stage. */
  closedByQuarter: Record<string, ClosedInQuarter>;
  /** Open deals (stage not closed_won / closed_lost), whatever their flags or forecast category. */
  open: CountAndAmount;
  /** Open deals by the quarter of their close_date ('' for none). */
  openByCloseQuarter: Record<string, CountAndAmount>;
}

export interface DatedState<S> {
  createdAt: number;
  state: S;
}

function dollars(cents: number): number {
  return Math.round(cents) / 100;
}

function increment(counts: Record<string, number>, key: string): void {
  counts[key] = (counts[key] ?? 0) + 1;
}

function sortedKeys<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)));
}

export function computeTruth(asOf: string, leads: Iterable<DatedState<LeadState>>, opportunities: Iterable<DatedState<OpportunityState>>): DemoTruth {
  const leadsByCohortMonth: Record<string, number> = {};
  const convertedLeadsByCohortMonth: Record<string, number> = {};
  const leadsBySource: Record<string, number> = {};
  for (const { createdAt, state } of leads) {
    const cohort = monthKey(createdAt);
    increment(leadsByCohortMonth, cohort);
    increment(leadsBySource, state.source ?? '');
    if (state.isConverted === true || state.convertedOpportunity !== null) increment(convertedLeadsByCohortMonth, cohort);
  }
  const closedCents: Record<string, ClosedInQuarter> = {};
  const openCents: Record<string, CountAndAmount> = {};
  const open: CountAndAmount = { count: 0, amount: 0 };
  for (const { state } of opportunities) {
    const amount = state.amount ?? 0;
    if (isOpenStage(state.stage)) {
      const key = state.closeDate === null ? '' : quarterKey(state.closeDate);
      const entry = (openCents[key] ??= { count: 0, amount: 0 });
      entry.count++;
      entry.amount += amount;
      open.count++;
      open.amount += amount;
      continue;
    }
    const closedOn = state.closedAt ?? state.closeDate;
    const entry = (closedCents[closedOn === null ? '' : quarterKey(closedOn)] ??= { won: 0, lost: 0, wonAmount: 0, lostAmount: 0 });
    if (state.stage === 'closed_won') {
      entry.won++;
      entry.wonAmount += amount;
    } else {
      entry.lost++;
      entry.lostAmount += amount;
    }
  }
  const closedByQuarter = Object.fromEntries(Object.entries(closedCents).map(([key, e]) => [key, { ...e, wonAmount: dollars(e.wonAmount), lostAmount: dollars(e.lostAmount) }]));
  const openByCloseQuarter = Object.fromEntries(Object.entries(openCents).map(([key, e]) => [key, { count: e.count, amount: dollars(e.amount) }]));
  return {
    asOf,
    leadsByCohortMonth: sortedKeys(leadsByCohortMonth),
    convertedLeadsByCohortMonth: sortedKeys(convertedLeadsByCohortMonth),
    leadsBySource: sortedKeys(leadsBySource),
    closedByQuarter: sortedKeys(closedByQuarter),
    open: { count: open.count, amount: dollars(open.amount) },
    openByCloseQuarter: sortedKeys(openByCloseQuarter),
  };
}

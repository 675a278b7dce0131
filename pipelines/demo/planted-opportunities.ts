// Planted opportunities that the audit must flag as of the last snapshot (rules O1-O5, H5, H6),
// plus a few that broke a rule at an earlier quarter end and were fixed since.
import { DAY, formatDay, MINUTE, startOfDay } from './calendar.ts';
import { RAW_STAGE, type Stage } from './catalog.ts';
import { newAccount, newContact } from './customers.ts';
import type { DealTraits } from './deals.ts';
import {
  ago, around, closeDeal, pathTo, plantDeal, PLAIN_TRAITS, type PlantContext, type PlantDealOptions,
} from './planted-kit.ts';
import type { Opportunity } from './records.ts';

function amount(ctx: PlantContext): number {
  return ctx.random.int(12, 80) * 100_000;
}

/** An open deal that entered its current stage a few days ago and is worked every few days. */
function openDeal(ctx: PlantContext, age: number, last: Stage, extra: Partial<PlantDealOptions> = {}): Opportunity {
  return plantDeal(ctx, {
    createdAt: ago(ctx, age), stages: pathTo(last), lastEntryAt: ago(ctx, 4), amountCents: amount(ctx),
    closeDate: startOfDay(ctx.lastDay + ctx.random.int(20, 60) * DAY), activityUntil: ago(ctx, 1), ...extra,
  }).opportunity;
}

/** A deal of the quarter-end snapshot's time that is closed (won) a few weeks after it. */
function earlierDeal(ctx: PlantContext, quarterEnd: number, age: number, last: Stage, extra: Partial<PlantDealOptions> = {}): Opportunity {
  return plantDeal(ctx, {
    createdAt: around(ctx, quarterEnd, -age), stages: pathTo(last), lastEntryAt: around(ctx, quarterEnd, -4),
    amountCents: amount(ctx), closeDate: startOfDay(quarterEnd + 40 * DAY), activityUntil: around(ctx, quarterEnd, -1), ...extra,
  }).opportunity;
}

/** O1: open with no amount or a zero amount, weeks after creation. */
function plantMissingAmounts(ctx: PlantContext): void {
  for (const [age, cents, last] of [[40, null, 'needs_analysis'], [25, 0, 'qualification'], [60, null, 'value_proposition'], [18, 0, 'needs_analysis']] as const) {
    const deal = openDeal(ctx, age, last, { amountCents: cents });
    ctx.book.add('O1', 'opportunity', deal, `open ${age} days, amount ${cents === null ? 'empty' : '0.00'}`, cents === null ? 'no_amount' : 'zero_amount');
  }
  if (ctx.quarterEnd === null) return;
  const deal = earlierDeal(ctx, ctx.quarterEnd, 30, 'needs_analysis', { amountCents: null });
  const fixedAt = around(ctx, ctx.quarterEnd, 8);
  deal.set(fixedAt, { amount: amount(ctx), lastActivityAt: fixedAt });
  closeDeal(ctx, deal, around(ctx, ctx.quarterEnd, 22), true);
  ctx.book.addResolved('O1', 'opportunity', deal, 'no amount at the quarter end; amount entered since', ctx.quarterEnd, fixedAt);
}

const NOTHING_CONFIRMED: DealTraits = { ...PLAIN_TRAITS, budgetFrom: 99, decisionMakerFrom: 99 };

/** O2: past qualification with neither a decision maker nor a confirmed budget. */
function plantUnqualifiedDeals(ctx: PlantContext): void {
  for (const [age, last] of [[35, 'needs_analysis'], [50, 'value_proposition'], [70, 'proposal']] as const) {
    const deal = openDeal(ctx, age, last, { traits: NOTHING_CONFIRMED });
    if (last === 'needs_analysis') deal.set(ago(ctx, 3), { decisionMakerIdentified: null, budgetConfirmed: null });
    ctx.book.add('O2', 'opportunity', deal, `in ${last} with no decision maker and budget not confirmed${last === 'needs_analysis' ? ' (both unknown)' : ''}`);
  }
  if (ctx.quarterEnd === null) return;
  const deal = earlierDeal(ctx, ctx.quarterEnd, 40, 'value_proposition', { traits: NOTHING_CONFIRMED });
  const fixedAt = around(ctx, ctx.quarterEnd, 7);
  deal.set(fixedAt, { decisionMakerIdentified: true, budgetConfirmed: true, lastActivityAt: fixedAt });
  closeDeal(ctx, deal, around(ctx, ctx.quarterEnd, 21), false);
  ctx.book.addResolved('O2', 'opportunity', deal, 'no decision maker nor budget at the quarter end; both confirmed since', ctx.quarterEnd, fixedAt);
}

/** O3: stalled (no activity for 30+ days, or none ever) or stuck far too long in one stage. */
function plantStalledDeals(ctx: PlantContext): void {
  const quiet = [
    { age: 80, lastEntry: 58, lastActivity: 50, last: 'needs_analysis' as Stage },
    { age: 60, lastEntry: 36, lastActivity: 36, last: 'value_proposition' as Stage },
  ];
  for (const { age, lastEntry, lastActivity, last } of quiet) {
    const deal = openDeal(ctx, age, last, { lastEntryAt: ago(ctx, lastEntry), activityUntil: ago(ctx, lastActivity) });
    ctx.book.add('O3', 'opportunity', deal, `no activity for ${lastActivity} days`, 'no_activity');
  }
  const stuck = openDeal(ctx, 125, 'perception_analysis', { lastEntryAt: ago(ctx, 85) });
  ctx.book.add('O3', 'opportunity', stuck, 'in perception_analysis for 85 days (activity is recent)', 'stage_too_long');
  const silent = openDeal(ctx, 40, 'qualification', { lastEntryAt: ago(ctx, 28), activityUntil: null });
  ctx.book.add('O3', 'opportunity', silent, 'no activity ever recorded, created 40 days ago', 'no_activity');
  if (ctx.quarterEnd === null) return;
  const deal = earlierDeal(ctx, ctx.quarterEnd, 70, 'value_proposition', { lastEntryAt: around(ctx, ctx.quarterEnd, -45), activityUntil: around(ctx, ctx.quarterEnd, -40) });
  const revivedAt = around(ctx, ctx.quarterEnd, 5);
  deal.set(revivedAt, { stage: 'proposal', rawStage: RAW_STAGE.proposal, probability: 75, forecastCategory: 'best_case', lastActivityAt: revivedAt });
  closeDeal(ctx, deal, around(ctx, ctx.quarterEnd, 20), true);
  ctx.book.addResolved('O3', 'opportunity', deal, 'stalled at the quarter end; worked and closed since', ctx.quarterEnd, revivedAt);
}

/** O4: open, close date long past, never updated though the deal moves. */
function plantOverdueDeals(ctx: PlantContext): void {
  for (const [age, overdue] of [[70, 40], [95, 62], [120, 90]] as const) {
    const close = startOfDay(ctx.lastDay - overdue * DAY);
    const deal = openDeal(ctx, age, 'negotiation', { closeDate: close });
    ctx.book.add('O4', 'opportunity', deal, `close_date ${formatDay(close)} is ${overdue} days past, still open`);
  }
  if (ctx.quarterEnd === null) return;
  const deal = earlierDeal(ctx, ctx.quarterEnd, 80, 'negotiation', { closeDate: startOfDay(ctx.quarterEnd - 45 * DAY) });
  const fixedAt = around(ctx, ctx.quarterEnd, 6);
  deal.set(fixedAt, { closeDate: startOfDay(ctx.quarterEnd + 30 * DAY), lastActivityAt: fixedAt });
  closeDeal(ctx, deal, around(ctx, ctx.quarterEnd, 20), true);
  ctx.book.addResolved('O4', 'opportunity', deal, 'close date 45 days past at the quarter end; moved and closed since', ctx.quarterEnd, fixedAt);
}

/** O5: no account (or, at low severity, an account but no contact). */
function plantOrphanDeals(ctx: PlantContext): void {
  for (const age of [30, 55, 20]) {
    const deal = openDeal(ctx, age, 'value_proposition', { records: null });
    ctx.book.add('O5', 'opportunity', deal, 'open, no account and no contact', 'no_account');
  }
  for (const age of [45, 25]) {
    const prospect = ctx.world.registry.newProspect(ctx.random);
    const createdAt = ago(ctx, age);
    const account = newAccount(ctx.world, prospect, createdAt);
    const deal = openDeal(ctx, age, 'needs_analysis', { createdAt, records: { account, contact: null, name: `${prospect.company} - Core Platform` } });
    ctx.book.add('O5', 'opportunity', deal, 'open with an account but no contact (low severity)', 'no_contact');
  }
  if (ctx.quarterEnd === null) return;
  const deal = earlierDeal(ctx, ctx.quarterEnd, 30, 'needs_analysis', { records: null });
  const fixedAt = around(ctx, ctx.quarterEnd, 7);
  const prospect = ctx.world.registry.newProspect(ctx.random);
  const account = newAccount(ctx.world, prospect, fixedAt);
  const contact = newContact(ctx.world, ctx.random, prospect, account, fixedAt);
  deal.set(fixedAt, { account, contact, lastActivityAt: fixedAt });
  closeDeal(ctx, deal, around(ctx, ctx.quarterEnd, 21), false);
  ctx.book.addResolved('O5', 'opportunity', deal, 'no account at the quarter end; account attached since', ctx.quarterEnd, fixedAt);
}

/** A deal closed `age` days before the last snapshot after a quick run through the late stages. */
function closedDeal(ctx: PlantContext, closedAt: number, won: boolean, amountCents: number | null): Opportunity {
  // Twelve days from creation to close: even an empty amount never shows on an open deal past N days (O1).
  const createdAt = closedAt - 12 * DAY;
  const { opportunity } = plantDeal(ctx, {
    createdAt, stages: ['qualification', 'proposal', 'negotiation'], lastEntryAt: closedAt - 3 * DAY,
    amountCents, closeDate: startOfDay(closedAt + 5 * DAY), activityUntil: closedAt - DAY,
  });
  closeDeal(ctx, opportunity, closedAt, won);
  return opportunity;
}

/** H5: won with no amount. */
function plantWonWithoutAmount(ctx: PlantContext): void {
  for (const age of [20, 110, 260]) {
    const deal = closedDeal(ctx, ago(ctx, age), true, null);
    ctx.book.add('H5', 'opportunity', deal, `closed_won ${age} days ago, amount empty`);
  }
  if (ctx.quarterEnd === null) return;
  const deal = closedDeal(ctx, around(ctx, ctx.quarterEnd, -15), true, null);
  const fixedAt = around(ctx, ctx.quarterEnd, 10);
  deal.set(fixedAt, { amount: amount(ctx) });
  ctx.book.addResolved('H5', 'opportunity', deal, 'won with no amount at the quarter end; amount entered since', ctx.quarterEnd, fixedAt);
}

/** H6: probabilities and flags that contradict the stage. */
function plantContradictions(ctx: PlantContext): void {
  for (const [age, last] of [[30, 'needs_analysis'], [45, 'value_proposition'], [70, 'negotiation']] as const) {
    const deal = openDeal(ctx, age, last);
    // A stage-probability setup error: every stage saved at 0%.
    for (const change of [...deal.changes]) if (change.patch.stage !== undefined) deal.set(change.at, { probability: 0 });
    deal.set(deal.createdAt, { probability: 0 });
    ctx.book.add('H6', 'opportunity', deal, `open in ${last} at probability 0`, 'open_at_zero');
  }
  for (const [age, probability] of [[15, 90], [95, 75], [200, 95]] as const) {
    const closedAt = ago(ctx, age);
    const deal = closedDeal(ctx, closedAt, true, amount(ctx));
    deal.set(closedAt + MINUTE, { probability });
    ctx.book.add('H6', 'opportunity', deal, `closed_won at probability ${probability}`, 'won_below_100');
  }
  for (const [age, probability] of [[25, 10], [120, 20], [180, 50]] as const) {
    const closedAt = ago(ctx, age);
    const deal = closedDeal(ctx, closedAt, false, amount(ctx));
    deal.set(closedAt + MINUTE, { probability });
    ctx.book.add('H6', 'opportunity', deal, `closed_lost at probability ${probability}`, 'lost_above_0');
  }
  const flaggedOpen = openDeal(ctx, 50, 'negotiation');
  flaggedOpen.set(ago(ctx, 3), { isClosed: true });
  ctx.book.add('H6', 'opportunity', flaggedOpen, 'stage negotiation (open) but is_closed true', 'flags');
  const wonNotWon = closedDeal(ctx, ago(ctx, 40), true, amount(ctx));
  wonNotWon.set(ago(ctx, 39), { isWon: false });
  ctx.book.add('H6', 'opportunity', wonNotWon, 'stage closed_won but is_won false', 'flags');
  const lostNotClosed = closedDeal(ctx, ago(ctx, 60), false, amount(ctx));
  lostNotClosed.set(ago(ctx, 59), { isClosed: false });
  ctx.book.add('H6', 'opportunity', lostNotClosed, 'stage closed_lost but is_closed false', 'flags');
  if (ctx.quarterEnd === null) return;
  const deal = closedDeal(ctx, around(ctx, ctx.quarterEnd, -10), true, amount(ctx));
  const wrongAt = around(ctx, ctx.quarterEnd, -9);
  deal.set(wrongAt, { probability: 90 });
  const fixedAt = around(ctx, ctx.quarterEnd, 10);
  deal.set(fixedAt, { probability: 100 });
  ctx.book.addResolved('H6', 'opportunity', deal, 'won at probability 90 at the quarter end; corrected to 100 since', ctx.quarterEnd, fixedAt);
}

export function plantOpportunities(ctx: PlantContext): void {
  plantMissingAmounts(ctx);
  plantUnqualifiedDeals(ctx);
  plantStalledDeals(ctx);
  plantOverdueDeals(ctx);
  plantOrphanDeals(ctx);
  plantWonWithoutAmount(ctx);
  plantContradictions(ctx);
}

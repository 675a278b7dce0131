// Opportunities: how a deal is opened, walks the stages, slips or is pulled in, and closes.
import {
  advance, DAY, HOUR, MINUTE, monthEnd, officeMoment, quarterStart, startOfDay, weekday,
} from './calendar.ts';
import {
  LOST_REASONS, NEXT_STEPS, RAW_STAGE, STAGE_DAYS, STAGE_PROBABILITY, STAGES, stageIndex,
  type ForecastCategory, type OpportunityType, type Stage, type TeamName,
} from './catalog.ts';
import type { Random } from './random.ts';
import { Timeline, type Opportunity, type OpportunityState, type Ref, type World } from './records.ts';

/** What a rep does with a deal whatever its stage: their probability habit and forecast call. */
export interface DealTraits {
  probabilityOffset: number;
  commitsAtProposal: boolean;
  /** Stage index from which the budget is confirmed / the decision maker known. */
  budgetFrom: number;
  decisionMakerFrom: number;
}

export function normalTraits(random: Random): DealTraits {
  const budgetFirst = random.chance(0.75);
  return {
    // Most reps leave the stage default; a few nudge it, never to 0 or 100 while open (H6).
    probabilityOffset: random.chance(0.08) ? random.pick([-10, -5, 5, 10]) : 0,
    commitsAtProposal: random.chance(0.3),
    // From needs_analysis on, at least one of the two is confirmed, so normal deals pass O2.
    budgetFrom: budgetFirst ? 2 : 3,
    decisionMakerFrom: budgetFirst ? random.int(3, 4) : 2,
  };
}

function forecastCategory(stage: Stage, traits: DealTraits): ForecastCategory {
  const index = stageIndex(stage);
  if (index <= 2) return 'pipeline';
  if (index <= 5) return 'best_case';
  if (stage === 'proposal') return traits.commitsAtProposal ? 'commit' : 'best_case';
  return 'commit';
}

function confirmation(index: number, from: number): boolean | null {
  if (index >= from) return true;
  return index >= 1 ? false : null;
}

/** The fields that change when an open deal enters a stage. */
export function stagePatch(stage: Stage, traits: DealTraits, random: Random): Partial<OpportunityState> {
  const index = stageIndex(stage);
  const probability = Math.min(95, Math.max(5, STAGE_PROBABILITY[stage] + traits.probabilityOffset));
  return {
    stage,
    rawStage: RAW_STAGE[stage],
    probability: traits.probabilityOffset === 0 ? STAGE_PROBABILITY[stage] : probability,
    forecastCategory: forecastCategory(stage, traits),
    isClosed: false,
    isWon: false,
    nextStep: random.pick(NEXT_STEPS[stage] ?? ['Follow up']),
    budgetConfirmed: confirmation(index, traits.budgetFrom),
    decisionMakerIdentified: confirmation(index, traits.decisionMakerFrom),
  };
}

/** The fields that change when a deal is won or lost. */
export function closePatch(won: boolean, at: number, lostReason: string | null): Partial<OpportunityState> {
  const stage: Stage = won ? 'closed_won' : 'closed_lost';
  return {
    stage,
    rawStage: RAW_STAGE[stage],
    probability: STAGE_PROBABILITY[stage],
    forecastCategory: won ? 'closed' : 'omitted',
    isClosed: true,
    isWon: won,
    closedAt: at,
    // The CRM moves the close date to the day the deal actually closed.
    closeDate: startOfDay(at),
    nextStep: null,
    lostReason: won ? null : lostReason,
  };
}

export interface OpportunityInit {
  createdAt: number;
  account: Ref | null;
  contact: Ref | null;
  owner: string | null;
  type: OpportunityType;
  source: string | null;
  campaign: Ref | null;
  lead: Ref | null;
  name: string;
  product: string;
  amountCents: number | null;
  stage: Stage;
  closeDate: number | null;
  traits: DealTraits;
}

/** Adds an open opportunity to the CRM as created; its history is added with `set`. */
export function openOpportunity(world: World, random: Random, init: OpportunityInit): Opportunity {
  const state: OpportunityState = {
    account: init.account, contact: init.contact, owner: init.owner, name: init.name, type: init.type,
    amount: init.amountCents, product: init.product, stage: init.stage, rawStage: RAW_STAGE[init.stage],
    probability: STAGE_PROBABILITY[init.stage], forecastCategory: 'pipeline', closeDate: init.closeDate,
    isClosed: false, isWon: false, closedAt: null, source: init.source, campaign: init.campaign,
    lead: init.lead, decisionMakerIdentified: null, budgetConfirmed: null, nextStep: null,
    lastActivityAt: null, lostReason: null,
    ...stagePatch(init.stage, init.traits, random),
  };
  const opportunity = new Timeline(init.createdAt, state);
  world.opportunities.push(opportunity);
  return opportunity;
}

/** Logs sales activity every few days between two moments (never a 30-day gap: O3). */
export function recordDealActivity(opportunity: Opportunity, random: Random, from: number, to: number): void {
  let at = Math.min(to, from + random.int(30, 300) * MINUTE);
  while (at < to) {
    opportunity.set(at, { lastActivityAt: at });
    at = advance(random, at, random.between(2, 10));
  }
  opportunity.set(to, { lastActivityAt: to });
}

export function roundAmount(cents: number): number {
  return Math.max(1_000, Math.round(cents / 1_000) * 1_000);
}

export interface DealSpec extends Omit<OpportunityInit, 'stage' | 'closeDate' | 'traits' | 'amountCents' | 'owner'> {
  owner: string;
  team: TeamName;
  amountCents: number;
  winRate: number;
  cycleFactor: number;
  startStage: Stage;
  /** New business is pulled into the quarter's last weeks to make the number. */
  quarterEndPush: boolean;
  lostReasons?: readonly string[];
}

export interface DealPlan {
  won: boolean;
  stages: Stage[];
  /** Days spent in each stage of `stages`; the last one runs until the deal closes. */
  days: number[];
  /** Days a rep expects the whole deal to take, for the first close date. */
  expectedDays: number;
  traits: DealTraits;
}

/** Draws the outcome, the stages walked (some skipped) and the time in each. */
export function planDeal(random: Random, spec: Pick<DealSpec, 'winRate' | 'cycleFactor' | 'startStage' | 'type'>): DealPlan {
  const won = random.chance(spec.winRate);
  const open = STAGES.slice(stageIndex(spec.startStage), stageIndex('negotiation') + 1);
  const renewalSkip: readonly Stage[] = ['value_proposition', 'decision_makers', 'perception_analysis'];
  const path = open.filter((stage, i) => {
    if (i === 0 || stage === 'negotiation') return true;
    return spec.type === 'renewal' ? !renewalSkip.includes(stage) : !random.chance(0.2);
  });
  // Lost deals drop out along the way, early stages more often.
  const stages = won ? path : path.slice(0, 1 + random.weighted(path.map((_, i) => i), path.map((_, i) => 1 / (i + 1.5))));
  const days = stages.map((stage) => STAGE_DAYS[stage] * spec.cycleFactor * random.between(0.85, 1.15));
  if (!won) days[days.length - 1] = (days[days.length - 1] as number) * random.between(0.4, 1);
  const expectedDays = path.reduce((sum, stage) => sum + STAGE_DAYS[stage] * spec.cycleFactor, 0);
  return { won, stages, days, expectedDays, traits: normalTraits(random) };
}

/** The quarter-end push: a win due early next quarter is closed in this quarter's last days. */
function quarterEndClose(random: Random, createdAt: number, closeAt: number): number | null {
  const start = quarterStart(closeAt);
  if (closeAt - start >= 35 * DAY || !random.chance(0.35)) return null;
  let day = start - random.int(1, 12) * DAY;
  while (weekday(day) === 0 || weekday(day) === 6) day -= DAY;
  const pushed = officeMoment(random, day);
  const shrink = (pushed - createdAt) / (closeAt - createdAt);
  return pushed > createdAt + 10 * DAY && shrink >= 0.7 ? pushed : null;
}

/** Stage entry moments and the close, after the quarter-end push if any. */
function scheduleDeal(random: Random, spec: DealSpec, plan: DealPlan): { entries: number[]; closeAt: number } {
  const entries = [spec.createdAt];
  let at = spec.createdAt;
  for (let i = 1; i < plan.stages.length; i++) {
    at = advance(random, at, plan.days[i - 1] as number);
    entries.push(at);
  }
  let closeAt = advance(random, at, plan.days[plan.days.length - 1] as number);
  const pushed = plan.won && spec.quarterEndPush ? quarterEndClose(random, spec.createdAt, closeAt) : null;
  if (pushed !== null) {
    // Everything happened a little faster than it would have: compress the stages evenly.
    const shrink = (pushed - spec.createdAt) / (closeAt - spec.createdAt);
    for (let i = 1; i < entries.length; i++) {
      entries[i] = spec.createdAt + Math.round((((entries[i] as number) - spec.createdAt) * shrink) / MINUTE) * MINUTE;
    }
    closeAt = pushed;
  }
  return { entries, closeAt };
}

/**
 * Close dates as reps keep them: an optimistic first date, pushed out shortly before it passes
 * (so open deals never sit past their date: O4), and sometimes pulled in when the deal speeds up.
 */
function planCloseDates(opportunity: Opportunity, random: Random, expectedDays: number, closeAt: number): void {
  const createdAt = opportunity.createdAt;
  let close = startOfDay(createdAt + expectedDays * random.between(0.7, 1.05) * DAY);
  if (random.chance(0.35)) close = monthEnd(close);
  close = Math.max(close, startOfDay(createdAt) + 14 * DAY);
  opportunity.set(createdAt, { closeDate: close });
  const closeDay = startOfDay(closeAt);
  let last = createdAt;
  while (close < closeDay) {
    let at = close - random.int(0, 6) * DAY + random.int(8 * 60, 18 * 60) * MINUTE;
    if (at <= last) at = last + HOUR;
    close += random.int(14, 45) * DAY;
    if (random.chance(0.3)) close = monthEnd(close);
    opportunity.set(at, { closeDate: close });
    last = at;
  }
  if (close > closeDay + 10 * DAY && random.chance(0.45)) {
    const at = Math.max(last + HOUR, closeAt - random.int(4, 20) * DAY);
    if (at < closeAt) opportunity.set(at, { closeDate: closeDay + random.int(0, 3) * DAY });
  }
}

/** A lost deal brought back a few weeks later, straight into proposal; half of them are won. */
function reopen(random: Random, opportunity: Opportunity, spec: DealSpec, traits: DealTraits, lostAt: number): { won: boolean; closeAt: number } {
  const reopenAt = advance(random, lostAt, random.int(7, 40));
  const negotiationAt = advance(random, reopenAt, STAGE_DAYS.proposal * spec.cycleFactor * random.between(0.85, 1.15));
  const closeAt = advance(random, negotiationAt, STAGE_DAYS.negotiation * spec.cycleFactor * random.between(0.85, 1.15));
  const won = random.chance(0.5);
  opportunity.set(reopenAt, {
    ...stagePatch('proposal', traits, random),
    closedAt: null, lostReason: null, closeDate: startOfDay(closeAt) + random.int(0, 10) * DAY,
  });
  opportunity.set(negotiationAt, stagePatch('negotiation', traits, random));
  opportunity.set(closeAt, closePatch(won, closeAt, random.pick(spec.lostReasons ?? LOST_REASONS)));
  recordDealActivity(opportunity, random, reopenAt, closeAt);
  return { won, closeAt };
}

/** Runs a planned deal from creation to close and returns the opportunity. */
export function runDeal(world: World, random: Random, spec: DealSpec, plan: DealPlan): Opportunity {
  const { entries, closeAt } = scheduleDeal(random, spec, plan);
  const opportunity = openOpportunity(world, random, {
    ...spec, stage: plan.stages[0] as Stage, closeDate: null, traits: plan.traits,
  });
  let amount = spec.amountCents;
  for (let i = 1; i < plan.stages.length; i++) {
    opportunity.set(entries[i] as number, stagePatch(plan.stages[i] as Stage, plan.traits, random));
  }
  for (let i = 0; i < plan.stages.length; i++) {
    // Scope changes as the deal is understood better, at a stage change or in between.
    if (!random.chance(0.12)) continue;
    const start = entries[i] as number;
    const end = i + 1 < entries.length ? (entries[i + 1] as number) : closeAt;
    const at = random.chance(0.5) || i === 0 ? start + Math.round(((end - start) * random.between(0.2, 0.8)) / MINUTE) * MINUTE : start;
    amount = roundAmount(amount * random.between(0.8, 1.25));
    opportunity.set(at, { amount });
  }
  if (plan.won && random.chance(0.3)) {
    amount = roundAmount(amount * random.between(0.88, 0.98));
    opportunity.set(closeAt, { amount });
  }
  const lostReason = random.pick(spec.lostReasons ?? LOST_REASONS);
  opportunity.set(closeAt, closePatch(plan.won, closeAt, lostReason));
  planCloseDates(opportunity, random, plan.expectedDays, closeAt);
  recordDealActivity(opportunity, random, spec.createdAt, closeAt);
  const lastEntry = entries[entries.length - 1] as number;
  if (!plan.won && random.chance(0.1)) {
    // The rep gives up on it before marking it lost: out of the forecast, still open.
    opportunity.set(lastEntry + Math.round(((closeAt - lastEntry) * random.between(0.3, 0.8)) / MINUTE) * MINUTE, { forecastCategory: 'omitted' });
  }
  let outcome = { won: plan.won, closeAt };
  if (!plan.won && random.chance(0.015)) outcome = reopen(random, opportunity, spec, plan.traits, closeAt);
  if (outcome.won) world.bookings.push({ closedAt: outcome.closeAt, amountCents: amount, team: spec.team });
  return opportunity;
}

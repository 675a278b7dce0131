// Leads: where they come from, how reps work them, and how some become opportunities.
import { advance, DAY, HOUR, MINUTE, officeMoment, quarterKey, startOfDay } from './calendar.ts';
import { campaignLeadMoments, type CampaignPlan } from './campaigns.ts';
import {
  DISQUALIFY_REASONS, ENTERPRISE_EMPLOYEES, MQL_SCORE, OWNERS, PRODUCTS, RAW_LEAD_STATUS, SEGMENT_CYCLE_FACTOR,
  SEGMENT_DEAL_MEDIAN, SOURCES, type LeadSource, type SourceProfile, type TeamName,
} from './catalog.ts';
import { planDeal, roundAmount, runDeal, type DealPlan, type DealSpec } from './deals.ts';
import { expectedLeadsOn } from './demand.ts';
import type { Person, Prospect } from './identity.ts';
import type { Random } from './random.ts';
import { Timeline, type Account, type Contact, type Lead, type LeadState, type Opportunity, type Ref, type World } from './records.ts';

export function teamFor(employees: number): TeamName {
  return employees >= ENTERPRISE_EMPLOYEES ? 'Enterprise' : 'Commercial';
}

/** Leads are routed to the team of their segment, then spread over its reps. */
export function ownerFor(random: Random, team: TeamName): string {
  const reps = OWNERS.filter((rep) => rep.team === team);
  return random.weighted(reps, reps.map((rep) => rep.weight)).owner;
}

export function pickProduct(random: Random): string {
  return random.weighted(PRODUCTS, [45, 25, 12, 10, 8]);
}

export interface LeadInit {
  createdAt: number;
  source: string | null;
  campaign: Ref | null;
  owner: string | null;
  prospect: Prospect;
  person: Person;
}

/** Starting score: company fit (size, industry) plus what the source says about intent. */
export function fitScore(random: Random, prospect: Prospect, source: string | null): number {
  const size = prospect.employees >= 500 ? 10 : prospect.employees >= 100 ? 6 : 2;
  const industry = prospect.industry === 'Software' || prospect.industry === 'Financial Services' ? 5 : 0;
  const intent = source !== null && source in SOURCES ? SOURCES[source as LeadSource].fit : 0;
  return 8 + size + industry + intent + random.int(0, 8);
}

/** Adds a new, untouched lead to the CRM; its history is added with `set`. */
export function newLead(world: World, random: Random, init: LeadInit): Lead {
  const state: LeadState = {
    source: init.source, campaign: init.campaign, status: 'new', rawStatus: RAW_LEAD_STATUS.new,
    owner: init.owner, firstName: init.person.firstName, lastName: init.person.lastName,
    company: init.prospect.company, email: init.person.email, phone: init.person.phone,
    industry: init.prospect.industry, country: init.prospect.country.name, employees: init.prospect.employees,
    budgetConfirmed: null, authorityConfirmed: null, needConfirmed: null, timelineConfirmed: null,
    budgetAmount: null, expectedDecisionDate: null, score: fitScore(random, init.prospect, init.source),
    activityCount: 0, lastActivityAt: null, isConverted: false, convertedAt: null,
    convertedOpportunity: null, convertedAccount: null, convertedContact: null,
  };
  const lead = new Timeline(init.createdAt, state);
  world.leads.push(lead);
  return lead;
}

/**
 * Logs touches every `minDays`-`maxDays` days over [from, to) and returns how many; the score
 * grows with engagement but stays under 70 until the lead converts (so idle leads pass L3).
 */
export function recordLeadActivity(lead: Lead, random: Random, from: number, to: number, minDays: number, maxDays: number, countBefore: number): number {
  let count = countBefore;
  for (let at = from; at < to; at = advance(random, at, random.between(minDays, maxDays))) {
    count++;
    // Engagement adds less with every touch, so long-nurtured leads do not all pile up at 69.
    const score = Math.min(69, lead.initial.score + Math.round(9 * Math.log1p(count)) + random.int(0, 3));
    lead.set(at, { activityCount: count, lastActivityAt: at, score });
  }
  return count;
}

/**
 * Marketing touches (email opens, site visits, content downloads) every `minDays`-`maxDays` days
 * over [from, to), at any hour; returns how many. The score creeps up but stays below the MQL
 * threshold: these are leads marketing keeps warm and sales never picks up.
 */
export function recordMarketingTouches(lead: Lead, random: Random, from: number, to: number, minDays: number, maxDays: number): number {
  let count = 0;
  for (let at = from; at < to; at += Math.round((random.between(minDays, maxDays) * DAY) / MINUTE) * MINUTE) {
    count++;
    const score = Math.min(MQL_SCORE - 1, lead.initial.score + Math.round(3 * Math.log1p(count)) + random.int(0, 2));
    lead.set(at, { activityCount: count, lastActivityAt: at, score });
  }
  return count;
}

/** A rep's first touch within five days: every lead that reaches MQL is worked (H2). */
export function workLead(lead: Lead, random: Random, callsWithinDays = 6): number {
  const workedAt = lead.createdAt + (Math.round(Math.min(5 * DAY, random.logNormal(18 * HOUR, 0.9)) / MINUTE) + 1) * MINUTE;
  lead.set(workedAt, { status: 'working', rawStatus: RAW_LEAD_STATUS.working });
  // Partial BANT from the first calls; never all four for a lead that stays a lead (L1).
  lead.set(workedAt + random.int(1, callsWithinDays) * DAY, {
    needConfirmed: random.chance(0.55) ? true : null,
    timelineConfirmed: random.chance(0.2) ? false : null,
    budgetConfirmed: random.chance(0.25) ? false : null,
  });
  return workedAt;
}

export function dealSpecForLead(random: Random, lead: Lead, convertAt: number, account: Ref, contact: Ref, opportunityName: string, product: string): DealSpec {
  const state = lead.initial;
  const team = teamFor(state.employees);
  const profile = SOURCES[(state.source ?? 'web') as LeadSource] ?? SOURCES.web;
  return {
    createdAt: convertAt, account, contact, owner: state.owner ?? ownerFor(random, team), team, type: 'new',
    source: state.source, campaign: state.campaign, lead, name: opportunityName, product,
    amountCents: roundAmount(random.logNormal(SEGMENT_DEAL_MEDIAN[team] * profile.dealSize, 0.55) * 100),
    winRate: profile.winRate * (team === 'Enterprise' ? 0.9 : 1),
    cycleFactor: profile.cycleFactor * SEGMENT_CYCLE_FACTOR[team],
    startStage: random.chance(0.7) ? 'qualification' : 'prospecting',
    quarterEndPush: true,
  };
}

/** The account and contact a conversion creates from the lead's company and person. */
export function createCustomerRecords(world: World, lead: Lead, at: number): { account: Account; contact: Contact } {
  const state = lead.initial;
  const account = new Timeline(at, { name: state.company, industry: state.industry, country: state.country, employees: state.employees });
  const contact = new Timeline(at, { account, firstName: state.firstName, lastName: state.lastName, email: state.email, phone: state.phone });
  world.accounts.push(account);
  world.contacts.push(contact);
  return { account, contact };
}

/** What a qualified lead records: BANT, the budget it named and when it will decide. */
function qualificationPatch(random: Random, plan: DealPlan, spec: DealSpec): Partial<LeadState> {
  return {
    budgetConfirmed: true, authorityConfirmed: random.chance(0.9) ? true : null, needConfirmed: true,
    timelineConfirmed: random.chance(0.85) ? true : null,
    budgetAmount: roundAmount(spec.amountCents * random.between(0.8, 1.3) / 100) * 100,
    expectedDecisionDate: startOfDay(spec.createdAt + plan.expectedDays * DAY),
  };
}

/**
 * Converts a lead into an account, contact and opportunity that then runs as a normal deal.
 * A lead shows as qualified only in its first two weeks (older ones convert the moment they
 * qualify), so normal leads never sit qualified past N days (L1, L2).
 */
export function convertLead(world: World, random: Random, lead: Lead, convertAt: number, adjust?: (spec: DealSpec) => void): Opportunity {
  const { account, contact } = createCustomerRecords(world, lead, convertAt);
  const product = pickProduct(random);
  const spec = dealSpecForLead(random, lead, convertAt, account, contact, `${lead.initial.company} - ${product}`, product);
  adjust?.(spec);
  const plan = planDeal(random, spec);
  const qualification = qualificationPatch(random, plan, spec);
  if (convertAt - lead.createdAt < 14 * DAY) {
    const workedAt = lead.changes.find((change) => change.patch.status === 'working')?.at ?? lead.createdAt;
    const qualifiedAt = Math.min(convertAt - HOUR, Math.max(workedAt + HOUR, convertAt - random.int(1, 5) * DAY));
    lead.set(qualifiedAt, { status: 'qualified', rawStatus: RAW_LEAD_STATUS.qualified, ...qualification });
  }
  const opportunity = runDeal(world, random, spec, plan);
  lead.set(convertAt, {
    ...qualification, status: 'converted', rawStatus: RAW_LEAD_STATUS.converted, isConverted: true,
    convertedAt: convertAt, convertedOpportunity: opportunity, convertedAccount: account,
    convertedContact: contact, score: random.int(72, 97), lastActivityAt: convertAt,
  });
  return opportunity;
}

/** Rounds a moment down to the whole minute, as CRM timestamps are. */
function wholeMinute(at: number): number {
  return Math.floor(at / MINUTE) * MINUTE;
}

/**
 * A lead sales never picks up (below MQL): status new and a score under the MQL threshold all its
 * life, but marketing touches it from its first days, so it counts as worked (H2). Most are
 * disqualified from new after some weeks; the rest stay new while their engagement fades.
 */
function coldLead(lead: Lead, random: Random, profile: SourceProfile, end: number): void {
  const firstTouch = wholeMinute(lead.createdAt + Math.min(4 * DAY, random.logNormal(20 * HOUR, 0.8))) + MINUTE;
  const disqualifyAt = random.chance(profile.coldDisqualify)
    ? advance(random, lead.createdAt, Math.min(150, Math.max(21, random.logNormal(40, 0.45))))
    : Infinity;
  const fadesAt = firstTouch + random.between(20, 160) * DAY;
  recordMarketingTouches(lead, random, firstTouch, Math.min(disqualifyAt, fadesAt, end), 4, 18);
  if (disqualifyAt < end) lead.set(disqualifyAt, { status: 'disqualified', rawStatus: random.pick(DISQUALIFY_REASONS) });
}

/**
 * An MQL that never qualifies: disqualified after a few weeks of work, or nurtured (some for good,
 * though in an older company nurture touches stop after `nurtureDays`).
 */
function unqualifiedLead(lead: Lead, random: Random, profile: SourceProfile, end: number, nurtureDays: number): void {
  const createdAt = lead.createdAt;
  const workedAt = workLead(lead, random);
  if (random.chance(profile.disqualify)) {
    const disqualifyAt = Math.max(workedAt + HOUR, advance(random, createdAt, Math.min(150, Math.max(4, random.logNormal(21, 0.7)))));
    recordLeadActivity(lead, random, workedAt, Math.min(disqualifyAt, end), 2, 9, 0);
    lead.set(disqualifyAt, { status: 'disqualified', rawStatus: random.pick(DISQUALIFY_REASONS), score: Math.max(0, lead.initial.score - 5) });
    return;
  }
  const nurtureAt = advance(random, workedAt, random.between(10, 40));
  const count = recordLeadActivity(lead, random, workedAt, Math.min(nurtureAt, end), 2, 9, 0);
  lead.set(nurtureAt, { status: 'nurturing', rawStatus: RAW_LEAD_STATUS.nurturing });
  const recycledAt = random.chance(0.35) ? advance(random, nurtureAt, random.between(60, 240)) : end;
  recordLeadActivity(lead, random, advance(random, nurtureAt, 15), Math.min(recycledAt, end, nurtureAt + nurtureDays * DAY), 15, 45, count);
  if (recycledAt < end) lead.set(recycledAt, { status: 'disqualified', rawStatus: RAW_LEAD_STATUS.disqualified });
}

/**
 * An SQL that never becomes an opportunity: qualified within its first week, then the buyer
 * stalls. It leaves qualified for good before it is two weeks old (L2) and at least a week after
 * qualifying (so a weekly snapshot shows it qualified), dropping the budget and decision date
 * and the timeline it had confirmed (L1, L2). About half are disqualified there and then; the
 * rest go back to nurturing, and most of those are disqualified weeks later on no decision.
 */
function stalledQualifiedLead(lead: Lead, random: Random, profile: SourceProfile, end: number, nurtureDays: number): void {
  const createdAt = lead.createdAt;
  const workedAt = workLead(lead, random, 1);
  const room = Math.min(3 * DAY, createdAt + 6.5 * DAY - (workedAt + DAY));
  const qualifiedAt = wholeMinute(workedAt + DAY + random.between(2 * HOUR, Math.max(2 * HOUR, room)));
  const leftAt = wholeMinute(random.between(qualifiedAt + 7 * DAY, createdAt + 13.5 * DAY));
  const team = teamFor(lead.initial.employees);
  lead.set(qualifiedAt, {
    status: 'qualified', rawStatus: RAW_LEAD_STATUS.qualified, budgetConfirmed: true, needConfirmed: true,
    authorityConfirmed: random.chance(0.7) ? true : null, timelineConfirmed: random.chance(0.6) ? true : null,
    budgetAmount: random.chance(0.75) ? roundAmount(random.logNormal(SEGMENT_DEAL_MEDIAN[team] * profile.dealSize, 0.6)) * 100 : null,
    expectedDecisionDate: random.chance(0.6) ? startOfDay(qualifiedAt + random.int(30, 100) * DAY) : null,
  });
  const count = recordLeadActivity(lead, random, workedAt, Math.min(leftAt, end), 2, 5, 0);
  if (leftAt >= end) return;
  const stalled: Partial<LeadState> = { budgetAmount: null, expectedDecisionDate: null, timelineConfirmed: false };
  if (random.chance(0.5)) {
    lead.set(leftAt, { ...stalled, status: 'disqualified', rawStatus: RAW_LEAD_STATUS.disqualified });
    return;
  }
  lead.set(leftAt, { ...stalled, status: 'nurturing', rawStatus: RAW_LEAD_STATUS.nurturing });
  const droppedAt = random.chance(0.7) ? advance(random, leftAt, random.between(21, 84)) : end;
  recordLeadActivity(lead, random, advance(random, leftAt, 10), Math.min(droppedAt, end, leftAt + nurtureDays * DAY), 10, 30, count);
  if (droppedAt < end) lead.set(droppedAt, { status: 'disqualified', rawStatus: RAW_LEAD_STATUS.disqualified });
}

/** An SQL that converts: worked (nurtured for a while on long journeys), qualified, converted. */
function convertingLead(world: World, random: Random, lead: Lead, profile: SourceProfile, end: number): void {
  const createdAt = lead.createdAt;
  const workedAt = workLead(lead, random);
  const delay = Math.min(180, Math.max(2, random.logNormal(profile.convertDays, 0.6)));
  const convertAt = Math.max(workedAt + HOUR, advance(random, createdAt, delay));
  let count = 0;
  if (delay > 45) {
    // Long journeys: nurtured for a while, then re-engaged shortly before converting.
    const nurtureAt = advance(random, workedAt, random.between(10, 25));
    const reengageAt = Math.max(nurtureAt + DAY, convertAt - random.int(8, 15) * DAY);
    count = recordLeadActivity(lead, random, workedAt, nurtureAt, 2, 9, count);
    lead.set(nurtureAt, { status: 'nurturing', rawStatus: RAW_LEAD_STATUS.nurturing });
    count = recordLeadActivity(lead, random, advance(random, nurtureAt, 15), reengageAt, 15, 40, count);
    lead.set(reengageAt, { status: 'working', rawStatus: RAW_LEAD_STATUS.working });
    count = recordLeadActivity(lead, random, reengageAt, Math.min(convertAt, end), 2, 6, count);
  } else {
    count = recordLeadActivity(lead, random, workedAt, Math.min(convertAt, end), 2, 9, count);
  }
  if (convertAt < end) {
    convertLead(world, random, lead, convertAt);
    lead.set(convertAt, { activityCount: count + 1 });
  }
}

/**
 * One normal lead from creation to its outcome, down the funnel of its source: most never reach
 * MQL, some MQLs qualify (SQL), and most SQLs convert into an opportunity.
 */
function simulateLead(world: World, random: Random, createdAt: number, source: LeadSource, campaign: Ref | null): void {
  const prospect = world.registry.newProspect(random);
  const person = world.registry.newPerson(random, prospect, source === 'web' || source === 'paid_search' ? 0.75 : 0.92);
  const owner = ownerFor(random, teamFor(prospect.employees));
  const lead = newLead(world, random, { createdAt, source, campaign, owner, prospect, person });
  const profile = SOURCES[source];
  const end = world.lastCutoff;
  if (!random.chance(profile.mql)) coldLead(lead, random, profile, end);
  else if (!random.chance(profile.sql)) unqualifiedLead(lead, random, profile, end, world.nurtureDays);
  else if (random.chance(profile.conversion)) convertingLead(world, random, lead, profile, end);
  else stalledQualifiedLead(lead, random, profile, end, world.nurtureDays);
}

interface LeadArrival {
  at: number;
  source: LeadSource;
  campaign: Ref | null;
}

/** Every normal lead's arrival: daily flows per source, plus bursts from events and webinars. */
function leadArrivals(world: World, random: Random, plan: CampaignPlan, basePerDay: number): LeadArrival[] {
  const arrivals: LeadArrival[] = [];
  const flowing: LeadSource[] = ['web', 'paid_search', 'outbound', 'partner', 'referral'];
  for (let day = world.historyStart; day < world.lastCutoff; day += DAY) {
    const expected = expectedLeadsOn(day, world.historyStart, basePerDay);
    for (const source of flowing) {
      const count = random.poisson(expected * SOURCES[source].share);
      for (let i = 0; i < count; i++) {
        // Web forms arrive around the clock; the rest during office hours.
        const at = source === 'web' ? day + random.int(0, 1439) * MINUTE : officeMoment(random, day);
        const ads = source === 'paid_search' ? plan.paidSearch.get(quarterKey(day)) : undefined;
        const campaign = ads ? random.weighted(ads, [0.75, 0.25]).campaign : null;
        arrivals.push({ at, source, campaign });
      }
    }
  }
  for (const planned of [...plan.events, ...plan.webinars]) {
    const moments = campaignLeadMoments(planned, random, random.poisson(planned.expectedLeads));
    for (const at of moments) {
      if (at >= world.historyStart && at < world.lastCutoff) {
        arrivals.push({ at, source: planned.campaign.source as LeadSource, campaign: planned.campaign });
      }
    }
  }
  return arrivals.sort((a, b) => a.at - b.at);
}

/** Generates the normal leads (and the opportunities they convert into). */
export function generateLeads(world: World, random: Random, plan: CampaignPlan, basePerDay: number): void {
  for (const arrival of leadArrivals(world, random, plan, basePerDay)) {
    simulateLead(world, random, arrival.at, arrival.source, arrival.campaign);
  }
}

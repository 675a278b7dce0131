// Tools for planting the records the classification audit (DESIGN section 6) must find, and the
// book that lists them for the manifest.
import { DAY, MINUTE, officeMoment } from './calendar.ts';
import { RAW_LEAD_STATUS, type OpportunityType, type Stage } from './catalog.ts';
import { newAccount, newContact } from './customers.ts';
import { closePatch, openOpportunity, recordDealActivity, stagePatch, type DealTraits } from './deals.ts';
import type { Person, Prospect } from './identity.ts';
import { newLead, ownerFor, pickProduct, recordLeadActivity, teamFor } from './leads.ts';
import type { Random } from './random.ts';
import type { Account, Contact, Lead, Opportunity, Ref, World } from './records.ts';

export const RULE_IDS = ['L1', 'L2', 'L3', 'L4', 'O1', 'O2', 'O3', 'O4', 'O5', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6'] as const;
export type RuleId = (typeof RULE_IDS)[number];

export interface PlantedEntry {
  rule: RuleId;
  kind: 'lead' | 'opportunity';
  record: Ref;
  /** Built when ids exist, since notes name other records. */
  note: () => string;
  caseId?: string;
}

/** A record that broke a rule at an earlier quarter-end snapshot and was fixed before the last. */
export interface ResolvedEntry extends PlantedEntry {
  quarterEnd: number;
  resolvedAt: number;
}

export class PlantBook {
  readonly current: PlantedEntry[] = [];
  readonly resolved: ResolvedEntry[] = [];

  add(rule: RuleId, kind: PlantedEntry['kind'], record: Ref, note: string | (() => string), caseId?: string): void {
    this.current.push({ rule, kind, record, note: typeof note === 'string' ? () => note : note, ...(caseId ? { caseId } : {}) });
  }

  addResolved(rule: RuleId, kind: PlantedEntry['kind'], record: Ref, note: string | (() => string), quarterEnd: number, resolvedAt: number): void {
    this.resolved.push({ rule, kind, record, note: typeof note === 'string' ? () => note : note, quarterEnd, resolvedAt });
  }
}

export interface PlantContext {
  world: World;
  random: Random;
  book: PlantBook;
  /** The last snapshot's day: every current plant breaks its rule as of this snapshot. */
  lastDay: number;
  /** An earlier quarter-end snapshot's day, for plants that are fixed afterwards (null: too short a history). */
  quarterEnd: number | null;
}

/** An office-hours moment `days` before the last snapshot. */
export function ago(ctx: PlantContext, days: number): number {
  return officeMoment(ctx.random, ctx.lastDay - days * DAY);
}

/** An office-hours moment `days` after (or before, if negative) a day. */
export function around(ctx: PlantContext, day: number, days: number): number {
  return officeMoment(ctx.random, day + days * DAY);
}

export interface PlantLeadOptions {
  source?: string | null;
  owner?: string | null;
  prospect?: Prospect;
  person?: Person;
}

export function plantLead(ctx: PlantContext, createdAt: number, options: PlantLeadOptions = {}): Lead {
  const { world, random } = ctx;
  const prospect = options.prospect ?? world.registry.newProspect(random);
  const person = options.person ?? world.registry.newPerson(random, prospect);
  // Sources without campaigns, so a plant never needs a campaign that is not running.
  const source = options.source === undefined ? random.pick(['web', 'outbound', 'partner', 'referral']) : options.source;
  const owner = options.owner === undefined ? ownerFor(random, teamFor(prospect.employees)) : options.owner;
  return newLead(world, random, { createdAt, source, campaign: null, owner, prospect, person });
}

/** Marks the lead worked two hours after creation and logs touches until `until`. */
export function workLeadUntil(ctx: PlantContext, lead: Lead, until: number, minDays = 3, maxDays = 6): number {
  const workedAt = lead.createdAt + 2 * 60 * MINUTE;
  lead.set(workedAt, { status: 'working', rawStatus: RAW_LEAD_STATUS.working });
  return recordLeadActivity(lead, ctx.random, workedAt, until, minDays, maxDays, 0);
}

export interface CustomerRecords {
  prospect: Prospect;
  account: Account;
  contact: Contact;
}

export function customerRecords(ctx: PlantContext, at: number): CustomerRecords {
  const prospect = ctx.world.registry.newProspect(ctx.random);
  const account = newAccount(ctx.world, prospect, at);
  const contact = newContact(ctx.world, ctx.random, prospect, account, at);
  return { prospect, account, contact };
}

/** Stage default probabilities, budget confirmed from needs_analysis, decision maker from value_proposition. */
export const PLAIN_TRAITS: DealTraits = { probabilityOffset: 0, commitsAtProposal: false, budgetFrom: 2, decisionMakerFrom: 3 };

export interface PlantDealOptions {
  createdAt: number;
  /** Stages walked, entered at even steps from creation to `lastEntryAt`. */
  stages: Stage[];
  lastEntryAt: number;
  amountCents: number | null;
  closeDate: number;
  /** Omitted: a new account and contact; null: none. */
  records?: { account: Ref | null; contact: Ref | null; name: string } | null;
  traits?: DealTraits;
  /** Activity from creation until this moment; null: no activity ever logged. */
  activityUntil: number | null;
  type?: OpportunityType;
}

export function plantDeal(ctx: PlantContext, options: PlantDealOptions): { opportunity: Opportunity; entries: number[] } {
  const { world, random } = ctx;
  const product = pickProduct(random);
  let records = options.records;
  if (records === undefined) {
    const made = customerRecords(ctx, options.createdAt);
    records = { account: made.account, contact: made.contact, name: `${made.prospect.company} - ${product}` };
  } else if (records === null) {
    const prospect = world.registry.newProspect(random);
    records = { account: null, contact: null, name: `${prospect.company} - ${product}` };
  }
  const traits = options.traits ?? PLAIN_TRAITS;
  const opportunity = openOpportunity(world, random, {
    createdAt: options.createdAt, account: records.account, contact: records.contact,
    owner: ownerFor(random, random.chance(0.5) ? 'Enterprise' : 'Commercial'), type: options.type ?? 'new',
    source: 'outbound', campaign: null, lead: null, name: records.name, product,
    amountCents: options.amountCents, stage: options.stages[0] as Stage, closeDate: options.closeDate, traits,
  });
  const entries = [options.createdAt];
  const steps = options.stages.length - 1;
  for (let i = 1; i <= steps; i++) {
    const at = options.createdAt + Math.round(((options.lastEntryAt - options.createdAt) * i) / steps / MINUTE) * MINUTE;
    entries.push(at);
    opportunity.set(at, stagePatch(options.stages[i] as Stage, traits, random));
  }
  if (options.activityUntil !== null) recordDealActivity(opportunity, random, options.createdAt, options.activityUntil);
  return { opportunity, entries };
}

export function closeDeal(ctx: PlantContext, opportunity: Opportunity, at: number, won: boolean): void {
  opportunity.set(at, closePatch(won, at, won ? null : ctx.random.pick(['Price', 'Competitor', 'No Decision'])));
  opportunity.set(at, { lastActivityAt: at });
}

export const OPEN_PATH: Stage[] = ['prospecting', 'qualification', 'needs_analysis', 'value_proposition', 'decision_makers', 'perception_analysis', 'proposal', 'negotiation'];

/** The open stages from prospecting up to and including `last`. */
export function pathTo(last: Stage): Stage[] {
  return OPEN_PATH.slice(0, OPEN_PATH.indexOf(last) + 1);
}

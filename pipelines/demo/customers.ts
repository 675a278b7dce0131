// Deals that start without a lead: renewals and expansions of the installed base, new business
// a rep opens directly, and the duplicate deals reps create and later delete.
import { advance, DAY, officeMoment, startOfDay, workdayOnOrAfter } from './calendar.ts';
import {
  CHURN_REASONS, CUSTOMER_SOURCE, PRODUCTS, SEGMENT_CYCLE_FACTOR, SEGMENT_DEAL_MEDIAN, SOURCES,
  type LeadSource, type TeamName,
} from './catalog.ts';
import { normalTraits, openOpportunity, planDeal, recordDealActivity, roundAmount, runDeal, type DealSpec } from './deals.ts';
import type { Prospect } from './identity.ts';
import { ownerFor, pickProduct, teamFor } from './leads.ts';
import type { Random } from './random.ts';
import { Timeline, type Account, type Contact, type Opportunity, type World } from './records.ts';

/** A customer from before the CRM history: it renews yearly and sometimes buys more. */
export interface Customer {
  account: Account;
  contacts: Contact[];
  owner: string;
  team: TeamName;
  arrCents: number;
  renewalDayOfYear: number;
  churnedAt: number | null;
}

export function newAccount(world: World, prospect: Prospect, at: number): Account {
  const account = new Timeline(at, { name: prospect.company, industry: prospect.industry, country: prospect.country.name, employees: prospect.employees });
  world.accounts.push(account);
  return account;
}

export function newContact(world: World, random: Random, prospect: Prospect, account: Account, at: number): Contact {
  const person = world.registry.newPerson(random, prospect);
  const contact = new Timeline(at, { account, firstName: person.firstName, lastName: person.lastName, email: person.email, phone: person.phone });
  world.contacts.push(contact);
  return contact;
}

export function createInstalledBase(world: World, random: Random): Customer[] {
  const customers: Customer[] = [];
  const count = Math.max(6, Math.round(world.customersPerScale * world.scale));
  // Customers signed long before the first export; they are in every snapshot.
  const since = world.historyStart - 730 * DAY;
  for (let i = 0; i < count; i++) {
    const prospect = world.registry.newProspect(random, 600);
    const account = newAccount(world, prospect, since);
    const contacts = Array.from({ length: random.int(1, 3) }, () => newContact(world, random, prospect, account, since));
    const team = teamFor(prospect.employees);
    customers.push({
      account, contacts, team, owner: ownerFor(random, team),
      arrCents: roundAmount(random.logNormal(SEGMENT_DEAL_MEDIAN[team] * 1.1, 0.5) * 100),
      renewalDayOfYear: random.int(0, 364), churnedAt: null,
    });
  }
  return customers;
}

function customerDeal(customer: Customer, random: Random, fields: Pick<DealSpec, 'type' | 'name' | 'product' | 'amountCents' | 'winRate' | 'cycleFactor' | 'quarterEndPush'>): DealSpec {
  return {
    ...fields, createdAt: 0, account: customer.account, contact: random.pick(customer.contacts),
    owner: customer.owner, team: customer.team, source: CUSTOMER_SOURCE, campaign: null, lead: null,
    startStage: 'qualification', lostReasons: CHURN_REASONS,
  };
}

/** One renewal a year, created so that it closes around the renewal date; a lost one is churn. */
function generateRenewals(world: World, random: Random, customer: Customer): void {
  const firstYear = new Date(world.historyStart).getUTCFullYear();
  const lastYear = new Date(world.lastCutoff).getUTCFullYear() + 1;
  for (let year = firstYear; year <= lastYear && customer.churnedAt === null; year++) {
    const renewalDay = Date.UTC(year, 0, 1) + customer.renewalDayOfYear * DAY;
    const targetClose = renewalDay + (random.chance(0.2) ? random.int(1, 15) : -random.int(0, 20)) * DAY;
    const spec = customerDeal(customer, random, {
      type: 'renewal', name: `${customer.account.initial.name} - Renewal ${year}`, product: PRODUCTS[0],
      amountCents: roundAmount(customer.arrCents * random.between(1.0, 1.08)), winRate: 0.88,
      cycleFactor: SEGMENT_CYCLE_FACTOR[customer.team], quarterEndPush: false,
    });
    const plan = planDeal(random, spec);
    const days = plan.days.reduce((sum, d) => sum + d, 0);
    spec.createdAt = officeMoment(random, workdayOnOrAfter(startOfDay(targetClose - days * DAY)));
    if (spec.createdAt < world.historyStart) continue;
    if (spec.createdAt >= world.lastCutoff) break;
    runDeal(world, random, spec, plan);
    if (plan.won) customer.arrCents = spec.amountCents;
    else customer.churnedAt = targetClose;
  }
}

/** Expansions arrive about every other year per customer, until it churns. */
function generateExpansions(world: World, random: Random, customer: Customer): void {
  const end = Math.min(world.lastCutoff, customer.churnedAt ?? world.lastCutoff);
  let at = world.historyStart + random.between(0, 2) * 365 * DAY;
  for (; at < end; at += random.between(0.5, 3.5) * 365 * DAY) {
    const product = random.pick(PRODUCTS.slice(1));
    const spec = customerDeal(customer, random, {
      type: 'expansion', name: `${customer.account.initial.name} - Expansion (${product})`, product,
      amountCents: roundAmount(customer.arrCents * random.between(0.15, 0.5)), winRate: 0.55,
      cycleFactor: SEGMENT_CYCLE_FACTOR[customer.team] * 0.9, quarterEndPush: true,
    });
    spec.createdAt = officeMoment(random, workdayOnOrAfter(startOfDay(at)));
    if (spec.createdAt < end) runDeal(world, random, spec, planDeal(random, spec));
  }
}

/** New business a rep opens straight from a conversation, with no lead in the CRM. */
function generateDirectDeals(world: World, random: Random): void {
  const days = (world.lastCutoff - world.historyStart) / DAY;
  const count = random.poisson((100 * world.scale * days) / 924);
  for (let i = 0; i < count; i++) {
    const createdAt = officeMoment(random, workdayOnOrAfter(world.historyStart + random.int(0, Math.floor(days) - 1) * DAY));
    if (createdAt >= world.lastCutoff) continue;
    const prospect = world.registry.newProspect(random);
    const account = newAccount(world, prospect, createdAt);
    const contact = newContact(world, random, prospect, account, createdAt);
    const source: LeadSource = random.chance(0.6) ? 'outbound' : 'partner';
    const team = teamFor(prospect.employees);
    const product = pickProduct(random);
    const spec: DealSpec = {
      createdAt, account, contact, owner: ownerFor(random, team), team, type: 'new', source, campaign: null,
      lead: null, name: `${prospect.company} - ${product}`, product,
      amountCents: roundAmount(random.logNormal(SEGMENT_DEAL_MEDIAN[team] * SOURCES[source].dealSize, 0.55) * 100),
      winRate: SOURCES[source].winRate * 0.9, cycleFactor: SOURCES[source].cycleFactor * SEGMENT_CYCLE_FACTOR[team],
      startStage: 'prospecting', quarterEndPush: true,
    };
    runDeal(world, random, spec, planDeal(random, spec));
  }
}

/**
 * Reps now and then open a second deal for a customer's renewal or expansion and delete it a
 * few weeks later. Only lead-less deals are duplicated, so no lead names a deleted deal by accident.
 */
function generateDeletedDuplicates(world: World, random: Random, customerDeals: Opportunity[]): void {
  const pool = customerDeals.filter((deal) => deal.createdAt < world.lastCutoff - 10 * DAY);
  const count = Math.min(pool.length, Math.max(2, Math.round(world.opportunities.length * 0.01)));
  for (let i = 0; i < count; i++) {
    const original = pool.splice(random.int(0, pool.length - 1), 1)[0] as Opportunity;
    const createdAt = advance(random, original.createdAt, random.int(1, 4));
    const duplicate = openOpportunity(world, random, {
      ...original.initial, amountCents: original.initial.amount, createdAt, traits: normalTraits(random),
      closeDate: startOfDay(createdAt) + random.int(30, 60) * DAY,
    });
    duplicate.deletedAt = advance(random, createdAt, random.int(5, 25));
    recordDealActivity(duplicate, random, createdAt, duplicate.deletedAt - 1);
  }
}

/** All lead-less deals, in a fixed order so the history is the same on every run. */
export function generateCustomerDeals(world: World, random: Random): void {
  const customers = createInstalledBase(world, random);
  const before = world.opportunities.length;
  for (const customer of customers) {
    generateRenewals(world, random, customer);
    generateExpansions(world, random, customer);
  }
  const customerDeals = world.opportunities.slice(before);
  generateDirectDeals(world, random);
  generateDeletedDuplicates(world, random, customerDeals);
}

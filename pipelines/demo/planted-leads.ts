// Planted leads that the audit must flag as of the last snapshot (rules L1-L4, H1-H4), plus a
// few that broke a rule at an earlier quarter end and were fixed since.
import { DAY, formatDay, MINUTE, startOfDay } from './calendar.ts';
import { RAW_LEAD_STATUS } from './catalog.ts';
import { convertLead, createCustomerRecords } from './leads.ts';
import {
  ago, around, customerRecords, pathTo, plantDeal, plantLead, workLeadUntil, closeDeal, type PlantContext,
} from './planted-kit.ts';
import type { Lead, Ref } from './records.ts';

const ALL_BANT = { budgetConfirmed: true, authorityConfirmed: true, needConfirmed: true, timelineConfirmed: true } as const;

/** L1: all four BANT flags true, still a working lead weeks later. */
function plantBantMetLeads(ctx: PlantContext): void {
  for (const age of [24, 80, 170]) {
    const lead = plantLead(ctx, ago(ctx, age));
    workLeadUntil(ctx, lead, ago(ctx, 1));
    const bantAt = lead.createdAt + 4 * DAY;
    lead.set(bantAt, ALL_BANT);
    ctx.book.add('L1', 'lead', lead, `all four BANT flags true since ${formatDay(bantAt)}, still working, not converted`);
  }
  if (ctx.quarterEnd === null) return;
  const lead = plantLead(ctx, around(ctx, ctx.quarterEnd, -50));
  const convertAt = around(ctx, ctx.quarterEnd, 10);
  workLeadUntil(ctx, lead, convertAt);
  lead.set(lead.createdAt + 4 * DAY, ALL_BANT);
  convertLead(ctx.world, ctx.random, lead, convertAt);
  ctx.book.addResolved('L1', 'lead', lead, 'BANT met and not converted at the quarter end; converted since', ctx.quarterEnd, convertAt);
}

/** L2: one opportunity signal each (budget amount, decision date, qualified), never converted. */
function plantSignalLeads(ctx: PlantContext): void {
  const budget = plantLead(ctx, ago(ctx, 40));
  workLeadUntil(ctx, budget, ago(ctx, 2), 4, 8);
  budget.set(budget.createdAt + 6 * DAY, { budgetAmount: 2_500_000, needConfirmed: true });
  ctx.book.add('L2', 'lead', budget, 'budget_amount 25000.00 recorded, working, not converted', 'budget_amount');

  const decision = plantLead(ctx, ago(ctx, 95));
  workLeadUntil(ctx, decision, decision.createdAt + 18 * DAY, 4, 8);
  decision.set(decision.createdAt + 10 * DAY, { expectedDecisionDate: startOfDay(ctx.lastDay + 45 * DAY) });
  decision.set(decision.createdAt + 20 * DAY, { status: 'nurturing', rawStatus: RAW_LEAD_STATUS.nurturing });
  ctx.book.add('L2', 'lead', decision, 'expected_decision_date set, parked in nurturing, not converted', 'expected_decision_date');

  const qualified = plantLead(ctx, ago(ctx, 130));
  workLeadUntil(ctx, qualified, ago(ctx, 1), 4, 8);
  qualified.set(qualified.createdAt + 12 * DAY, { status: 'qualified', rawStatus: RAW_LEAD_STATUS.qualified, needConfirmed: true, budgetConfirmed: true });
  ctx.book.add('L2', 'lead', qualified, 'status qualified for months, not converted', 'qualified');

  const both = plantLead(ctx, ago(ctx, 22));
  workLeadUntil(ctx, both, ago(ctx, 1), 3, 5);
  both.set(both.createdAt + 5 * DAY, { budgetAmount: 4_800_000, expectedDecisionDate: startOfDay(ctx.lastDay + 30 * DAY) });
  ctx.book.add('L2', 'lead', both, 'budget_amount 48000.00 and an expected decision date, not converted', 'budget_amount');

  if (ctx.quarterEnd === null) return;
  const fixed = plantLead(ctx, around(ctx, ctx.quarterEnd, -40));
  const convertAt = around(ctx, ctx.quarterEnd, 12);
  workLeadUntil(ctx, fixed, convertAt);
  fixed.set(around(ctx, ctx.quarterEnd, -30), { status: 'qualified', rawStatus: RAW_LEAD_STATUS.qualified });
  convertLead(ctx.world, ctx.random, fixed, convertAt);
  ctx.book.addResolved('L2', 'lead', fixed, 'qualified but not converted at the quarter end; converted since', ctx.quarterEnd, convertAt);
}

/** A hot lead that went quiet: touches for twelve days, then a high score and nothing since. */
function hotIdleLead(ctx: PlantContext, createdAt: number): Lead {
  const lead = plantLead(ctx, createdAt);
  const quietFrom = createdAt + 12 * DAY;
  workLeadUntil(ctx, lead, quietFrom, 3, 5);
  lead.set(quietFrom, { score: ctx.random.int(82, 95), needConfirmed: true });
  return lead;
}

/** L3: score at or above 70, not converted, no activity for weeks. */
function plantHotIdleLeads(ctx: PlantContext): void {
  for (const age of [45, 120, 210]) {
    const lead = hotIdleLead(ctx, ago(ctx, age));
    ctx.book.add('L3', 'lead', lead, () => `score ${lead.changes.at(-1)?.patch.score} with no activity since ${formatDay(lead.createdAt + 12 * DAY)}`);
  }
  if (ctx.quarterEnd === null) return;
  const lead = hotIdleLead(ctx, around(ctx, ctx.quarterEnd, -60));
  const convertAt = around(ctx, ctx.quarterEnd, 10);
  convertLead(ctx.world, ctx.random, lead, convertAt);
  ctx.book.addResolved('L3', 'lead', lead, 'hot and idle at the quarter end; worked and converted since', ctx.quarterEnd, convertAt);
}

/** An open deal and a later lead for the same company (and, if asked, the same person). */
function shadowPair(ctx: PlantContext, dealAge: number, leadAge: number, samePerson: boolean, base = ctx.lastDay) {
  const createdAt = around(ctx, base, -dealAge);
  const records = customerRecords(ctx, createdAt);
  const name = `${records.prospect.company} - Core Platform`;
  const { opportunity } = plantDeal(ctx, {
    createdAt, stages: pathTo(dealAge > 45 ? 'value_proposition' : 'needs_analysis'), lastEntryAt: around(ctx, base, -4),
    amountCents: ctx.random.int(20, 90) * 100_000, closeDate: startOfDay(base + 50 * DAY),
    records: { account: records.account, contact: records.contact, name }, activityUntil: around(ctx, base, -1),
  });
  const contact = records.contact.initial;
  const person = samePerson
    ? { firstName: contact.firstName, lastName: contact.lastName, email: contact.email ?? '', phone: contact.phone }
    : ctx.world.registry.newPerson(ctx.random, records.prospect);
  const lead = plantLead(ctx, around(ctx, base, -leadAge), { prospect: records.prospect, person, source: 'web' });
  return { opportunity, lead, records };
}

/** L4: shadow leads of companies (and people) that already have an open deal. */
function plantShadowLeads(ctx: PlantContext): void {
  for (const [dealAge, leadAge, samePerson] of [[50, 20, true], [65, 30, false], [40, 12, true]] as const) {
    const { opportunity, lead } = shadowPair(ctx, dealAge, leadAge, samePerson);
    workLeadUntil(ctx, lead, ago(ctx, 1), 4, 7);
    ctx.book.add('L4', 'lead', lead, () => `same ${samePerson ? 'person (email) and company' : 'company'} as open opportunity ${opportunity.id}`, samePerson ? 'person' : 'company');
  }
  if (ctx.quarterEnd === null) return;
  const { opportunity, lead, records } = shadowPair(ctx, 45, 20, true, ctx.quarterEnd);
  const mergedAt = around(ctx, ctx.quarterEnd, 10);
  workLeadUntil(ctx, lead, mergedAt, 4, 7);
  // The rep converts the shadow lead into the deal that already exists, which then closes.
  lead.set(mergedAt, {
    status: 'converted', rawStatus: RAW_LEAD_STATUS.converted, isConverted: true, convertedAt: mergedAt,
    convertedOpportunity: opportunity, convertedAccount: records.account, convertedContact: records.contact,
  });
  closeDeal(ctx, opportunity, around(ctx, ctx.quarterEnd, 20), true);
  ctx.book.addResolved('L4', 'lead', lead, () => `shadow of open opportunity ${opportunity.id} at the quarter end; converted into it since`, ctx.quarterEnd, mergedAt);
}

function capitalizeEmail(email: string): string {
  const [local = '', domain = ''] = email.split('@');
  return `${local.split('.').map((part) => part.charAt(0).toUpperCase() + part.slice(1)).join('.')}@${domain.toUpperCase()}`;
}

function personalEmail(ctx: PlantContext, first: string, last: string): string {
  for (;;) {
    const email = `${first}.${last}${ctx.random.int(1, 99)}@gmail.com`.normalize('NFD').replace(/[^A-Za-z0-9.@]/g, '').toLowerCase();
    if (ctx.world.registry.reserveEmail(email)) return email;
  }
}

/** H1: duplicate pairs, by normalised email and by company and name. */
function plantDuplicateLeads(ctx: PlantContext): void {
  const pairs: Array<[Lead, Lead, string]> = [];
  for (const [firstAge, secondAge, byEmail] of [[100, 40, true], [60, 9, true], [150, 30, false], [45, 16, false]] as const) {
    const prospect = ctx.world.registry.newProspect(ctx.random);
    const person = ctx.world.registry.newPerson(ctx.random, prospect);
    const first = plantLead(ctx, ago(ctx, firstAge), { prospect, person });
    const shortCompany = prospect.company.replace(/,? (Inc\.|LLC|Corp|Co\.|Ltd\.?|PLC|GmbH|AG|SAS|SA|B\.V\.|Pty Ltd|AB|S\.L\.|S\.A\.|Pvt Ltd)$/, '');
    const second = byEmail
      // The same person signs up again, typing the address differently and the company short.
      ? plantLead(ctx, ago(ctx, secondAge), { prospect: { ...prospect, company: shortCompany === prospect.company ? `${prospect.company} Inc` : shortCompany }, person: { ...person, email: firstAge === 100 ? capitalizeEmail(person.email) : person.email } })
      // The same person again, from a personal address.
      : plantLead(ctx, ago(ctx, secondAge), { prospect, person: { ...person, email: personalEmail(ctx, person.firstName, person.lastName) } });
    workLeadUntil(ctx, first, ago(ctx, 2), 5, 9);
    workLeadUntil(ctx, second, ago(ctx, 1), 5, 9);
    pairs.push([first, second, byEmail ? 'same normalised email' : 'same company and name']);
  }
  for (const [first, second, reason] of pairs) {
    ctx.book.add('H1', 'lead', first, () => `${reason} as ${second.id}`, reason === 'same normalised email' ? 'email' : 'company_name');
    ctx.book.add('H1', 'lead', second, () => `${reason} as ${first.id}`, reason === 'same normalised email' ? 'email' : 'company_name');
  }
  if (ctx.quarterEnd === null) return;
  const prospect = ctx.world.registry.newProspect(ctx.random);
  const person = ctx.world.registry.newPerson(ctx.random, prospect);
  const kept = plantLead(ctx, around(ctx, ctx.quarterEnd, -40), { prospect, person });
  const merged = plantLead(ctx, around(ctx, ctx.quarterEnd, -20), { prospect, person });
  workLeadUntil(ctx, kept, ago(ctx, 2), 5, 9);
  workLeadUntil(ctx, merged, around(ctx, ctx.quarterEnd, 9), 5, 9);
  merged.deletedAt = around(ctx, ctx.quarterEnd, 10);
  ctx.book.addResolved('H1', 'lead', merged, () => `duplicate of ${kept.id} at the quarter end; merged (deleted) since`, ctx.quarterEnd, merged.deletedAt);
  ctx.book.addResolved('H1', 'lead', kept, () => `duplicate of ${merged.id} at the quarter end; kept when that one was merged`, ctx.quarterEnd, merged.deletedAt);
}

/** H2: leads nobody ever worked (one has only the form-fill activity logged at creation). */
function plantStaleLeads(ctx: PlantContext): void {
  for (const age of [20, 48, 100, 230]) {
    const lead = plantLead(ctx, ago(ctx, age));
    if (age === 48) lead.set(lead.createdAt, { activityCount: 1, lastActivityAt: lead.createdAt });
    ctx.book.add('H2', 'lead', lead, age === 48 ? 'status new; only activity is at created_at (not after it)' : 'status new, no activity ever');
  }
  if (ctx.quarterEnd === null) return;
  const lead = plantLead(ctx, around(ctx, ctx.quarterEnd, -30));
  const workedAt = around(ctx, ctx.quarterEnd, 5);
  lead.set(workedAt, { status: 'working', rawStatus: RAW_LEAD_STATUS.working, activityCount: 1, lastActivityAt: workedAt });
  ctx.book.addResolved('H2', 'lead', lead, 'never worked at the quarter end; worked since', ctx.quarterEnd, workedAt);
}

/** H3: no source, no owner, or no way to contact. */
function plantIncompleteLeads(ctx: PlantContext): void {
  const cases = [
    { age: 60, options: { source: null }, note: 'no source', caseId: 'no_source' },
    { age: 35, options: { owner: null }, note: 'no owner', caseId: 'no_owner' },
    { age: 90, options: {}, note: 'neither email nor phone', caseId: 'no_contact' },
    { age: 200, options: { owner: null }, note: 'no owner', caseId: 'no_owner' },
  ];
  for (const { age, options, note, caseId } of cases) {
    const createdAt = ago(ctx, age);
    const prospect = ctx.world.registry.newProspect(ctx.random);
    const person = ctx.world.registry.newPerson(ctx.random, prospect);
    const lead = plantLead(ctx, createdAt, { ...options, prospect, person: caseId === 'no_contact' ? { ...person, email: '', phone: null } : person });
    if (caseId === 'no_contact') lead.initial.email = null;
    workLeadUntil(ctx, lead, ago(ctx, 2), 5, 10);
    ctx.book.add('H3', 'lead', lead, note, caseId);
  }
  if (ctx.quarterEnd === null) return;
  const lead = plantLead(ctx, around(ctx, ctx.quarterEnd, -30), { owner: null });
  const assignedAt = around(ctx, ctx.quarterEnd, 5);
  workLeadUntil(ctx, lead, ago(ctx, 2), 5, 10);
  lead.set(assignedAt, { owner: 'Grace Liu' });
  ctx.book.addResolved('H3', 'lead', lead, 'no owner at the quarter end; assigned since', ctx.quarterEnd, assignedAt);
}

/** H4 (a): converted, then its opportunity deleted, or naming one the CRM never held. */
function plantMissingConversionTargets(ctx: PlantContext): void {
  for (const age of [150, 240]) {
    const lead = plantLead(ctx, ago(ctx, age));
    const convertAt = lead.createdAt + 20 * DAY;
    workLeadUntil(ctx, lead, convertAt);
    const opportunity = convertLead(ctx.world, ctx.random, lead, convertAt);
    opportunity.deletedAt = convertAt + ctx.random.int(10, 30) * DAY;
    ctx.book.add('H4', 'lead', lead, () => `names converted opportunity ${opportunity.id}, deleted on ${formatDay(opportunity.deletedAt ?? 0)}`, 'a');
  }
  const migrated = plantLead(ctx, ago(ctx, 300));
  const phantom: Ref = { id: '' };
  ctx.world.phantomOpportunities.push(phantom);
  const convertedAt = migrated.createdAt + 30 * DAY;
  workLeadUntil(ctx, migrated, convertedAt);
  migrated.set(convertedAt, { status: 'converted', rawStatus: RAW_LEAD_STATUS.converted, isConverted: true, convertedAt, convertedOpportunity: phantom });
  ctx.book.add('H4', 'lead', migrated, () => `names converted opportunity ${phantom.id}, which never existed in the CRM`, 'a');
}

/** H4 (b): status converted but the flag false or empty and no opportunity named. */
function plantStatusOnlyConversions(ctx: PlantContext): void {
  for (const [age, flag] of [[30, false], [70, false], [140, null]] as const) {
    const lead = plantLead(ctx, ago(ctx, age));
    const at = lead.createdAt + 10 * DAY;
    workLeadUntil(ctx, lead, at);
    lead.set(at, { status: 'converted', rawStatus: RAW_LEAD_STATUS.converted, isConverted: flag });
    ctx.book.add('H4', 'lead', lead, `status converted, is_converted ${flag === null ? 'empty' : 'false'}, no opportunity`, 'b');
  }
}

/** H4 (c): flag true (converted to account and contact, or to nothing) but no opportunity named. */
function plantFlagOnlyConversions(ctx: PlantContext): void {
  for (const [age, withAccount] of [[45, true], [110, true], [190, false]] as const) {
    const lead = plantLead(ctx, ago(ctx, age));
    const at = lead.createdAt + 15 * DAY;
    workLeadUntil(ctx, lead, at);
    const records = withAccount ? createCustomerRecords(ctx.world, lead, at) : null;
    lead.set(at, {
      status: 'converted', rawStatus: RAW_LEAD_STATUS.converted, isConverted: true, convertedAt: at + MINUTE,
      convertedAccount: records?.account ?? null, convertedContact: records?.contact ?? null,
    });
    ctx.book.add('H4', 'lead', lead, `is_converted true, no converted opportunity${withAccount ? ' (account and contact only)' : ''}`, 'c');
  }
}

export function plantLeads(ctx: PlantContext): void {
  plantBantMetLeads(ctx);
  plantSignalLeads(ctx);
  plantHotIdleLeads(ctx);
  plantShadowLeads(ctx);
  plantDuplicateLeads(ctx);
  plantStaleLeads(ctx);
  plantIncompleteLeads(ctx);
  plantMissingConversionTargets(ctx);
  plantStatusOnlyConversions(ctx);
  plantFlagOnlyConversions(ctx);
}

// Marketing spend: paid search runs quarter-long campaigns, events and webinars are dated
// campaigns that bring their own bursts of leads, and the other sources carry a monthly cost.
import {
  addMonths, DAY, monthKey, monthStart, officeMoment, quarterEnd, quarterKey, quarterStart,
  weekday, workdayOnOrAfter,
} from './calendar.ts';
import { LEAD_SOURCES, SOURCES, type LeadSource } from './catalog.ts';
import { expectedLeadsBetween } from './demand.ts';
import type { Random } from './random.ts';
import type { Campaign, SourceCost, World } from './records.ts';

const EVENT_NAMES = [
  'SaaStr Annual', 'Data & Analytics Summit', 'RevOps Summit', 'Sales Leadership Forum',
  'Regional Roadshow - Chicago', 'Regional Roadshow - London', 'Regional Roadshow - Munich',
  'CFO Leadership Council', 'Forecasting World', 'Cloud Expo Europe', 'Customer Success Live',
] as const;

const WEBINAR_TOPICS = [
  'Forecasting with Confidence', 'Pipeline Hygiene 101', 'Lead Scoring That Works',
  'From MQL to Revenue', 'Win Rates, Explained', 'Quarter-End Without Panic', 'Attribution for Humans',
] as const;

const MONTH_NAMES = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

/** A campaign with the leads it is expected to bring, before ids are given. */
export interface PlannedCampaign {
  campaign: Campaign;
  expectedLeads: number;
}

export interface CampaignPlan {
  /** Quarter key -> [Google Ads, Bing Ads] for paid search. */
  paidSearch: Map<string, PlannedCampaign[]>;
  events: PlannedCampaign[];
  webinars: PlannedCampaign[];
}

function campaign(source: LeadSource, name: string, startedOn: number, endedOn: number, leads: number, random: Random): Campaign {
  const profile = SOURCES[source];
  const perLead = profile.cost.kind === 'campaign' ? profile.cost.perLead : 0;
  const costCents = Math.round(leads * perLead * random.between(0.8, 1.25)) * 100;
  // Campaigns are set up in the CRM a few weeks before they start.
  return { id: '', name, source, startedOn, endedOn, costCents, visibleFrom: startedOn - 21 * DAY };
}

function planPaidSearch(world: World, random: Random, basePerDay: number): Map<string, PlannedCampaign[]> {
  const byQuarter = new Map<string, PlannedCampaign[]>();
  for (let start = quarterStart(world.historyStart); start < world.lastCutoff; start = addMonths(start, 3)) {
    const end = quarterEnd(start);
    const from = Math.max(start, world.historyStart);
    const leads = expectedLeadsBetween(from, end + DAY, world.historyStart, basePerDay) * SOURCES.paid_search.share;
    const key = quarterKey(start);
    byQuarter.set(key, [
      { campaign: campaign('paid_search', `Google Ads ${key}`, start, end, leads * 0.75, random), expectedLeads: leads * 0.75 },
      { campaign: campaign('paid_search', `Bing Ads ${key}`, start, end, leads * 0.25, random), expectedLeads: leads * 0.25 },
    ]);
  }
  return byQuarter;
}

/** One event a month (none in August), on a Tuesday-Wednesday mid-month. */
function planEvents(world: World, random: Random, basePerDay: number): PlannedCampaign[] {
  const events: PlannedCampaign[] = [];
  for (let month = monthStart(world.historyStart); month < world.lastCutoff; month = addMonths(month, 1)) {
    if (new Date(month).getUTCMonth() === 7) continue;
    let day = month + random.int(8, 18) * DAY;
    while (weekday(day) !== 2) day += DAY;
    // Each event stands for the leads of its month and, in July, of the quiet August too.
    const span = new Date(month).getUTCMonth() === 6 ? 2 : 1;
    const leads = expectedLeadsBetween(month, addMonths(month, span), world.historyStart, basePerDay) * SOURCES.events.share;
    const name = `${random.pick(EVENT_NAMES)} ${new Date(month).getUTCFullYear()}`;
    events.push({ campaign: campaign('events', name, day, day + DAY, leads, random), expectedLeads: leads });
  }
  return events;
}

/** A webinar every other Thursday. */
function planWebinars(world: World, random: Random, basePerDay: number): PlannedCampaign[] {
  const webinars: PlannedCampaign[] = [];
  let day = world.historyStart + 10 * DAY;
  while (weekday(day) !== 4) day += DAY;
  for (; day < world.lastCutoff + 14 * DAY; day += 14 * DAY) {
    const leads = expectedLeadsBetween(day - 14 * DAY, day, world.historyStart, basePerDay) * SOURCES.webinar.share;
    const date = new Date(day);
    const label = `${MONTH_NAMES[date.getUTCMonth()]} ${date.getUTCFullYear()}`;
    const name = `Webinar: ${random.pick(WEBINAR_TOPICS)} (${label})`;
    webinars.push({ campaign: campaign('webinar', name, day, day, leads, random), expectedLeads: leads });
  }
  return webinars;
}

/** Plans every campaign and adds it to the world, ordered by start. */
export function planCampaigns(world: World, random: Random, basePerDay: number): CampaignPlan {
  const plan: CampaignPlan = {
    paidSearch: planPaidSearch(world, random, basePerDay),
    events: planEvents(world, random, basePerDay),
    webinars: planWebinars(world, random, basePerDay),
  };
  const all = [...[...plan.paidSearch.values()].flat(), ...plan.events, ...plan.webinars].map((p) => p.campaign);
  all.sort((a, b) => a.startedOn - b.startedOn || a.name.localeCompare(b.name));
  world.campaigns.push(...all);
  return plan;
}

/** Monthly cost of the sources without campaigns, visible from the month's first day. */
export function planSourceCosts(world: World, random: Random): void {
  const costs: SourceCost[] = [];
  for (let month = monthStart(world.historyStart); month < world.lastCutoff; month = addMonths(month, 1)) {
    const years = (month - world.historyStart) / (365.25 * DAY);
    for (const source of LEAD_SOURCES) {
      const cost = SOURCES[source].cost;
      if (cost.kind !== 'monthly') continue;
      const dollars = cost.perMonth * world.scale * (1 + 0.1 * years) * random.between(0.9, 1.1);
      costs.push({ source, month: monthKey(month), costCents: Math.round(dollars) * 100, visibleFrom: month });
    }
  }
  world.sourceCosts.push(...costs);
}

/** Moments when people sign up from an event or webinar: mostly on the day, some follow-ups. */
export function campaignLeadMoments(planned: PlannedCampaign, random: Random, count: number): number[] {
  const { startedOn, endedOn, source } = planned.campaign;
  const moments: number[] = [];
  for (let i = 0; i < count; i++) {
    let day: number;
    if (source === 'webinar') {
      // Registrations in the ten days before, and attendees added on the day.
      day = random.chance(0.7) ? startedOn - random.int(1, 10) * DAY : startedOn;
    } else {
      // Badge scans on the event days, then the list upload and follow-up meetings.
      day = random.chance(0.75) ? random.pick([startedOn, endedOn]) : workdayOnOrAfter(endedOn + random.int(1, 14) * DAY);
    }
    moments.push(officeMoment(random, day));
  }
  return moments;
}


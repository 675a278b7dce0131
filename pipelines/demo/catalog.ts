// The fixed facts of the demo company: stages, sources and how each behaves, the sales team,
// and the vocabulary its CRM uses.

export type LeadStatus = 'new' | 'working' | 'nurturing' | 'qualified' | 'disqualified' | 'converted';
export type ForecastCategory = 'pipeline' | 'best_case' | 'commit' | 'closed' | 'omitted';
export type OpportunityType = 'new' | 'expansion' | 'renewal';

export const STAGES = [
  'prospecting', 'qualification', 'needs_analysis', 'value_proposition', 'decision_makers',
  'perception_analysis', 'proposal', 'negotiation', 'closed_won', 'closed_lost',
] as const;
export type Stage = (typeof STAGES)[number];

/** DESIGN section 3: default probability per stage, in stage order. */
export const STAGE_PROBABILITY: Record<Stage, number> = {
  prospecting: 10, qualification: 10, needs_analysis: 20, value_proposition: 50, decision_makers: 60,
  perception_analysis: 70, proposal: 75, negotiation: 90, closed_won: 100, closed_lost: 0,
};

/** Salesforce's standard sales process labels, exported as raw_stage. */
export const RAW_STAGE: Record<Stage, string> = {
  prospecting: 'Prospecting', qualification: 'Qualification', needs_analysis: 'Needs Analysis',
  value_proposition: 'Value Proposition', decision_makers: 'Id. Decision Makers',
  perception_analysis: 'Perception Analysis', proposal: 'Proposal/Price Quote',
  negotiation: 'Negotiation/Review', closed_won: 'Closed Won', closed_lost: 'Closed Lost',
};

/**
 * Typical days a deal spends in each open stage. Spread across deals is kept under 2x the
 * median on purpose: the audit flags a deal in a stage longer than twice its historical median.
 */
export const STAGE_DAYS: Record<Stage, number> = {
  prospecting: 9, qualification: 11, needs_analysis: 12, value_proposition: 13, decision_makers: 10,
  perception_analysis: 10, proposal: 13, negotiation: 11, closed_won: 0, closed_lost: 0,
};

export function stageIndex(stage: Stage): number {
  return STAGES.indexOf(stage);
}

export function isOpenStage(stage: Stage): boolean {
  return stage !== 'closed_won' && stage !== 'closed_lost';
}

export const RAW_LEAD_STATUS: Record<LeadStatus, string> = {
  new: 'Open - Not Contacted', working: 'Working - Contacted', nurturing: 'Nurturing',
  qualified: 'Qualified', disqualified: 'Closed - Not Converted', converted: 'Closed - Converted',
};

export const LEAD_SOURCES = ['web', 'paid_search', 'events', 'webinar', 'outbound', 'partner', 'referral'] as const;
export type LeadSource = (typeof LEAD_SOURCES)[number];
/** Source of renewals and expansions, which start from the installed base, not from a lead. */
export const CUSTOMER_SOURCE = 'existing_customer';

export interface SourceProfile {
  share: number;          // of all leads
  mql: number;            // lead -> MQL: a rep works it; the rest stay new, touched by marketing only
  sql: number;            // MQL -> SQL: qualified by the rep
  conversion: number;     // SQL -> opportunity (the rest stall and drop out, mostly on no decision)
  disqualify: number;     // MQLs that never qualify: share disqualified (the rest are nurtured)
  coldDisqualify: number; // leads that never reach MQL: share disqualified from new after some weeks
  convertDays: number;    // median days from lead created to converted
  winRate: number;        // opportunity won / closed
  cycleFactor: number;    // multiplies every stage's days
  dealSize: number;       // multiplies the segment's median deal
  fit: number;            // points added to the lead's starting score
  /** Campaign sources carry cost per campaign (cost per lead as planned); others a monthly cost. */
  cost: { kind: 'campaign'; perLead: number } | { kind: 'monthly'; perMonth: number };
}

/** The score at which a lead counts as an MQL (DESIGN section 3's default threshold). */
export const MQL_SCORE = 50;

export const SOURCES: Record<LeadSource, SourceProfile> = {
  web: { share: 0.3, mql: 0.42, sql: 0.41, conversion: 0.74, disqualify: 0.55, coldDisqualify: 0.6, convertDays: 12, winRate: 0.25, cycleFactor: 0.95, dealSize: 0.9, fit: 4, cost: { kind: 'monthly', perMonth: 9_000 } },
  paid_search: { share: 0.22, mql: 0.32, sql: 0.33, conversion: 0.66, disqualify: 0.6, coldDisqualify: 0.7, convertDays: 9, winRate: 0.17, cycleFactor: 0.9, dealSize: 0.75, fit: 0, cost: { kind: 'campaign', perLead: 140 } },
  events: { share: 0.12, mql: 0.45, sql: 0.38, conversion: 0.72, disqualify: 0.45, coldDisqualify: 0.5, convertDays: 28, winRate: 0.23, cycleFactor: 1.05, dealSize: 1.15, fit: 8, cost: { kind: 'campaign', perLead: 380 } },
  webinar: { share: 0.1, mql: 0.46, sql: 0.35, conversion: 0.72, disqualify: 0.45, coldDisqualify: 0.5, convertDays: 35, winRate: 0.21, cycleFactor: 1.0, dealSize: 0.95, fit: 6, cost: { kind: 'campaign', perLead: 90 } },
  outbound: { share: 0.12, mql: 0.5, sql: 0.41, conversion: 0.74, disqualify: 0.5, coldDisqualify: 0.65, convertDays: 30, winRate: 0.19, cycleFactor: 1.1, dealSize: 1.05, fit: 10, cost: { kind: 'monthly', perMonth: 24_000 } },
  partner: { share: 0.07, mql: 0.68, sql: 0.5, conversion: 0.8, disqualify: 0.45, coldDisqualify: 0.5, convertDays: 20, winRate: 0.32, cycleFactor: 1.12, dealSize: 1.35, fit: 12, cost: { kind: 'monthly', perMonth: 7_000 } },
  referral: { share: 0.07, mql: 0.76, sql: 0.56, conversion: 0.84, disqualify: 0.4, coldDisqualify: 0.45, convertDays: 8, winRate: 0.4, cycleFactor: 0.9, dealSize: 1.1, fit: 14, cost: { kind: 'monthly', perMonth: 2_000 } },
};

export type TeamName = 'Enterprise' | 'Commercial';
/** Accounts at or above this size belong to the Enterprise team. */
export const ENTERPRISE_EMPLOYEES = 500;

export const OWNERS: ReadonlyArray<{ owner: string; team: TeamName; weight: number }> = [
  { owner: 'Alice Moreau', team: 'Enterprise', weight: 1.2 },
  { owner: 'Ben Okafor', team: 'Enterprise', weight: 1.0 },
  { owner: 'Chloe Lindqvist', team: 'Enterprise', weight: 1.0 },
  { owner: 'David Park', team: 'Enterprise', weight: 0.8 },
  { owner: 'Elena Rossi', team: 'Commercial', weight: 1.2 },
  { owner: 'Farid Haddad', team: 'Commercial', weight: 1.0 },
  { owner: 'Grace Liu', team: 'Commercial', weight: 1.0 },
  { owner: 'Hugo Martins', team: 'Commercial', weight: 0.8 },
];

/** Median first-year deal in dollars, per team's segment. */
export const SEGMENT_DEAL_MEDIAN: Record<TeamName, number> = { Enterprise: 52_000, Commercial: 13_500 };
/** Enterprise deals move slower through every stage. */
export const SEGMENT_CYCLE_FACTOR: Record<TeamName, number> = { Enterprise: 1.2, Commercial: 0.88 };

export const PRODUCTS = ['Core Platform', 'Analytics Suite', 'Data Connectors', 'Forecasting Add-on', 'Premium Support'] as const;

export const LOST_REASONS = ['Price', 'Competitor', 'No Decision', 'Timing', 'No Budget', 'Product Fit'] as const;
export const CHURN_REASONS = ['Budget Cuts', 'Switched Vendor', 'Low Adoption', 'Company Acquired'] as const;
export const DISQUALIFY_REASONS = ['Closed - Not Converted', 'Unqualified - No Budget', 'Unqualified - Not a Fit', 'Closed - Not Converted'] as const;

/** What a rep writes as next step in each open stage; some carry commas and quotes on purpose. */
export const NEXT_STEPS: Partial<Record<Stage, readonly string[]>> = {
  prospecting: ['Intro call', 'Send overview deck', 'Book discovery call'],
  qualification: ['Discovery call with IT lead', 'Confirm budget owner', 'Qualify use case, then book demo'],
  needs_analysis: ['Map requirements', 'Workshop with ops team', 'Collect data sources, volumes, SLAs'],
  value_proposition: ['Demo to buying committee', 'Send ROI model', 'Tailored demo, "forecasting" focus'],
  decision_makers: ['Meet economic buyer', 'Exec sponsor call', 'Align with CFO, then CIO'],
  perception_analysis: ['Security review', 'Reference call', 'Address concerns from "pilot" feedback'],
  proposal: ['Send proposal', 'Review pricing, terms', 'Proposal walkthrough'],
  negotiation: ['Redline contract', 'Legal review, MSA', 'Final pricing approval'],
};

export const INDUSTRIES = [
  'Software', 'Financial Services', 'Healthcare', 'Manufacturing', 'Retail', 'Education',
  'Logistics', 'Media', 'Professional Services', 'Energy',
] as const;
export const INDUSTRY_WEIGHTS = [18, 12, 10, 12, 9, 6, 8, 6, 12, 7];

export interface CountryProfile { name: string; tld: string; phonePrefix: string; suffixes: readonly string[]; weight: number }
export const COUNTRIES: readonly CountryProfile[] = [
  { name: 'United States', tld: 'com', phonePrefix: '+1', suffixes: ['Inc.', ', Inc.', 'LLC', 'Corp', 'Co.', ''], weight: 45 },
  { name: 'United Kingdom', tld: 'co.uk', phonePrefix: '+44', suffixes: ['Ltd', 'Ltd.', 'PLC', ''], weight: 12 },
  { name: 'Germany', tld: 'de', phonePrefix: '+49', suffixes: ['GmbH', 'AG', ''], weight: 10 },
  { name: 'France', tld: 'fr', phonePrefix: '+33', suffixes: ['SAS', 'SA', ''], weight: 7 },
  { name: 'Canada', tld: 'ca', phonePrefix: '+1', suffixes: ['Inc.', 'Ltd.', ''], weight: 6 },
  { name: 'Netherlands', tld: 'nl', phonePrefix: '+31', suffixes: ['B.V.', ''], weight: 5 },
  { name: 'Australia', tld: 'com.au', phonePrefix: '+61', suffixes: ['Pty Ltd', ''], weight: 5 },
  { name: 'Sweden', tld: 'se', phonePrefix: '+46', suffixes: ['AB', ''], weight: 4 },
  { name: 'Spain', tld: 'es', phonePrefix: '+34', suffixes: ['S.L.', 'S.A.', ''], weight: 3 },
  { name: 'India', tld: 'in', phonePrefix: '+91', suffixes: ['Pvt Ltd', ''], weight: 3 },
];

/** Lead volume by calendar month (Jan..Dec): summer and December dips, busy March and autumn. */
export const MONTH_SEASONALITY = [1.05, 1.05, 1.1, 1.0, 1.0, 0.95, 0.8, 0.7, 1.1, 1.1, 1.05, 0.8];
/** Yearly growth of lead volume, so later cohorts are bigger. */
export const YEARLY_GROWTH = 0.2;

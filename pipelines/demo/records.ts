// The records of the demo CRM and their histories. A record is an initial state plus dated
// changes; the snapshot writer replays the changes to show each record as of each snapshot.
import type { ForecastCategory, LeadStatus, OpportunityType, Stage, TeamName } from './catalog.ts';
import type { IdentityRegistry } from './identity.ts';

/** Anything another record points at; ids are given once every record exists (in creation order). */
export interface Ref {
  id: string;
}

export interface Change<S> {
  at: number;
  patch: Partial<S>;
}

export class Timeline<S extends object> implements Ref {
  id = '';
  readonly changes: Change<S>[] = [];
  /** When the record disappears from the CRM (deleted or merged); null while it exists. */
  deletedAt: number | null = null;

  constructor(
    readonly createdAt: number,
    readonly initial: S,
  ) {}

  /** Changes at the same moment apply in the order they were set, so a later set wins. */
  set(at: number, patch: Partial<S>): void {
    this.changes.push({ at, patch });
  }

  /**
   * Puts the changes in time order once the history is complete. The sort is stable, so changes
   * at the same moment keep the order they were set in (and a later set still wins).
   */
  sortChanges(): void {
    this.changes.sort((a, b) => a.at - b.at);
  }

  /** The state with every change before `cutoff` applied; the changes must be sorted. */
  stateBefore(cutoff: number): S {
    const state = { ...this.initial };
    for (const change of this.changes) {
      if (change.at >= cutoff) break;
      Object.assign(state, change.patch);
    }
    return state;
  }
}

export interface LeadState {
  source: string | null;
  campaign: Ref | null;
  status: LeadStatus;
  rawStatus: string;
  owner: string | null;
  firstName: string;
  lastName: string;
  company: string;
  email: string | null;
  phone: string | null;
  industry: string;
  country: string;
  employees: number;
  budgetConfirmed: boolean | null;
  authorityConfirmed: boolean | null;
  needConfirmed: boolean | null;
  timelineConfirmed: boolean | null;
  budgetAmount: number | null; // cents
  expectedDecisionDate: number | null; // day
  score: number;
  activityCount: number;
  lastActivityAt: number | null;
  isConverted: boolean | null;
  convertedAt: number | null;
  convertedOpportunity: Ref | null;
  convertedAccount: Ref | null;
  convertedContact: Ref | null;
}

export interface OpportunityState {
  account: Ref | null;
  contact: Ref | null;
  owner: string | null;
  name: string;
  type: OpportunityType;
  amount: number | null; // cents
  product: string;
  stage: Stage;
  rawStage: string;
  probability: number;
  forecastCategory: ForecastCategory;
  closeDate: number | null; // day
  isClosed: boolean | null;
  isWon: boolean | null;
  closedAt: number | null;
  source: string | null;
  campaign: Ref | null;
  lead: Ref | null;
  decisionMakerIdentified: boolean | null;
  budgetConfirmed: boolean | null;
  nextStep: string | null;
  lastActivityAt: number | null;
  lostReason: string | null;
}

export interface AccountState {
  name: string;
  industry: string;
  country: string;
  employees: number;
}

export interface ContactState {
  account: Ref | null;
  firstName: string;
  lastName: string;
  email: string | null;
  phone: string | null;
}

export type Lead = Timeline<LeadState>;
export type Opportunity = Timeline<OpportunityState>;
export type Account = Timeline<AccountState>;
export type Contact = Timeline<ContactState>;

/** Rows of the small reference files; `visibleFrom` is when the row first shows in exports. */
export interface Campaign extends Ref {
  name: string;
  source: string;
  startedOn: number;
  endedOn: number;
  costCents: number;
  visibleFrom: number;
}

export interface SourceCost {
  source: string;
  month: string;
  costCents: number;
  visibleFrom: number;
}

export interface Target {
  period: string;
  owner: string;
  team: string;
  amountCents: number;
  visibleFrom: number;
}

/** A deal won by the normal simulation, kept to set targets in line with bookings. */
export interface Booking {
  closedAt: number;
  amountCents: number;
  team: TeamName;
}

export interface SnapshotGrid {
  dates: string[];
  /** A record belongs to snapshot k when created before cutoffs[k] (the snapshot day, 00:00 UTC). */
  cutoffs: number[];
}

export interface World {
  seed: number;
  scale: number;
  /** Customers signed before the history, per unit of scale (the installed base that renews and expands). */
  customersPerScale: number;
  /** How long marketing keeps touching a nurtured lead (Infinity: for as long as the history runs). */
  nurtureDays: number;
  grid: SnapshotGrid;
  /** Records start this long before the first snapshot, so it already shows a working pipeline. */
  historyStart: number;
  lastCutoff: number;
  registry: IdentityRegistry;
  leads: Lead[];
  opportunities: Opportunity[];
  accounts: Account[];
  contacts: Contact[];
  campaigns: Campaign[];
  sourceCosts: SourceCost[];
  targets: Target[];
  /** Opportunity ids that leads name but the CRM never held (broken conversions, H4a). */
  phantomOpportunities: Ref[];
  bookings: Booking[];
}

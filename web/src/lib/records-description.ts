/**
 * What a records list is, in words: "Leads of cohort 2026-02 that reached MQL, source web,
 * created 2026-02-01 to 2026-02-28, as of 2026-04-01". Built from the URL's filters (the
 * `where` columns) and the period and snapshot the procedure resolved.
 */
import { formatMonth } from './format.ts';
import type { RecordKind, WhereValue } from './records-link.ts';

// "that reached MQL" / "that did not reach MQL", per boolean column.
const STEP_PHRASES: Record<string, [string, string]> = {
  reached_mql: ['reached MQL', 'did not reach MQL'],
  reached_sql: ['reached SQL', 'did not reach SQL'],
  reached_opportunity: ['converted to an opportunity', 'did not convert to an opportunity'],
  reached_won: ['were won', 'were not won'],
  is_converted: ['are converted', 'are not converted'],
  is_open: ['are open', 'are closed'],
  is_won: ['were won', 'were not won'],
  is_lost: ['were lost', 'were not lost'],
};

// How each other column reads: "source web", "owner alice", "in stage proposal".
const ATTRIBUTE_NAMES: Record<string, string> = {
  system: 'system', source: 'source', campaign_id: 'campaign', status: 'status', owner: 'owner', team: 'team',
  industry: 'industry', country: 'country', stage: 'stage', type: 'type', forecast_category: 'forecast category', account_id: 'account',
};

const PERIOD_VERBS: Record<string, string> = { created_at: 'created', closed_on: 'closed', close_date: 'with a close date' };

function periodPhrase(periodOn: string, periodAsked: string | undefined, resolved: string): string {
  const verb = PERIOD_VERBS[periodOn] ?? periodOn;
  if (resolved === 'all') return periodOn === 'created_at' ? 'of any date' : `${verb} at any date, or with no date`;
  const days = resolved.replace('..', ' to ');
  return periodAsked && periodAsked !== resolved ? `${verb} in ${periodAsked} (${days})` : `${verb} ${days}`;
}

function joinAnd(parts: string[]): string {
  return parts.length <= 1 ? parts.join('') : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}

/** A sentence saying which records a list holds. */
export function describeRecords(options: {
  kind: RecordKind;
  where: Record<string, WhereValue>;
  periodOn: string;
  periodAsked: string | undefined;
  period: string;
  asOf: string;
}): string {
  const subject = options.kind === 'lead' ? 'Leads' : 'Opportunities';
  const head: string[] = [];
  const clauses: string[] = [];
  const attributes: string[] = [];
  for (const [column, value] of Object.entries(options.where)) {
    if (column === 'cohort_month' && typeof value === 'string') head.push(`of cohort ${formatMonth(value)}`);
    else if (column === 'created_month' && typeof value === 'string') head.push(`created in ${formatMonth(value)}`);
    else if (column in STEP_PHRASES && typeof value === 'boolean') clauses.push(STEP_PHRASES[column][value ? 0 : 1]);
    else if (value === null) head.push(`with no ${ATTRIBUTE_NAMES[column] ?? column}`);
    else attributes.push(`${ATTRIBUTE_NAMES[column] ?? column} ${String(value)}`);
  }
  const period = periodPhrase(options.periodOn, options.periodAsked, options.period);
  const described = [subject, ...head, clauses.length > 0 ? `that ${joinAnd(clauses)}` : ''].filter(Boolean).join(' ');
  // "Leads created in 2026-Q1": the period reads as part of a bare subject, after a comma otherwise.
  const bare = head.length === 0 && clauses.length === 0 && attributes.length === 0;
  return [bare ? `${described} ${period}` : described, ...(bare ? [] : [...attributes, period]), `as of ${options.asOf}`].join(', ');
}

import { For, Show, type JSX } from 'solid-js';
import { formatReviewStatus, formatSentence } from '../lib/format.ts';
import type { AuditRuleSummary } from '../lib/view-reports.ts';
import type { AuditQuery, FindingFilterName } from './audit-links.ts';

const SEVERITIES = ['high', 'medium', 'low'];
const STATUSES = ['open', 'confirmed', 'not_an_issue', 'fixed'];
const SINCE = [{ value: 'holds', label: 'Still holds' }, { value: 'resolved', label: 'Resolved since' }];

interface Choice { value: string; label: string }

/**
 * The findings list's filters, each a select whose choice goes to the URL (an empty choice
 * removes it). Owners are those with findings in the quarter's audit, plus the one chosen.
 */
export function AuditFindingsFilters(props: { query: AuditQuery; rules: AuditRuleSummary[]; owners: string[]; showSince: boolean; onChange: (name: FindingFilterName, value: string) => void }) {
  const rules = () => props.rules.filter((rule) => rule.enabled).map((rule) => ({ value: rule.rule_id, label: `${rule.rule_id} ${rule.title}` }));
  const owners = () => [...new Set([...props.owners, ...(props.query.owner ? [props.query.owner] : [])])].sort().map((owner) => ({ value: owner, label: owner }));
  return (
    <form class="filter-bar audit-filters" aria-label="Findings filters" onSubmit={(event) => event.preventDefault()}>
      <FilterSelect name="rule" label="Rule" all="All rules" choices={rules()} query={props.query} onChange={props.onChange} />
      <FilterSelect name="owner" label="Owner" all="All owners" choices={owners()} query={props.query} onChange={props.onChange} />
      <FilterSelect name="severity" label="Severity" all="Any severity" choices={SEVERITIES.map((value) => ({ value, label: formatSentence(value) }))} query={props.query} onChange={props.onChange} />
      <FilterSelect name="status" label="Review status" all="Any status" choices={STATUSES.map((value) => ({ value, label: formatReviewStatus(value) }))} query={props.query} onChange={props.onChange} />
      {/* For the quarter under way every finding still holds: the filter only means something for a past quarter. */}
      <Show when={props.showSince || props.query.since}>
        <FilterSelect name="since" label="Since the audit" all="Either" choices={SINCE} query={props.query} onChange={props.onChange} />
      </Show>
    </form>
  );
}

function FilterSelect(props: { name: FindingFilterName; label: string; all: string; choices: Choice[]; query: AuditQuery; onChange: (name: FindingFilterName, value: string) => void }) {
  const current = () => props.query[props.name];
  // A value typed into the URL that is no choice stays shown, so the select says what the list shows.
  const choices = () => (current() && !props.choices.some((choice) => choice.value === current()) ? [...props.choices, { value: current()!, label: current()! }] : props.choices);
  return (
    <Field label={props.label}>
      <select data-testid={`findings-filter-${props.name}`} onChange={(event) => props.onChange(props.name, event.currentTarget.value)}>
        <option value="" selected={!current()}>{props.all}</option>
        <For each={choices()}>{(choice) => <option value={choice.value} selected={choice.value === current()}>{choice.label}</option>}</For>
      </select>
    </Field>
  );
}

function Field(props: { label: string; children: JSX.Element }) {
  return <label class="filter-field"><span class="filter-label">{props.label}</span>{props.children}</label>;
}

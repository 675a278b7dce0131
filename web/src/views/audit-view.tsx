import { useIsRouting, useLocation, useNavigate } from '@solidjs/router';
import { createMemo, createResource, Match, Show, Suspense, Switch } from 'solid-js';
import { auditAmountChart } from '../charts/audit-amount-chart.ts';
import { AuditComparisonTable } from '../components/audit-comparison-table.tsx';
import { AuditFindingsFilters } from '../components/audit-findings-filters.tsx';
import { AuditFindingsTable } from '../components/audit-findings-table.tsx';
import { AuditImpactCards } from '../components/audit-impact-cards.tsx';
import { auditExportHref, auditHref, FINDINGS_ANCHOR, findingsInput, readAuditQuery, type AuditQuery, type FindingFilterName } from '../components/audit-links.ts';
import { AuditQuarterSelect } from '../components/audit-quarter-select.tsx';
import { AuditRulesTable } from '../components/audit-rules-table.tsx';
import { LeadScoreCard } from '../components/lead-score-card.tsx';
import { FilterBar } from '../components/filter-bar.tsx';
import { PlotFigure } from '../components/plot-figure.tsx';
import { EmptyNotice, LoadingNotice, ProblemNotice } from '../components/problem-notice.tsx';
import { formatCount } from '../lib/format.ts';
import { api } from '../lib/trpc.ts';
import type { AuditFindingsPage, AuditReport } from '../lib/view-reports.ts';

/** Findings per page; the procedure allows up to 500. */
export const FINDINGS_PAGE_SIZE = 50;

/**
 * The quarterly classification audit (DESIGN sections 6 and 7): what misclassification does to
 * pipeline, funnel and forecast, the findings per rule, quarter against quarter, and the list of
 * findings to review, all from the URL (see components/audit-links.ts).
 */
export function AuditView() {
  const location = useLocation();
  const isRouting = useIsRouting();
  const query = createMemo(() => readAuditQuery(new URLSearchParams(location.search)));
  // The view's figures depend on the snapshot and quarter only: a change of the list's filters does not reload them.
  const scope = createMemo(() => ({ ...(query().asOf ? { asOf: query().asOf } : {}), ...(query().quarter ? { quarter: query().quarter } : {}) }),
    undefined, { equals: (a, b) => a.asOf === b.asOf && a.quarter === b.quarter });
  const [report] = createResource(scope, (input) => api.audit.view.query(input));
  return (
    <section class="view" classList={{ stale: isRouting() }}>
      <header class="view-header">
        <h1>Audit</h1>
        <p class="lede">Which leads are really opportunities and which opportunities are really leads, what that hides or inflates, what else is dirty, and what was fixed since: quarter by quarter, as of each quarter-end snapshot.</p>
      </header>
      <FilterBar withSource={false} withPeriod={false} />
      <Suspense fallback={<LoadingNotice />}>
        <Switch>
          <Match when={report.error}>{(error) => <ProblemNotice error={error()} />}</Match>
          <Match when={report()}>{(loaded) => <AuditFigures report={loaded()} query={query()} />}</Match>
        </Switch>
      </Suspense>
    </section>
  );
}

function AuditFigures(props: { report: AuditReport; query: AuditQuery }) {
  const navigate = useNavigate();
  // Links keep the snapshot and quarter of the URL, so they read the same audit.
  const scoped = (change: AuditQuery) => ({ asOf: props.query.asOf, quarter: props.query.quarter, ...change });
  const ruleOrder = () => props.report.tables.rules.map((rule) => rule.rule_id);
  return (
    <>
      <div class="filter-bar audit-scope">
        <AuditQuarterSelect quarters={props.report.tables.quarters} value={props.report.quarter}
          onChange={(quarter) => navigate(auditHref({ ...props.query, quarter, page: undefined }), { scroll: false })} />
        <p class="as-of-line" data-testid="as-of-line">
          <span>Findings as of <strong data-testid="audit-date">{props.report.audit_date}</strong>; "resolved since" and reviews as of <strong data-testid="as-of">{props.report.as_of}</strong></span>
          <Show when={props.report.as_of_requested && props.report.as_of_requested !== props.report.as_of}>
            <span class="note" data-testid="as-of-note">No snapshot was loaded on {props.report.as_of_requested}: showing the latest one on or before it, {props.report.as_of}.</span>
          </Show>
        </p>
      </div>
      <section class="card">
        <h2>What misclassification does</h2>
        <Show when={props.report.tables.impact[0]} fallback={<EmptyNotice message="The impact could not be computed for this quarter." />}>
          {(impact) => <AuditImpactCards impact={impact()} />}
        </Show>
        <p class="table-caption audit-impact-caption">As of {props.report.audit_date}; a record counts once however many rules it breaks, and findings a reviewer marked not an issue are left out.</p>
      </section>
      <section class="card">
        <h2>Findings by rule, {props.report.quarter}</h2>
        <AuditRulesTable rules={props.report.tables.rules} findingsHref={(rule, status) => auditHref(scoped({ rule: rule.rule_id, status }), { toList: true })} />
      </section>
      <figure class="card">
        <h2>Amount at stake by rule</h2>
        <Show when={props.report.tables.rules.some((rule) => rule.enabled && rule.findings > 0)} fallback={<p class="muted" data-testid="audit-chart-empty">No rule finds anything in this quarter's audit.</p>}>
          <PlotFigure testId="audit-amount-chart" label="Amount at stake by rule"
            chart={(width) => auditAmountChart(props.report.tables.rules, { width, ruleHref: (rule) => auditHref(scoped({ rule: rule.rule_id }), { toList: true }) })} />
        </Show>
        <figcaption>A bar opens the rule's findings. Amount at stake: an opportunity's amount, a lead's estimated value (its budget amount, else the typical won deal of its segment); a rule whose records carry none shows no bar.</figcaption>
      </figure>
      <section class="card">
        <h2>Quarter against quarter</h2>
        <Show when={props.report.tables.comparison.some((row) => row.findings > 0)} fallback={<p class="muted">No rule found anything in these quarters.</p>}>
          <AuditComparisonTable rows={props.report.tables.comparison} ruleOrder={ruleOrder()} asOf={props.report.as_of}
            href={(quarter, rule, since) => auditHref({ asOf: props.query.asOf, quarter, rule, since }, { toList: true })} />
        </Show>
      </section>
      <AuditFindings report={props.report} query={props.query} />
      <LeadScores scope={{ asOf: props.query.asOf, quarter: props.report.quarter }} />
    </>
  );
}

/** The lead scores beside each other (rule L3 reads the one config names), fitted when first shown. */
function LeadScores(props: { scope: { asOf?: string; quarter: string } }) {
  const [models] = createResource(() => ({ ...(props.scope.asOf ? { asOf: props.scope.asOf } : {}), quarter: props.scope.quarter }), (input) => api.audit.leadScore.query(input));
  return (
    <Suspense fallback={<LoadingNotice />}>
      <Switch>
        <Match when={models.error}>{(error) => <ProblemNotice error={error()} />}</Match>
        <Match when={models()}>{(loaded) => <LeadScoreCard models={loaded()} />}</Match>
      </Switch>
    </Suspense>
  );
}

function AuditFindings(props: { report: AuditReport; query: AuditQuery }) {
  const navigate = useNavigate();
  const [findings] = createResource(() => findingsInput(props.query, FINDINGS_PAGE_SIZE), (input) => api.audit.findings.query(input));
  const setFilter = (name: FindingFilterName, value: string) => navigate(auditHref({ ...props.query, [name]: value || undefined, page: undefined }, { toList: true }), { scroll: false });
  const quarter = () => props.report.tables.quarters.find((row) => row.quarter === props.report.quarter);
  const exportHref = () => auditExportHref({ ...props.query, quarter: props.report.quarter, asOf: props.report.as_of });
  return (
    <section class="card" id={FINDINGS_ANCHOR} aria-labelledby="audit-findings-heading">
      <div class="audit-findings-head">
        <h2 id="audit-findings-heading">Findings, {props.report.quarter}</h2>
        <a href={exportHref()} download="" data-testid="audit-export">Export this quarter to CSV</a>
      </div>
      <AuditFindingsFilters query={props.query} rules={props.report.tables.rules} owners={props.report.tables.owners.map((row) => row.owner).filter((owner): owner is string => owner !== null)}
        showSince={quarter()?.is_complete ?? false} onChange={setFilter} />
      <Suspense fallback={<LoadingNotice />}>
        <Switch>
          <Match when={findings.error}>{(error) => <ProblemNotice error={error()} />}</Match>
          <Match when={findings()}>{(loaded) => <FindingsList findings={loaded()} query={props.query} />}</Match>
        </Switch>
      </Suspense>
    </section>
  );
}

function FindingsList(props: { findings: AuditFindingsPage; query: AuditQuery }) {
  const hrefWith = (change: { sort?: string; direction?: 'asc' | 'desc'; page?: number }) => auditHref({
    ...props.query, sort: change.sort ?? props.query.sort, direction: change.direction ?? props.query.direction, page: change.page,
  }, { toList: true });
  return (
    <>
      <p class="records-total"><strong data-testid="findings-total">{formatCount(props.findings.total)}</strong> {props.findings.total === 1 ? 'finding' : 'findings'}</p>
      <Show when={props.findings.total > 0} fallback={<EmptyNotice message="No finding matches these filters." />}>
        <AuditFindingsTable findings={props.findings} sort={props.query.sort} direction={props.query.direction} hrefWith={hrefWith} />
      </Show>
    </>
  );
}

// The owners the select offers: those of the findings listed (the procedures list no owners apart).

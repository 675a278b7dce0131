import { Show, type JSX } from 'solid-js';
import { formatCount, formatMoney, formatPercent } from '../lib/format.ts';
import type { AuditImpact } from '../lib/view-reports.ts';

const plural = (count: number, one: string, many: string) => `${formatCount(count)} ${count === 1 ? one : many}`;

/**
 * What misclassification does to pipeline, funnel and forecast as of the audit's snapshot
 * (procedure audit.view, table impact; sql/marts/audit_impact.sql). Each "reclassified" figure
 * says in one line what moved, as the mart's header defines it.
 */
export function AuditImpactCards(props: { impact: AuditImpact }) {
  const i = () => props.impact;
  return (
    <div class="audit-impact" data-testid="audit-impact">
      <ImpactCard figure="hidden" title="Pipeline hidden in leads" value={formatMoney(i().hidden_value)}>
        {plural(i().hidden_leads, 'lead looks like an opportunity', 'leads look like opportunities')} (an L rule), valued at the budget amount, else the typical won deal of the segment
        <Show when={i().hidden_leads_without_estimate > 0}>; {formatCount(i().hidden_leads_without_estimate)} with no basis for an estimate, counted but not valued</Show>.
      </ImpactCard>
      <ImpactCard figure="inflated" title="Pipeline inflated by false opportunities" value={formatMoney(i().inflated_amount)}>
        {plural(i().inflated_opportunities, 'open opportunity looks like a lead', 'open opportunities look like leads')} (an O rule), at their amount.
      </ImpactCard>
      <CompareCard figure="open_pipeline" title="Open pipeline" asItReads={formatMoney(i().open_pipeline)} reclassified={formatMoney(i().open_pipeline_reclassified)}>
        Reclassified: less the inflated opportunities, plus the hidden leads at their estimated value.
      </CompareCard>
      <CompareCard figure="conversion" title="Lead → opportunity conversion" asItReads={formatPercent(i().conversion_rate)} reclassified={formatPercent(i().conversion_rate_reclassified)}>
        Of {plural(i().funnel_leads, 'lead', 'leads')} created in the four quarters ending with the last one complete by the audit date. Reclassified: {formatCount(i().funnel_hidden)} hidden counted as converted, {formatCount(i().funnel_inflated)} behind inflated opportunities as not.
      </CompareCard>
      <CompareCard figure="weighted_forecast" title="The quarter's weighted forecast" asItReads={formatMoney(i().weighted_forecast)} reclassified={formatMoney(i().weighted_forecast_reclassified)}>
        Reclassified: without the inflated deals closing this quarter, with each hidden lead's value × {formatPercent(i().qualification_probability)} (the qualification stage) as if it closed this quarter: an upper bound.
      </CompareCard>
    </div>
  );
}

function ImpactCard(props: { figure: string; title: string; value: string; children: JSX.Element }) {
  return (
    <article class="card audit-impact-card" data-testid="audit-impact-card" data-figure={props.figure}>
      <h3>{props.title}</h3>
      <strong class="audit-impact-value" data-testid="audit-impact-value">{props.value}</strong>
      <p class="audit-impact-note">{props.children}</p>
    </article>
  );
}

function CompareCard(props: { figure: string; title: string; asItReads: string; reclassified: string; children: JSX.Element }) {
  return (
    <article class="card audit-impact-card" data-testid="audit-impact-card" data-figure={props.figure}>
      <h3>{props.title}</h3>
      <dl class="audit-impact-compare">
        <dt>As it reads</dt><dd data-testid="audit-impact-as-it-reads">{props.asItReads}</dd>
        <dt>Reclassified</dt><dd data-testid="audit-impact-reclassified">{props.reclassified}</dd>
      </dl>
      <p class="audit-impact-note">{props.children}</p>
    </article>
  );
}

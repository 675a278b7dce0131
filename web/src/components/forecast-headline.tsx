import { A } from '@solidjs/router';
import { Show, type JSX } from 'solid-js';
import type { ForecastDeals } from '../charts/forecast-style.ts';
import { formatCount, formatCoverage, formatMoney, formatSentence } from '../lib/format.ts';
import type { ForecastSummary } from '../lib/view-reports.ts';

// The view's own layout (three figures a row on a wide page); the shared stylesheet has no headline grid.
const GRID_STYLE: JSX.CSSProperties = { display: 'grid', 'grid-template-columns': 'repeat(auto-fill, minmax(min(300px, 100%), 1fr))', gap: '1rem' };
const CARD_STYLE: JSX.CSSProperties = { display: 'flex', 'flex-direction': 'column', gap: '0.3rem' };
const FIGURE_STYLE: JSX.CSSProperties = { 'font-size': '1.9rem', 'line-height': '1.15', 'font-weight': 650, 'font-variant-numeric': 'tabular-nums', 'text-decoration': 'none' };
const DETAIL_STYLE: JSX.CSSProperties = { margin: 0, color: 'var(--ink-soft)', 'font-size': '0.9rem' };

const deals = (count: number) => `${formatCount(count)} ${count === 1 ? 'deal' : 'deals'}`;

/**
 * What is left to close to reach the target. The mart sends the target and closed won but not
 * their difference, which the coverage sentence names; see the report on forecast_summary.
 */
/** The coverage sentence: `1.1x coverage of the remaining 40,000`, `target met` or `no target for this period`. */
export function coverageText(summary: ForecastSummary): string {
  if (summary.coverage_status === 'no target') return 'no target for this period';
  if (summary.coverage_status === 'target met') return 'target met';
  return `${formatCoverage(summary.coverage)} coverage of the remaining ${formatMoney(summary.remaining_to_target)}`;
}

/** The period's forecast in six figures for sales leadership (procedure forecast.view, table summary); each links to its deals. */
export function ForecastHeadline(props: { summary: ForecastSummary; dealsHref: (deals: ForecastDeals) => string }) {
  const s = () => props.summary;
  return (
    <div style={GRID_STYLE} data-testid="forecast-headline">
      <HeadlineFigure figure="closed_won" title="Closed won so far" value={s().closed_won} href={props.dealsHref('closed_won')} linkTitle="The deals won in the period">
        {deals(s().closed_won_deals)} won in the period
      </HeadlineFigure>
      <HeadlineFigure figure="weighted_pipeline" title="Weighted pipeline" value={s().weighted_pipeline} href={props.dealsHref('open_pipeline')} linkTitle="The open deals it weights">
        Closed won + {formatMoney(s().weighted_open)} from open deals × probability
      </HeadlineFigure>
      <HeadlineFigure figure="commit" title="Commit" value={s().category_commit} href={props.dealsHref('commit')} linkTitle="The open deals in commit">
        Closed won + open deals in commit
      </HeadlineFigure>
      <HeadlineFigure figure="best_case" title="Best case" value={s().category_best_case} href={props.dealsHref('best_case')} linkTitle="The open deals in best case">
        Commit + open deals in best case
      </HeadlineFigure>
      <HeadlineFigure figure="open_pipeline" title="Open pipeline" value={s().open_pipeline} href={props.dealsHref('open_pipeline')} linkTitle="The open deals closing in the period">
        {deals(s().open_deals)} closing in the period; pipeline category alone <span data-testid="forecast-pipeline-alone">{formatMoney(s().category_pipeline_alone)}</span>
        <Show when={s().category_omitted > 0}>, omitted {formatMoney(s().category_omitted)}</Show>
      </HeadlineFigure>
      <TargetFigure summary={s()} href={props.dealsHref('open_pipeline')} />
    </div>
  );
}

function HeadlineFigure(props: { figure: string; title: string; value: number; href: string; linkTitle: string; children: JSX.Element }) {
  return (
    <article class="card" style={CARD_STYLE} data-testid="forecast-figure" data-figure={props.figure}>
      <h3>{props.title}</h3>
      <A href={props.href} title={`${props.linkTitle}`} style={FIGURE_STYLE} data-testid="forecast-figure-value">{formatMoney(props.value)}</A>
      <p style={DETAIL_STYLE}>{props.children}</p>
    </article>
  );
}

function TargetFigure(props: { summary: ForecastSummary; href: string }) {
  return (
    <article class="card" style={CARD_STYLE} data-testid="forecast-figure" data-figure="target">
      <h3>Target and coverage</h3>
      <Show when={props.summary.target !== null} fallback={<span style={{ ...FIGURE_STYLE, color: 'var(--ink-faint)' }} data-testid="forecast-figure-value">None</span>}>
        <span style={FIGURE_STYLE} data-testid="forecast-figure-value">{formatMoney(props.summary.target)}</span>
      </Show>
      <p style={DETAIL_STYLE} data-testid="forecast-coverage" data-status={props.summary.coverage_status}>
        <Show when={props.summary.coverage_status === 'open'} fallback={formatSentence(coverageText(props.summary))}>
          <A href={props.href} title="The open deals closing in the period">{coverageText(props.summary)}</A>
        </Show>
      </p>
    </article>
  );
}

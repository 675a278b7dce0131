import { A, useIsRouting, useSearchParams } from '@solidjs/router';
import { createEffect, createMemo, createResource, For, Match, on, Show, Suspense, Switch, type JSX } from 'solid-js';
import { pipelineWaterfallChart } from '../charts/pipeline-waterfall-chart.ts';
import { DataTable, type Column } from '../components/data-table.tsx';
import { PlotFigure } from '../components/plot-figure.tsx';
import { EmptyNotice, LoadingNotice, ProblemNotice } from '../components/problem-notice.tsx';
import { SortableTable, type SortableColumn } from '../components/sortable-table.tsx';
import { formatCount, formatDay, formatMoney, formatMoneyChange, formatSentence, NO_VALUE } from '../lib/format.ts';
import { recentQuarters, yearsOf } from '../lib/period-choices.ts';
import { recordHref } from '../lib/records-link.ts';
import { api } from '../lib/trpc.ts';
import type { FilterChoices, PipelineDeal, PipelineMovementReport, PipelineStepDeals, PipelineWaterfallStep } from '../lib/view-reports.ts';

/** Deals per page of a bar's drill-down; the procedure allows up to 200. */
const PAGE_SIZE = 50;

type DealsInput = Parameters<typeof api.pipeline.deals.query>[0];

/**
 * What the URL holds: `asOf` is the end snapshot ("to", as in every view), `from` the start
 * snapshot, `period`, and the bar whose deals are listed (`step`) with their sort and page.
 */
interface MovementQuery {
  from?: string;
  to?: string;
  period?: string;
  step?: string;
  sort?: string;
  direction?: 'asc' | 'desc';
  page: number;
}

type Params = Partial<Record<'asOf' | 'from' | 'period' | 'step' | 'sort' | 'direction' | 'page', string>>;

function readQuery(params: Params): MovementQuery {
  const page = Number(params.page);
  return {
    from: params.from || undefined, to: params.asOf || undefined, period: params.period || undefined, step: params.step || undefined,
    sort: params.sort || undefined, direction: params.direction === 'asc' || params.direction === 'desc' ? params.direction : undefined,
    page: Number.isInteger(page) && page > 0 ? page : 0,
  };
}

/** This view's link with the given query, keys in a fixed order so links compare equal. */
function pipelineHref(query: Partial<MovementQuery>): string {
  const search = new URLSearchParams();
  const entries: Array<[string, string | number | undefined]> = [
    ['asOf', query.to], ['from', query.from], ['period', query.period], ['step', query.step], ['sort', query.sort], ['direction', query.direction], ['page', query.page || undefined],
  ];
  for (const [key, value] of entries) if (value !== undefined && value !== '') search.set(key, String(value));
  const text = search.toString();
  return text ? `/pipeline?${text}` : '/pipeline';
}

/** Pipeline movement between two snapshots as a waterfall, and the deals behind each bar. */
export function PipelineView() {
  const [params, setParams] = useSearchParams<Params>();
  const isRouting = useIsRouting();
  const query = createMemo(() => readQuery({ ...params }), undefined, { equals: (a, b) => JSON.stringify(a) === JSON.stringify(b) });
  const movementInput = createMemo(() => ({ from: query().from, to: query().to, period: query().period }), undefined, { equals: (a, b) => JSON.stringify(a) === JSON.stringify(b) });
  // the dashboard pages a bar's deals through pipeline.deals, so the full list of moved deals is not sent
  const [report] = createResource(movementInput, (input) => api.pipeline.movement.query({ ...input, deals: false }));
  // a new window or period starts the drill-down from its first page
  const change = (next: Params) => setParams({ ...next, page: undefined });
  return (
    <section class="view" classList={{ stale: isRouting() }}>
      <header class="view-header">
        <h1>Pipeline movement</h1>
        <p class="lede">How the open pipeline closing in the period changed between two snapshots, and which deals moved it.</p>
      </header>
      <MovementFilters query={query()} onChange={change} />
      <Suspense fallback={<LoadingNotice />}>
        <Switch>
          <Match when={report.error}>{(error) => <ProblemNotice error={error()} />}</Match>
          <Match when={report()}>{(loaded) => <MovementFigures report={loaded()} query={query()} />}</Match>
        </Switch>
      </Suspense>
    </section>
  );
}

function MovementFilters(props: { query: MovementQuery; onChange: (change: Params) => void }) {
  const [choices] = createResource(() => api.options.filters.query());
  return (
    <form class="filter-bar" aria-label="Filters" onSubmit={(event) => event.preventDefault()}>
      <Suspense fallback={<span class="muted">Loading snapshots…</span>}>
        <Switch>
          <Match when={choices.error}>{(error) => <span class="muted">Snapshots unavailable: {error() instanceof Error ? error().message : String(error())}</span>}</Match>
          <Match when={choices()}>{(loaded) => <WindowSelects choices={loaded()} query={props.query} onChange={props.onChange} />}</Match>
        </Switch>
      </Suspense>
    </form>
  );
}

function WindowSelects(props: { choices: FilterChoices; query: MovementQuery; onChange: (change: Params) => void }) {
  const latest = () => props.choices.snapshots[0];
  const to = () => props.query.to ?? latest();
  // a start snapshot must come before the end one; a date typed into the URL stays selectable
  const fromDates = () => withCurrent(props.choices.snapshots.filter((date) => !to() || date < to()), props.query.from);
  const pickTo = (date: string) => props.onChange({ asOf: date || undefined, from: props.query.from && date && props.query.from >= date ? undefined : props.query.from });
  return (
    <>
      <Field label="From snapshot">
        <select data-testid="filter-from" onChange={(event) => props.onChange({ from: event.currentTarget.value || undefined })}>
          <option value="" selected={!props.query.from}>The one before “to”</option>
          <For each={fromDates()}>{(date) => <option value={date} selected={date === props.query.from}>{date}</option>}</For>
        </select>
      </Field>
      <Field label="To snapshot">
        <select data-testid="filter-to" onChange={(event) => pickTo(event.currentTarget.value)}>
          <option value="" selected={!props.query.to}>{latest() ? `Latest snapshot (${latest()})` : 'No snapshot loaded'}</option>
          <For each={withCurrent(props.choices.snapshots, props.query.to)}>{(date) => <option value={date} selected={date === props.query.to}>{date}</option>}</For>
        </select>
      </Field>
      <Field label="Period (close date)">
        <MovementPeriodSelect to={to()} value={props.query.period} onChange={(period) => props.onChange({ period: period || undefined })} />
      </Field>
    </>
  );
}

// The quarters a pipeline is usually looked at for: the next two after the end snapshot's and six up to it.
function quarterChoices(to: string | undefined): string[] {
  if (!to) return [];
  const year = Number(to.slice(0, 4));
  const quarter = Math.floor((Number(to.slice(5, 7)) - 1) / 3) + 1;
  const later = [1, 2].map((step) => (quarter + step > 4 ? `${year + 1}-Q${quarter + step - 4}` : `${year}-Q${quarter + step}`)).reverse();
  return [...later, ...recentQuarters(to, 6)];
}

function MovementPeriodSelect(props: { to: string | undefined; value: string | undefined; onChange: (period: string) => void }) {
  const quarters = () => quarterChoices(props.to);
  const years = () => yearsOf(quarters());
  const isOther = () => props.value !== undefined && props.value !== 'all' && !quarters().includes(props.value) && !years().includes(props.value);
  const isSelected = (period: string) => (props.value ?? '') === period;
  return (
    <select data-testid="filter-period" onChange={(event) => props.onChange(event.currentTarget.value)}>
      <option value="" selected={isSelected('')}>{props.to ? `Default (quarter of ${props.to}: ${recentQuarters(props.to, 1)[0]})` : 'Default (quarter of the end snapshot)'}</option>
      <option value="all" selected={isSelected('all')}>All time (any close date)</option>
      <Show when={isOther()}><option value={props.value} selected>{props.value}</option></Show>
      <optgroup label="Quarters"><For each={quarters()}>{(quarter) => <option value={quarter} selected={isSelected(quarter)}>{quarter}</option>}</For></optgroup>
      <optgroup label="Years"><For each={years()}>{(year) => <option value={year} selected={isSelected(year)}>{year}</option>}</For></optgroup>
    </select>
  );
}

function Field(props: { label: string; children: JSX.Element }) {
  return <label class="filter-field"><span class="filter-label">{props.label}</span>{props.children}</label>;
}

function withCurrent(values: string[], current: string | undefined): string[] {
  return current === undefined || values.includes(current) ? values : [...values, current];
}

function MovementFigures(props: { report: PipelineMovementReport; query: MovementQuery }) {
  const steps = () => props.report.tables.waterfall;
  const selected = () => steps().find((step) => step.step === props.query.step);
  // every link keeps the snapshots and period as the URL states them, so it reproduces the view
  const stepHref = (step: PipelineWaterfallStep) => (step.deals > 0 ? `${pipelineHref({ ...props.query, step: step.step, sort: undefined, direction: undefined, page: 0 })}` : undefined);
  return (
    <>
      <WindowLine report={props.report} periodAsked={props.query.period} />
      <Show when={steps().some((step) => step.deals > 0)} fallback={<EmptyNotice message="No open deal closing in this period at either snapshot." />}>
        <figure class="card">
          <h2>Open pipeline, {formatDay(props.report.from)} → {formatDay(props.report.to)}</h2>
          <PlotFigure testId="waterfall-chart" label="Pipeline movement waterfall" chart={(width) => pipelineWaterfallChart(steps(), { width, stepHref, selected: props.query.step })} />
          <figcaption>
            Start and end: open deals closing in the period (forecast category not omitted). Each deal moves in one bar: leaving at its start
            amount, entering at its end amount, or by its change in amount. Click a bar to list its deals.
          </figcaption>
        </figure>
        <div class="card">
          <StepsTable steps={steps()} selected={props.query.step} stepHref={stepHref} />
        </div>
        <Show when={props.query.step}>
          {(step) => <StepDeals query={props.query} step={step()} row={selected()} />}
        </Show>
      </Show>
    </>
  );
}

function WindowLine(props: { report: PipelineMovementReport; periodAsked: string | undefined }) {
  const period = () => (props.report.period === 'all' ? 'all close dates' : props.report.period);
  const betweenNote = (asked: string | null, used: string) => (asked && asked !== used ? `No snapshot was loaded on ${asked}: using the latest one on or before it, ${used}.` : undefined);
  return (
    <p class="as-of-line" data-testid="movement-window">
      <span>
        From <strong data-testid="movement-from">{props.report.from}</strong> to <strong data-testid="movement-to">{props.report.to}</strong>
        {' '}(period <strong data-testid="period">{props.periodAsked ? `${props.periodAsked}: ${period()}` : `default, ${period()}`}</strong>)
      </span>
      <Show when={props.report.from === props.report.to}>
        <span class="note" data-testid="same-snapshot-note">Start and end are the same snapshot: nothing can have moved. Load another snapshot or pick an earlier “from”.</span>
      </Show>
      <For each={[betweenNote(props.report.from_requested, props.report.from), betweenNote(props.report.to_requested, props.report.to)].filter(Boolean)}>
        {(note) => <span class="note" data-testid="between-snapshots-note">{note}</span>}
      </For>
    </p>
  );
}

const STEP_COLUMNS: Column<PipelineWaterfallStep>[] = [
  { header: 'Step', testId: 'step-label', cell: (step) => step.label },
  { header: 'Deals', testId: 'step-deals', numeric: true, cell: (step) => formatCount(step.deals) },
  { header: 'Amount', testId: 'step-amount', numeric: true, cell: (step) => (step.direction === 'total' ? formatMoney(step.amount) : formatMoneyChange(step.amount)) },
  { header: 'Running total', testId: 'step-running', numeric: true, cell: (step) => formatMoney(step.bar_end) },
];

/** The waterfall's steps as a table (procedure pipeline.movement, table waterfall); a row lists its deals. */
function StepsTable(props: { steps: PipelineWaterfallStep[]; selected: string | undefined; stepHref: (step: PipelineWaterfallStep) => string | undefined }) {
  return (
    <DataTable
      caption="Each step's deals and amount; entries and increases add, exits and decreases subtract. Click a step to list its deals."
      testId="steps-table" rowTestId="step-row" columns={STEP_COLUMNS} rows={props.steps}
      rowAttributes={(step) => ({ 'data-step': step.step, ...(step.step === props.selected ? { 'aria-current': 'true', style: 'background: var(--accent-soft)' } : {}) })}
      rowClass={(step) => (step.step === 'end' ? 'total-row' : '')}
      rowHref={props.stepHref}
    />
  );
}

const CATEGORY_LABELS: Record<string, string> = {
  created: 'Created', pulled_in: 'Pulled in', increased: 'Increased', decreased: 'Decreased', won: 'Won', lost: 'Lost',
  pushed_out: 'Pushed out', other_in: 'Other in', other_out: 'Other out', unchanged: 'Unchanged',
};

// The stage, close date and forecast category of one side of the move; a deal absent then says why.
function StateAt(props: { stage: string | null; closeDate: string | null; forecastCategory: string | null; absent: string }) {
  return (
    <Show when={props.stage} fallback={<span class="muted">{props.absent}</span>}>
      {(stage) => (
        <>
          {stage().replaceAll('_', ' ')}<br />
          <span class="muted">{props.closeDate ? formatDay(props.closeDate) : 'no close date'} · {(props.forecastCategory ?? 'no category').replaceAll('_', ' ')}</span>
        </>
      )}
    </Show>
  );
}

function dealColumns(asOf: (deal: PipelineDeal) => string): SortableColumn<PipelineDeal>[] {
  return [
    {
      header: 'Deal', testId: 'deal-name', sort: 'name',
      cell: (deal) => (
        // long deal names wrap, so the amounts stay on screen
        <span style={{ display: 'inline-block', 'white-space': 'normal', 'max-width': '16rem' }}>
          <A href={recordHref('opportunity', deal.system, deal.opportunity_id, asOf(deal))}>{deal.name ?? deal.opportunity_id}</A><br />
          <span class="muted">{deal.opportunity_id} · {deal.owner ?? 'no owner'}</span>
        </span>
      ),
    },
    {
      header: 'Movement', testId: 'deal-category',
      cell: (deal) => <>{CATEGORY_LABELS[deal.category] ?? deal.category}<Show when={deal.detail}>{(detail) => <><br /><span class="muted" data-testid="deal-detail">{detail()}</span></>}</Show></>,
    },
    {
      header: 'At start', testId: 'deal-start', sort: 'start_close_date', firstDirection: 'asc',
      cell: (deal) => <StateAt stage={deal.start_stage} closeDate={deal.start_close_date} forecastCategory={deal.start_forecast_category} absent={deal.exists_at_start ? NO_VALUE : 'not there yet'} />,
    },
    { header: 'Start amount', testId: 'deal-start-amount', numeric: true, sort: 'start_amount', cell: (deal) => (deal.exists_at_start ? formatMoney(deal.start_amount) : NO_VALUE) },
    {
      header: 'At end', testId: 'deal-end', sort: 'end_close_date', firstDirection: 'asc',
      cell: (deal) => <StateAt stage={deal.end_stage} closeDate={deal.end_close_date} forecastCategory={deal.end_forecast_category} absent={deal.exists_at_end ? NO_VALUE : 'deleted'} />,
    },
    { header: 'End amount', testId: 'deal-end-amount', numeric: true, sort: 'end_amount', cell: (deal) => (deal.exists_at_end ? formatMoney(deal.end_amount) : NO_VALUE) },
    { header: 'Change', testId: 'deal-change', numeric: true, sort: 'amount', cell: (deal) => formatMoneyChange(deal.amount) },
  ];
}

// The part of its bar each deal is, largest first, unless the URL sorts otherwise.
const defaultSort = (step: string) => (step === 'start' ? 'start_amount' : step === 'end' ? 'end_amount' : 'size');

/** The deals behind one bar (procedure pipeline.deals), paged, each opening its record. */
function StepDeals(props: { query: MovementQuery; step: string; row: PipelineWaterfallStep | undefined }) {
  let section!: HTMLElement;
  const input = createMemo(() => ({
    from: props.query.from, to: props.query.to, period: props.query.period, category: props.step,
    sort: props.query.sort ?? defaultSort(props.step), direction: props.query.direction ?? 'desc', page: props.query.page, pageSize: PAGE_SIZE,
  }) as DealsInput, undefined, { equals: (a, b) => JSON.stringify(a) === JSON.stringify(b) });
  const [deals] = createResource(input, (query) => api.pipeline.deals.query(query));
  // a click on a bar lands on its deals
  createEffect(on(() => props.step, () => section.scrollIntoView({ block: 'start' })));
  const hrefWith = (change: Partial<MovementQuery>) => pipelineHref({ ...props.query, ...change });
  return (
    <section class="card" ref={section} data-testid="step-deals" data-step={props.step} aria-label="Deals of the selected step">
      <h2 data-testid="step-deals-title">
        {props.row ? `${props.row.label}: ${formatCount(props.row.deals)} ${props.row.deals === 1 ? 'deal' : 'deals'}, ${props.row.direction === 'total' ? formatMoney(props.row.amount) : formatMoneyChange(props.row.amount)}` : `Deals: ${props.step}`}
        {' '}<A href={hrefWith({ step: undefined, sort: undefined, direction: undefined, page: 0 })} class="muted" style={{ 'font-weight': 'normal', 'font-size': '0.85rem' }}>close</A>
      </h2>
      <Suspense fallback={<LoadingNotice />}>
        <Switch>
          <Match when={deals.error}>{(error) => <ProblemNotice error={error()} />}</Match>
          <Match when={deals()}>{(loaded) => <DealsTable deals={loaded()} query={props.query} step={props.step} hrefWith={hrefWith} />}</Match>
        </Switch>
      </Suspense>
    </section>
  );
}

function DealsTable(props: { deals: PipelineStepDeals; query: MovementQuery; step: string; hrefWith: (change: Partial<MovementQuery>) => string }) {
  // a deal still there at the end opens as of the end snapshot; a deleted one as of the start
  const asOf = (deal: PipelineDeal) => (deal.exists_at_end ? props.deals.to : props.deals.from);
  return (
    <Show when={props.deals.total > 0} fallback={<EmptyNotice message="No deal moved this way." />}>
      <SortableTable
        caption={`${formatSentence(describeStep(props.step))} Click a column's name to sort by it, a deal to open its history.`}
        testId="deals-table" rowTestId="deal-row" columns={dealColumns(asOf)} rows={props.deals.rows}
        sort={props.query.sort ?? defaultSort(props.step)} direction={props.query.direction ?? 'desc'}
        sortHref={(sort, direction) => props.hrefWith({ sort, direction, page: 0 })}
        rowHref={(deal) => recordHref('opportunity', deal.system, deal.opportunity_id, asOf(deal))}
        rowAttributes={(deal) => ({ 'data-id': deal.opportunity_id })}
      />
      <DealsPager deals={props.deals} hrefWith={props.hrefWith} />
    </Show>
  );
}

function describeStep(step: string): string {
  const sides = 'At start and at end: the stage, then the close date and forecast category.';
  if (step === 'start') return `open deals closing in the period at the start snapshot, and what became of each. ${sides}`;
  if (step === 'end') return `open deals closing in the period at the end snapshot, and how each got there. ${sides}`;
  return `the deals of this step. ${sides}`;
}

function DealsPager(props: { deals: PipelineStepDeals; hrefWith: (change: Partial<MovementQuery>) => string }) {
  const pages = () => Math.max(1, Math.ceil(props.deals.total / props.deals.pageSize));
  const first = () => props.deals.page * props.deals.pageSize + 1;
  const last = () => Math.min(props.deals.total, (props.deals.page + 1) * props.deals.pageSize);
  return (
    <nav class="pager" aria-label="Pages" data-testid="deals-pager" style={{ display: 'flex', gap: '1rem', 'align-items': 'baseline', 'margin-top': '0.75rem' }}>
      <span data-testid="deals-range">
        <Show when={props.deals.rows.length > 0} fallback={`Page ${formatCount(props.deals.page + 1)} is past the last page (${formatCount(pages())}).`}>
          <Show when={pages() > 1} fallback={`${formatCount(props.deals.total)} ${props.deals.total === 1 ? 'deal' : 'deals'}`}>
            {formatCount(first())}–{formatCount(last())} of {formatCount(props.deals.total)} deals
          </Show>
        </Show>
      </span>
      <Show when={props.deals.page > 0}>
        <A href={props.hrefWith({ page: Math.min(props.deals.page, pages()) - 1 })} data-testid="deals-previous">← Previous {formatCount(props.deals.pageSize)}</A>
      </Show>
      <Show when={props.deals.page + 1 < pages()}>
        <A href={props.hrefWith({ page: props.deals.page + 1 })} data-testid="deals-next">Next {formatCount(props.deals.pageSize)} →</A>
      </Show>
    </nav>
  );
}

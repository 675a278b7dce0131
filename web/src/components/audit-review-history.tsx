import { Show } from 'solid-js';
import { formatDate, formatReviewStatus, formatTimestamp, NO_VALUE } from '../lib/format.ts';
import type { AuditReview } from '../lib/view-reports.ts';
import { DataTable, type Column } from './data-table.tsx';

const COLUMNS: Column<AuditReview>[] = [
  { header: 'When', testId: 'review-when', cell: (review) => formatTimestamp(review.reviewed_at) },
  { header: 'Decision', testId: 'review-decision', cell: (review) => formatReviewStatus(review.decision) },
  { header: 'Reviewer', testId: 'review-reviewer', cell: (review) => review.reviewer },
  { header: 'Note', testId: 'review-note-text', cell: (review) => <span class="wrap">{review.note ?? NO_VALUE}</span> },
  { header: 'Seen as of', testId: 'review-as-of', cell: (review) => formatDate(review.as_of) },
];

/** Every decision a finding has had, newest first (procedure audit.finding, reviews). */
export function AuditReviewHistory(props: { reviews: AuditReview[] }) {
  return (
    <Show when={props.reviews.length > 0} fallback={<p class="muted" data-testid="review-history-empty">No review yet.</p>}>
      <details class="review-history" open>
        <summary>Review history ({props.reviews.length})</summary>
        <DataTable caption="Each decision, with the snapshot its reviewer saw the finding in." testId="review-history" rowTestId="review-row" columns={COLUMNS} rows={props.reviews} />
      </details>
    </Show>
  );
}

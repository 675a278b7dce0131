/**
 * How every view writes numbers. The server sends rates as fractions 0..1 and money as plain
 * numbers in the warehouse currency; turning them into text happens here and nowhere else.
 */

// One fixed locale, so a screenshot or a test reads the same on every machine.
const LOCALE = 'en-US';

/** Shown where a figure has no value (a rate over zero records, an interval with no denominator). */
export const NO_VALUE = '—';

const counts = new Intl.NumberFormat(LOCALE, { maximumFractionDigits: 0 });
const percents = new Intl.NumberFormat(LOCALE, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 });
const bareNumbers = new Intl.NumberFormat(LOCALE, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const wholeMoney = new Intl.NumberFormat(LOCALE, { maximumFractionDigits: 0 });
const centsMoney = new Intl.NumberFormat(LOCALE, { minimumFractionDigits: 2, maximumFractionDigits: 2 });

function isNumber(value: number | null | undefined): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/** A count of records: `1,234`. */
export function formatCount(count: number | null | undefined): string {
  return isNumber(count) ? counts.format(count) : NO_VALUE;
}

/** A rate (fraction 0..1) as a percentage with one decimal: `33.3%`. */
export function formatPercent(rate: number | null | undefined): string {
  return isNumber(rate) ? percents.format(rate) : NO_VALUE;
}

/** A 95% interval of a rate: `6.1–79.2%`; empty when the rate has none. */
export function formatInterval(low: number | null | undefined, high: number | null | undefined): string {
  if (!isNumber(low) || !isNumber(high)) return '';
  return `${bareNumbers.format(low * 100)}–${bareNumbers.format(high * 100)}%`;
}

/** A rate with its interval in one line, for tooltips: `33.3% (95% CI 6.1–79.2%)`. */
export function formatRateWithInterval(rate: number | null | undefined, low: number | null | undefined, high: number | null | undefined): string {
  const interval = formatInterval(low, high);
  return interval ? `${formatPercent(rate)} (95% CI ${interval})` : formatPercent(rate);
}

/** Money in the warehouse currency: whole units, with cents only where there are some. */
export function formatMoney(amount: number | null | undefined): string {
  if (!isNumber(amount)) return NO_VALUE;
  return Number.isInteger(amount) ? wholeMoney.format(amount) : centsMoney.format(amount);
}

const MONTH_NAMES = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** A cohort month written `2026-02` as `Feb 2026` (or `Feb` alone); anything else, such as `(no date)`, as it is. */
export function formatMonth(month: string, options: { withYear: boolean } = { withYear: true }): string {
  const match = /^(\d{4})-(\d{2})$/.exec(month);
  const name = match ? MONTH_NAMES[Number(match[2]) - 1] : undefined;
  if (!match || !name) return month;
  return options.withYear ? `${name} ${match[1]}` : name;
}

/** A number of days: `1 day`, `12 days`. */
export function formatDays(days: number | null | undefined): string {
  if (!isNumber(days)) return NO_VALUE;
  return `${counts.format(days)} ${Math.abs(days) === 1 ? 'day' : 'days'}`;
}

const seconds = new Intl.NumberFormat(LOCALE, { maximumFractionDigits: 2 });

/** How long a load took: `0.42 s`, `12.5 s`; under a hundredth of a second, `< 0.01 s`. */
export function formatSeconds(duration: number | null | undefined): string {
  if (!isNumber(duration)) return NO_VALUE;
  return duration < 0.01 ? '< 0.01 s' : `${seconds.format(duration)} s`;
}

/**
 * A moment the server wrote in ISO 8601 (`2026-04-08T07:54:17Z`), to the minute and in UTC, so it
 * reads the same on every machine: `2026-04-08 07:54 UTC`. Text that is no moment stays as it is.
 */
export function formatTimestamp(text: string | null | undefined): string {
  if (!text) return NO_VALUE;
  const moment = new Date(text);
  if (Number.isNaN(moment.getTime())) return text;
  return `${moment.toISOString().slice(0, 10)} ${moment.toISOString().slice(11, 16)} UTC`;
}

/** A description the server writes in lower case (`leads with no creation date`) as a sentence. */
export function formatSentence(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** A day written `2026-04-08` as `Apr 8` (or `Apr 8, 2026`); anything else as it is. */
export function formatDay(day: string, options: { withYear: boolean } = { withYear: true }): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  const name = match ? MONTH_NAMES[Number(match[2]) - 1] : undefined;
  if (!match || !name) return day;
  const text = `${name} ${Number(match[3])}`;
  return options.withYear ? `${text}, ${match[1]}` : text;
}

/** The day of a date or an ISO timestamp (`2026-01-05T09:00:00.000Z`) as `2026-01-05`, the day in UTC. */
export function formatDate(text: string | null | undefined): string {
  if (!text) return NO_VALUE;
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) return text;
  const moment = new Date(text);
  return Number.isNaN(moment.getTime()) ? text : moment.toISOString().slice(0, 10);
}

const decimals = new Intl.NumberFormat(LOCALE, { maximumFractionDigits: 1 });

/** A plain number such as a lead score: `72`, `72.5`. */
export function formatNumber(value: number | null | undefined): string {
  return isNumber(value) ? decimals.format(value) : NO_VALUE;
}

const coverageRatios = new Intl.NumberFormat(LOCALE, { minimumFractionDigits: 1, maximumFractionDigits: 1 });

/** Pipeline coverage (open pipeline over what is left to close) as a multiple: `1.1x`. */
export function formatCoverage(ratio: number | null | undefined): string {
  return isNumber(ratio) ? `${coverageRatios.format(ratio)}x` : NO_VALUE;
}

const compactMoney = new Intl.NumberFormat(LOCALE, { notation: 'compact', maximumFractionDigits: 1 });

/** Money on a chart axis, where room is short: `40K`, `1.2M`. */
export function formatMoneyCompact(amount: number | null | undefined): string {
  return isNumber(amount) ? compactMoney.format(amount) : NO_VALUE;
}

const pointsFormat = new Intl.NumberFormat(LOCALE, { minimumFractionDigits: 1, maximumFractionDigits: 1, signDisplay: 'exceptZero' });

/** A difference of two rates (fractions) in percentage points: `+16.7 pts`, `-4.0 pts`, `0.0 pts`. */
export function formatPoints(difference: number | null | undefined): string {
  return isNumber(difference) ? `${pointsFormat.format(difference * 100)} pts` : NO_VALUE;
}

const statisticFormat = new Intl.NumberFormat(LOCALE, { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** A test statistic such as z, to two decimals: `2.26`. */
export function formatStatistic(value: number | null | undefined): string {
  return isNumber(value) ? statisticFormat.format(value) : NO_VALUE;
}

/** A p-value: three decimals (`p = 0.024`), or `p < 0.001` below that. */
export function formatPValue(p: number | null | undefined): string {
  if (!isNumber(p)) return NO_VALUE;
  return p < 0.001 ? 'p < 0.001' : `p = ${p.toFixed(3)}`;
}

const signedPercents = new Intl.NumberFormat(LOCALE, { style: 'percent', minimumFractionDigits: 0, maximumFractionDigits: 0, signDisplay: 'exceptZero' });

/** A return on cost (a fraction: 4.4 is 440%) with its sign: `+440%`, `-100%`. */
export function formatRoi(roi: number | null | undefined): string {
  return isNumber(roi) ? signedPercents.format(roi) : NO_VALUE;
}

const signedWholeMoney = new Intl.NumberFormat(LOCALE, { maximumFractionDigits: 0, signDisplay: 'exceptZero' });
const signedCentsMoney = new Intl.NumberFormat(LOCALE, { minimumFractionDigits: 2, maximumFractionDigits: 2, signDisplay: 'exceptZero' });
const signedCompactMoney = new Intl.NumberFormat(LOCALE, { notation: 'compact', maximumFractionDigits: 1, signDisplay: 'exceptZero' });

/** A change in money, always signed: `+5,000.50`, `-12,000`, `0`. */
export function formatMoneyChange(amount: number | null | undefined): string {
  if (!isNumber(amount)) return NO_VALUE;
  return Number.isInteger(amount) ? signedWholeMoney.format(amount) : signedCentsMoney.format(amount);
}

/** A change in money where room is short, always signed: `+16K`, `-1.5K`. */
export function formatMoneyChangeCompact(amount: number | null | undefined): string {
  return isNumber(amount) ? signedCompactMoney.format(amount) : NO_VALUE;
}

const dayFractions = new Intl.NumberFormat(LOCALE, { maximumFractionDigits: 1 });

/** A duration in days that may have a fraction (a median, a time in a stage): `17.5 days`, `1 day`, `0 days`. */
export function formatDuration(days: number | null | undefined): string {
  if (!isNumber(days)) return NO_VALUE;
  const text = dayFractions.format(days);
  return `${text} ${text === '1' ? 'day' : 'days'}`;
}

const tenthsOfDays = new Intl.NumberFormat(LOCALE, { maximumFractionDigits: 1 });

/** A median number of days, which may fall between two whole days: `39.5 days`, `43 days`. */
export function formatMedianDays(days: number | null | undefined): string {
  if (!isNumber(days)) return NO_VALUE;
  return `${tenthsOfDays.format(days)} ${days === 1 ? 'day' : 'days'}`;
}

const ratios = new Intl.NumberFormat(LOCALE, { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** A ratio of two counts that is not a share and may pass 1, such as the funnel's period ratio: `0.20`, `2.50`. */
export function formatRatio(ratio: number | null | undefined): string {
  return isNumber(ratio) ? ratios.format(ratio) : NO_VALUE;
}

const wholePercents = new Intl.NumberFormat(LOCALE, { style: 'percent', maximumFractionDigits: 0 });

/** A rate (fraction 0..1) as a whole percentage, for round settings such as a test's power: `80%`. */
export function formatWholePercent(rate: number | null | undefined): string {
  return isNumber(rate) ? wholePercents.format(rate) : NO_VALUE;
}

const REVIEW_STATUS_LABELS: Record<string, string> = { open: 'Open', confirmed: 'Confirmed', not_an_issue: 'Not an issue', fixed: 'Fixed' };

/** An audit finding's review status or decision as a reviewer says it: `not_an_issue` as `Not an issue`. */
export function formatReviewStatus(status: string | null | undefined): string {
  if (!status) return NO_VALUE;
  return REVIEW_STATUS_LABELS[status] ?? formatSentence(status.replaceAll('_', ' '));
}

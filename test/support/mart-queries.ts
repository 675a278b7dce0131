import type { Warehouse } from '../../server/db/warehouse.ts';

/** The figure marts as tests call them: the same macros the routers call, with bound parameters. */
export function funnelCohorts(warehouse: Warehouse, asOf: string, start: string | null, end: string | null, source: string | null = null) {
  return warehouse.query(`select cohort_month, leads, mqls, sqls, opportunities, won from funnel_by_cohort($1::date, $2::date, $3::date, $4::varchar)`, [asOf, start, end, source]);
}

export function funnelSteps(warehouse: Warehouse, asOf: string, start: string | null, end: string | null, source: string | null = null) {
  return warehouse.query(`select step, records from funnel_steps($1::date, $2::date, $3::date, $4::varchar)`, [asOf, start, end, source]);
}

export function winRatesBySource(warehouse: Warehouse, asOf: string, start: string | null, end: string | null) {
  return warehouse.query(`select source, won, lost, won_amount, lost_amount, win_rate, win_rate_by_amount from win_rate_by_source($1::date, $2::date, $3::date)`, [asOf, start, end]);
}

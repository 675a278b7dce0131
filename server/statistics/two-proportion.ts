import cdf from '@stdlib/stats-base-dists-normal-cdf';
import quantile from '@stdlib/stats-base-dists-normal-quantile';

/**
 * The part of DESIGN section 5's comparison of two sources that needs the normal distribution,
 * which SQL lacks. The counts, rates and pooled z statistic come from the mart
 * sql/marts/source_comparison_counts.sql; this module turns them into a two-sided p-value and
 * the leads per source that would detect the observed difference.
 */

/** Significance level of the comparison: two-sided, 5%. */
export const ALPHA = 0.05;
/** Power the "leads needed" figure is for: an 80% chance to detect a true difference of the observed size. */
export const POWER = 0.8;

/** Two-sided p-value of a z statistic under the standard normal: 2 Φ(-|z|). */
export function twoSidedPValue(z: number): number {
  return 2 * cdf(-Math.abs(z), 0, 1);
}

/**
 * Leads per source (equal groups) for a pooled two-proportion z-test at level `alpha` to detect
 * rates `rateA` against `rateB` with the given power, rounded up:
 * n = (z₁₋α/₂ √(2 p̄ q̄) + z₁₋β √(p₁q₁ + p₂q₂))² / (p₁ − p₂)², with p̄ the mean of the two rates.
 * Null when the rates are equal: there is no difference to detect.
 */
export function leadsPerSourceToDetect(rateA: number, rateB: number, alpha = ALPHA, power = POWER): number | null {
  if (rateA === rateB) return null;
  const zAlpha = quantile(1 - alpha / 2, 0, 1);
  const zPower = quantile(power, 0, 1);
  const mean = (rateA + rateB) / 2;
  const spread = zAlpha * Math.sqrt(2 * mean * (1 - mean)) + zPower * Math.sqrt(rateA * (1 - rateA) + rateB * (1 - rateB));
  // round first to a millionth so floating-point noise cannot push an exact whole number up by one
  return Math.ceil(Number(((spread * spread) / ((rateA - rateB) ** 2)).toFixed(6)));
}

/** A row of sql/marts/source_comparison_counts.sql: what the test needs of it. */
export interface ConversionCounts {
  leads_a: number;
  leads_b: number;
  conversion_a: number | null;
  conversion_b: number | null;
  z: number | null;
}

export interface TwoProportionTest {
  alpha: number;
  power: number;
  /** Null when there is nothing to test: a source with no leads, or both at 0% or both at 100%. */
  p_value: number | null;
  is_significant: boolean;
  /** Only when the difference is not significant: leads per source that would detect it with 80% power. */
  leads_needed_per_source: number | null;
  more_leads_a: number | null;
  more_leads_b: number | null;
}

/**
 * The pooled two-proportion z-test (two-sided, alpha 0.05) on lead -> opportunity conversion of two
 * sources, and, when not significant, about how many more leads each source needs.
 */
export function testTwoProportions(counts: ConversionCounts, alpha = ALPHA, power = POWER): TwoProportionTest {
  const pValue = counts.z === null ? null : twoSidedPValue(counts.z);
  const isSignificant = pValue !== null && pValue < alpha;
  const needed = isSignificant || counts.conversion_a === null || counts.conversion_b === null
    ? null : leadsPerSourceToDetect(counts.conversion_a, counts.conversion_b, alpha, power);
  return {
    alpha,
    power,
    p_value: pValue,
    is_significant: isSignificant,
    leads_needed_per_source: needed,
    more_leads_a: needed === null ? null : Math.max(0, needed - counts.leads_a),
    more_leads_b: needed === null ? null : Math.max(0, needed - counts.leads_b),
  };
}

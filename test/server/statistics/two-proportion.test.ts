import { describe, expect, it } from 'vitest';
import { leadsPerSourceToDetect, testTwoProportions, twoSidedPValue } from '../../../server/statistics/two-proportion.ts';

// Worked by hand with a normal table: Φ(1.96) = 0.9750, Φ(0) = 0.5, z₀.₉₇₅ = 1.959964, z₀.₈ = 0.841621.
describe('twoSidedPValue', () => {
  it('is 2 Φ(-|z|)', () => {
    expect(twoSidedPValue(0)).toBe(1);
    expect(twoSidedPValue(1.959964)).toBeCloseTo(0.05, 6);
    expect(twoSidedPValue(-1.959964)).toBeCloseTo(0.05, 6);
    // Φ(2.1822) = 0.98545 -> 2 x 0.01455 = 0.0291
    expect(twoSidedPValue(2.1822)).toBeCloseTo(0.0291, 4);
    // textbook 45 of 100 against 30 of 100: pooled p = 0.375, SE sqrt(0.375 x 0.625 x 0.02) = 0.068465,
    // z = 0.15 / 0.068465 = 2.190890, Φ(2.190890) = 0.985770 -> p = 0.028460
    expect(twoSidedPValue(0.15 / Math.sqrt(0.375 * 0.625 * 0.02))).toBeCloseTo(0.02846, 5);
  });
});

describe('leadsPerSourceToDetect', () => {
  it('gives the leads per source for 80% power at alpha 0.05, rounded up', () => {
    // 0.45 against 0.30: p̄ = 0.375, 1.959964 sqrt(2 x 0.375 x 0.625) = 1.341896;
    // 0.841621 sqrt(0.45 x 0.55 + 0.30 x 0.70) = 0.569264; (1.911160)² / 0.15² = 162.33 -> 163
    expect(leadsPerSourceToDetect(0.45, 0.3)).toBe(163);
    expect(leadsPerSourceToDetect(0.3, 0.45)).toBe(163);
    // 0.5 against 1/3: p̄ = 5/12, 1.959964 sqrt(2 x 5/12 x 7/12) = 1.366520; 0.841621 sqrt(0.25 + 2/9) = 0.578348;
    // (1.944868)² / (1/6)² = 136.17 -> 137
    expect(leadsPerSourceToDetect(0.5, 1 / 3)).toBe(137);
    expect(leadsPerSourceToDetect(0.2, 0.2)).toBeNull();
  });
});

describe('testTwoProportions', () => {
  it('says a difference is not significant and how many more leads each source needs', () => {
    // 3 of 6 against 2 of 6: z = 0.585540, Φ(0.585540) = 0.720908 -> p = 0.558185; n = 137 per source
    const result = testTwoProportions({ leads_a: 6, leads_b: 6, conversion_a: 0.5, conversion_b: 1 / 3, z: 0.58554 });
    expect(result.p_value).toBeCloseTo(0.558185, 5);
    expect(result).toMatchObject({ alpha: 0.05, power: 0.8, is_significant: false, leads_needed_per_source: 137, more_leads_a: 131, more_leads_b: 131 });
  });

  it('says a difference is significant, with no leads needed', () => {
    // 3 of 6 against 0 of 8: z = 2.256304, Φ = 0.987974 -> p = 0.024052 < 0.05
    const result = testTwoProportions({ leads_a: 6, leads_b: 8, conversion_a: 0.5, conversion_b: 0, z: 2.256304 });
    expect(result.p_value).toBeCloseTo(0.024052, 5);
    expect(result).toMatchObject({ is_significant: true, leads_needed_per_source: null, more_leads_a: null, more_leads_b: null });
  });

  it('has no test without a statistic, and never asks for fewer leads than there are', () => {
    expect(testTwoProportions({ leads_a: 6, leads_b: 0, conversion_a: 0.5, conversion_b: null, z: null }))
      .toMatchObject({ p_value: null, is_significant: false, leads_needed_per_source: null });
    // 0.45 against 0.30 with 200 leads on one side: 163 needed, so 0 more there and 63 more on the other
    expect(testTwoProportions({ leads_a: 200, leads_b: 100, conversion_a: 0.45, conversion_b: 0.3, z: 1.5 }))
      .toMatchObject({ leads_needed_per_source: 163, more_leads_a: 0, more_leads_b: 63 });
  });
});

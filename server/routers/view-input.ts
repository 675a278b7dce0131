import { z } from 'zod';
import { viewFilterInput } from '../filters.ts';
import { parsePeriod } from '../periods.ts';

/**
 * A period that exists: the pattern of viewFilterInput lets through `2026-04-01..2026-02-30` and
 * `2026-05-01..2026-04-01`, which parsePeriod then refuses, and years below 1000, which JavaScript
 * dates read as 1900 onwards. Refused here, they answer as bad input rather than as a server fault.
 */
export const periodInput = viewFilterInput.shape.period.unwrap()
  .refine(isRealPeriod, 'a period whose dates exist and are in order, from the year 1000 on')
  .optional();

/** The filters of viewFilterInput with the period checked as above. */
export const checkedViewFilterInput = viewFilterInput.extend({ period: periodInput });

function isRealPeriod(text: string): boolean {
  try {
    const period = parsePeriod(text);
    return period.start === null || (period.start.slice(0, 4) === text.slice(0, 4) && period.start >= '1000');
  } catch {
    return false;
  }
}

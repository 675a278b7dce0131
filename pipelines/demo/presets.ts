// Company sizes for benchmarks. Each is an older company than the demo: six years of history
// before the first snapshot instead of half a year, nurture touches that stop after 90 days, and
// a larger installed base. So, as in a mature CRM, most records in a snapshot are settled and
// about 2% of leads and opportunities change (or are new) from one week to the next (the demo
// company: about 11%), and there is about one deal per four leads (the demo: one per six). The
// demo company itself (generate.ts defaults) uses none of these knobs. Counts are as of the last
// snapshot.
import type { DemoOptions } from './generate.ts';

export type ScalePresetName = 'small' | 'medium' | 'large';

export type ScalePreset = Required<Pick<DemoOptions, 'scale' | 'snapshots' | 'historyWeeks' | 'nurtureDays' | 'customersPerScale'>>;

const MATURE_COMPANY = { historyWeeks: 312, nurtureDays: 90, customersPerScale: 1250 } as const;

export const SCALE_PRESETS: Readonly<Record<ScalePresetName, ScalePreset>> = {
  /** About 20,000 leads and 5,500 opportunities (the demo's size), 26 weekly snapshots. */
  small: { ...MATURE_COMPANY, scale: 0.3, snapshots: 26 },
  /** About 200,000 leads and 54,000 opportunities, 52 weekly snapshots. */
  medium: { ...MATURE_COMPANY, scale: 2.7, snapshots: 52 },
  /** About 2,000,000 leads and 500,000 opportunities, 104 weekly snapshots. */
  large: { ...MATURE_COMPANY, scale: 22, snapshots: 104 },
};

// Plants the dirty and misclassified records of the audit (DESIGN section 6) into the world.
import { DAY, quarterKey } from './calendar.ts';
import { PlantBook, type PlantContext } from './planted-kit.ts';
import { plantLeads } from './planted-leads.ts';
import { plantOpportunities } from './planted-opportunities.ts';
import type { Random } from './random.ts';
import type { World } from './records.ts';

/**
 * The latest quarter-end snapshot (the last one on or before a quarter's last day) at least five
 * weeks before the last snapshot, so a plant can break a rule there and be fixed afterwards.
 */
export function earlierQuarterEnd(world: World): number | null {
  const cutoffs = world.grid.cutoffs;
  for (let k = cutoffs.length - 2; k >= 0; k--) {
    const day = cutoffs[k] as number;
    const closesQuarter = quarterKey(cutoffs[k + 1] as number) !== quarterKey(day);
    if (closesQuarter && day <= world.lastCutoff - 35 * DAY) return day;
  }
  return null;
}

export function plantRecords(world: World, random: Random): PlantBook {
  const context: PlantContext = {
    world, random, book: new PlantBook(), lastDay: world.lastCutoff, quarterEnd: earlierQuarterEnd(world),
  };
  plantLeads(context);
  plantOpportunities(context);
  return context.book;
}

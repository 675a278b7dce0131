import type * as Plot from '@observablehq/plot';

/** What every chart function takes besides its rows. */
export interface ChartOptions {
  /** The width to draw at, in pixels (the figure's width on the page). */
  width?: number;
  /** A document to draw into: the page's by default, a server-side one in tests. */
  document?: Document;
}

/** Restrained colours: one per series, a dark one for totals. */
export const COLOURS = {
  primary: '#3a6ea5',
  secondary: '#c8702a',
  total: '#1f2933',
  muted: '#8a94a3',
};

export const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';

/**
 * Whole-number ticks from the smallest count (0 unless some are drawn below the axis) to the
 * largest, at a step of 1, 2 or 5 times a power of ten: a count has no halves.
 */
export function countTicks(largest: number, smallest = 0): number[] {
  const rough = Math.max(1, (largest - smallest) / 6);
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((multiple) => multiple * magnitude).find((candidate) => candidate >= rough) ?? rough;
  const ticks: number[] = [];
  // `+ 0` turns a -0 into 0, which would otherwise be written "-0".
  for (let tick = Math.ceil(smallest / step) * step + 0; tick <= largest; tick += step) ticks.push(tick);
  return ticks;
}

/**
 * A render transform that names each drawn mark (one element per datum, in index order) with a
 * test id and the datum's key, so a test or a person's click can find "the mark for 2026-02".
 */
export function nameMarks<Datum>(rows: Datum[], testId: string, attribute: string, key: (row: Datum) => string): Plot.RenderFunction {
  return (index, scales, values, dimensions, context, next) => {
    const group = next?.(index, scales, values, dimensions, context) ?? null;
    if (group) {
      Array.from(group.children).forEach((element, i) => {
        element.setAttribute('data-testid', testId);
        element.setAttribute(attribute, key(rows[index[i]]));
      });
    }
    return group;
  };
}

import { useSearchParams } from '@solidjs/router';
import type { FilterName, ViewFilters } from './view-links.ts';

// Filters live in the URL query (DESIGN section 2), so a link reproduces the view; links are built in view-links.ts.

function firstValue(value: string | string[] | undefined): string | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  return text === undefined || text === '' ? undefined : text;
}

/** The URL's filters and a setter that changes some of them and keeps the rest (an empty value removes one). */
export function useViewFilters() {
  const [params, setParams] = useSearchParams<Record<FilterName, string>>();
  const filters = (): ViewFilters => ({
    asOf: firstValue(params.asOf),
    period: firstValue(params.period),
    source: firstValue(params.source),
  });
  const setFilters = (change: ViewFilters) => setParams({ ...change });
  return { filters, setFilters };
}


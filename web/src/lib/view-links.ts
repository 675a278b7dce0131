/** The filters a view reads from its URL query (DESIGN section 2): a link reproduces the view. */
export interface ViewFilters {
  asOf?: string;
  period?: string;
  source?: string;
}

export type FilterName = keyof ViewFilters;
const FILTER_NAMES: FilterName[] = ['asOf', 'period', 'source'];

/** Only the named filters that are set, for a procedure's strict input. */
export function pickFilters<Name extends FilterName>(filters: ViewFilters, names: Name[]): Pick<ViewFilters, Name> {
  const picked: Pick<ViewFilters, Name> = {} as Pick<ViewFilters, Name>;
  for (const name of names) if (filters[name] !== undefined) picked[name] = filters[name];
  return picked;
}

/** A view's path with the given filters in its query, in a fixed order so links compare equal. */
export function viewHref(path: string, filters: ViewFilters): string {
  const query = new URLSearchParams();
  for (const name of FILTER_NAMES) {
    const value = filters[name];
    if (value !== undefined && value !== '') query.set(name, value);
  }
  const text = query.toString();
  return text ? `${path}?${text}` : path;
}

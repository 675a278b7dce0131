/**
 * The mapping language: how a CRM's export (or any CSV) becomes the canonical contract, as
 * data. Each adapter is a mapping file; a user's own CSV is loaded with a mapping file of theirs.
 */

/** How one canonical column is filled from a source row. A bare string names the source column. */
export type ColumnRule =
  | string
  | {
      /** The source column, or several names of it (exports label columns differently): the first present is read. */
      column?: string | string[];
      /** A fixed value for every row. */
      constant?: string;
      /** Several source columns joined by `separator` (default "|"): a derived id. */
      combine?: string[];
      separator?: string;
      /** The source row number (1 = first record): an id for exports that have none. */
      rowNumber?: boolean;
      /** Prefix for the value (e.g. to keep ids of two files apart). */
      prefix?: string;
      /** A value map by name (`valueMaps` of the mapping, overridable in config). */
      map?: string;
      /** strptime formats for a date or timestamp, tried in order (e.g. "%m/%d/%y"); default ISO 8601. */
      formats?: string[];
      /** How numbers are written: "plain" (default) or "currency" ($1,234.50, 342.09K, 1.2M). */
      number?: 'plain' | 'currency';
      /** "," for exports that write 1.234,50 (the dot then separates thousands). */
      decimalSeparator?: '.' | ',';
      /** Multiply a number, e.g. 100 for a probability exported as 0-1. */
      multiply?: number;
    };

export interface EntityMapping {
  /** Source file name, or several names or globs (`deals-*.csv`) tried in order; the first match is read. */
  file: string | string[];
  /** Column delimiter; when absent, the one the header line uses most (`,` `;` tab `|`), else DuckDB sniffs it. */
  delimiter?: string;
  /** Skip source rows whose column equals one of these values (e.g. IsDeleted = TRUE). */
  skipWhen?: { column: string; values: string[] };
  /** Canonical column -> rule. Unlisted canonical columns are unknown (empty). */
  columns: Record<string, ColumnRule>;
}

export interface Mapping {
  /** The adapter's name and the default system name of its loads. */
  crm: string;
  system?: string;
  description?: string;
  /** How the loader recognises this format when --crm is not given. */
  detect?: { files?: string[]; headers?: string[] };
  /** Default strptime formats for date and timestamp columns that name none. */
  dateFormats?: string[];
  timestampFormats?: string[];
  /** Canonical table (leads, opportunities, accounts, ...) -> how to fill it. */
  entities: Record<string, EntityMapping>;
  /** Named value maps: source value (compared trimmed, case-insensitive) -> canonical value. */
  valueMaps?: Record<string, Record<string, string>>;
}

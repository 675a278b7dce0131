/**
 * The files of one load. The procedure sends them as JSON text (data.view, table loads, column
 * files); this turns that text into rows, and anything malformed into no rows rather than a crash.
 */

export interface LoadFile {
  file: string;
  sha256: string;
  rows_loaded: number | null;
  rows_rejected: number | null;
}

// Enough of a SHA-256 to tell two files apart at a glance; the full hash is in the cell's title.
const SHA256_PREFIX = 12;

function numberOrNull(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

export function parseLoadFiles(text: string | null | undefined): LoadFile[] {
  if (!text) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return [];
  }
  if (!Array.isArray(parsed)) return [];
  return parsed.filter((entry): entry is Record<string, unknown> => typeof entry === 'object' && entry !== null).map((entry) => ({
    file: String(entry.file ?? ''),
    sha256: String(entry.sha256 ?? ''),
    rows_loaded: numberOrNull(entry.rows_loaded),
    rows_rejected: numberOrNull(entry.rows_rejected),
  }));
}

export function sha256Prefix(sha256: string): string {
  return sha256.length > SHA256_PREFIX ? `${sha256.slice(0, SHA256_PREFIX)}…` : sha256;
}

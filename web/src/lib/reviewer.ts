import { createSignal } from 'solid-js';

/**
 * The name of the person reviewing audit findings in this browser (DESIGN section 6: a review
 * records who decided). Kept in localStorage so it is asked for once; the API client sends it
 * with every request (lib/trpc.ts), and the server records it with each review decision.
 */

const STORAGE_KEY = 'leadlens.reviewer';

/** What the server accepts as a name (server/http-server.ts): letters, digits, spaces and . , ' @ _ -, at most 100 characters. */
const NAME_PATTERN = /^[\p{L}\p{N} .,'@_-]{1,100}$/u;

function storedName(): string | null {
  // Storage can be switched off (a locked-down browser): then the name lasts until the page closes.
  try { return localStorage.getItem(STORAGE_KEY); } catch { return null; }
}

const [name, setName] = createSignal<string | null>(storedName());

/** The reviewer's name, or null when none was given in this browser. */
export function reviewerName(): string | null {
  return name();
}

/** Why a name would be refused, or null when it is fine. */
export function reviewerNameProblem(candidate: string): string | null {
  const trimmed = candidate.trim();
  if (!trimmed) return 'Give your name first.';
  return NAME_PATTERN.test(trimmed) ? null : 'Use letters, digits, spaces and . , \' @ _ - only, at most 100 characters.';
}

/** Keeps the name for later visits; an empty one forgets it. */
export function saveReviewerName(candidate: string): void {
  const trimmed = candidate.trim() || null;
  try {
    if (trimmed) localStorage.setItem(STORAGE_KEY, trimmed);
    else localStorage.removeItem(STORAGE_KEY);
  } catch { /* storage switched off: the name lives in memory only */ }
  setName(trimmed);
}

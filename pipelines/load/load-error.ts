/** One problem found in an input file, located as a spreadsheet would show it. */
export interface InputProblem {
  file: string;
  /** Row as a spreadsheet numbers it: the header is row 1, the first record row 2. */
  row?: number;
  column?: string;
  value?: string | null;
  problem: string;
}

/** A load that was refused: nothing of it reached the warehouse. */
export class LoadError extends Error {
  constructor(readonly step: string, readonly problems: InputProblem[], summary?: string) {
    super(summary ?? describeProblems(problems));
    this.name = 'LoadError';
  }
}

export function describeProblem(p: InputProblem): string {
  const where = [p.file, p.row === undefined ? null : `row ${p.row}`, p.column ? `column ${p.column}` : null]
    .filter(Boolean).join(', ');
  const value = p.value === undefined ? '' : ` (value ${p.value === null ? 'empty' : JSON.stringify(p.value)})`;
  return `${where}: ${p.problem}${value}`;
}

function describeProblems(problems: InputProblem[]): string {
  const shown = problems.slice(0, 10).map(describeProblem);
  const more = problems.length > shown.length ? [`... and ${problems.length - shown.length} more`] : [];
  return ['load refused, the warehouse is unchanged:', ...shown, ...more].join('\n  ');
}

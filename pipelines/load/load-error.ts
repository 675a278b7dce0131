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
  // a value may be megabytes long (a cell that swallowed the file): the message shows its start
  const shown = p.value && p.value.length > 200 ? `${p.value.slice(0, 200)}…` : p.value;
  const value = shown === undefined ? '' : ` (value ${shown === null ? 'empty' : JSON.stringify(shown)})`;
  return `${where}: ${p.problem}${value}`;
}

function describeProblems(problems: InputProblem[]): string {
  const shown = problems.slice(0, 10).map(describeProblem);
  const more = problems.length > shown.length ? [`... and ${problems.length - shown.length} more`] : [];
  return ['load refused, the warehouse is unchanged:', ...summariseUnknownValues(problems), ...shown, ...more].join('\n  ');
}

/** Each unknown value once, with how many rows carry it and where to map it. */
function summariseUnknownValues(problems: InputProblem[]): string[] {
  const unknown = new Map<string, number>();
  for (const problem of problems.filter((candidate) => candidate.problem.startsWith('unknown value'))) {
    const key = `${problem.file}, column ${problem.column}: unknown value ${JSON.stringify(problem.value)}${problem.problem.replace(/^unknown value/, '')}`;
    unknown.set(key, (unknown.get(key) ?? 0) + 1);
  }
  return [...unknown].map(([key, rows]) => `${key} (${rows} row${rows === 1 ? '' : 's'})`);
}

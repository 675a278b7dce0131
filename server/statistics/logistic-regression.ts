import { Matrix, solve } from 'ml-matrix';

/**
 * The learned lead score of DESIGN section 5: a binary logistic regression fitted by Newton's
 * method (iteratively reweighted least squares), which SQL cannot do. A small L2 penalty on the
 * coefficients (not the intercept) keeps the fit finite when a feature separates the classes,
 * e.g. a lead source whose every lead converted.
 */

/** Penalty λ of the L2 term λ/2 Σβ²: a prior of standard deviation √10 ≈ 3.2 on each coefficient, weak beside hundreds of leads. */
export const DEFAULT_L2_PENALTY = 0.1;
/** Newton converges in well under this many steps unless the data are degenerate. */
export const MAX_ITERATIONS = 25;
/** Converged when no coefficient moves by more than this in a step. */
export const TOLERANCE = 1e-8;

export interface LogisticModel {
  intercept: number;
  /** One per feature column, in the order of the rows' values. */
  coefficients: number[];
  iterations: number;
  converged: boolean;
}

export interface FitOptions { l2Penalty?: number; maxIterations?: number; tolerance?: number }

/**
 * Fits P(label) = 1 / (1 + exp(-(intercept + Σ coefficient × value))) by maximising the
 * log-likelihood less λ/2 Σ coefficient², Newton step after Newton step until no coefficient moves.
 */
export function fitLogisticRegression(rows: ReadonlyArray<readonly number[]>, labels: readonly boolean[], options: FitOptions = {}): LogisticModel {
  const { l2Penalty = DEFAULT_L2_PENALTY, maxIterations = MAX_ITERATIONS, tolerance = TOLERANCE } = options;
  if (rows.length === 0 || rows.length !== labels.length) throw new Error(`a fit needs rows and one label per row, not ${rows.length} rows and ${labels.length} labels`);
  const problem: Problem = {
    design: new Matrix(rows.map((row) => [1, ...row])),
    outcomes: labels.map(Number),
    penalties: [0, ...rows[0].map(() => l2Penalty)],
  };
  let beta = Matrix.zeros(problem.design.columns, 1);
  let objective = penalisedLogLikelihood(problem, beta);
  for (let iteration = 1; iteration <= maxIterations; iteration++) {
    const next = newtonStep(problem, beta, objective);
    beta = next.beta;
    objective = next.objective;
    if (next.largestMove < tolerance) return modelOf(beta, iteration, true);
  }
  return modelOf(beta, maxIterations, false);
}

/** The probability of the positive class for each row. */
export function predictProbabilities(model: LogisticModel, rows: ReadonlyArray<readonly number[]>): number[] {
  return rows.map((row) => sigmoid(row.reduce((sum, value, j) => sum + value * model.coefficients[j], model.intercept)));
}

/**
 * Area under the ROC curve by the Mann-Whitney rank sum, ties sharing their average rank:
 * (sum of positives' ranks - P (P + 1) / 2) / (P N). The same formula as sql/marts/lead_score_accuracy.sql.
 * Null when either class is empty.
 */
export function auc(scores: readonly number[], labels: readonly boolean[]): number | null {
  if (scores.length !== labels.length) throw new Error(`auc needs one label per score, not ${scores.length} scores and ${labels.length} labels`);
  const order = scores.map((_, i) => i).sort((a, b) => scores[a] - scores[b]);
  let positiveRankSum = 0;
  for (let start = 0; start < order.length;) {
    let end = start;
    while (end + 1 < order.length && scores[order[end + 1]] === scores[order[start]]) end++;
    const averageRank = (start + end) / 2 + 1; // ranks start .. end, counted from 1
    for (let i = start; i <= end; i++) if (labels[order[i]]) positiveRankSum += averageRank;
    start = end + 1;
  }
  const positives = labels.filter(Boolean).length;
  const negatives = labels.length - positives;
  if (positives === 0 || negatives === 0) return null;
  return (positiveRankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

interface Problem { design: Matrix; outcomes: number[]; penalties: number[] }

/**
 * One step: solves (XᵀWX + λD) Δ = Xᵀ(y - p) - λDβ, W = p(1 - p), D the identity without the
 * intercept; a step that lowers the penalised likelihood is halved until it does not.
 */
function newtonStep(problem: Problem, beta: Matrix, objective: number) {
  const { design, outcomes, penalties } = problem;
  const p = design.mmul(beta).getColumn(0).map(sigmoid);
  const sqrtWeights = p.map((pi) => Math.sqrt(Math.max(pi * (1 - pi), 1e-12)));
  const hessian = design.clone().mulColumnVector(sqrtWeights).gram();
  penalties.forEach((penalty, j) => hessian.set(j, j, hessian.get(j, j) + penalty));
  const gradient = design.transposeMultiply(Matrix.columnVector(outcomes.map((y, i) => y - p[i])));
  penalties.forEach((penalty, j) => gradient.set(j, 0, gradient.get(j, 0) - penalty * beta.get(j, 0)));
  const step = solve(hessian, gradient);
  let next = Matrix.add(beta, step);
  let nextObjective = penalisedLogLikelihood(problem, next);
  for (let halving = 0; halving < 20 && nextObjective < objective; halving++) {
    step.mul(0.5);
    next = Matrix.add(beta, step);
    nextObjective = penalisedLogLikelihood(problem, next);
  }
  return { beta: next, objective: nextObjective, largestMove: Math.max(...step.getColumn(0).map(Math.abs)) };
}

function sigmoid(eta: number): number {
  return 1 / (1 + Math.exp(-eta));
}

/** Σ y log p + (1 - y) log(1 - p) - λ/2 Σ β², with log p written stably as -log(1 + e^-η). */
function penalisedLogLikelihood({ design, outcomes, penalties }: Problem, beta: Matrix): number {
  const etas = design.mmul(beta).getColumn(0);
  const logLikelihood = etas.reduce((sum, eta, i) => sum + outcomes[i] * eta - softplus(eta), 0);
  return logLikelihood - penalties.reduce((sum, penalty, j) => sum + (penalty * beta.get(j, 0) ** 2) / 2, 0);
}

/** log(1 + e^x) without overflow. */
function softplus(x: number): number {
  return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
}

function modelOf(beta: Matrix, iterations: number, converged: boolean): LogisticModel {
  const [intercept, ...coefficients] = beta.getColumn(0);
  return { intercept, coefficients, iterations, converged };
}

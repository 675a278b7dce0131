/** Shared helpers of the bench: timing, medians and aligned figures. */

export async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const result = await work();
  return [result, performance.now() - started];
}

export const median = (numbers: readonly number[]) => [...numbers].sort((a, b) => a - b)[Math.floor(numbers.length / 2)];
export const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
export const millis = (ms: number) => `${ms.toFixed(1)} ms`;
export const kibibytes = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
export const mebibytes = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;
export const count = (n: number) => n.toLocaleString('en-US');
export const ratio = (ours: number, limit: number) => `${(ours / limit).toFixed(2)}x`;

/** Figures of one run, written to results.json beside the bench warehouse for the results table. */
export type Results = Record<string, unknown>;

// Seeded randomness for the demo company. Every part of the company draws from its own named
// stream, so adding a planted record does not reshuffle the normal history.
import { xoroshiro128plus, unsafeUniformIntDistribution } from 'pure-rand';
import type { RandomGenerator } from 'pure-rand';

const TWO_POW_26 = 67_108_864;
const TWO_POW_53 = 9_007_199_254_740_992;

/** FNV-1a over a label, mixed with the seed, so each stream gets an unrelated 32-bit seed. */
function streamSeed(seed: number, label: string): number {
  let hash = 0x811c9dc5 ^ Math.imul(seed | 0, 0x9e3779b1);
  for (let i = 0; i < label.length; i++) {
    hash = Math.imul(hash ^ label.charCodeAt(i), 0x01000193);
  }
  return hash | 0;
}

export class Random {
  private readonly generator: RandomGenerator;

  private constructor(seed: number) {
    this.generator = xoroshiro128plus(seed);
    // xoroshiro's seeding leaves the first outputs correlated with the seed: warm it up.
    for (let i = 0; i < 24; i++) this.generator.unsafeNext();
  }

  /** A stream named for the part of the company it drives ('leads', 'planted', ...). */
  static stream(seed: number, label: string): Random {
    return new Random(streamSeed(seed, label));
  }

  /** Uniform in [0, 1) with 53 bits of precision. */
  next(): number {
    const high = this.generator.unsafeNext() >>> 5;
    const low = this.generator.unsafeNext() >>> 6;
    return (high * TWO_POW_26 + low) / TWO_POW_53;
  }

  between(low: number, high: number): number {
    return low + (high - low) * this.next();
  }

  /** Integer in [low, high], both included. */
  int(low: number, high: number): number {
    return unsafeUniformIntDistribution(low, high, this.generator);
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(0, items.length - 1)] as T;
  }

  weighted<T>(items: readonly T[], weights: readonly number[]): T {
    let total = 0;
    for (const weight of weights) total += weight;
    let point = this.next() * total;
    for (let i = 0; i < items.length; i++) {
      point -= weights[i] as number;
      if (point < 0) return items[i] as T;
    }
    return items[items.length - 1] as T;
  }

  /** Standard normal (Box-Muller). */
  normal(): number {
    const u = 1 - this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
  }

  /** Log-normal around a median: right-skewed like deal sizes and cycle times. */
  logNormal(median: number, sigma: number): number {
    return median * Math.exp(sigma * this.normal());
  }

  /** Poisson count: Knuth for small means, a rounded normal for large ones. */
  poisson(mean: number): number {
    if (mean <= 0) return 0;
    if (mean > 40) return Math.max(0, Math.round(mean + Math.sqrt(mean) * this.normal()));
    const limit = Math.exp(-mean);
    let count = 0;
    let product = this.next();
    while (product > limit) {
      count++;
      product *= this.next();
    }
    return count;
  }
}

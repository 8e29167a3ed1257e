// SPDX-License-Identifier: GPL-2.0-only
// Generation from words (DESIGN §9). A generator that builds its value from a
// fixed-length sequence of u32 words (Draws) is a Drawn arbitrary: fast-check
// draws and shrinks the words for the test suite's properties, while the
// fuzzer's hot loop fills them from a seeded PRNG into a typed array, which
// costs a fraction of fast-check's generation. A case is reproducible from
// (seed, index) alone, and a failing one shrinks from its words. Every
// target's generator is Drawn.
import fc from "fast-check";

/**
 * The choices a value is built from: a fixed-length sequence of u32 words,
 * consumed in order; past its end every draw is 0. A word maps to its choice
 * monotonically (the word's share of 2^32 picks the share of the range), so
 * shrinking a word towards 0 moves its choice towards the first, simplest
 * option step by step, and a shrink that overshoots still lands near it:
 * counterexamples come out small.
 */
export class Draws {
  private i = 0;
  constructor(
    private readonly words: Words,
    private readonly from = 0,
    private readonly len = words.length,
  ) {}
  word(): number {
    const k = this.i++;
    return k < this.len && this.from + k < this.words.length ? this.words.at(this.from + k)! : 0;
  }
  /** A stream of its own over `len` words from `from` of this one's (0 past them). */
  sub(from: number, len: number): Draws {
    return new Draws(this.words, this.from + from, Math.max(0, Math.min(len, this.len - from)));
  }
  /** an integer in [min, max] */
  int(min: number, max: number): number {
    const span = max - min + 1;
    if (span <= 0x1_0000_0000) return min + Math.floor((this.word() * span) / 0x1_0000_0000);
    return Number(this.big(BigInt(min), BigInt(max)));
  }
  /** a bigint in [min, max] */
  big(min: bigint, max: bigint): bigint {
    const span = max - min + 1n;
    // spans a double holds exactly: one or two words as a fraction, scaled in
    // floating point (monotone in the words, as int()); BigInt is the slow path
    if (span <= 0x1_0000_0000n) return min + BigInt(this.int(0, Number(span) - 1));
    if (span <= 0x20_0000_0000_0000n) {
      const s = Number(span);
      const x = (this.word() + this.word() / 0x1_0000_0000) / 0x1_0000_0000;
      return min + BigInt(Math.min(s - 1, Math.floor(x * s)));
    }
    let v = 0n;
    let bits = 0n;
    for (; 1n << bits < span * 0x1_0000n; bits += 32n) v = (v << 32n) | BigInt(this.word());
    return min + ((v * span) >> bits);
  }
}

/** Where words come from: an array (fast-check's draws, a shrunk case) or a seeded stream read on demand. */
export interface Words {
  readonly length: number;
  at(i: number): number | undefined;
}

type Weighted<T> = [number, T | (() => T)];

/** One of the weighted choices (a thunk is called only when chosen); the first is the simplest. */
export function pick<T>(g: Draws, choices: Weighted<T>[]): T {
  let total = 0;
  for (const [w] of choices) total += w;
  let r = g.int(0, total - 1);
  for (const [w, v] of choices) {
    if (r < w) return typeof v === "function" ? (v as () => T)() : v;
    r -= w;
  }
  throw new Error("unreachable");
}

/** An integer in [min, max]. */
export const int = (g: Draws, min: number, max: number): number => g.int(min, max);

/** True with the given odds; a word of 0 (the shrink target) draws false. */
export const chance = (g: Draws, percent: number): boolean => g.int(0, 99) >= 100 - percent;

/** One of xs, the first the simplest; xs is never empty (a world is built so that the call has what it needs). */
export function anyOf<T>(g: Draws, xs: readonly T[]): T {
  if (!xs.length) throw new Error("generator: nothing to choose from (the world has no record the call needs)");
  return xs[g.int(0, xs.length - 1)]!;
}

/** `n` words as fast-check draws them (unbiased, so every word is uniform). */
export const drawWords = (n: number): fc.Arbitrary<number[]> =>
  fc.array(fc.noBias(fc.nat({ max: 0xffff_ffff })), { minLength: n, maxLength: n });

/** splitmix32's output function: a bijection of u32 that mixes every bit. */
function mix32(x: number): number {
  x = Math.imul(x ^ (x >>> 16), 0x21f0aaad);
  x = Math.imul(x ^ (x >>> 15), 0x735a2d97);
  return (x ^ (x >>> 15)) >>> 0;
}

/**
 * The words of case `index` of the batch seeded `seed`: a splitmix32 stream
 * of its own, read on demand (word i is a function of i), so that a case
 * pays only for the words its value reads, not for all a large one could.
 */
export function seededWords(n: number, seed: number, index: number): Words {
  const s = mix32(mix32(seed >>> 0) ^ Math.imul(index + 1, 0x9e3779b9));
  return { length: n, at: (i) => (i >= 0 && i < n ? mix32((s + Math.imul(i + 1, 0x9e3779b9)) | 0) : undefined) };
}

/** All `n` words of a source, as fast-check holds them (to shrink from). */
const wordArray = (w: Words): number[] => times(w.length, (i) => w.at(i)!);

/**
 * An arbitrary built from `words` words by `build`. For fast-check it is
 * drawWords(words).map(build) (generation, shrinking); its map() stays
 * Drawn, so a target's generator with its variants filled in keeps the fast
 * path.
 */
export class Drawn<T> extends fc.Arbitrary<T> {
  private readonly inner: fc.Arbitrary<T>;
  constructor(
    readonly words: number,
    readonly build: (words: Words) => T,
  ) {
    super();
    this.inner = drawWords(words).map(build);
  }
  generate(mrng: fc.Random, biasFactor: number | undefined): fc.Value<T> {
    return this.inner.generate(mrng, biasFactor);
  }
  canShrinkWithoutContext(value: unknown): value is T {
    return this.inner.canShrinkWithoutContext(value);
  }
  shrink(value: T, context: unknown): fc.Stream<fc.Value<T>> {
    return this.inner.shrink(value, context);
  }
  override map<U>(mapper: (t: T) => U): Drawn<U> {
    return new Drawn(this.words, (w) => mapper(this.build(w)));
  }
}

/** Case `index` of the batch seeded `seed` (as sample() draws it). */
export const sampleCase = <T>(arb: Drawn<T>, seed: number, index: number): T =>
  arb.build(seededWords(arb.words, seed, index));

/** The `size` cases of the batch seeded `seed`, from seeded words. */
export const sample = <T>(arb: Drawn<T>, seed: number, size: number): T[] =>
  times(size, (i) => sampleCase(arb, seed, i));

export interface Shrunk<T> {
  value: T;
  /** false when the time limit ended the shrink early */
  complete: boolean;
}

/** fast-check's run that shrinks case `index` of the batch seeded `seed` from its words. */
const shrinkRun = <T>(arb: Drawn<T>, seed: number, index: number, timeLimitMs?: number) => ({
  words: drawWords(arb.words),
  params: {
    interruptAfterTimeLimit: timeLimitMs,
    numRuns: 1,
    examples: [[wordArray(seededWords(arb.words, seed, index))]] as [number[]][],
  },
});

/** What fast-check's run found: the shrunk case, or null when the case does not fail (again). */
function shrunk<T>(arb: Drawn<T>, details: fc.RunDetails<[number[]]>): Shrunk<T> | null {
  if (!details.failed || !details.counterexample) return null;
  return { value: arb.build(details.counterexample[0]), complete: !details.interrupted };
}

/**
 * Case `index` of the batch seeded `seed` shrunk by fast-check to the
 * smallest case that still `fails` (within the time limit if one is given).
 */
export function shrinkCase<T>(
  arb: Drawn<T>,
  seed: number,
  index: number,
  fails: (value: T) => boolean,
  timeLimitMs?: number,
): Shrunk<T> | null {
  const run = shrinkRun(arb, seed, index, timeLimitMs);
  return shrunk(
    arb,
    fc.check(
      fc.property(run.words, (w) => !fails(arb.build(w))),
      run.params,
    ),
  );
}

/** shrinkCase with an asynchronous judge. */
export async function shrinkCaseAsync<T>(
  arb: Drawn<T>,
  seed: number,
  index: number,
  fails: (value: T) => Promise<boolean>,
  timeLimitMs?: number,
): Promise<Shrunk<T> | null> {
  const run = shrinkRun(arb, seed, index, timeLimitMs);
  const details = await fc.check(
    fc.asyncProperty(run.words, async (w) => !(await fails(arb.build(w)))),
    run.params,
  );
  return shrunk(arb, details);
}

/** [f(0), ..., f(n - 1)]: Array.from({ length: n }, f) without its iterator protocol, which the generators' hot loop felt. */
export function times<T>(n: number, f: (i: number) => T): T[] {
  const out: T[] = new Array(n);
  for (let i = 0; i < n; i++) out[i] = f(i);
  return out;
}

/** The indexes of the elements of xs that `keep`: xs.flatMap((x, i) => (keep(x, i) ? [i] : [])) without its arrays. */
export function where<T>(xs: readonly T[], keep: (x: T, i: number) => boolean): number[] {
  const out: number[] = [];
  for (let i = 0; i < xs.length; i++) if (keep(xs[i]!, i)) out.push(i);
  return out;
}

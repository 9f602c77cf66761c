/**
 * A subset of the NIST SP 800-22 rev. 1a statistical tests for random bit sequences:
 * frequency (monobit) §2.1, frequency within a block §2.2, runs §2.3, longest run of ones in a
 * block §2.4, and approximate entropy §2.12. Each returns the test statistic and its p-value; a
 * sequence is non-random at significance level α when p < α.
 *
 * What the result means: these tests detect gross defects (bias, correlation, short cycles). A
 * pass proves little — a deterministic generator (e.g. AES-CTR with a known key) passes them all.
 * A fail at a small α is strong evidence of a broken generator. Pure functions, no I/O.
 */

/** The result of one test on one sequence. */
export interface RandomnessTest {
  test: "frequency" | "block-frequency" | "runs" | "longest-run" | "approximate-entropy";
  /** SP 800-22 section. */
  section: string;
  pValue: number;
  statistic: number;
  /** Parameters used (block length M, pattern length m, …). */
  parameters: Record<string, number>;
}

/** Bits of `bytes`, most significant bit first, one per array element (0 or 1). */
export function toBits(bytes: Uint8Array, maxBits = bytes.length * 8): Uint8Array {
  const n = Math.min(maxBits, bytes.length * 8);
  const bits = new Uint8Array(n);
  for (let i = 0; i < n; i++) bits[i] = (bytes[i >> 3]! >> (7 - (i & 7))) & 1;
  return bits;
}

/** §2.1: is the proportion of ones about 1/2? */
export function frequencyTest(bits: Uint8Array): RandomnessTest {
  const n = bits.length;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += bits[i]! ? 1 : -1;
  const sObs = Math.abs(sum) / Math.sqrt(n);
  return { test: "frequency", section: "2.1", statistic: sObs, pValue: erfc(sObs / Math.SQRT2), parameters: { n } };
}

/** §2.2: is the proportion of ones about 1/2 within each M-bit block? */
export function blockFrequencyTest(bits: Uint8Array, blockLength = 128): RandomnessTest {
  const n = bits.length;
  const blocks = Math.floor(n / blockLength);
  let chi = 0;
  for (let b = 0; b < blocks; b++) {
    let ones = 0;
    for (let j = 0; j < blockLength; j++) ones += bits[b * blockLength + j]!;
    const pi = ones / blockLength - 0.5;
    chi += pi * pi;
  }
  chi *= 4 * blockLength;
  return { test: "block-frequency", section: "2.2", statistic: chi, pValue: igamc(blocks / 2, chi / 2), parameters: { n, M: blockLength, N: blocks } };
}

/** §2.3: do runs of identical bits alternate as fast as they should? */
export function runsTest(bits: Uint8Array): RandomnessTest {
  const n = bits.length;
  let ones = 0;
  for (let i = 0; i < n; i++) ones += bits[i]!;
  const pi = ones / n;
  // Frequency prerequisite (§2.3.4 step 2): if it fails, the runs test is not run and p = 0.
  if (Math.abs(pi - 0.5) >= 2 / Math.sqrt(n)) return { test: "runs", section: "2.3", statistic: Number.NaN, pValue: 0, parameters: { n, pi } };
  let v = 1;
  for (let i = 1; i < n; i++) if (bits[i] !== bits[i - 1]) v++;
  const p = erfc(Math.abs(v - 2 * n * pi * (1 - pi)) / (2 * Math.sqrt(2 * n) * pi * (1 - pi)));
  return { test: "runs", section: "2.3", statistic: v, pValue: p, parameters: { n, pi } };
}

/** §2.4 table: block length M, category bounds and class probabilities by sequence length. */
function longestRunParameters(n: number): { M: number; low: number; high: number; pi: number[] } {
  if (n >= 750_000) return { M: 10_000, low: 10, high: 16, pi: [0.0882, 0.2092, 0.2483, 0.1933, 0.1208, 0.0675, 0.0727] };
  if (n >= 6272) return { M: 128, low: 4, high: 9, pi: [0.1174, 0.243, 0.2493, 0.1752, 0.1027, 0.1124] };
  return { M: 8, low: 1, high: 4, pi: [0.2148, 0.3672, 0.2305, 0.1875] };
}

/** §2.4: is the longest run of ones within M-bit blocks as long as it should be? (n ≥ 128) */
export function longestRunTest(bits: Uint8Array): RandomnessTest {
  const n = bits.length;
  const { M, low, high, pi } = longestRunParameters(n);
  const blocks = Math.floor(n / M);
  const counts = new Array<number>(pi.length).fill(0);
  for (let b = 0; b < blocks; b++) {
    let longest = 0;
    let run = 0;
    for (let j = 0; j < M; j++) {
      run = bits[b * M + j] ? run + 1 : 0;
      if (run > longest) longest = run;
    }
    const category = Math.min(Math.max(longest, low), high) - low;
    counts[category]!++;
  }
  let chi = 0;
  pi.forEach((p, i) => (chi += (counts[i]! - blocks * p) ** 2 / (blocks * p)));
  const K = pi.length - 1;
  return { test: "longest-run", section: "2.4", statistic: chi, pValue: igamc(K / 2, chi / 2), parameters: { n, M, N: blocks, K } };
}

/** φ(m) of §2.12: Σ π_i ln π_i over the overlapping m-bit patterns (sequence wrapped around). */
function phi(bits: Uint8Array, m: number): number {
  const n = bits.length;
  if (m === 0) return 0;
  const counts = new Uint32Array(1 << m);
  const mask = (1 << m) - 1;
  let pattern = 0;
  for (let i = 0; i < m - 1; i++) pattern = (pattern << 1) | bits[i]!;
  for (let i = 0; i < n; i++) {
    pattern = ((pattern << 1) | bits[(i + m - 1) % n]!) & mask;
    counts[pattern]!++;
  }
  let sum = 0;
  for (const c of counts) if (c > 0) sum += (c / n) * Math.log(c / n);
  return sum;
}

/** §2.12: are overlapping m- and (m+1)-bit patterns as frequent as in a random sequence? */
export function approximateEntropyTest(bits: Uint8Array, m = 10): RandomnessTest {
  const n = bits.length;
  const apEn = phi(bits, m) - phi(bits, m + 1);
  const chi = 2 * n * (Math.LN2 - apEn);
  return { test: "approximate-entropy", section: "2.12", statistic: chi, pValue: igamc(2 ** (m - 1), chi / 2), parameters: { n, m } };
}

/** The documented subset, with the parameters SP 800-22 recommends for n ≥ 10^6. */
export function runSubset(bits: Uint8Array): RandomnessTest[] {
  return [frequencyTest(bits), blockFrequencyTest(bits, 128), runsTest(bits), longestRunTest(bits), approximateEntropyTest(bits, 10)];
}

// ---- special functions (Numerical Recipes, 2nd ed., §6.1–6.2) ----

function lnGamma(x: number): number {
  const c = [76.18009172947146, -86.50532032941677, 24.01409824083091, -1.231739572450155, 0.1208650973866179e-2, -0.5395239384953e-5];
  let y = x;
  const tmp = x + 5.5 - (x + 0.5) * Math.log(x + 5.5);
  let ser = 1.000000000190015;
  for (const ci of c) ser += ci / ++y;
  return -tmp + Math.log((2.5066282746310005 * ser) / x);
}

/** Regularised upper incomplete gamma function Q(a, x) = igamc in the SP 800-22 reference code. */
export function igamc(a: number, x: number): number {
  if (x <= 0) return 1;
  if (x < a + 1) {
    // Series for P(a, x).
    let sum = 1 / a;
    let del = sum;
    for (let ap = a, i = 0; i < 10_000; i++) {
      del *= x / ++ap;
      sum += del;
      if (Math.abs(del) < Math.abs(sum) * 1e-15) break;
    }
    return Math.max(0, 1 - sum * Math.exp(-x + a * Math.log(x) - lnGamma(a)));
  }
  // Continued fraction for Q(a, x) (modified Lentz).
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 10_000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-15) break;
  }
  return Math.min(1, Math.exp(-x + a * Math.log(x) - lnGamma(a)) * h);
}

/** Complementary error function, erfc(x) = Q(1/2, x²) for x ≥ 0. */
export function erfc(x: number): number {
  const q = igamc(0.5, x * x);
  return x >= 0 ? q : 2 - q;
}

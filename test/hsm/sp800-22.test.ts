/**
 * The SP 800-22 subset against the worked examples in SP 800-22 rev. 1a §2 (p-values to 6
 * places), and against sequences a broken generator would produce.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { approximateEntropyTest, blockFrequencyTest, erfc, frequencyTest, igamc, longestRunTest, runSubset, runsTest, toBits } from "../../src/hsm/sp800-22.ts";

const fromString = (s: string) => Uint8Array.from(s, (c) => (c === "1" ? 1 : 0));
// §2.1.8, §2.2.8, §2.3.8, §2.12.8: the first 100 bits of the binary expansion of π-like example ε.
const EPSILON_100 = fromString("1100100100001111110110101010001000100001011010001100001000110100110001001100011001100010100010111000");
// §2.4.8: a 128-bit example.
const EPSILON_128 = fromString("11001100000101010110110001001100111000000000001001001101010100010001001111010110100000001101011111001100111001101101100010110010");

const close = (actual: number, expected: number) => assert.ok(Math.abs(actual - expected) < 5e-6, `${actual} ≠ ${expected}`);

test("special functions match known values", () => {
  close(erfc(0.5), 0.4795001);
  close(erfc(0), 1);
  close(igamc(1, 1), Math.exp(-1));
  close(igamc(3, 2), 0.6766764);
});

test("the worked examples of SP 800-22 §2 give the published p-values", () => {
  close(frequencyTest(EPSILON_100).pValue, 0.109599);
  close(blockFrequencyTest(EPSILON_100, 10).pValue, 0.706438);
  close(runsTest(EPSILON_100).pValue, 0.500798);
  // §2.4.8 prints χ² = 4.882605 and P = 0.180609, but Q(3/2, 4.882605/2) = 0.180598 (closed form
  // erfc(√x) + 2√(x/π)e^(−x)): the published p-value is off in the fifth place. We match χ² exactly.
  const longest = longestRunTest(EPSILON_128);
  close(longest.statistic, 4.882605);
  close(longest.pValue, 0.180598);
  close(approximateEntropyTest(EPSILON_100, 2).pValue, 0.235301);
});

test("bits are taken most significant first", () => {
  assert.deepEqual([...toBits(Uint8Array.of(0x80, 0x01))], [1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
});

test("the defects a broken generator shows fail the tests they target", () => {
  const n = 1 << 20;
  // Biased: every 16th byte forced to 0xff (about 53% ones).
  const biased = randomBytes(n / 8);
  for (let i = 0; i < biased.length; i += 16) biased[i] = 0xff;
  assert.ok(frequencyTest(toBits(biased)).pValue < 0.001);
  // Short cycle: 64 random bytes repeated: balanced, but patterns recur.
  const block = randomBytes(64);
  const cyclic = new Uint8Array(n / 8).map((_, i) => block[i % 64]!);
  assert.ok(approximateEntropyTest(toBits(cyclic)).pValue < 0.001);
  // Alternating 0101…: perfect frequency, far too many runs.
  const alternating = new Uint8Array(n / 8).fill(0x55);
  const results = runSubset(toBits(alternating));
  assert.ok(results.find((r) => r.test === "frequency")!.pValue > 0.99);
  assert.ok(results.find((r) => r.test === "runs")!.pValue < 0.001);
  assert.ok(results.find((r) => r.test === "longest-run")!.pValue < 0.001);
});

test("a good generator's 2^20 bits pass at α = 0.001 with the recommended parameters", () => {
  const results = runSubset(toBits(randomBytes((1 << 20) / 8)));
  assert.deepEqual(results.map((r) => r.test), ["frequency", "block-frequency", "runs", "longest-run", "approximate-entropy"]);
  assert.deepEqual(results.find((r) => r.test === "longest-run")!.parameters, { n: 1 << 20, M: 10_000, N: 104, K: 6 });
  for (const r of results) assert.ok(r.pValue >= 0.001 && r.pValue <= 1, `${r.test} p=${r.pValue}`);
});

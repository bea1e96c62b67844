/**
 * The two outlier rules of the collector figures, and why:
 * - a **rate** (share of home visits, item non-response, identical answers, dates outside the
 *   period, records with errors or warnings) is compared with the rest of the collector's county by
 *   a one-sided exact binomial test — exact, because a collector's counts are small and the rates
 *   are near 0 or 1 where the normal approximation fails — at a Bonferroni-corrected level
 *   (`alpha / collectors in the county`), and only a difference of at least `minDifference`
 *   (default 5 percentage points) is flagged, so that a large county does not flag a trivial gap;
 * - a **level** (records per day of work) by the modified z-score of Iglewicz & Hoaglin (1993):
 *   `0.6745 (x − median) / MAD` beyond ±3.5, robust to the very outliers it looks for; when more than
 *   half the collectors share one value (MAD 0) nothing is flagged.
 * @internal
 */

function logGamma(x: number): number {
  // Lanczos approximation (g = 7, n = 9), accurate to about 15 digits for x > 0.
  const c = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  x -= 1;
  let a = c[0]!;
  const t = x + 7.5;
  for (let i = 1; i < 9; i++) a += c[i]! / (x + i);
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
}

function logBinomPmf(k: number, n: number, p: number): number {
  if (p <= 0) return k === 0 ? 0 : -Infinity;
  if (p >= 1) return k === n ? 0 : -Infinity;
  return logGamma(n + 1) - logGamma(k + 1) - logGamma(n - k + 1) + k * Math.log(p) + (n - k) * Math.log(1 - p);
}

/**
 * Sums the pmf from `x` away from the mean (`step` +1: up to n; −1: down to 0), each term from the
 * last by the ratio of consecutive binomial probabilities; the terms only shrink on that side of
 * the mean, so the sum stops once a term no longer changes it. O(terms that matter), not O(n).
 */
function tailFrom(x: number, n: number, p: number, step: 1 | -1): number {
  let term = Math.exp(logBinomPmf(x, n, p));
  let s = term;
  const odds = p / (1 - p);
  for (let k = x; step === 1 ? k < n : k > 0; k += step) {
    term *= step === 1 ? ((n - k) / (k + 1)) * odds : (k / (n - k + 1)) / odds;
    const before = s;
    s += term;
    if (s === before) break;
  }
  return s;
}

/** P(X ≥ x) for X ~ Binomial(n, p). @internal */
export function binomialUpperTail(x: number, n: number, p: number): number {
  if (x <= 0) return 1;
  if (x > n) return 0;
  if (p <= 0) return 0;
  if (p >= 1) return 1;
  // At or below the mean the tail holds most of the mass: one minus the other side.
  if (x <= n * p) return Math.max(0, 1 - tailFrom(x - 1, n, p, -1));
  return Math.min(1, tailFrom(x, n, p, 1));
}

/** P(X ≤ x) for X ~ Binomial(n, p). @internal */
export function binomialLowerTail(x: number, n: number, p: number): number {
  if (x >= n) return 1;
  if (x < 0) return 0;
  if (p <= 0) return 1;
  if (p >= 1) return 0;
  if (x >= n * p) return Math.max(0, 1 - tailFrom(x + 1, n, p, 1));
  return Math.min(1, tailFrom(x, n, p, -1));
}

/** Median of a non-empty list. @internal */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Modified z-scores (Iglewicz & Hoaglin): `undefined` each when the MAD is 0. @internal */
export function modifiedZ(xs: readonly number[]): (number | undefined)[] {
  if (xs.length === 0) return [];
  const med = median(xs);
  const mad = median(xs.map((x) => Math.abs(x - med)));
  return xs.map((x) => (mad === 0 ? undefined : (0.6745 * (x - med)) / mad));
}

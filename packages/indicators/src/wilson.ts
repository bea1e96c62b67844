/**
 * z for a two-sided 95 % interval (the 0.975 quantile of the standard normal).
 *
 * @example
 * ```ts
 * import { Z95 } from '@canji/indicators';
 * Z95.toFixed(2); //=> '1.96'
 * ```
 */
export const Z95 = 1.959963984540054;

/**
 * Wilson score interval for a proportion `x / n` (Wilson 1927; recommended over the Wald interval
 * for small n and proportions near 0 or 1, Brown, Cai & DasGupta 2001). Returns `[lower, upper]`
 * as proportions in [0, 1], or `null` when `n` is 0.
 *
 * @example
 * ```ts
 * import { wilsonInterval } from '@canji/indicators';
 * const [lo, hi] = wilsonInterval(81, 263)!;
 * lo.toFixed(4); //=> '0.2553'
 * hi.toFixed(4); //=> '0.3662'
 * ```
 */
export function wilsonInterval(x: number, n: number, z: number = Z95): [number, number] | null {
  if (!(n > 0) || x < 0 || x > n) return null;
  const p = x / n;
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denom;
  const half = (z / denom) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  // Clamp rounding noise: the exact interval lies within [0, 1] and contains 0 when x = 0, 1 when x = n.
  const lower = x === 0 ? 0 : Math.max(0, centre - half);
  const upper = x === n ? 1 : Math.min(1, centre + half);
  return [lower, upper];
}

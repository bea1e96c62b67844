import { dateNumber } from '@canji/id';
import { CliError } from './io.js';

/**
 * Checks a `--as-of` value: a real calendar date written `YYYY-MM-DD` (read by `@canji/id`, the
 * same reading every age in canji uses). Throws `USAGE_DATE` otherwise, e.g. for `2019-02-30`.
 *
 * @example
 * ```ts
 * assertAsOf('2019-06-30'); // passes
 * assertAsOf('2019-02-30'); // throws CliError USAGE_DATE
 * ```
 */
export function assertAsOf(value: string): void {
  if (value.length !== 10 || value.charCodeAt(4) !== 45 || value.charCodeAt(7) !== 45 || dateNumber(value) === undefined) {
    throw new CliError('USAGE_DATE', `--as-of 应为 YYYY-MM-DD 格式的有效日期（收到“${value}”）`);
  }
}

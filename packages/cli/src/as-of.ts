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
  assertDateOption('--as-of', value);
}

/**
 * Checks the value of a date option (`--as-of`, `--previous-as-of`, `--released-on`, `--issued-on`,
 * each end of `--period`): a real calendar date written `YYYY-MM-DD`. Throws `USAGE_DATE` (exit 2)
 * naming the option otherwise.
 *
 * @example
 * ```ts
 * assertDateOption('--released-on', '2020-01-15'); // passes
 * assertDateOption('--released-on', '2019-02-30'); // throws CliError USAGE_DATE：--released-on 应为 YYYY-MM-DD 格式的有效日期（收到“2019-02-30”）
 * ```
 */
export function assertDateOption(option: string, value: string): void {
  if (value.length !== 10 || value.charCodeAt(4) !== 45 || value.charCodeAt(7) !== 45 || dateNumber(value) === undefined) {
    throw new CliError('USAGE_DATE', `${option} 应为 YYYY-MM-DD 格式的有效日期（收到“${value}”）`);
  }
}

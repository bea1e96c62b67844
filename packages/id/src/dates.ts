import type { DateInput, Ymd } from './types.js';

/** @internal */
export function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * True when year `y`, month `m` (1–12) and day `d` name a real calendar date (Gregorian,
 * proleptic): February has 29 days in leap years (divisible by 4, centuries only by 400).
 *
 * @example
 * ```ts
 * isCalendarDate(2000, 2, 29); //=> true
 * isCalendarDate(1900, 2, 29); //=> false
 * isCalendarDate(2019, 4, 31); //=> false
 * ```
 */
export function isCalendarDate(y: number, m: number, d: number): boolean {
  if (typeof y !== 'number' || typeof m !== 'number' || typeof d !== 'number' || m < 1 || m > 12 || d < 1) return false;
  const max = m === 2 && isLeap(y) ? 29 : DAYS[m - 1]!;
  return d <= max;
}

/** The number written by `len` ASCII digits at `from`, or -1. */
function digitsAt(s: string, from: number, len: number): number {
  let n = 0;
  for (let i = from; i < from + len; i++) {
    const c = s.charCodeAt(i) - 48;
    if (!(c >= 0 && c <= 9)) return -1;
    n = n * 10 + c;
  }
  return n;
}

/** `yyyymmdd` of y, m, d when they are integers naming a calendar date in years 0–9999, else -1. */
function packDate(y: number, m: number, d: number): number {
  if (!Number.isInteger(y) || !Number.isInteger(m) || !Number.isInteger(d) || y < 0 || y > 9999) return -1;
  return isCalendarDate(y, m, d) ? y * 10000 + m * 100 + d : -1;
}

/** `YYYY-MM-DD`, `YYYYMMDD` (or the mixed `YYYY-MMDD` / `YYYYMM-DD`) → yyyymmdd, else -1. */
function plainTextDate(s: string): number {
  const n = s.length;
  if (n < 8 || n > 10) return -1;
  const y = digitsAt(s, 0, 4);
  let i = 4;
  if (s.charCodeAt(i) === 45 /* - */) i++;
  const m = digitsAt(s, i, 2);
  i += 2;
  if (s.charCodeAt(i) === 45) i++;
  const d = digitsAt(s, i, 2);
  if (y < 0 || m < 0 || d < 0 || i + 2 !== n) return -1;
  return packDate(y, m, d);
}

/** {@link plainTextDate}, surrounding white space tolerated (trimmed only when the plain read fails). */
function textDate(s: string): number {
  const r = plainTextDate(s);
  if (r >= 0) return r;
  const t = s.trim();
  return t.length !== s.length ? plainTextDate(t) : -1;
}

/**
 * @internal The `yyyymmdd` integer of a {@link DateInput}, or -1 when it is not a calendar date.
 * No regular expression and no allocation (padded text aside), so it can run on every record.
 */
export function dateNumberOf(input: unknown): number {
  if (typeof input === 'string') return textDate(input);
  if (typeof input === 'number') {
    if (!(input >= 101 && input <= 99991231) || input % 1 !== 0) return -1;
    const y = (input / 10000) | 0;
    const md = input - y * 10000;
    const m = (md / 100) | 0;
    return isCalendarDate(y, m, md - m * 100) ? input : -1;
  }
  if (input instanceof Date) {
    if (Number.isNaN(input.getTime())) return -1;
    return packDate(input.getFullYear(), input.getMonth() + 1, input.getDate());
  }
  if (Array.isArray(input) && input.length === 3) return packDate(input[0], input[1], input[2]);
  return -1;
}

/**
 * A calendar date as a `yyyymmdd` integer (`20190630`): comparable with `<`, and the form
 * {@link readIdentity} gives a birth date in. `undefined` when the input is not a calendar date
 * (`2019-02-29`, `2019-6-30`, an invalid `Date`). No clock, no regular expression.
 *
 * @summary A calendar date as a yyyymmdd integer
 * @example
 * ```ts
 * dateNumber('2019-06-30');           //=> 20190630
 * dateNumber('20190630');             //=> 20190630
 * dateNumber([2019, 6, 30]);          //=> 20190630
 * dateNumber(new Date(2019, 5, 30));  //=> 20190630
 * dateNumber('2019-02-29');           //=> undefined
 * ```
 */
export function dateNumber(input: DateInput): number | undefined {
  const n = dateNumberOf(input);
  return n < 0 ? undefined : n;
}

/**
 * A calendar date written `YYYY-MM-DD` (the form of a record's `birth_date` and `reference_date`),
 * or `undefined` when the input is not a calendar date.
 *
 * @summary A calendar date as YYYY-MM-DD text
 * @example
 * ```ts
 * isoDate(19491231);                //=> '1949-12-31'
 * isoDate(new Date(2019, 5, 30));   //=> '2019-06-30'
 * isoDate('20190630');              //=> '2019-06-30'
 * ```
 */
export function isoDate(input: DateInput): string | undefined {
  const n = dateNumberOf(input);
  if (n < 0) return undefined;
  const y = (n / 10000) | 0;
  const md = n - y * 10000;
  const m = (md / 100) | 0;
  const d = md - m * 100;
  return `${y < 1000 ? String(y).padStart(4, '0') : y}-${m < 10 ? '0' : ''}${m}-${d < 10 ? '0' : ''}${d}`;
}

/** @internal Parses `YYYY-MM-DD`, `YYYYMMDD` or a Date into [y, m, d]; undefined when invalid. */
export function toYmd(input: DateInput): [number, number, number] | undefined {
  const n = dateNumberOf(input);
  if (n < 0) return undefined;
  const y = Math.floor(n / 10000);
  const md = n - y * 10000;
  return [y, Math.floor(md / 100), md % 100];
}

/**
 * @internal Full years from `birth` to `at`, both yyyymmdd with `birth <= at`: the yyyymmdd
 * difference over 10 000, rounded down. The birthday itself counts (born 2010-07-01: 7 on
 * 2017-07-01), and a 29 February birthday is reached on 1 March in common years (20010301 −
 * 20000229 = 10072 → 1, 20010228 − 20000229 = 9999 → 0) — what date-fns `differenceInYears` gives.
 */
export function fullYears(birth: number, at: number): number {
  return Math.floor((at - birth) / 10000);
}

/** @internal */
export function ymdString(y: number, m: number, d: number): string {
  return `${y}-${m < 10 ? '0' : ''}${m}-${d < 10 ? '0' : ''}${d}`;
}

/** @internal Comparable integer yyyymmdd. */
export function ymdNumber(v: Ymd): number {
  return v[0] * 10000 + v[1] * 100 + v[2];
}

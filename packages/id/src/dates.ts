import type { DateInput } from './types.js';

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
  if (m < 1 || m > 12 || d < 1) return false;
  const max = m === 2 && isLeap(y) ? 29 : DAYS[m - 1]!;
  return d <= max;
}

/** @internal Parses `YYYY-MM-DD`, `YYYYMMDD` or a Date into [y, m, d]; undefined when invalid. */
export function toYmd(input: DateInput): [number, number, number] | undefined {
  if (input instanceof Date) {
    const t = input.getTime();
    if (Number.isNaN(t)) return undefined;
    return [input.getFullYear(), input.getMonth() + 1, input.getDate()];
  }
  if (typeof input !== 'string') return undefined;
  const m = /^(\d{4})-?(\d{2})-?(\d{2})$/.exec(input.trim());
  if (!m) return undefined;
  const y = +m[1]!;
  const mo = +m[2]!;
  const d = +m[3]!;
  return isCalendarDate(y, mo, d) ? [y, mo, d] : undefined;
}

/** @internal Full years between two calendar dates (birthday rule: the day itself counts). */
export function yearsBetween(from: [number, number, number], to: [number, number, number]): number {
  let age = to[0] - from[0];
  if (to[1] < from[1] || (to[1] === from[1] && to[2] < from[2])) age--;
  return age;
}

/** @internal */
export function ymdString(y: number, m: number, d: number): string {
  return `${y}-${m < 10 ? '0' : ''}${m}-${d < 10 ? '0' : ''}${d}`;
}

/** @internal Comparable integer yyyymmdd. */
export function ymdNumber(v: [number, number, number]): number {
  return v[0] * 10000 + v[1] * 100 + v[2];
}

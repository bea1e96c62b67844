/** Small calendar helpers on 'YYYY-MM-DD' strings (UTC, no clock). */
import { dateNumber } from '@canji/id';

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** '01-01' … '12-31' for the 365 days of a common year, and the same as 'MMDD'. */
export const MONTH_DAY: readonly string[] = (() => {
  const out: string[] = [];
  MONTH_DAYS.forEach((n, m) => {
    for (let d = 1; d <= n; d++) out.push(`${String(m + 1).padStart(2, '0')}-${String(d).padStart(2, '0')}`);
  });
  return out;
})();
export const MONTH_DAY_NUM: readonly number[] = MONTH_DAY.map((s) => Number(s.slice(0, 2)) * 100 + Number(s.slice(3)));

export interface Ymd {
  y: number;
  m: number;
  d: number;
}

/** Parses 'YYYY-MM-DD' or a Date (its UTC calendar day). */
export function toYmd(input: string | Date): Ymd | undefined {
  if (input instanceof Date) {
    if (Number.isNaN(input.getTime())) return undefined;
    return { y: input.getUTCFullYear(), m: input.getUTCMonth() + 1, d: input.getUTCDate() };
  }
  // 'YYYY-MM-DD' only, a real calendar day (read by @canji/id).
  const n = typeof input === 'string' && input.length === 10 && input.charCodeAt(4) === 45 ? dateNumber(input) : undefined;
  if (n === undefined) return undefined;
  const y = Math.floor(n / 10000);
  const md = n - y * 10000;
  return { y, m: Math.floor(md / 100), d: md % 100 };
}

export function ymdString(y: number, m: number, d: number): string {
  return `${y}-${m < 10 ? '0' : ''}${m}-${d < 10 ? '0' : ''}${d}`;
}

/** Days since 1970-01-01 of a calendar day. */
export function dayNumber(v: Ymd): number {
  return Date.UTC(v.y, v.m - 1, v.d) / 86400000;
}

/** The calendar day `days` after `v`, as 'YYYY-MM-DD'. */
export function addDays(v: Ymd, days: number): string {
  const t = new Date((dayNumber(v) + days) * 86400000);
  return ymdString(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());
}

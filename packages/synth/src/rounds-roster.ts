/**
 * The certificate roster (底册) and the public-security rows of synthetic rounds, in the layouts
 * `@canji/rounds` reads (`certificateRoster` / `parseRosterRow`, and `parseExtractRow('public-security', …)`),
 * with the calendar helpers the rounds use.
 */
import { addDays, dayNumber, toYmd } from './dates.js';
import type { SynthPersonRecord } from './person.js';
import type { Random } from './random.js';

/**
 * One row of the synthetic certificate roster, in `@canji/rounds`' roster layout: status 1 有效,
 * 2 注销, 3 过期; cancel reason 1 死亡, 2 迁出, 9 其他. A certificate is valid for 10 years (D13).
 * (A type, not an interface, so that it is a `Record<string, unknown>` for the readers.)
 *
 * @example
 * ```ts
 * const row: SynthRosterRow = synthesizeRounds({ seed: 1, count: 10, rounds: 2 })[1].roster[0];
 * parseRosterRow(row).ok; //=> true (@canji/rounds)
 * ```
 */
export type SynthRosterRow = {
  resident_id: string;
  certificate_no: string;
  name: string;
  /** 12-digit village code where the holder lives. */
  region_code: string;
  disability_category: number;
  disability_level: number;
  status: 1 | 2 | 3;
  issued_on: string;
  valid_until: string;
  cancel_reason?: 1 | 2 | 9;
  cancelled_on?: string;
};

/**
 * One row of the synthetic public-security extract, in `@canji/form`'s public-security extract
 * layout: registration status 2 迁出 or 3 死亡, with the date.
 */
export type SynthPublicSecurityRow = {
  resident_id: string;
  name: string;
  sex: string;
  birth_date: string;
  registration_status: 2 | 3;
  event_date: string;
};

/** The same month and day `years` later (29 February → 28 February in a common year). */
export function addYears(date: string, years: number): string {
  const y = Number(date.slice(0, 4)) + years;
  const md = date.slice(5);
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  return `${y}-${md === '02-29' && !leap ? '02-28' : md}`;
}

/** Days from `a` to `b`. */
export function daysBetween(a: string, b: string): number {
  return dayNumber(toYmd(b)!) - dayNumber(toYmd(a)!);
}

/** `date` plus `days`. */
export function plusDays(date: string, days: number): string {
  return addDays(toYmd(date)!, days);
}

/** A day after `from` and on or before `to`, uniformly. */
export function dayIn(rng: Random, from: string, to: string): string {
  const n = Math.max(1, daysBetween(from, to));
  return plusDays(from, 1 + rng.int(n));
}

/** The last day of a 10-year certificate issued on `issued` (D13). */
export function validUntil(issued: string): string {
  return plusDays(addYears(issued, 10), -1);
}

/** A valid roster row for a record, issued on `issued`. */
export function rosterRowOf(r: SynthPersonRecord, issued: string): SynthRosterRow {
  return {
    resident_id: String(r.resident_id),
    certificate_no: String(r.certificate_no),
    name: String(r.name),
    region_code: String(r.region_code),
    disability_category: Number(r.disability_category),
    disability_level: Number(r.disability_level),
    status: 1,
    issued_on: issued,
    valid_until: validUntil(issued),
  };
}

/** A public-security row for a record. */
export function publicSecurityRowOf(r: SynthPersonRecord, status: 2 | 3, date: string): SynthPublicSecurityRow {
  return { resident_id: String(r.resident_id), name: String(r.name), sex: String(r.sex), birth_date: String(r.birth_date), registration_status: status, event_date: date };
}

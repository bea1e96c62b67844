import { dateNumberOf, fullYears } from './dates.js';
import { parseResidentId, plainBirth18 } from './resident-id.js';
import type { DateInput } from './types.js';

/**
 * Age in full years (周岁) at a reference date. `birth` is a birth date in any {@link DateInput}
 * form, or a resident identity number (any form `parseResidentId` accepts), whose birth date is
 * used; `ref` is the reference date. `undefined` when either is missing or not a valid date or
 * number, or when the birth is after `ref`. Nothing reads the clock.
 *
 * Convention (the one every canji package uses, and date-fns `differenceInYears` on the two
 * calendar days): the birthday itself counts — a person born on 2010-07-01 is 7 on 2017-07-01 — and
 * a person born on 29 February turns a year older on 1 March in common years (28 February is still
 * the year before). A `Date` counts by its local calendar day; the time of day is ignored.
 *
 * Fast on every record: on `yyyymmdd` integers or `Ymd` triples it is one subtraction; text
 * is read without regular expressions or `Date` objects.
 *
 * @summary Age in full years at a reference date
 * @example
 * ```ts
 * ageAt('2010-07-01', '2017-06-30');            //=> 6
 * ageAt('2010-07-01', '2017-07-01');            //=> 7
 * ageAt('2008-02-29', '2023-02-28');            //=> 14
 * ageAt('2008-02-29', '2023-03-01');            //=> 15
 * ageAt(20080229, [2023, 3, 1]);                //=> 15
 * ageAt('11010519491231002X', '2024-12-31');    //=> 75
 * ageAt('2025-01-01', new Date(2024, 0, 1));    //=> undefined (born after the reference date)
 * ```
 */
export function ageAt(birth: DateInput | undefined, ref: DateInput | undefined): number | undefined {
  const at = dateNumberOf(ref);
  if (at < 0) return undefined;
  let b = dateNumberOf(birth);
  if (b < 0 && typeof birth === 'string') b = birthOfId(birth);
  if (b < 0 || b > at) return undefined;
  return fullYears(b, at);
}

/** Birth date (yyyymmdd) of a resident identity number in any accepted form, or -1. */
function birthOfId(s: string): number {
  if (s.length === 18) {
    const b = plainBirth18(s, true);
    if (b >= 0) return b;
  }
  const r = parseResidentId(s);
  return r.ok ? dateNumberOf(r.value.birthDate) : -1;
}

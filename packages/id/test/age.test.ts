import { differenceInYears, startOfDay } from 'date-fns';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ageAt, dateNumber, isCalendarDate, isoDate, makeResidentId, type Ymd } from '../src/index.js';

const pad = (n: number, w: number) => String(n).padStart(w, '0');
const iso = (d: Date) => `${pad(d.getFullYear(), 4)}-${pad(d.getMonth() + 1, 2)}-${pad(d.getDate(), 2)}`;
const ymdOf = (d: Date): Ymd => [d.getFullYear(), d.getMonth() + 1, d.getDate()];
const numOf = (d: Date) => d.getFullYear() * 10000 + (d.getMonth() + 1) * 100 + d.getDate();

// Any instant from 1900 to 2100, time of day included.
const instant = fc.date({ min: new Date(1900, 0, 1), max: new Date(2100, 11, 31, 23, 59, 59), noInvalidDate: true });
// A local calendar day from 1900 to 2100 (midnight), drawn as a day count so every day is as likely.
const DAY0 = new Date(1900, 0, 1);
const day = fc.integer({ min: 0, max: 73413 }).map((n) => new Date(DAY0.getFullYear(), DAY0.getMonth(), DAY0.getDate() + n));

describe('ageAt', () => {
  it('equals date-fns differenceInYears on calendar days 1900–2100, in every input form', () => {
    fc.assert(
      fc.property(day, day, (a, b) => {
        const [birth, ref] = a <= b ? [a, b] : [b, a];
        const expected = differenceInYears(ref, birth);
        expect(ageAt(birth, ref)).toBe(expected);
        expect(ageAt(iso(birth), iso(ref))).toBe(expected);
        expect(ageAt(iso(birth).replace(/-/g, ''), ymdOf(ref))).toBe(expected);
        expect(ageAt(numOf(birth), numOf(ref))).toBe(expected);
      }),
      { numRuns: 5000, seed: 26341 },
    );
  });

  it('counts a Date by its local calendar day: differenceInYears of the two days, undefined when born later', () => {
    fc.assert(
      fc.property(instant, instant, (birth, ref) => {
        const b = startOfDay(birth);
        const r = startOfDay(ref);
        expect(ageAt(birth, ref)).toBe(b <= r ? differenceInYears(r, b) : undefined);
      }),
      { numRuns: 3000, seed: 1999 },
    );
  });

  it('follows date-fns for every 29 February birthday 1904–2096 on 28 February and 1 March of later years', () => {
    for (let y = 1904; y <= 2096; y += 4) {
      if (!isCalendarDate(y, 2, 29)) continue;
      const birth = new Date(y, 1, 29);
      for (let k = 0; k <= 8; k++) {
        for (const ref of [new Date(y + k, 1, 28), new Date(y + k, 2, 1), new Date(y + k, 1, isCalendarDate(y + k, 2, 29) ? 29 : 28)]) {
          if (ref < birth) continue;
          expect(ageAt(iso(birth), iso(ref))).toBe(differenceInYears(ref, birth));
        }
      }
    }
    // The convention itself: 28 February is still the year before, 1 March counts the year.
    expect(ageAt('2000-02-29', '2001-02-28')).toBe(0);
    expect(ageAt('2000-02-29', '2001-03-01')).toBe(1);
    expect(ageAt('2000-02-29', '2004-02-29')).toBe(4);
  });

  it('counts the birthday itself, and is undefined when born after the reference date', () => {
    expect(ageAt('2010-07-01', '2017-06-30')).toBe(6);
    expect(ageAt('2010-07-01', '2017-07-01')).toBe(7);
    expect(ageAt('2010-07-01', '2010-07-01')).toBe(0);
    expect(ageAt('2010-07-02', '2010-07-01')).toBeUndefined();
  });

  it('reads the birth date of a resident ID number in any accepted form', () => {
    const id = makeResidentId({ regionCode: '430102', birthDate: '2008-02-29', sex: 'male' });
    expect(ageAt(id, '2023-02-28')).toBe(14);
    expect(ageAt(id, 20230301)).toBe(15);
    expect(ageAt(` ${id.slice(0, 6)} ${id.slice(6)} `, [2023, 3, 1])).toBe(15);
    expect(ageAt('110105491231002', '2024-12-31')).toBe(75); // 15-digit legacy number (1949-12-31)
  });

  it('is undefined, never a throw, for what is not a date', () => {
    const notDates: unknown[] = ['', '2019-02-29', '2019-6-30', '2019/06/30', '２０１９-06-30', 'garbage', 20190229, 2019063, 1.5, Number.NaN, new Date(Number.NaN), [2019, 13, 1], [2019, 6], [2019.5, 6, 1], null, undefined, {}, Date.now()];
    for (const v of notDates) {
      expect(ageAt(v as string, '2024-01-01')).toBeUndefined();
      expect(ageAt('2000-01-01', v as string)).toBeUndefined();
    }
  });
});

describe('dateNumber and isoDate', () => {
  it('read text exactly as the documented pattern (YYYY-MM-DD or YYYYMMDD, padded allowed) and write it back', () => {
    const text = fc.oneof(
      fc.stringMatching(/^\s?\d{4}-?\d{2}-?\d{2}\s?$/),
      fc.string({ unit: fc.constantFrom('0', '1', '2', '9', '-', ' ', '/'), maxLength: 12 }),
    );
    fc.assert(
      fc.property(text, (s) => {
        const m = /^(\d{4})-?(\d{2})-?(\d{2})$/.exec(s.trim());
        const valid = m !== null && isCalendarDate(+m[1]!, +m[2]!, +m[3]!);
        const n = dateNumber(s);
        expect(n !== undefined).toBe(valid);
        if (m && valid) {
          expect(n).toBe(+m[1]! * 10000 + +m[2]! * 100 + +m[3]!);
          expect(isoDate(s)).toBe(`${m[1]}-${m[2]}-${m[3]}`);
        }
      }),
      { numRuns: 3000, seed: 7 },
    );
  });

  it('agree on every form of the same day', () => {
    fc.assert(
      fc.property(day, (d) => {
        const n = numOf(d);
        for (const form of [d, iso(d), iso(d).replace(/-/g, ''), ymdOf(d), n]) {
          expect(dateNumber(form)).toBe(n);
          expect(isoDate(form)).toBe(iso(d));
        }
      }),
      { numRuns: 500, seed: 3 },
    );
  });
});

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isCalendarDate } from '@canji/id';

describe('isCalendarDate', () => {
  it('agrees with the proleptic Gregorian calendar of Date.UTC for every y-m-d', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 9999 }), fc.integer({ min: -1, max: 14 }), fc.integer({ min: -1, max: 33 }), (y, m, d) => {
        const t = new Date(Date.UTC(2000, m - 1, d));
        t.setUTCFullYear(y, m - 1, d);
        const real = m >= 1 && m <= 12 && d >= 1 && t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
        expect(isCalendarDate(y, m, d)).toBe(real);
      }),
      { numRuns: 3000 },
    );
  });

  it('knows the leap-year rule', () => {
    expect([isCalendarDate(2000, 2, 29), isCalendarDate(1900, 2, 29), isCalendarDate(2024, 2, 29), isCalendarDate(2023, 2, 29), isCalendarDate(2019, 4, 31)]).toEqual([true, false, true, false, false]);
  });
});

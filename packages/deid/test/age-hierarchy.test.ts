import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ageAt } from '@canji/id';
import { ageHierarchy, generalize, validateHierarchy } from '@canji/deid';

describe('age hierarchy (ages by @canji/id ageAt)', () => {
  it('puts every birth date in the 5-year band of its ageAt age, top-coded at 90', () => {
    const h = ageHierarchy('2024-10-31');
    const day = fc.date({ min: new Date(Date.UTC(1900, 0, 1)), max: new Date(Date.UTC(2024, 9, 31)), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
    fc.assert(
      fc.property(day, (birth) => {
        const age = ageAt(birth, '2024-10-31')!;
        const lo = Math.floor(age / 5) * 5;
        expect(generalize(birth, h, 1)).toBe(age >= 90 ? '90+' : `${lo}-${lo + 4}`);
      }),
      { numRuns: 500, seed: 9 },
    );
  });
  it('refuses a reference date that is not a calendar date, and suppresses a birth date that is not one', () => {
    expect(validateHierarchy({ kind: 'age', asOf: '2024-02-30', widths: [5] })).toMatchObject({ ok: false, error: { code: 'DEID_HIERARCHY_INVALID' } });
    expect(validateHierarchy({ kind: 'age', asOf: '2024-02-29', widths: [5] }).ok).toBe(true);
    expect(generalize('1987-02-30', ageHierarchy('2024-10-31'), 1)).toBe('*');
  });
});

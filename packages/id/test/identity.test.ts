import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ageAt, makeResidentId, parseResidentId, QUICK_ID_ASK_PARSER, QUICK_ID_PROBLEM, quickResidentIdAge, sexOfResidentId } from '../src/index.js';

const ymd = (s: string) => s.split('-').map(Number) as [number, number, number];
const iso = (y: number, m: number, d: number) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;

describe('quickResidentIdAge agrees with parseResidentId', () => {
  it('gives the age exactly when the parser passes the number without warnings, else says so', () => {
    const date = fc.tuple(fc.integer({ min: 1890, max: 2030 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 28 }));
    const mutate = fc.oneof(fc.constant(-1), fc.integer({ min: 0, max: 17 }));
    fc.assert(
      fc.property(date, date, fc.constantFrom('male', 'female'), mutate, fc.integer({ min: 0, max: 9 }), ([by, bm, bd], [ay, am, ad], sex, pos, digit) => {
        let id = makeResidentId({ regionCode: '430102', birthDate: iso(by, bm, bd), sex: sex as 'male' | 'female' });
        if (pos >= 0) id = id.slice(0, pos) + String(digit) + id.slice(pos + 1);
        const asOf = iso(ay, am, ad);
        const q = quickResidentIdAge(id, [ay, am, ad]);
        const p = parseResidentId(id, { asOf });
        if (q >= 0) {
          expect(p.ok && p.warnings.length === 0).toBe(true);
          expect(q).toBe(ageAt(id, asOf));
        } else if (q === QUICK_ID_PROBLEM) {
          expect(!p.ok || p.warnings.length > 0).toBe(true);
        } else {
          expect(q).toBe(QUICK_ID_ASK_PARSER);
        }
        if (p.ok && p.warnings.length === 0 && p.value.kind === 'mainland' && p.value.id === id) expect(q).toBeGreaterThanOrEqual(0);
      }),
      { numRuns: 2000, seed: 11643 },
    );
  });

  it('leaves other forms of the number to the parser', () => {
    const id = makeResidentId({ regionCode: '430102', birthDate: '2010-07-01', sex: 'female' });
    expect(quickResidentIdAge(id, [2017, 6, 30])).toBe(6);
    expect(quickResidentIdAge(id.slice(0, 6) + id.slice(8, 17), [2017, 6, 30])).toBe(QUICK_ID_ASK_PARSER);
    expect(quickResidentIdAge(` ${id}`.slice(0, 18), [2017, 6, 30])).toBe(QUICK_ID_ASK_PARSER);
    expect(quickResidentIdAge(id, [2010, 6, 30])).toBe(QUICK_ID_PROBLEM);
    expect(sexOfResidentId(id)).toBe('female');
  });

  it('counts the birthday itself as a full year', () => {
    expect(ageAt(ymd('2010-07-01'), ymd('2017-06-30'))).toBe(6);
    expect(ageAt(ymd('2010-07-01'), ymd('2017-07-01'))).toBe(7);
    expect(ageAt(ymd('2000-02-29'), ymd('2001-02-28'))).toBe(0);
  });
});

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ageAt, makeResidentId } from '@canji/id';
import { computeIndicators, definePersonIndicator, regionCodeAt, wilsonInterval } from '@canji/indicators';

describe('wilsonInterval', () => {
  it('matches the Wilson score intervals published by Newcombe (1998), Table I', () => {
    const r4 = (x: number, n: number) => wilsonInterval(x, n)!.map((v) => v.toFixed(4));
    expect(r4(81, 263)).toEqual(['0.2553', '0.3662']);
    expect(r4(15, 148)).toEqual(['0.0624', '0.1605']);
    expect(r4(0, 20)).toEqual(['0.0000', '0.1611']);
    expect(r4(1, 29)).toEqual(['0.0061', '0.1718']);
  });

  it('returns null without data and brackets the proportion inside [0, 1] otherwise', () => {
    expect(wilsonInterval(0, 0)).toBeNull();
    expect(wilsonInterval(5, 3)).toBeNull();
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e6 }), fc.double({ min: 0, max: 1, noNaN: true }), (n, f) => {
        const x = Math.round(f * n);
        const [lo, hi] = wilsonInterval(x, n)!;
        expect(0 <= lo && lo <= x / n && x / n <= hi && hi <= 1).toBe(true);
        // symmetric: the interval of the complement is the mirror image
        const [lo2, hi2] = wilsonInterval(n - x, n)!;
        expect(lo2).toBeCloseTo(1 - hi, 12);
        expect(hi2).toBeCloseTo(1 - lo, 12);
      }),
    );
  });
});

describe('regionCodeAt', () => {
  it('rolls a 12-digit code up by prefix to every level', () => {
    const c = '430102001001';
    expect(['province', 'prefecture', 'county', 'township', 'village'].map((l) => regionCodeAt(c, l as 'prefecture'))).toEqual([
      '430000', '430100', '430102', '430102001000', '430102001001',
    ]);
    expect(regionCodeAt('430102', 'county')).toBe('430102');
    expect(regionCodeAt('430102', 'township')).toBeNull();
    expect(regionCodeAt('43x102001001', 'county')).toBeNull();
    expect(regionCodeAt(undefined, 'province')).toBeNull();
  });

  it('is idempotent and consistent: the parent of a child’s code is the parent of the code', () => {
    const code = fc.stringMatching(/^[1-9]\d{11}$/);
    const levels = ['province', 'prefecture', 'county', 'township', 'village'] as const;
    fc.assert(
      fc.property(code, fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 4 }), (c, a, b) => {
        const [hi, lo] = a <= b ? [levels[a]!, levels[b]!] : [levels[b]!, levels[a]!];
        expect(regionCodeAt(regionCodeAt(c, lo), hi)).toBe(regionCodeAt(c, hi));
        expect(regionCodeAt(regionCodeAt(c, hi), hi)).toBe(regionCodeAt(c, hi));
      }),
    );
  });
});

describe('age at the reference date', () => {
  // A probe indicator whose numerator is "age equals the expected value" exposes the calculator's age.
  const ageOf = (rec: object, asOf: string): number | undefined => {
    for (let a = 0; a <= 130; a++) {
      const probe = definePersonIndicator({
        id: 'probe', name: '年龄探针', description: '分母：全部；分子：年龄相等者', basis: 'test', formVersions: ['2017'],
        denominator: () => true, numerator: (_r, c) => c.age === a,
      });
      if (computeIndicators([rec], { indicators: [probe], asOf }).rows[0]!.numerator === 1) return a;
    }
    return undefined;
  };

  it('agrees with @canji/id ageAt, from the birth date field and from the ID number, 29 February included', () => {
    const date = fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2030-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
    fc.assert(
      fc.property(date, date, fc.boolean(), (birth, asOf, viaId) => {
        fc.pre(birth <= asOf);
        const id = makeResidentId({ regionCode: '430102', birthDate: birth, sex: 'male' });
        const rec = viaId ? { resident_id: id } : { birth_date: birth };
        expect(ageOf(rec, asOf)).toBe(ageAt(birth, asOf));
      }),
      { numRuns: 30 },
    );
    expect(ageOf({ birth_date: '2016-02-29' }, '2019-02-28')).toBe(2);
    expect(ageOf({ birth_date: '2016-02-29' }, '2019-03-01')).toBe(3);
    expect(ageOf({ birth_date: 'not a date' }, '2019-03-01')).toBeUndefined();
  });
});

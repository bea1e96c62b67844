import { describe, expect, it } from 'vitest';
import { makeResidentId, residentIdCheckCharacter } from '@canji/id';
import { computeIndicators, definePersonIndicator, type RecordContext } from '@canji/indicators';

/** The facts the calculator derives for one record (what an indicator's predicates are handed). */
function contextOf(rec: object, asOf: string | Date = '2019-06-30'): Omit<RecordContext, 'asOf' | 'personStatus'> {
  let seen: RecordContext | undefined;
  const probe = definePersonIndicator({
    id: 'probe', name: '探针', description: '分母：全部；分子：无', basis: 'test', formVersions: ['2017'],
    denominator: (_r, c) => ((seen = { ...c }), true), numerator: () => false,
  });
  computeIndicators([rec], { indicators: [probe], asOf });
  const { age, sex, category, level } = seen!;
  return { age, sex, category, level };
}

describe('identity facts of the calculator (read by @canji/id)', () => {
  const id = makeResidentId({ regionCode: '430102', birthDate: '2010-07-01', sex: 'female' });

  it('come from the ID and the certificate when the record does not say them', () => {
    expect(contextOf({ resident_id: id, certificate_no: `${id}42` })).toEqual({ age: 8, sex: 'female', category: 4, level: 2 });
    expect(contextOf({ certificate_no: `${id}31` })).toEqual({ age: 8, sex: 'female', category: 3, level: 1 });
    expect(contextOf({ resident_id: id, sex: 'male', birth_date: '2000-01-01', disability_category: 5, disability_level: 3 })).toEqual({ age: 19, sex: 'male', category: 5, level: 3 });
  });

  it('are not read from a number with a wrong check character or impossible digits', () => {
    const typo = id.slice(0, 17) + (id[17] === '0' ? '1' : '0');
    expect(contextOf({ resident_id: typo })).toEqual({ age: undefined, sex: undefined, category: undefined, level: undefined });
    expect(contextOf({ resident_id: id, certificate_no: `${id}85` })).toEqual({ age: 8, sex: 'female', category: undefined, level: undefined });
    const feb30 = `${id.slice(0, 10)}0230${id.slice(14, 17)}`;
    expect(contextOf({ resident_id: feb30 + residentIdCheckCharacter(feb30) }).age).toBeUndefined();
  });

  it('take the reference date as a real calendar date, a Date by its local day', () => {
    expect(contextOf({ birth_date: '2010-07-01' }, new Date(2019, 6, 1)).age).toBe(9);
    expect(() => contextOf({ birth_date: '2010-07-01' }, '2019-02-30')).toThrow(/INDICATOR_AS_OF/);
  });
});

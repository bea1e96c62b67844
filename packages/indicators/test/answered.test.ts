import { describe, expect, it } from 'vitest';
import { isAnswered } from '@canji/form';
import { PERSON_INDICATORS, type RecordContext } from '@canji/indicators';

const ctx = { asOf: '2017-06-30', personStatus: 6 } as RecordContext;

describe("indicators' answered is @canji/form's isAnswered", () => {
  it('counts R27 as answered exactly when isAnswered says so (blank strings and [] are not; a stray boolean is)', () => {
    const answered = PERSON_INDICATORS.minimumLivingAllowanceRate.answered!;
    for (const v of [undefined, null, '', '  ', '\u3000', [], Number.NaN, 1, [1, 3], '1', true]) {
      expect(answered({ r27: v }, ctx)).toBe(isAnswered(v));
    }
    expect(answered({ r27: '\u3000' }, ctx)).toBe(false);
    expect(answered({ r27: true }, ctx)).toBe(true);
  });
});

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ageAt } from '@canji/id';
import { HIERARCHIES, ageHierarchy, generalize, hierarchyHeight, validateHierarchy, type Hierarchy } from '@canji/deid';

describe('generalize', () => {
  it('region codes go up the division levels', () => {
    expect([0, 1, 2, 3, 4, 5].map((l) => generalize('430104001001', HIERARCHIES.regionCode, l))).toEqual(['430104001001', '430104001', '430104', '4301', '43', '*']);
    expect(generalize('430104001001', { kind: 'prefix', keep: [6], padTo: 12 }, 1)).toBe('430104000000');
  });
  it('birth dates become age bands at an explicit reference date (29 February handled)', () => {
    const h = ageHierarchy('2024-10-31');
    expect(generalize('1987-03-15', h, 1)).toBe('35-39');
    expect(generalize('1987-03-15', h, 3)).toBe('20-39');
    expect(generalize('1930-01-01', h, 1)).toBe('90+');
    expect(generalize('1940-01-01', h, 3)).toBe('80-89'); // the 20-year band stops below the top code
    expect(ageAt('2000-02-29', '2023-02-28')).toBe(22);
    expect(ageAt('2000-02-29', '2023-03-01')).toBe(23);
    expect(generalize('2025-01-01', h, 1)).toBe('*');
  });
  it('dates, numbers and maps', () => {
    expect([1, 2, 3].map((l) => generalize('1987-03-15', HIERARCHIES.date, l))).toEqual(['1987-03', '1987', '1980-1989']);
    expect(generalize(37, { kind: 'interval', widths: [5, 10] }, 2)).toBe('30-39');
    expect(generalize(2, HIERARCHIES.disabilityLevel, 1)).toBe('重度（一、二级）');
    expect(generalize(9, HIERARCHIES.disabilityLevel, 1)).toBe('*');
    expect(generalize(undefined, HIERARCHIES.date, 2)).toBeUndefined();
    expect(generalize([1, 2], HIERARCHIES.regionCode, 1)).toBe('*');
  });
  it('each level is a function of the level below (values equal at level i stay equal at i + 1)', () => {
    const hs: Hierarchy[] = [HIERARCHIES.regionCode, HIERARCHIES.date, ageHierarchy('2024-10-31'), { kind: 'interval', widths: [5, 10, 20] }];
    const valueArb = fc.oneof(
      fc.stringMatching(/^43010[1-5]00[1-3]00[1-9]$/),
      fc.date({ min: new Date('1920-01-01T00:00:00Z'), max: new Date('2024-01-01T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
      fc.integer({ min: 0, max: 120 }),
    );
    fc.assert(
      fc.property(fc.constantFrom(...hs), valueArb, valueArb, (h, a, b) => {
        for (let l = 0; l < hierarchyHeight(h); l++) {
          if (generalize(a, h, l) === generalize(b, h, l)) expect(generalize(a, h, l + 1)).toBe(generalize(b, h, l + 1));
        }
      }),
    );
  });
});

describe('validateHierarchy', () => {
  it('rejects hierarchies that do not nest', () => {
    const bad: Hierarchy[] = [
      { kind: 'interval', widths: [5, 7] },
      { kind: 'prefix', keep: [6, 9] },
      { kind: 'age', asOf: '2024/10/31', widths: [5] },
      { kind: 'date', levels: ['year', 'month'] },
      { kind: 'map', levels: [{ a: 'x', b: 'x' }, { a: 'p', b: 'q' }] },
    ];
    for (const h of bad) expect(validateHierarchy(h)).toMatchObject({ ok: false, error: { code: 'DEID_HIERARCHY_INVALID' } });
    for (const h of Object.values(HIERARCHIES)) expect(validateHierarchy(h).ok).toBe(true);
  });
});

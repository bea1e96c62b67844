import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { descendantsOf, getRegion, isUnder, normalizeRegionCode, regionLevelOf, searchRegions } from '@canji/regions';

const counties = descendantsOf('', 'county');
const townships = descendantsOf('', 'township');

describe('normalizeRegionCode / regionLevelOf', () => {
  it('maps every zero-padded form of a canonical code back to it', () => {
    fc.assert(
      fc.property(fc.constantFrom(...counties, ...townships.slice(0, 2000)), (r) => {
        for (const n of [6, 9, 12]) {
          if (n < r.code.length) continue;
          const padded = r.code.padEnd(n, '0');
          if (normalizeRegionCode(padded) !== r.code) return false;
          if (getRegion(padded)?.code !== r.code) return false;
        }
        return regionLevelOf(r.code12) === r.level;
      }),
    );
  });
  it('accepts full-width digits and spaces, rejects other input', () => {
    expect(normalizeRegionCode(' ４３０１０４ ')).toBe('430104');
    expect(normalizeRegionCode('430100000000')).toBe('4301');
    for (const bad of ['', '4', '43010', '4301041', '43-01', 'abcdef', '000000', '1234567890123']) expect(normalizeRegionCode(bad), bad).toBeUndefined();
    expect(normalizeRegionCode(-43)).toBeUndefined();
    expect(normalizeRegionCode(null as unknown as string)).toBeUndefined();
  });
  it('isUnder agrees with the parent chain', () => {
    fc.assert(
      fc.property(fc.constantFrom(...townships), fc.constantFrom(...counties), (t, c) => isUnder(t.code, c.code) === (t.code.slice(0, 6) === c.code)),
    );
  });
});

describe('searchRegions', () => {
  it('finds by full and short name, ranked', () => {
    expect(searchRegions('岳麓区')[0]?.region.code).toBe('430104');
    expect(searchRegions('岳麓')[0]).toMatchObject({ match: 'alias', region: { code: '430104' } });
    expect(searchRegions('朝阳区', { level: 'county' }).map((h) => h.region.code)).toEqual(['110105', '220104']);
    expect(searchRegions('朝阳', { within: '11' })[0]?.region.code).toBe('110105');
    expect(searchRegions('湖南')[0]?.region.code).toBe('43');
    expect(searchRegions('崇文区')).toEqual([]);
    expect(searchRegions('崇文区', { includeAbolished: true })[0]?.region).toMatchObject({ code: '110103', status: 'abolished' });
    expect(searchRegions('')).toEqual([]);
  });
});

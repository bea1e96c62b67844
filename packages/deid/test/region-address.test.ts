import { describe, expect, it } from 'vitest';
import { maskAddressByRegion, regionNameAt } from '@canji/deid';

describe('addresses through the division table', () => {
  it('normalises short names and cuts to the level asked', () => {
    expect(maskAddressByRegion('长沙岳麓区麓山南路932号', 'address.county')).toBe('湖南省长沙市岳麓区');
    expect(maskAddressByRegion('长沙岳麓区麓山南路932号', 'address.province')).toBe('湖南省');
    expect(maskAddressByRegion('湖南省长沙市岳麓区橘子洲街道某某社区3栋', 'address.village')).toBe('湖南省长沙市岳麓区橘子洲街道某某社区');
  });
  it('falls back to the text reading when the table cannot decide, and never invents', () => {
    expect(maskAddressByRegion('朝阳区建国路5号', 'address.county')).toBe('朝阳区');
    expect(maskAddressByRegion('某某路5号', 'address.county')).toBe('');
  });
  it('names the unit containing a region code', () => {
    expect(regionNameAt('430104001001', 'county')).toBe('湖南省长沙市岳麓区');
    expect(regionNameAt('430104001001', 'province')).toBe('湖南省');
    expect(regionNameAt('not a code', 'county')).toBeUndefined();
  });
});

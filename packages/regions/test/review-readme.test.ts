/** Review: the README example of @canji/regions does what its comments say. */
import { describe, expect, it } from 'vitest';
import { REGION_LEVELS, childrenOf, descendantsOf, getRegion, loadVillages, parseAddress, regionLevelOf, residentIdRegionLookup } from '@canji/regions';

describe('README example', () => {
  it('runs and gives what its comments say', async () => {
    expect(getRegion('430104')?.fullName).toBe('湖南省长沙市岳麓区');
    expect(getRegion('430000000000')?.name).toBe('湖南省');
    expect(childrenOf('43').length).toBe(14);
    expect(residentIdRegionLookup('110103').status).toBe('abolished');
    await loadVillages('43');
    expect(getRegion('430104007001')?.name).toBe('咸嘉湖社区居委会');
    expect(descendantsOf('430104', 'village').length).toBeGreaterThan(0);
    const r = parseAddress('长沙岳麓区麓山南路932号');
    expect(r.ok && [r.value.region.code, r.value.rest]).toEqual(['430104', '麓山南路932号']);
  });
  it('REGION_LEVELS JSDoc example', () => {
    expect(REGION_LEVELS.indexOf(regionLevelOf('430104')!)).toBe(2);
  });
});

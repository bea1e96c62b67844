import { describe, expect, it } from 'vitest';
import { ancestorsOf, childrenOf, descendantsOf, getRegion, isUnder, loadVillages, parentOf, residentIdRegionLookup, VillagesNotLoadedError } from '@canji/regions';

describe('getRegion', () => {
  it('accepts every code length and zero-padded forms', () => {
    for (const c of ['43', '4300', '430000', '430000000', '430000000000']) expect(getRegion(c)?.name).toBe('湖南省');
    for (const c of ['4301', '430100', '430100000000']) expect(getRegion(c)?.name).toBe('长沙市');
    const r = getRegion('430104');
    expect(r).toEqual({ code: '430104', code12: '430104000000', name: '岳麓区', fullName: '湖南省长沙市岳麓区', level: 'county', parentCode: '4301', status: 'current' });
    expect(getRegion(430104)?.code).toBe('430104');
  });
  it('returns undefined for unknown or malformed codes', () => {
    for (const c of ['', '4', '43010', '999999', '00', 'abcdef', '4301041', '439900']) expect(getRegion(c)).toBeUndefined();
  });
  it('hangs townships of a prefecture-level city without counties on the city', () => {
    const t = descendantsOf('4419', 'township');
    expect(t.length).toBeGreaterThan(20);
    expect(parentOf(t[0]!.code)?.code).toBe('4419');
  });
});

describe('hierarchy', () => {
  it('Hunan has 14 prefectures', () => {
    expect(childrenOf('43').filter((r) => r.level === 'prefecture')).toHaveLength(14);
  });
  it('ancestors run from the province', () => {
    expect(ancestorsOf('430104').map((r) => r.name)).toEqual(['湖南省', '长沙市']);
    expect(ancestorsOf('430104', { includeSelf: true }).map((r) => r.code)).toEqual(['43', '4301', '430104']);
  });
  it('isUnder follows the code structure', () => {
    expect(isUnder('430104007', '43')).toBe(true);
    expect(isUnder('430104', '4302')).toBe(false);
    expect(isUnder('43', '43')).toBe(false);
  });
});

describe('villages', () => {
  it('throws a typed error before loading, then answers', async () => {
    expect(() => getRegion('460105100200')).toThrow(VillagesNotLoadedError);
    const n = await loadVillages('46');
    expect(n).toBeGreaterThan(1000);
    const v = childrenOf(descendantsOf('46', 'township')[0]!.code);
    expect(v.length).toBeGreaterThan(0);
    expect(getRegion(v[0]!.code)).toEqual(v[0]);
    expect(v[0]!.level).toBe('village');
  });
});

describe('former names', () => {
  it('a code renamed in place keeps the names older tables give it', () => {
    expect(getRegion('130502')).toMatchObject({ name: '襄都区', formerNames: ['桥东区'], status: 'current' });
    expect(getRegion('430104')?.formerNames).toBeUndefined();
  });
});

describe('residentIdRegionLookup', () => {
  it('flags Beijing 崇文区 (110103) as abolished, not unknown', () => {
    expect(residentIdRegionLookup('110103')).toMatchObject({ status: 'abolished', name: '北京市崇文区' });
    expect(residentIdRegionLookup('430104')).toMatchObject({ status: 'current', name: '湖南省长沙市岳麓区' });
    expect(residentIdRegionLookup('999999').status).toBe('unknown');
  });
});

import { describe, expect, it } from 'vitest';
import { ancestorsOf, childrenOf, createRegionTable, createResidentIdRegionLookup, defaultRegionTable, descendantsOf, getRegion, loadRegionTable, searchRegions } from '@canji/regions';

const CSV = [
  '区划代码,名称,上级代码',
  '430000000000,湖南省,',
  '430100000000,长沙市,430000000000',
  '430104000000,岳麓区,430100000000',
  '430104007000,西湖街道,430104000000',
  '430104007001,"咸嘉湖社区居委会",430104007000',
  '430104007201,"示例村村民委员会",430104007000',
  '441900000000,东莞市,',
  '441900003000,东城街道,',
  '44,广东省,',
].join('\r\n');

describe('loadRegionTable', () => {
  it('reads an office CSV (zero-padded codes, Chinese header, CRLF, quotes) and works with every function', () => {
    const r = loadRegionTable('\uFEFF' + CSV);
    expect(r.ok, JSON.stringify(r)).toBe(true);
    if (!r.ok) return;
    const t = r.value;
    expect(getRegion('430104007001', t)).toMatchObject({ name: '咸嘉湖社区居委会', fullName: '湖南省长沙市岳麓区西湖街道咸嘉湖社区居委会', level: 'village', kind: 'community' });
    expect(getRegion('430104007201', t)?.kind).toBe('village');
    expect(ancestorsOf('430104007', {}, t).map((x) => x.code)).toEqual(['43', '4301', '430104']);
    expect(childrenOf('430104007', {}, t)).toHaveLength(2);
    expect(descendantsOf('43', 'village', {}, t)).toHaveLength(2);
    expect(getRegion('441900003', t)?.parentCode).toBe('4419');
    expect(searchRegions('咸嘉湖', {}, t)[0]?.region.code).toBe('430104007001');
    expect(createResidentIdRegionLookup(t)('430104')).toMatchObject({ status: 'current', name: '湖南省长沙市岳麓区' });
    expect(createResidentIdRegionLookup(t)('430102').status).toBe('unknown');
    expect(getRegion('430102', t)).toBeUndefined();
  });

  it('reports a missing header', () => {
    const r = loadRegionTable('a,b\n43,湖南省');
    expect(!r.ok && r.error.code).toBe('REGION_CSV_HEADER');
  });
});

describe('createRegionTable checks the coding rules', () => {
  const cases: [string, { code: string; name: string; parent?: string }[], string][] = [
    ['empty', [], 'REGION_TABLE_EMPTY'],
    ['letters', [{ code: '43a', name: 'x' }], 'REGION_CODE_FORMAT'],
    ['5 digits', [{ code: '43010', name: 'x' }], 'REGION_CODE_FORMAT'],
    ['leading zero', [{ code: '01', name: 'x' }], 'REGION_CODE_FORMAT'],
    ['no name', [{ code: '43', name: ' ' }], 'REGION_NAME_EMPTY'],
    ['duplicate (padded)', [{ code: '43', name: '湖南省' }, { code: '430000', name: '湖南' }], 'REGION_CODE_DUPLICATE'],
    ['parent missing', [{ code: '43', name: '湖南省' }, { code: '430104', name: '岳麓区' }], 'REGION_PARENT_MISSING'],
    ['parent mismatch', [{ code: '43', name: '湖南省' }, { code: '44', name: '广东省' }, { code: '4301', name: '长沙市', parent: '44' }], 'REGION_PARENT_MISMATCH'],
  ];
  it.each(cases)('%s → %s', (_, rows, code) => {
    const r = createRegionTable(rows);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe(code);
    expect(r.error.message).toMatch(/[\u4e00-\u9fa5]/);
  });

  it('lists every error with its row', () => {
    const r = createRegionTable([{ code: '43', name: '湖南省' }, { code: 'x', name: 'a' }, { code: '430104', name: '岳麓区' }, { code: '43', name: '重复' }]);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => [e.code, e.row])).toEqual([
      ['REGION_CODE_FORMAT', 2],
      ['REGION_CODE_DUPLICATE', 4],
      ['REGION_PARENT_MISSING', 3],
    ]);
  });
});

describe('an office table of part of the country', () => {
  it('takes the units above its rows from the built-in table when asked', () => {
    const rows = [
      { code: '430104007', name: '西湖街道' },
      { code: '430104007001', name: '咸嘉湖社区居委会' },
      { code: '430104007901', name: '示例新村村民委员会' },
    ];
    expect(createRegionTable(rows).ok).toBe(false);
    const r = createRegionTable(rows, { ancestors: defaultRegionTable() });
    expect(r.ok, JSON.stringify(!r.ok && r.errors)).toBe(true);
    if (!r.ok) return;
    expect(getRegion('430104007901', r.value)?.fullName).toBe('湖南省长沙市岳麓区西湖街道示例新村村民委员会');
    expect(ancestorsOf('430104007901', {}, r.value).map((x) => x.code)).toEqual(['43', '4301', '430104', '430104007']);
    expect(childrenOf('4301', {}, r.value).map((x) => x.code)).toEqual(['430104']);
  });
});

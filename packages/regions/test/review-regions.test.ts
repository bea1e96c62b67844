/**
 * Review: lookups of well-known codes, abolished and renamed units, and addresses written in the
 * styles found in real registers (separators between units, province short names alone, levels
 * skipped, abolished names). Identity numbers are generated with makeResidentId.
 */
import { makeResidentId, parseResidentId } from '@canji/id';
import { describe, expect, it } from 'vitest';
import { ancestorsOf, getRegion, isUnder, loadVillages, normalizeRegionCode, parseAddress, regionLevelOf, residentIdRegionLookup } from '@canji/regions';

describe('well-known codes', () => {
  it.each([
    ['110101', '北京市东城区', 'county'],
    ['310115', '上海市浦东新区', 'county'],
    ['440305', '广东省深圳市南山区', 'county'],
    ['500229', '重庆市城口县', 'county'],
    ['120116', '天津市滨海新区', 'county'],
    ['659001', '新疆维吾尔自治区石河子市', 'county'], // 自治区直辖县级市
    ['429004', '湖北省仙桃市', 'county'], // 省直辖县级市
    ['441900', '广东省东莞市', 'prefecture'], // a prefecture-level city without counties, 6-digit form
    ['441900003', '广东省东莞市东城街道', 'township'], // its townships hang on the city
    ['460400', '海南省儋州市', 'prefecture'],
    ['430000000000', '湖南省', 'province'],
    ['４３０１０４', '湖南省长沙市岳麓区', 'county'], // full-width digits
    [' 430104 ', '湖南省长沙市岳麓区', 'county'],
  ])('%s → %s (%s)', (code, fullName, level) => {
    expect(getRegion(code)).toMatchObject({ fullName, level, status: 'current' });
  });
  it('unknown or malformed codes are undefined, never a throw', () => {
    for (const c of ['', '0', '99', '990000', '1101010', '11010100', '43a104', '430104-001']) expect(getRegion(c)).toBeUndefined();
  });
  it('code rules need no table', () => {
    expect(normalizeRegionCode('430104000000')).toBe('430104');
    expect(regionLevelOf('430104007001')).toBe('village');
    expect(isUnder('430104007001', '43')).toBe(true);
    expect(isUnder('430104', '4302')).toBe(false);
    expect(ancestorsOf('441900003').map((r) => r.code)).toEqual(['44', '4419']);
  });
});

describe('abolished and renamed units', () => {
  it.each([
    ['110103', '北京市崇文区'], // merged into 东城区 2010
    ['110104', '北京市宣武区'], // merged into 西城区 2010
    ['320103', '江苏省南京市白下区'], // merged into 秦淮区 2013
    ['510122', '四川省成都市双流县'], // became 双流区 510116 in 2015
    ['110228', '北京市密云县'], // became 密云区 110118
    ['120225', '天津市蓟县'], // became 蓟州区 120119
  ])('%s (%s) is abolished for the ID lookup, and parseResidentId warns, never errors', (code, name) => {
    expect(residentIdRegionLookup(code)).toMatchObject({ status: 'abolished', name });
    const id = makeResidentId({ regionCode: code, birthDate: '1975-03-10', sex: 'female', sequence: 22 });
    const r = parseResidentId(id, { regions: residentIdRegionLookup });
    expect(r.ok).toBe(true);
    expect(r.ok && r.warnings.map((w) => w.code)).toEqual(['ID_REGION_ABOLISHED']);
  });
  it('their successors are current', () => {
    for (const c of ['110101', '110102', '320104', '510116', '110118', '120119']) expect(residentIdRegionLookup(c).status).toBe('current');
  });
  it('a renamed city is read by its former name (襄樊 → 襄阳, 4206)', () => {
    const r = parseAddress('湖北省襄樊市');
    expect(r.ok && r.value.region.code).toBe('4206');
  });
});

describe('addresses as written in registers', () => {
  it.each([
    ['湖南省长沙市岳麓区麓山街道', '430104', '麓山街道'],
    ['湖南省 长沙市 岳麓区', '430104', ''],
    ['湖南省-长沙市-岳麓区麓山南路932-1号', '430104', '麓山南路932-1号'], // hyphens between units; the house number keeps its own
    ['湖南省/长沙市/岳麓区', '430104', ''],
    ['湖南,长沙,岳麓区', '430104', ''],
    ['湖南长沙岳麓', '430104', ''],
    ['地址：湖南省长沙市岳麓区', '430104', ''],
    ['新疆乌鲁木齐天山区', '650102', ''],
    ['内蒙古呼和浩特市新城区', '150102', ''],
    ['广西南宁市青秀区', '450103', ''],
    ['重庆渝中', '500103', ''],
    ['深圳南山', '440305', ''],
    ['东莞市虎门镇', '441900121', ''],
    ['吉林省长春朝阳区', '220104', ''],
    ['北京朝阳', '110105', ''],
    ['北京市崇文区', '110103', ''], // an abolished district still reads, with lower confidence
  ])('%s → %s', (text, code, rest) => {
    const r = parseAddress(text);
    expect(r.ok, JSON.stringify(r)).toBe(true);
    if (!r.ok) return;
    expect(r.value.region.code).toBe(code);
    expect(r.value.rest).toBe(rest);
    expect(text.slice(r.value.start, r.value.end)).toBe(r.value.text);
  });
  it('a province short name alone reads as the province, not a township of that name (湖南 ≠ 鞍山市湖南街道)', () => {
    for (const [text, code] of [['湖南', '43'], ['广东', '44'], ['山西', '14'], ['陕西', '61'], ['吉林', '22']] as const) {
      const r = parseAddress(text);
      expect(r.ok && r.value.region.code, text).toBe(code);
    }
    // …but the tie-break never overrides a better reading: 吉林丰满区 is in 吉林市, 湖南街道 is the street
    expect(parseAddress('吉林丰满区')).toMatchObject({ ok: true, value: { region: { code: '220211' } } });
    expect(parseAddress('湖南街道')).toMatchObject({ ok: true, value: { region: { code: '210302011' } } });
  });
  it('short names that exist in several places stay ambiguous', () => {
    for (const text of ['朝阳', '城关区', '鼓楼区', '湖南镇']) {
      const r = parseAddress(text);
      expect(r.ok ? 'ok' : r.error.code, text).toBe('ADDRESS_AMBIGUOUS');
    }
  });
  it('separators alone are no address, but not an empty one', () => {
    expect(parseAddress('——')).toMatchObject({ ok: false, error: { code: 'ADDRESS_NO_MATCH' } });
    expect(parseAddress(' - / ')).toMatchObject({ ok: false, error: { code: 'ADDRESS_NO_MATCH' } });
    expect(parseAddress('   ')).toMatchObject({ ok: false, error: { code: 'ADDRESS_EMPTY' } });
  });
  it('placeholder units written out in full (as printed from the statistical table\'s path) are read through', () => {
    for (const [text, code] of [
      ['北京市市辖区东城区', '110101'],
      ['湖北省省直辖县级行政区划仙桃市', '429004'],
      ['新疆维吾尔自治区自治区直辖县级行政区划石河子市', '659001'],
      ['重庆市县城口县', '500229'],
    ] as const) {
      const r = parseAddress(text);
      expect(r.ok && r.value.region.code, text).toBe(code);
      expect(r.ok && r.value.rest, text).toBe('');
    }
  });
  it('with the province\'s villages loaded, a village named right after its county is found (the township skipped)', async () => {
    await loadVillages('43');
    const r = parseAddress('湖南省长沙市岳麓区咸嘉湖社区居委会');
    expect(r).toMatchObject({ ok: true, value: { region: { code: '430104007001' }, rest: '' } });
    expect(parseAddress('岳麓区咸嘉湖社区')).toMatchObject({ ok: true, value: { region: { code: '430104007001' } } });
    // a village that is not under the township the text names is not forced into it
    const wrong = parseAddress('长沙市岳麓区咸嘉湖街道咸嘉湖社区');
    expect(wrong).toMatchObject({ ok: true, value: { region: { code: '430104008' }, rest: '咸嘉湖社区' } });
  });
});

describe('an office table exported from a spreadsheet', () => {
  it('reads tab- and semicolon-separated exports with a BOM and Chinese headers', async () => {
    const { loadRegionTable, childrenOf: kids, getRegion: get } = await import('@canji/regions');
    for (const text of ['\uFEFF区划代码\t名称\r\n43\t湖南省\r\n4301\t长沙市\r\n', '区划代码;名称;上级代码\n43;湖南省;\n4301;长沙市;43\n']) {
      const r = loadRegionTable(text);
      expect(r.ok, JSON.stringify(r)).toBe(true);
      if (!r.ok) return;
      expect(kids('43', {}, r.value).map((x) => x.name)).toEqual(['长沙市']);
      expect(get('4301', r.value)?.fullName).toBe('湖南省长沙市');
    }
  });
  it('says when a code was turned into scientific notation (the digits are lost)', async () => {
    const { loadRegionTable } = await import('@canji/regions');
    const r = loadRegionTable('code,name\n43,湖南省\n4.30104E+11,某社区\n');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toMatchObject({ code: 'REGION_CODE_FORMAT', row: 2 });
    expect(r.error.message).toMatch(/科学计数法/);
  });
});

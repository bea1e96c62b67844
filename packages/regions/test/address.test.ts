import { beforeAll, describe, expect, it } from 'vitest';
import { createRegionTable, descendantsOf, getRegion, loadVillages, parseAddress, searchRegions } from '@canji/regions';

// [address, expected code of the deepest unit, expected rest]
const RESOLVED: [string, string, string?][] = [
  // full names, every level
  ['湖南省长沙市岳麓区麓山南路932号', '430104', '麓山南路932号'],
  ['湖南省长沙市岳麓区望月湖街道', '430104001'],
  ['长沙市岳麓区桔子洲街道', '430104003'],
  ['湖南省', '43'],
  ['湖南省长沙市', '4301'],
  ['北京市东城区东华门街道', '110101001'],
  ['上海市浦东新区张江镇', '310115125'],
  ['重庆市万州区', '500101'],
  ['广西壮族自治区南宁市青秀区', '450103'],
  ['新疆维吾尔自治区乌鲁木齐市天山区', '650102'],
  ['内蒙古自治区呼和浩特市新城区', '150102'],
  ['湖南省湘西土家族苗族自治州凤凰县', '433123'],
  ['黑龙江省大兴安岭地区漠河市', '232701'],
  ['广东省东莞市东城街道', '441900003'],
  // missing suffixes and levels
  ['长沙岳麓区麓山南路', '430104', '麓山南路'],
  ['岳麓区桃子湖路', '430104', '桃子湖路'],
  ['湖南长沙岳麓', '430104'],
  ['长沙市岳麓区', '430104'],
  ['湖南岳麓区', '430104'],
  ['湘西州吉首市人民路', '433101', '人民路'],
  ['湘西凤凰县', '433123'],
  ['广东东莞东城街道', '441900003'],
  ['浙江杭州西湖区', '330106'],
  ['浙江 杭州 西湖区 文三路', '330106', '文三路'],
  ['内蒙古呼和浩特新城区', '150102'],
  ['新疆乌鲁木齐天山区', '650102'],
  ['大兴安岭漠河', '232701'],
  ['长沙县星沙街道', '430121001'],
  ['浏阳市', '430181'],
  // short names resolved by context
  ['北京朝阳区建国路88号', '110105', '建国路88号'],
  ['北京市朝阳区', '110105'],
  ['长春市朝阳区', '220104'],
  ['吉林长春朝阳区', '220104'],
  ['吉林市船营区', '220204'],
  ['吉林省吉林市', '2202'],
  ['辽宁朝阳市双塔区', '211302'],
  ['天津市和平区', '120101'],
  ['沈阳市和平区', '210102'],
  ['陕西省西安市新城区', '610102'],
  ['呼和浩特新城区', '150102'],
  // labels and noise before the address, full-width characters
  ['地址：湖南省长沙市', '4301'],
  ['户籍地址:湖南省长沙市岳麓区', '430104'],
  ['  湖南省 长沙市 岳麓区  ', '430104'],
  ['中国湖南省长沙市', '4301'],
  ['中华人民共和国北京市海淀区', '110108'],
  ['１．湖南省长沙市', '4301'],
  // an abolished county still reads, flagged by status; one listed under two old codes reads once
  ['北京市崇文区', '110103'],
  ['延庆县', '110229'],
  ['上海市闸北区', '310108'],
  // a unit renamed in place reads by its former name, under the current code
  ['河北省邢台市桥东区', '130502'],
  ['沈阳市东陵区', '210112'],
  // a short name followed by a unit word is another unit (天府新区 is not 天府街道)
  ['四川省成都市天府新区', '5101', '天府新区'],
  ['长沙县星沙', '430121001'],
];

const AMBIGUOUS: [string, string[]][] = [
  ['朝阳区建国路88号', ['110105', '220104']],
  ['和平区', ['120101', '210102']],
  ['新城区', ['150102', '610102']],
  ['城关镇', []],
  ['鼓楼区', []],
];

const NO_MATCH = ['你好世界', 'abc', '123456', '！！！', '未填写', '不详', 'xx路88号', '——', '无'];

describe('parseAddress', () => {
  it.each(RESOLVED)('%s → %s', (text, code, rest) => {
    const r = parseAddress(text);
    expect(r.ok, JSON.stringify(r)).toBe(true);
    if (!r.ok) return;
    expect(r.value.region.code).toBe(code);
    if (rest !== undefined) expect(r.value.rest).toBe(rest);
    expect(text.slice(r.value.start, r.value.end)).toBe(r.value.text);
    expect(r.value.confidence).toBeGreaterThan(0);
    expect(r.value.confidence).toBeLessThanOrEqual(1);
  });

  it.each(AMBIGUOUS)('%s is reported as ambiguous with its candidates', (text, codes) => {
    const r = parseAddress(text);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('ADDRESS_AMBIGUOUS');
    expect(r.error.candidates.length).toBeGreaterThanOrEqual(2);
    for (const c of codes) expect(r.error.candidates.map((m) => m.region.code)).toContain(c);
  });

  it.each(NO_MATCH)('garbage %j gives ADDRESS_NO_MATCH', (text) => {
    const r = parseAddress(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('ADDRESS_NO_MATCH');
  });

  it('empty input gives ADDRESS_EMPTY and never throws on non-strings', () => {
    for (const t of ['', '   ', undefined as unknown as string, 42 as unknown as string]) {
      const r = parseAddress(t);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.code).toBe('ADDRESS_EMPTY');
    }
  });

  it('full names score higher confidence than short ones, short ones higher than a bare county', () => {
    const conf = (t: string) => { const r = parseAddress(t); return r.ok ? r.value.confidence : 0; };
    expect(conf('湖南省长沙市岳麓区')).toBe(1);
    expect(conf('湖南省长沙市岳麓区')).toBeGreaterThan(conf('长沙岳麓区'));
    expect(conf('长沙岳麓区')).toBeGreaterThan(conf('岳麓区'));
    expect(conf('北京市东城区')).toBeGreaterThan(conf('北京市崇文区'));
  });

  it('within narrows the reading to an office area, resolving otherwise ambiguous names', () => {
    const r = parseAddress('朝阳区建国路', { within: '22' });
    expect(r.ok && r.value.region.code).toBe('220104');
    const t = parseAddress('城关镇', { within: '620102' });
    expect(t.ok ? t.value.region.parentCode : t.error.code).toBeDefined();
  });

  it('matches villages once their province is loaded', async () => {
    await loadVillages('43');
    const r = parseAddress('湖南省长沙市岳麓区西湖街道咸嘉湖社区12栋');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.region.code).toBe('430104007001');
    expect(r.value.region.level).toBe('village');
    expect(r.value.rest).toBe('12栋');
    // …and searched by name.
    const hits = searchRegions('咸嘉湖', { level: 'village', within: '4301' });
    expect(hits.map((h) => [h.region.code, h.match])).toEqual([['430104007001', 'alias']]);
    expect(searchRegions('咸嘉湖社区居委会')[0]?.region.code).toBe('430104007001');
  });

  it('reads every unit back from its full name followed by a street (counties and prefectures all, every 10th township)', () => {
    const units = [...descendantsOf('', 'prefecture'), ...descendantsOf('', 'county'), ...descendantsOf('', 'township').filter((_, i) => i % 10 === 0)];
    const bad: string[] = [];
    for (const r of units) {
      // A unit named like a placeholder or like its parent (嘉峪关市 under 嘉峪关市) has no name of its own to read.
      if (/^(市辖区|县|省直辖县级行政区划|自治区直辖县级行政区划)$/.test(r.name) || getRegion(r.parentCode!)?.fullName === r.fullName) continue;
      const p = parseAddress(`${r.fullName}人民路1号`);
      if (!p.ok || p.value.region.code !== r.code || p.value.rest !== '人民路1号') bad.push(r.code);
    }
    expect(units.length).toBeGreaterThan(7000);
    expect(bad).toEqual([]);
  });

  it('does not read a road named after a place as that place', () => {
    const r = parseAddress('山东省青岛市市南区长沙路8号');
    expect(r.ok && [r.value.region.code, r.value.rest]).toEqual(['370202', '长沙路8号']);
    const z = parseAddress('河南省郑州市金水区人民路1号');
    expect(z.ok && z.value.region.code).toBe('410105');
  });

  it('works over an office table', () => {
    const t = createRegionTable([{ code: '43', name: '湖南省' }, { code: '4301', name: '长沙市' }, { code: '430104', name: '岳麓区' }]);
    expect(t.ok).toBe(true);
    if (!t.ok) return;
    const r = parseAddress('长沙岳麓区', {}, t.value);
    expect(r.ok && r.value.region.fullName).toBe('湖南省长沙市岳麓区');
  });
});

import { isPlaceholderName } from './table.js';
import type { RegionLevel } from './types.js';

// The 55 minority nationalities as they appear in autonomous-area names (自治州/县/旗, 民族乡).
const ETHNIC = [
  '蒙古', '回', '藏', '维吾尔', '苗', '彝', '壮', '布依', '朝鲜', '满', '侗', '瑶', '白', '土家', '哈尼', '哈萨克', '傣', '黎',
  '傈僳', '佤', '畲', '高山', '拉祜', '水', '东乡', '纳西', '景颇', '柯尔克孜', '土', '达斡尔', '仫佬', '羌', '布朗', '撒拉',
  '毛南', '仡佬', '锡伯', '阿昌', '普米', '塔吉克', '怒', '乌孜别克', '俄罗斯', '鄂温克', '德昂', '保安', '裕固', '京', '塔塔尔',
  '独龙', '鄂伦春', '赫哲', '门巴', '珞巴', '基诺', '各',
].sort((a, b) => b.length - a.length);
const ETHNIC_TAIL = new RegExp(`(?:(?:${ETHNIC.join('|')})族)+$`);
// Autonomous regions name their nationality without 族 once (新疆维吾尔自治区).
const ETHNIC_TAIL_BARE = new RegExp(`(?:${ETHNIC.join('|')})族?$`);

// Suffixes by level, longest first. Stripping one must leave at least two characters.
const SUFFIXES: Readonly<Record<RegionLevel, readonly string[]>> = {
  province: ['特别行政区', '自治区', '省', '市'],
  prefecture: ['自治州', '地区', '林区', '市', '盟', '州'],
  county: ['自治县', '自治旗', '特区', '林区', '新区', '区', '县', '市', '旗'],
  township: ['街道办事处', '民族乡', '民族镇', '地区办事处', '街道', '苏木', '镇', '乡', '办事处'],
  village: ['村民委员会', '居民委员会', '居委会', '村委会', '委员会', '社区', '村'],
};

/**
 * Short forms of a unit's name a person writes in an address or a search box: 湖南省 → 湖南,
 * 湘西土家族苗族自治州 → 湘西 / 湘西州, 岳麓区 → 岳麓, 麓山街道 → 麓山, 咸嘉湖社区居委会 → 咸嘉湖社区 / 咸嘉湖.
 * The full name comes first. @internal
 */
export function nameAliases(name: string, level: RegionLevel): string[] {
  if (isPlaceholderName(name)) return [];
  const out = new Set<string>([name]);
  // 大安经济开发区（省级） is also written 大安经济开发区.
  const bare = name.replace(/[（(][^）)]*[）)]/g, '');
  if (bare !== name && bare.length >= 2) {
    out.add(bare);
    name = bare;
  }
  for (const suf of SUFFIXES[level]) {
    if (!name.endsWith(suf) || name.length - suf.length < 2) continue;
    let stem = name.slice(0, -suf.length);
    const ethnic = stem.replace(level === 'province' ? ETHNIC_TAIL_BARE : ETHNIC_TAIL, '');
    if (ethnic !== stem && ethnic.length >= 2) {
      out.add(stem); // 城步苗族 (rare) — keep, then the bare stem
      stem = ethnic;
      if (suf === '自治州') out.add(stem + '州');
    }
    out.add(stem);
    if (suf === '街道办事处' || suf === '地区办事处') out.add(stem + suf.slice(0, 2));
    if (level === 'village' && (stem.endsWith('社区') || stem.endsWith('村')) && stem.length > 3) {
      out.add(stem.slice(0, stem.endsWith('社区') ? -2 : -1));
    }
    break;
  }
  return [...out];
}

/** Normalises free text for matching: full-width ASCII to half-width, no whitespace. @internal */
export function normalizeText(text: string): string {
  return text
    .replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[\s\u3000]+/g, '');
}

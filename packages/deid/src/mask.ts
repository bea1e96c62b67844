/**
 * Display masks (GB/T 35273-2020 §3.14 / GB/T 37964-2019 "屏蔽"): a masked value is for showing a
 * record to someone who must recognise it (a caseworker on a list, a receipt), not for release.
 * There is no single national pattern, so each mask is a named preset; pick one and write its
 * name into your data-release documentation.
 */
import { REGION_LEVELS, type RegionLevel } from '@canji/regions';
import { maskCertificateNo, maskName, maskResidentId, type CertificateMaskPreset, type NameMaskPreset, type ResidentIdMaskPreset } from '@canji/id';

// The name, ID and certificate masks are @canji/id's (one owner, shared with the validation
// reports of @canji/rules); this package adds the phone and address masks, the presets' table and
// `applyMask`, and re-exports the rest so a de-identification user finds every mask here.
export { COMPOUND_SURNAMES, maskCertificateNo, maskName, maskResidentId, splitChineseName } from '@canji/id';
export type { CertificateMaskPreset, NameMaskPreset, ResidentIdMaskPreset } from '@canji/id';

/**
 * Presets for telephone numbers (mobile and landline).
 *
 * @example
 * maskPhone('13800138000', 'phone.keep-last-4') //=> '*******8000'
 */
export type PhoneMaskPreset = 'phone.standard' | 'phone.keep-last-4' | 'phone.all';
/**
 * Presets for addresses: keep the address up to (and including) an administrative level, drop the rest.
 *
 * @example
 * maskAddress('湖南省长沙市岳麓区橘子洲街道', 'address.prefecture') //=> '湖南省长沙市'
 */
export type AddressMaskPreset = 'address.province' | 'address.prefecture' | 'address.county' | 'address.township' | 'address.village';
/**
 * Every mask preset.
 *
 * @example
 * applyMask('13800138000', 'phone.standard') //=> '138****8000'
 */
export type MaskPreset = NameMaskPreset | ResidentIdMaskPreset | CertificateMaskPreset | PhoneMaskPreset | AddressMaskPreset;

/**
 * What a preset is for, what it does and an example (generated data).
 *
 * @example
 * MASK_PRESETS[0].preset //=> 'name.keep-surname'
 */
export interface MaskPresetInfo {
  readonly preset: MaskPreset;
  readonly applies: 'name' | 'resident-id' | 'certificate-no' | 'phone' | 'address';
  readonly description: string;
  readonly example: { readonly input: string; readonly output: string };
}

/**
 * The documented mask presets. Examples use generated numbers (`makeResidentId`) and invented names.
 *
 * @example
 * MASK_PRESETS.find((p) => p.preset === 'phone.standard')?.example //=> { input: '13800138000', output: '138****8000' }
 */
export const MASK_PRESETS: readonly MaskPresetInfo[] = [
  { preset: 'name.keep-surname', applies: 'name', description: '保留姓（含复姓），名的每个字替换为 *', example: { input: '欧阳明华', output: '欧阳**' } },
  { preset: 'name.keep-surname-fixed', applies: 'name', description: '保留姓（含复姓），名一律替换为两个 *（不暴露名字长度）', example: { input: '张三', output: '张**' } },
  { preset: 'name.keep-surname-and-last', applies: 'name', description: '保留姓和名的最后一个字，中间替换为 *；单名只保留姓', example: { input: '张三丰', output: '张*丰' } },
  { preset: 'name.keep-last', applies: 'name', description: '只保留最后一个字，其余替换为 *', example: { input: '司马相如', output: '***如' } },
  { preset: 'name.all', applies: 'name', description: '每个字都替换为 *', example: { input: '李四', output: '**' } },
  { preset: 'id.keep-first-6-last-4', applies: 'resident-id', description: '保留前6位（地址码）和后4位，隐去出生日期', example: { input: '11010519491231002X', output: '110105********002X' } },
  { preset: 'id.keep-last-4', applies: 'resident-id', description: '只保留后4位', example: { input: '11010519491231002X', output: '**************002X' } },
  { preset: 'id.keep-region', applies: 'resident-id', description: '只保留前6位地址码', example: { input: '11010519491231002X', output: '110105************' } },
  { preset: 'id.keep-first-1-last-1', applies: 'resident-id', description: '只保留第1位和第18位', example: { input: '11010519491231002X', output: '1****************X' } },
  { preset: 'id.all', applies: 'resident-id', description: '全部替换为 *', example: { input: '11010519491231002X', output: '******************' } },
  { preset: 'cert.keep-category-level', applies: 'certificate-no', description: '身份证号部分全部隐去，保留残疾类别、等级两位（及补发标记）', example: { input: '11010519491231002X42', output: '******************42' } },
  { preset: 'cert.keep-last-4-category-level', applies: 'certificate-no', description: '身份证号部分只保留后4位，保留残疾类别、等级两位（及补发标记）', example: { input: '11010519491231002X42', output: '**************002X42' } },
  { preset: 'cert.all', applies: 'certificate-no', description: '全部替换为 *', example: { input: '11010519491231002X42', output: '********************' } },
  { preset: 'phone.standard', applies: 'phone', description: '手机号保留前3位和后4位；固定电话保留区号和最后2位', example: { input: '13800138000', output: '138****8000' } },
  { preset: 'phone.keep-last-4', applies: 'phone', description: '只保留最后4位数字', example: { input: '0731-84123456', output: '****-****3456' } },
  { preset: 'phone.all', applies: 'phone', description: '所有数字替换为 *', example: { input: '13800138000', output: '***********' } },
  { preset: 'address.province', applies: 'address', description: '只保留到省级', example: { input: '湖南省长沙市岳麓区橘子洲街道某某社区3栋', output: '湖南省' } },
  { preset: 'address.prefecture', applies: 'address', description: '只保留到地级（市、州、盟、地区）', example: { input: '湖南省长沙市岳麓区橘子洲街道某某社区3栋', output: '湖南省长沙市' } },
  { preset: 'address.county', applies: 'address', description: '只保留到县级（区、县、县级市、旗）', example: { input: '湖南省长沙市岳麓区橘子洲街道某某社区3栋', output: '湖南省长沙市岳麓区' } },
  { preset: 'address.township', applies: 'address', description: '只保留到乡级（街道、镇、乡、苏木）', example: { input: '湖南省长沙市岳麓区橘子洲街道某某社区3栋', output: '湖南省长沙市岳麓区橘子洲街道' } },
  { preset: 'address.village', applies: 'address', description: '只保留到村级（村、社区、嘎查），门牌等详址去掉', example: { input: '湖南省长沙市岳麓区橘子洲街道某某社区3栋', output: '湖南省长沙市岳麓区橘子洲街道某某社区' } },
];

const STAR = '*';

/**
 * Kind of telephone number recognised by {@link maskPhone}.
 *
 * @example
 * phoneKind('0731-84123456') //=> 'landline'
 */
export type PhoneKind = 'mobile' | 'landline' | 'unknown';

/**
 * Recognises a mainland mobile number (11 digits starting 1[3-9], optional +86 / 86 / 0086 prefix)
 * or a landline (area code 0xx / 0xxx + 7–8 digit subscriber number, optional extension).
 *
 * @example
 * phoneKind('+86 138 0013 8000') //=> 'mobile'
 * phoneKind('(0731)84123456')    //=> 'landline'
 */
export function phoneKind(phone: string): PhoneKind {
  return classifyPhone(phone).kind;
}

function classifyPhone(phone: string): { kind: PhoneKind; digits: string; prefix: number; areaLength: number; subscriberEnd: number } {
  const digits = (typeof phone === 'string' ? phone : '').replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/\D/g, '');
  let prefix = 0;
  let d = digits;
  if (d.startsWith('0086')) prefix = 4;
  else if (d.startsWith('86') && d.length >= 12) prefix = 2;
  d = d.slice(prefix);
  if (/^1[3-9]\d{9}$/.test(d)) return { kind: 'mobile', digits, prefix, areaLength: 0, subscriberEnd: digits.length };
  // Area codes: 010 and 02x are three digits, all others four (GB/T 长途区号 plan).
  const m = /^(0(?:10|2\d|[3-9]\d{2}))(\d{7,8})(\d{0,6})$/.exec(d);
  if (m) return { kind: 'landline', digits, prefix, areaLength: m[1]!.length, subscriberEnd: prefix + m[1]!.length + m[2]!.length };
  return { kind: 'unknown', digits, prefix, areaLength: 0, subscriberEnd: 0 };
}

/**
 * Masks a telephone number, keeping its punctuation (spaces, dashes, brackets) so it still reads
 * like the original. Unrecognised numbers have all their digits masked.
 *
 * @example
 * maskPhone('13800138000')                          //=> '138****8000'
 * maskPhone('+86 138 0013 8000')                    //=> '+86 138 **** 8000'
 * maskPhone('0731-84123456')                        //=> '0731-******56'
 * maskPhone('0731-84123456', 'phone.keep-last-4')   //=> '****-****3456'
 */
export function maskPhone(phone: string, preset: PhoneMaskPreset = 'phone.standard'): string {
  if (typeof phone !== 'string') return '';
  const { kind, digits, prefix, areaLength, subscriberEnd } = classifyPhone(phone);
  const n = digits.length;
  let keep: (i: number) => boolean;
  switch (preset) {
    case 'phone.all':
      keep = () => false;
      break;
    case 'phone.keep-last-4':
      keep = (i) => kind !== 'unknown' && i >= subscriberEnd - 4 && i < subscriberEnd;
      break;
    case 'phone.standard':
      if (kind === 'mobile') keep = (i) => i < prefix + 3 || i >= n - 4;
      // The extension (分机号) is masked too.
      else if (kind === 'landline') keep = (i) => i < prefix + areaLength || (i >= subscriberEnd - 2 && i < subscriberEnd);
      else keep = () => false;
      break;
    default:
      return preset satisfies never;
  }
  let out = '';
  let di = 0;
  for (const ch of phone) {
    if (/[0-9０-９]/.test(ch)) {
      out += keep(di) ? ch : STAR;
      di++;
    } else out += ch;
  }
  return out;
}

/**
 * Administrative levels of a Chinese address, top down.
 *
 * @example
 * parseAddressLevels('湖南省长沙市岳麓区').county //=> '岳麓区'
 */
export type AddressLevel = RegionLevel;
/** @internal The levels of `@canji/regions`, top down. */
export const LEVELS: readonly AddressLevel[] = REGION_LEVELS;

// Suffixes that end the name of a unit at each level (GB/T 2260 and the statistical division
// codes' naming), longest first so that 自治州 wins over 州.
const SUFFIXES: Record<AddressLevel, readonly string[]> = {
  province: ['特别行政区', '自治区', '省'],
  prefecture: ['自治州', '地区', '市', '州', '盟'],
  county: ['自治县', '自治旗', '林区', '特区', '区', '县', '市', '旗'],
  township: ['民族乡', '街道办事处', '街道', '苏木', '镇', '乡'],
  village: ['村民委员会', '居民委员会', '村委会', '居委会', '社区', '嘎查', '村'],
};
const MUNICIPALITIES = ['北京', '天津', '上海', '重庆'];
// A unit name never contains these (they belong to street addresses): a match that would take one
// in is rejected, so an address like "新乡小区" is not read as a township.
const NOT_IN_UNIT = /[路街巷弄号栋幢楼室]|小区|单元|大厦|广场|花园|大道/;
// Unit names never contain the suffix of a lower level (a province name has no 市/区/县 in it).
const STEM_FORBIDDEN: Record<AddressLevel, RegExp> = {
  province: /[市区县州盟旗镇乡村]/,
  prefecture: /[区县旗镇乡村]/,
  county: /[镇乡村]/,
  township: /[村]/,
  village: /$^/,
};
const MAX_UNIT_LENGTH = 14;
// …nor is directly followed by these ("新乡小区" is a housing estate, not the township 新乡).
const NOT_AFTER_UNIT = /^(?:小区|[路街巷弄号栋幢楼]|大道|大街|花园|广场|大厦|公寓|新村)/;

/**
 * Splits an address into its administrative parts (province … village) by the suffixes of unit
 * names (省/自治区, 市/州/盟/地区, 区/县/市/旗, 街道/镇/乡/苏木, 村/社区/嘎查) and returns the
 * part before the first piece it could not read. Text-only: when you have the record's region code,
 * prefer building the address from the code with `@canji/regions`.
 *
 * @example
 * parseAddressLevels('湖南省长沙市岳麓区橘子洲街道某某社区3栋')
 * //=> { province: '湖南省', prefecture: '长沙市', county: '岳麓区', township: '橘子洲街道', village: '某某社区', rest: '3栋' }
 */
export function parseAddressLevels(address: string, from: AddressLevel = 'province'): Partial<Record<AddressLevel, string>> & { rest: string } {
  const s = (typeof address === 'string' ? address : '').replace(/\s+/g, '');
  const out: Partial<Record<AddressLevel, string>> & { rest: string } = { rest: '' };
  let pos = 0;
  let level = LEVELS.indexOf(from);
  let matched = level > 0;
  const muni = level === 0 ? MUNICIPALITIES.find((m) => s.startsWith(m)) : undefined;
  if (muni) {
    const name = s.startsWith(`${muni}市`) ? `${muni}市` : muni;
    out.province = name;
    pos = name.length;
    // 北京市市辖区: the statistical placeholder for the prefecture level of a municipality.
    if (s.startsWith('市辖区', pos)) pos += 3;
    level = 2;
    matched = true;
  }
  while (level < LEVELS.length && pos < s.length) {
    const lv = LEVELS[level]!;
    let best: { end: number } | undefined;
    for (let len = 2; len <= MAX_UNIT_LENGTH && pos + len <= s.length; len++) {
      const cand = s.slice(pos, pos + len);
      const suffix = SUFFIXES[lv].find((x) => cand.endsWith(x) && cand.length > x.length);
      if (suffix) {
        const stem = cand.slice(0, cand.length - suffix.length);
        if (NOT_IN_UNIT.test(stem) || STEM_FORBIDDEN[lv].test(stem) || NOT_AFTER_UNIT.test(s.slice(pos + len))) break;
        best = { end: pos + len };
        break;
      }
    }
    if (!best) {
      // A level may be absent (no province in "长沙市…", no prefecture for a municipality's
      // district): try the next level from the same position, but never skip two.
      if (!matched || (level === 1 && out.province)) {
        level++;
        continue;
      }
      break;
    }
    out[lv] = s.slice(pos, best.end);
    pos = best.end;
    matched = true;
    level++;
  }
  out.rest = s.slice(pos);
  return out;
}

/**
 * Cuts an address down to an administrative level (the `address.*` presets): everything below that
 * level — streets, house numbers, building and room — is removed. When a level is missing or
 * cannot be read, the address is cut at the deepest level above it that was read, so the result
 * never keeps more than asked.
 *
 * @example
 * maskAddress('湖南省长沙市岳麓区橘子洲街道某某社区3栋', 'address.county') //=> '湖南省长沙市岳麓区'
 * maskAddress('北京市朝阳区某某街道某某社区5号楼', 'address.township')     //=> '北京市朝阳区某某街道'
 */
export function maskAddress(address: string, preset: AddressMaskPreset = 'address.county'): string {
  const target = LEVELS.indexOf(preset.slice('address.'.length) as AddressLevel);
  const parts = parseAddressLevels(address);
  let out = '';
  for (let i = 0; i <= target; i++) out += parts[LEVELS[i]!] ?? '';
  return out;
}

/**
 * Applies any mask preset to a value (dispatches on the preset's prefix).
 *
 * @example
 * applyMask('13800138000', 'phone.standard') //=> '138****8000'
 */
export function applyMask(value: string, preset: MaskPreset): string {
  // An unknown preset (or one that is not a string) masks everything: fail closed, never throw.
  if (typeof preset !== 'string') return typeof value === 'string' ? '*'.repeat(value.length) : '';
  if (preset.startsWith('name.')) return maskName(value, preset as NameMaskPreset);
  if (preset.startsWith('id.')) return maskResidentId(value, preset as ResidentIdMaskPreset);
  if (preset.startsWith('cert.')) return maskCertificateNo(value, preset as CertificateMaskPreset);
  if (preset.startsWith('phone.')) return maskPhone(value, preset as PhoneMaskPreset);
  return maskAddress(value, preset as AddressMaskPreset);
}

import { CHECK_CHAR_CODES, WEIGHTS, checkCharOfDigits } from './checksum.js';
import { fullYears, isCalendarDate, toYmd, ymdNumber, ymdString } from './dates.js';
import { normalizeIdentifier } from './normalize.js';
import { PROVINCE_NAMES, PROVINCE_OK, RESIDENCE_PERMIT_REGIONS } from './provinces.js';
import type {
  DateInput,
  IdChange,
  IdError,
  IdWarning,
  ParseResidentIdOptions,
  ParseResult,
  ResidentId,
  ResidentIdKind,
} from './types.js';

/** @internal A number as a spreadsheet shows it in scientific notation (`4.30104E+17`): its last digits are lost. */
export const SCI = /^[0-9](?:\.[0-9]+)?[eE]\+?[0-9]+$/;
/**
 * The birth years an ID number (and a record's birth date) can carry when no reference date says
 * more: from 1800 (the oldest numbers upgraded from 15 digits carry 19xx; nobody alive was born
 * before 1800) to 2100 (a later year is a typing error, not a person). With a reference date a
 * birth after it is `ID_BIRTH_FUTURE`.
 *
 * @example
 * BIRTH_YEARS //=> { min: 1800, max: 2100 }
 * parseResidentId('430121999901010112').ok //=> false (ID_BIRTH_DATE: year 9999)
 */
export const BIRTH_YEARS: Readonly<{ min: number; max: number }> = Object.freeze({ min: 1800, max: 2100 });
const MIN_BIRTH_YEAR = BIRTH_YEARS.min;
const MAX_BIRTH_YEAR = BIRTH_YEARS.max;
/** Above this age at the reference date a number gets `ID_AGE_OVER_120`. */
const MAX_AGE = 120;

/** @internal `ID_BIRTH_FUTURE` for a birth date after the reference date (both yyyymmdd). */
export function birthFutureError(birth: number, at: number): IdError {
  return { code: 'ID_BIRTH_FUTURE', message: `出生日期 ${isoOf(birth)} 晚于参考日期 ${isoOf(at)}`, position: 6 };
}

/** @internal `ID_AGE_OVER_120` when `age` is over 120, else undefined. */
export function ageWarningOf(age: number): IdWarning | undefined {
  return age > MAX_AGE ? ageOverWarning(age) : undefined;
}

function ageOverWarning(age: number): IdWarning {
  return { code: 'ID_AGE_OVER_120', message: `按参考日期计算年龄为${age}岁，超过${MAX_AGE}岁，请核实` };
}

function isoOf(n: number): string {
  const y = Math.floor(n / 10000);
  const md = n - y * 10000;
  return ymdString(y, Math.floor(md / 100), md % 100);
}

/** An option value as a message shows it (never throws: a Symbol, an object without a prototype). */
function optionText(v: unknown): string {
  try {
    return String(v);
  } catch {
    return typeof v;
  }
}

function fail(code: IdError['code'], message: string, position?: number): { ok: false; error: IdError } {
  return { ok: false, error: position === undefined ? { code, message } : { code, message, position } };
}

/** @internal Charset/length/province/date/checksum on an already normalised 18-character string. */
function check18(s: string): { ok: false; error: IdError } | { kind: ResidentIdKind; y: number; m: number; d: number } {
  let kind: ResidentIdKind = 'mainland';
  const c0 = s.charCodeAt(0);
  if (c0 === 57 /* '9' */) {
    kind = 'foreign-permanent-resident';
    const p = s.slice(1, 3);
    if (!PROVINCE_OK[+p]) {
      return fail('ID_PROVINCE', `外国人永久居留身份证号码第2–3位“${p}”不是有效的省级行政区划代码`, 1);
    }
  } else {
    const p = (c0 - 48) * 10 + (s.charCodeAt(1) - 48);
    if (p === 81 || p === 82 || p === 83) {
      if (s.slice(2, 6) !== '0000') {
        return fail('ID_PROVINCE', `以${p}开头的号码只用于港澳台居民居住证，前6位应为${p}0000，实为“${s.slice(0, 6)}”`, 2);
      }
      kind = 'hk-macao-taiwan';
    } else if (!PROVINCE_OK[p]) {
      return fail('ID_PROVINCE', `前两位“${s.slice(0, 2)}”不是有效的省级行政区划代码`, 0);
    }
  }
  const y = +s.slice(6, 10);
  const m = +s.slice(10, 12);
  const d = +s.slice(12, 14);
  if (!isCalendarDate(y, m, d)) {
    return fail('ID_BIRTH_DATE', `第7–14位出生日期“${s.slice(6, 14)}”不是有效日期`, 6);
  }
  const expected = checkCharOfDigits(s);
  if (s[17] !== expected) {
    const hint = s.endsWith('000') ? '；末三位为000，可能是电子表格把号码当作数值保存后丢失了末尾数字' : '';
    return fail('ID_CHECKSUM', `第18位校验码不符，号码中至少有一位录入错误${hint}`, 17);
  }
  // After the check character: a typing error in the year is reported as the check that fails first.
  if (y < MIN_BIRTH_YEAR || y > MAX_BIRTH_YEAR) {
    return fail('ID_BIRTH_DATE', `第7–14位出生日期“${s.slice(6, 14)}”的年份不在 ${MIN_BIRTH_YEAR}–${MAX_BIRTH_YEAR} 年之间`, 6);
  }
  return { kind, y, m, d };
}

/**
 * Parses and validates a resident identity number (公民身份号码, GB 11643-1999), a 港澳台居民居住证
 * number or a 2023 外国人永久居留身份证 number. Never throws.
 *
 * Errors (`error.code`): `ID_EMPTY`, `ID_NOT_STRING`, `ID_SCIENTIFIC_NOTATION`, `ID_CHARSET`, `ID_LENGTH`,
 * `ID_LEGACY_NOT_ALLOWED`, `ID_PROVINCE`, `ID_BIRTH_DATE`, `ID_CHECKSUM`, `ID_BIRTH_FUTURE`,
 * `ID_OPTION_INVALID`. Warnings (valid but suspicious): `ID_REGION_UNKNOWN`, `ID_REGION_ABOLISHED`,
 * `ID_REGION_AFTER_BIRTH`, `ID_AGE_OVER_120` — published validators that make these hard errors
 * reject real people, whose numbers keep the county code of the time they were issued.
 *
 * @summary Parse a resident identity number
 * @example
 * const r = parseResidentId('11010519491231002x', { asOf: '2024-06-30' });
 * if (r.ok) {
 *   r.value.id        //=> '11010519491231002X'
 *   r.value.birthDate //=> '1949-12-31'
 *   r.value.sex       //=> 'female'
 *   r.changes[0].code //=> 'LOWERCASE_X'
 * }
 * parseResidentId('4.30104E+17').ok === false // error.code 'ID_SCIENTIFIC_NOTATION'
 */
export function parseResidentId(input: string, options: ParseResidentIdOptions = {}): ParseResult<ResidentId> {
  // `null` or another non-object given as options: no options (never a throw).
  if (options === null || typeof options !== 'object') options = {};
  if (typeof input !== 'string') {
    const asNumber = typeof input === 'number' || typeof input === 'bigint';
    return fail(
      'ID_NOT_STRING',
      asNumber
        ? '号码以数值而不是文本提供；18位号码超出数值精度，可能已失真，请按文本读取该列'
        : `号码应为文本，实为${input === null ? 'null' : typeof input}`,
    );
  }
  let asOfYmd: [number, number, number] | undefined;
  if (options.asOf !== undefined) {
    asOfYmd = toYmd(options.asOf);
    if (!asOfYmd) return fail('ID_OPTION_INVALID', `参考日期 asOf 无效：${optionText(options.asOf)}`);
  }
  let s: string;
  let changes: IdChange[];
  if (input.length === 18 && isPlain18(input)) {
    // Fast path: already 17 ASCII digits + digit/X, nothing to normalise.
    s = input;
    changes = [];
  } else {
    ({ text: s, changes } = normalizeIdentifier(input, 'x'));
  }
  if (s.length === 0) return fail('ID_EMPTY', '号码为空');
  if (SCI.test(s)) {
    return fail(
      'ID_SCIENTIFIC_NOTATION',
      `号码“${s}”是电子表格的科学计数法显示，原号码的后几位已经丢失，无法恢复；请在源系统中把该列设为文本后重新导出`,
    );
  }
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) continue;
    if (c === 88 /* X */ && i === s.length - 1 && s.length === 18) continue;
    const where = c === 88 ? '（X 只能出现在18位号码的最后一位）' : '';
    return fail('ID_CHARSET', `第${i + 1}位“${s[i]}”不是数字${where}`, i);
  }
  let legacy15: string | undefined;
  if (s.length === 15) {
    if (options.allowLegacy15 === false) {
      return fail('ID_LEGACY_NOT_ALLOWED', '15位旧号码不被接受（allowLegacy15: false）');
    }
    legacy15 = s;
    const y2 = s.slice(6, 8);
    const m = +s.slice(8, 10);
    const d = +s.slice(10, 12);
    // GB 11643-1999 upgrade: insert the century "19" (15-digit numbers were issued to people born
    // in the 1900s) and append the MOD 11-2 check character.
    if (!isCalendarDate(1900 + +y2, m, d)) {
      return fail('ID_BIRTH_DATE', `15位号码第7–12位出生日期“${s.slice(6, 12)}”不是有效日期`, 6);
    }
    const p = +s.slice(0, 2);
    if (!PROVINCE_OK[p]) return fail('ID_PROVINCE', `前两位“${s.slice(0, 2)}”不是有效的省级行政区划代码`, 0);
    const first17 = `${s.slice(0, 6)}19${s.slice(6)}`;
    s = first17 + checkCharOfDigits(first17);
    changes.push({ code: 'LEGACY_15_UPGRADED', message: `15位旧号码已升级为18位：${s}` });
  } else if (s.length !== 18) {
    return fail('ID_LENGTH', `号码应为18位（或15位旧号码），实为${s.length}位`);
  }
  const r = check18(s);
  if ('ok' in r) return r;
  const { kind, y, m, d } = r;
  const warnings: IdWarning[] = [];
  if (asOfYmd) {
    const birth = y * 10000 + m * 100 + d;
    const at = ymdNumber(asOfYmd);
    if (birth > at) return { ok: false, error: birthFutureError(birth, at) };
    const age = fullYears(birth, at);
    if (age > MAX_AGE) warnings.push(ageOverWarning(age));
  }
  const regionCode = kind === 'foreign-permanent-resident' ? `${s.slice(1, 3)}0000` : s.slice(0, 6);
  if (kind === 'mainland' && options.regions) {
    let info;
    try {
      info = options.regions(regionCode);
    } catch {
      info = undefined;
    }
    if (!info || info.status === 'unknown') {
      warnings.push({ code: 'ID_REGION_UNKNOWN', message: `前6位地址码 ${regionCode} 不在所用的行政区划表中` });
    } else {
      const name = info.name ? `（${info.name}）` : '';
      if (info.status === 'abolished') {
        const until = info.validTo ? `，${info.validTo}年后停用` : '';
        warnings.push({ code: 'ID_REGION_ABOLISHED', message: `地址码 ${regionCode}${name} 已撤销${until}；老号码保留签发时的地址码，属正常情况，请核实` });
      }
      if (info.validFrom !== undefined && info.validFrom > y) {
        warnings.push({ code: 'ID_REGION_AFTER_BIRTH', message: `地址码 ${regionCode}${name} 自${info.validFrom}年起使用，晚于出生年份${y}年，请核实` });
      }
    }
  }
  const value: ResidentId = {
    id: s,
    kind,
    regionCode,
    birthDate: ymdString(y, m, d),
    sex: (s.charCodeAt(16) - 48) % 2 === 1 ? 'male' : 'female',
    sequence: s.slice(14, 17),
    checkCharacter: s[17]!,
  };
  if (legacy15) value.legacy15 = legacy15;
  if (kind === 'foreign-permanent-resident') {
    value.nationalityCode = s.slice(3, 6);
    // Sex parity of the 2023 foreigner's number rests on one implementation (C7/C9 in docs/sources.md; docs/guides/policy-basis.md §6).
    value.provisional = true;
  }
  return { ok: true, value, warnings, changes };
}

/** @internal 17 ASCII digits then a digit or `X` (the first 18 characters of `s`). */
export function isPlain18(s: string): boolean {
  for (let i = 0; i < 17; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  const l = s.charCodeAt(17);
  return (l >= 48 && l <= 57) || l === 88;
}

/**
 * @internal The birth date (yyyymmdd) of the number in the first 18 characters of `s` when they are
 * 17 ASCII digits and the right check character (`X` upper-case; lower-case `x` too when
 * `lowerX`) and pass every check `parseResidentId` makes without options (province or
 * residence-permit prefix, birth date in {@link BIRTH_YEARS}, check character); else -1, and the parser decides.
 * No allocation: the fast path of `isResidentId`, `canonicalResidentId`, `ageAt` and `readIdentity`.
 */
export function plainBirth18(s: string, lowerX: boolean): number {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const c = s.charCodeAt(i) - 48;
    if (!(c >= 0 && c <= 9)) return -1;
    sum += c * WEIGHTS[i]!;
  }
  const last = s.charCodeAt(17);
  if (CHECK_CHAR_CODES[sum % 11] !== (lowerX && last === 120 ? 88 : last)) return -1;
  const c0 = s.charCodeAt(0) - 48;
  const p = c0 * 10 + s.charCodeAt(1) - 48;
  if (c0 === 9) {
    if (!PROVINCE_OK[(s.charCodeAt(1) - 48) * 10 + s.charCodeAt(2) - 48]) return -1;
  } else if (p === 81 || p === 82 || p === 83) {
    if (s.charCodeAt(2) !== 48 || s.charCodeAt(3) !== 48 || s.charCodeAt(4) !== 48 || s.charCodeAt(5) !== 48) return -1;
  } else if (!PROVINCE_OK[p]) return -1;
  const y = (s.charCodeAt(6) - 48) * 1000 + (s.charCodeAt(7) - 48) * 100 + (s.charCodeAt(8) - 48) * 10 + s.charCodeAt(9) - 48;
  const m = (s.charCodeAt(10) - 48) * 10 + s.charCodeAt(11) - 48;
  const d = (s.charCodeAt(12) - 48) * 10 + s.charCodeAt(13) - 48;
  return y >= MIN_BIRTH_YEAR && y <= MAX_BIRTH_YEAR && isCalendarDate(y, m, d) ? y * 10000 + m * 100 + d : -1;
}

/** @internal The fast path: exact 18 ASCII characters, no normalisation needed. */
function fast18(s: string): boolean {
  return plainBirth18(s, true) >= 0;
}

/**
 * Fast boolean check: the same verdict as `parseResidentId(input).ok` with default options
 * (normalisation and legacy 15-digit numbers included), without building a result.
 *
 * @summary Is this a valid resident identity number?
 * @example
 * isResidentId('11010519491231002X') //=> true
 * isResidentId('110105194912310021') //=> false (check character)
 */
export function isResidentId(input: string): boolean {
  if (typeof input !== 'string') return false;
  if (input.length === 18) {
    if (fast18(input)) return true;
    // A plain 18-character string that failed can only pass after normalisation if it holds
    // characters normalisation touches; digits-only strings are final.
    if (/^[0-9]{17}[0-9Xx]$/.test(input)) return false;
  }
  return parseResidentId(input).ok;
}

/**
 * The canonical 18-character form used for matching records across departments: trimmed,
 * ASCII, upper-case `X`, legacy 15-digit numbers upgraded. `undefined` when the input is not a
 * valid number.
 *
 * @summary Canonical form of a resident identity number
 * @example
 * canonicalResidentId(' 11010519491231002x ') //=> '11010519491231002X'
 * canonicalResidentId('bad') //=> undefined
 */
export function canonicalResidentId(input: string): string | undefined {
  if (typeof input === 'string' && input.length === 18 && fast18(input)) {
    return input.charCodeAt(17) === 120 ? `${input.slice(0, 17)}X` : input;
  }
  const r = parseResidentId(input);
  return r.ok ? r.value.id : undefined;
}

/**
 * Upgrades a legacy 15-digit number to 18 digits (GB 11643-1999: insert `19` before the
 * 2-digit birth year, append the check character). `undefined` when the input is not a valid
 * 15-digit number.
 *
 * @summary Upgrade a 15-digit number to 18 digits
 * @example
 * upgradeLegacyId('110105491231002') //=> '11010519491231002X'
 */
export function upgradeLegacyId(id15: string): string | undefined {
  if (typeof id15 !== 'string') return undefined;
  const { text } = normalizeIdentifier(id15, '');
  if (text.length !== 15) return undefined;
  const r = parseResidentId(text);
  return r.ok ? r.value.id : undefined;
}

export { PROVINCE_NAMES, RESIDENCE_PERMIT_REGIONS };
export type { IdChange };

import { normalizeIdentifier } from './normalize.js';
import { isPlain18, parseResidentId, SCI } from './resident-id.js';
import type { DateInput, IdChange, IdError, IdWarning, ParseResidentIdOptions, RegionLookup, ResidentId } from './types.js';

/** 残疾类别 as coded in digit 19 of the certificate number (GB/T 26341-2010 categories). */
export type DisabilityCategory = 1 | 2 | 3 | 4 | 5 | 6 | 7;
/** 残疾等级 as coded in digit 20: 1 一级 (most severe) … 4 四级. */
export type DisabilityLevel = 1 | 2 | 3 | 4;

/**
 * The category code list, in code order.
 *
 * @example
 * DISABILITY_CATEGORIES[3] //=> { code: 4, label: '肢体残疾', short: '肢体' }
 */
export const DISABILITY_CATEGORIES = [
  { code: 1, label: '视力残疾', short: '视力' },
  { code: 2, label: '听力残疾', short: '听力' },
  { code: 3, label: '言语残疾', short: '言语' },
  { code: 4, label: '肢体残疾', short: '肢体' },
  { code: 5, label: '智力残疾', short: '智力' },
  { code: 6, label: '精神残疾', short: '精神' },
  { code: 7, label: '多重残疾', short: '多重' },
] as const satisfies readonly { code: DisabilityCategory; label: string; short: string }[];

/**
 * The level code list, in code order.
 *
 * @example
 * DISABILITY_LEVELS.map((l) => l.label) //=> ['一级', '二级', '三级', '四级']
 */
export const DISABILITY_LEVELS = [
  { code: 1, label: '一级' },
  { code: 2, label: '二级' },
  { code: 3, label: '三级' },
  { code: 4, label: '四级' },
] as const satisfies readonly { code: DisabilityLevel; label: string }[];

export type CertificateErrorCode =
  | 'CERT_EMPTY'
  | 'CERT_SCIENTIFIC_NOTATION'
  | 'CERT_NOT_STRING'
  | 'CERT_LENGTH'
  | 'CERT_RESIDENT_ID'
  | 'CERT_CATEGORY'
  | 'CERT_LEVEL'
  | 'CERT_SUFFIX';

export interface CertificateError {
  code: CertificateErrorCode;
  message: string;
  position?: number;
  /** For `CERT_RESIDENT_ID`: the error of the ID part (first 18 characters). */
  cause?: IdError;
}

export interface CertificateWarning {
  code: IdWarning['code'] | 'CERT_LEVEL_UNKNOWN';
  message: string;
}

export interface DisabilityCertificateNo {
  /** Canonical certificate number: 18-character ID + category + level [+ `B` + n]. */
  certificateNo: string;
  /** The parsed ID part. */
  residentId: ResidentId;
  category: DisabilityCategory;
  /** e.g. `肢体残疾`. */
  categoryName: string;
  /** 1–4; 9 only when `allowUnknownLevel` is set (meaning unconfirmed: S5, C3 in docs/sources.md; docs/guides/policy-basis.md §5). */
  level: DisabilityLevel | 9;
  /** e.g. `二级`. */
  levelName: string;
  /** Reissue count from a `B1`–`B9` suffix. */
  reissue?: number;
}

/** Options of `parseDisabilityCertificateNo`: reference date, region lookup, whether level 9 (unknown) is accepted. */
export interface ParseCertificateOptions {
  asOf?: DateInput;
  regions?: RegionLookup;
  /**
   * Accept level digit 9, which one provincial collection app allows with a fifth label whose
   * meaning is not confirmed (probably 未评定). Returned with a `CERT_LEVEL_UNKNOWN` warning.
   */
  allowUnknownLevel?: boolean;
}

/** What `parseDisabilityCertificateNo` returns: the parsed number with its warnings and changes, or the error. */
export type CertificateParseResult =
  | { ok: true; value: DisabilityCertificateNo; warnings: CertificateWarning[]; changes: IdChange[] }
  | { ok: false; error: CertificateError };

const LEVEL_9_LABEL = '9（等级未评定，含义未经官方确认）';

function fail(code: CertificateErrorCode, message: string, position?: number, cause?: IdError): { ok: false; error: CertificateError } {
  const error: CertificateError = { code, message };
  if (position !== undefined) error.position = position;
  if (cause) error.cause = cause;
  return { ok: false, error };
}

/**
 * Parses a disability certificate number (残疾人证号): the holder's 18-character identity number,
 * the category digit (1 视力 … 7 多重) and the level digit (1–4), optionally `B` + a digit 1–9 for
 * a reissued certificate (20–22 characters). Never throws.
 *
 * @summary Parse a disability certificate number
 * @example
 * const r = parseDisabilityCertificateNo('11010519491231002X42');
 * if (r.ok) {
 *   r.value.categoryName //=> '肢体残疾'
 *   r.value.levelName    //=> '二级'
 *   r.value.residentId.birthDate //=> '1949-12-31'
 * }
 * parseDisabilityCertificateNo('11010519491231002X82') // error.code 'CERT_CATEGORY'
 * parseDisabilityCertificateNo('4.30121E+17') // error.code 'CERT_SCIENTIFIC_NOTATION'
 */
export function parseDisabilityCertificateNo(input: string, options: ParseCertificateOptions = {}): CertificateParseResult {
  if (options === null || typeof options !== 'object') options = {};
  if (typeof input !== 'string') return fail('CERT_NOT_STRING', '残疾人证号应为文本');
  let s: string;
  let changes: IdChange[];
  if (input.length === 20 && isPlainCertificate20(input)) {
    // Fast path: already canonical (17 digits, digit/X, two digits); nothing to normalise.
    s = input;
    changes = [];
  } else {
    ({ text: s, changes } = normalizeIdentifier(input, 'xb'));
  }
  if (s.length === 0) return fail('CERT_EMPTY', '残疾人证号为空');
  if (SCI.test(s) || SCI.test(input.trim())) {
    return fail('CERT_SCIENTIFIC_NOTATION', `残疾人证号“${input.trim()}”是电子表格的科学计数法显示，原号码的后几位已经丢失，无法恢复；请在源系统中把该列设为文本后重新导出`);
  }
  if (s.length < 20 || s.length > 22) {
    const hint = s.length === 18 ? '（只有18位身份证号，缺少残疾类别和等级两位）' : '';
    return fail('CERT_LENGTH', `残疾人证号应为20位（补发证为22位），实为${s.length}位${hint}`);
  }
  const idOptions: ParseResidentIdOptions = { allowLegacy15: false };
  if (options.asOf !== undefined) idOptions.asOf = options.asOf;
  if (options.regions) idOptions.regions = options.regions;
  const idr = parseResidentId(s.slice(0, 18), idOptions);
  if (!idr.ok) {
    return fail('CERT_RESIDENT_ID', `残疾人证号前18位身份证号有误：${idr.error.message}`, idr.error.position, idr.error);
  }
  const cc = s.charCodeAt(18) - 48;
  if (!(cc >= 1 && cc <= 7)) {
    return fail('CERT_CATEGORY', `第19位残疾类别“${s[18]}”无效，应为1–7（1视力 2听力 3言语 4肢体 5智力 6精神 7多重）`, 18);
  }
  const lc = s.charCodeAt(19) - 48;
  const warnings: CertificateWarning[] = idr.warnings.length ? [...idr.warnings] : [];
  let level: DisabilityLevel | 9;
  let levelName: string;
  if (lc >= 1 && lc <= 4) {
    level = lc as DisabilityLevel;
    levelName = DISABILITY_LEVELS[lc - 1]!.label;
  } else if (lc === 9 && options.allowUnknownLevel) {
    level = 9;
    levelName = LEVEL_9_LABEL;
    warnings.push({ code: 'CERT_LEVEL_UNKNOWN', message: '第20位残疾等级为9（未评定），含义未经官方确认，请核实' });
  } else {
    return fail('CERT_LEVEL', `第20位残疾等级“${s[19]}”无效，应为1–4（一级至四级）`, 19);
  }
  let reissue: number | undefined;
  if (s.length > 20) {
    const suffix = s.slice(20);
    const m = /^B([1-9])$/.exec(suffix);
    if (!m) return fail('CERT_SUFFIX', `第21位起的后缀“${suffix}”无效，只接受补发标记 B1–B9`, 20);
    reissue = +m[1]!;
  }
  const value: DisabilityCertificateNo = {
    certificateNo: s,
    residentId: idr.value,
    category: cc as DisabilityCategory,
    categoryName: DISABILITY_CATEGORIES[cc - 1]!.label,
    level,
    levelName,
  };
  if (reissue !== undefined) value.reissue = reissue;
  // The ID part was normalised above already, so its own parse reports no further changes.
  return { ok: true, value, warnings, changes };
}

/**
 * Fast boolean check, same verdict as `parseDisabilityCertificateNo(input).ok`.
 *
 * @example
 * isDisabilityCertificateNo('11010519491231002X42') //=> true
 */
export function isDisabilityCertificateNo(input: string): boolean {
  return parseDisabilityCertificateNo(input).ok;
}

function isPlainCertificate20(s: string): boolean {
  const c18 = s.charCodeAt(18);
  const c19 = s.charCodeAt(19);
  return c18 >= 48 && c18 <= 57 && c19 >= 48 && c19 <= 57 && isPlain18(s);
}

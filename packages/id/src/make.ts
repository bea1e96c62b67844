import { checkCharOfDigits } from './checksum.js';
import { toYmd } from './dates.js';
import type { DisabilityCategory, DisabilityLevel } from './certificate.js';
import { parseResidentId } from './resident-id.js';
import type { Sex } from './types.js';

/**
 * Thrown by constructors and `assert…` functions; carries the stable code.
 *
 * @example
 * try {
 *   assertResidentId('110105194912310021');
 * } catch (e) {
 *   if (e instanceof CanjiIdError) e.code //=> 'ID_CHECKSUM'
 * }
 */
export class CanjiIdError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = 'CanjiIdError';
    this.code = code;
  }
}

export interface MakeResidentIdInput {
  /** 6-digit address code; `810000`/`820000`/`830000` make a residence-permit number. */
  regionCode: string;
  /** `YYYY-MM-DD` or `YYYYMMDD`. */
  birthDate: string;
  sex: Sex;
  /** 0–999; its parity must match `sex` (odd = male). Default: 1 (male) or 2 (female). */
  sequence?: number;
  /**
   * Build a 2023 foreigner's permanent-residence number instead: `9` + the province of
   * `regionCode` + this 3-digit ISO 3166-1 numeric nationality code.
   */
  nationalityCode?: string;
}

/**
 * Deterministic constructor of a valid 18-character number, for tests and synthetic data.
 * Throws `CanjiIdError` on impossible input (it is a constructor, not a parser).
 *
 * @summary Build a resident identity number
 * @example
 * makeResidentId({ regionCode: '110105', birthDate: '1949-12-31', sex: 'female', sequence: 2 })
 * //=> '11010519491231002X'
 */
export function makeResidentId(input: MakeResidentIdInput): string {
  const { regionCode, birthDate, sex } = input;
  if (!/^\d{6}$/.test(regionCode)) throw new CanjiIdError('ID_REGION', `regionCode 应为6位数字：${regionCode}`);
  const ymd = toYmd(birthDate);
  if (!ymd) throw new CanjiIdError('ID_BIRTH_DATE', `birthDate 无效：${birthDate}`);
  const seq = input.sequence ?? (sex === 'male' ? 1 : 2);
  if (!Number.isInteger(seq) || seq < 0 || seq > 999) throw new CanjiIdError('ID_SEQUENCE', `sequence 应为0–999的整数：${seq}`);
  if ((seq % 2 === 1) !== (sex === 'male')) {
    throw new CanjiIdError('ID_SEX_SEQUENCE', `顺序码 ${seq} 的奇偶与性别 ${sex} 不符（奇数为男，偶数为女）`);
  }
  const date = `${ymd[0]}${String(ymd[1]).padStart(2, '0')}${String(ymd[2]).padStart(2, '0')}`;
  let prefix = regionCode;
  if (input.nationalityCode !== undefined) {
    if (!/^\d{3}$/.test(input.nationalityCode)) throw new CanjiIdError('ID_NATIONALITY', `nationalityCode 应为3位数字：${input.nationalityCode}`);
    prefix = `9${regionCode.slice(0, 2)}${input.nationalityCode}`;
  }
  const first17 = `${prefix}${date}${String(seq).padStart(3, '0')}`;
  const id = first17 + checkCharOfDigits(first17);
  const r = parseResidentId(id);
  if (!r.ok) throw new CanjiIdError(r.error.code, r.error.message);
  return id;
}

export interface MakeCertificateInput {
  /** The holder's 18-character number (any accepted form; it is canonicalised). */
  residentId: string;
  category: DisabilityCategory;
  level: DisabilityLevel;
  /** 1–9: appends `B` + n (reissued certificate). */
  reissue?: number;
}

/**
 * Deterministic constructor of a certificate number, for tests and synthetic data.
 *
 * @summary Build a disability certificate number
 * @example
 * makeDisabilityCertificateNo({ residentId: '11010519491231002X', category: 4, level: 2 })
 * //=> '11010519491231002X42'
 */
export function makeDisabilityCertificateNo(input: MakeCertificateInput): string {
  const r = parseResidentId(input.residentId, { allowLegacy15: true });
  if (!r.ok) throw new CanjiIdError(r.error.code, r.error.message);
  if (!Number.isInteger(input.category) || input.category < 1 || input.category > 7) throw new CanjiIdError('CERT_CATEGORY', `category 应为1–7：${input.category}`);
  if (!Number.isInteger(input.level) || input.level < 1 || input.level > 4) throw new CanjiIdError('CERT_LEVEL', `level 应为1–4：${input.level}`);
  let out = `${r.value.id}${input.category}${input.level}`;
  if (input.reissue !== undefined) {
    if (!Number.isInteger(input.reissue) || input.reissue < 1 || input.reissue > 9) throw new CanjiIdError('CERT_SUFFIX', `reissue 应为1–9：${input.reissue}`);
    out += `B${input.reissue}`;
  }
  return out;
}

export type { DisabilityCategory, DisabilityLevel };

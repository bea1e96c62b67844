/**
 * Identity read once: what a record's resident ID number and disability certificate number say
 * (birth date, sex, category, level, the age at a reference date, and what is wrong with them),
 * in one call that costs a checksum on the usual record. `parseResidentId` and
 * `parseDisabilityCertificateNo` stay the authority: anything the fast path is not sure about is
 * handed to them, so the verdicts are theirs.
 */
import { parseDisabilityCertificateNo, type CertificateErrorCode, type CertificateWarning, type DisabilityCategory, type DisabilityLevel, type ParseCertificateOptions } from './certificate.js';
import { dateNumberOf, fullYears } from './dates.js';
import { ageWarningOf, birthFutureError, parseResidentId, plainBirth18 } from './resident-id.js';
import type { DateInput, IdErrorCode, IdWarningCode, ParseResidentIdOptions, RegionLookup, Sex, Ymd } from './types.js';

/** Which input a problem is about. */
export type IdentityField = 'residentId' | 'certificateNo' | 'ref';

/** Stable codes of {@link IdentityProblem}: the parsers' codes, and `CERT_ID_MISMATCH`. */
export type IdentityProblemCode = IdErrorCode | IdWarningCode | CertificateErrorCode | CertificateWarning['code'] | 'CERT_ID_MISMATCH';

/** What {@link readIdentity} found wrong with one input; `message` is zh-CN. */
export interface IdentityProblem {
  field: IdentityField;
  code: IdentityProblemCode;
  /** `error`: the input is unusable (or, for the reference checks, the record is); `warning`: valid but worth a second look. */
  severity: 'error' | 'warning';
  message: string;
}

/** The result of {@link readIdentity}. */
export interface Identity {
  /** Canonical 18-character resident ID (`parseResidentId(residentId).value.id`), when the number is valid. */
  id: string | undefined;
  /**
   * Birth date as a `yyyymmdd` integer (`19491231`; `isoDate` writes it `1949-12-31`): the
   * resident ID's, else the certificate's (they are the same unless `CERT_ID_MISMATCH`).
   */
  birth: number | undefined;
  /** From the 17th digit (odd = male) of the resident ID, else of the certificate's ID part. */
  sex: Sex | undefined;
  /** Full years at the reference date (see `ageAt`); undefined without a reference date or when born after it. */
  age: number | undefined;
  /** Canonical ID part (first 18 characters) of the certificate number, when the certificate number is valid. */
  certificateId: string | undefined;
  /** 残疾类别 1–7 (digit 19 of a valid certificate number). */
  category: DisabilityCategory | undefined;
  /** 残疾等级 1–4 (digit 20; 9 only with `allowUnknownLevel`). */
  level: DisabilityLevel | 9 | undefined;
  /**
   * What the parsers report, in their order: for the resident ID what
   * `parseResidentId(residentId, { asOf: ref })` gives (its error, or its warnings), for the
   * certificate number what `parseDisabilityCertificateNo(certificateNo, { asOf: ref })` gives, then
   * `CERT_ID_MISMATCH` (warning) when both numbers are valid and name different people, and
   * `ID_OPTION_INVALID` (field `ref`) for an invalid reference date. Empty (one shared frozen
   * array) when all is well.
   */
  problems: readonly IdentityProblem[];
}

/** Options of `readIdentity`: region lookup, whether level 9 (unknown) is accepted, and an object to fill in place. */
export interface ReadIdentityOptions {
  /** Region table check of the resident ID (as `parseResidentId` does it); slower: every number goes through the parser. */
  regions?: RegionLookup;
  /** Accept certificate level digit 9 (see `parseDisabilityCertificateNo`). */
  allowUnknownLevel?: boolean;
  /**
   * Fill this object instead of allocating one (for a loop over millions of records): every field
   * is overwritten. The result is then this object, valid until the next call that reuses it.
   */
  into?: Identity;
}

const NO_PROBLEMS: readonly IdentityProblem[] = Object.freeze([]);

/** The last text or number reference date read, and its yyyymmdd (objects are not cached: a Date can change). */
let lastRef: string | number | undefined;
let lastAt = -1;

function present(v: unknown): boolean {
  return v !== undefined && v !== null && v !== '';
}

function sexAt16(s: string): Sex {
  return (s.charCodeAt(16) - 48) % 2 === 1 ? 'male' : 'female';
}

function push(out: Identity, field: IdentityField, code: IdentityProblemCode, severity: 'error' | 'warning', message: string): void {
  const p: IdentityProblem = { field, code, severity, message };
  if (out.problems === NO_PROBLEMS) out.problems = [p];
  else (out.problems as IdentityProblem[]).push(p);
}

const CERT_ID_PREFIX = '残疾人证号前18位身份证号有误：';

/**
 * The reference-date checks the parsers make of a valid number with birth date `b` (yyyymmdd) at
 * `at` (-1: none): born later is an error, over 120 years a warning.
 */
function checkAt(out: Identity, field: IdentityField, b: number, at: number): void {
  // The usual record: born before the reference date, at most 120 years (yyyymmdd difference < 121 0000).
  if (at < 0 || (b <= at && at - b < 1210000)) return;
  if (b > at) {
    const e = birthFutureError(b, at);
    if (field === 'certificateNo') push(out, field, 'CERT_RESIDENT_ID', 'error', CERT_ID_PREFIX + e.message);
    else push(out, field, e.code, 'error', e.message);
    return;
  }
  const w = ageWarningOf(fullYears(b, at));
  if (w) push(out, field, w.code, 'warning', w.message);
}

function pushWarnings(out: Identity, field: IdentityField, warnings: readonly { code: IdentityProblemCode; message: string }[]): void {
  for (let i = 0; i < warnings.length; i++) push(out, field, warnings[i]!.code, 'warning', warnings[i]!.message);
}

/**
 * Reads a person's identity once: birth date, sex, disability category and level, age at the
 * reference date, and every problem `parseResidentId` / `parseDisabilityCertificateNo` would report
 * for these two numbers at that date. Either number may be absent (`undefined`, `null` or `''`).
 * Never throws.
 *
 * - Birth date and sex come from the resident ID, else from the certificate's ID part; category
 *   and level from the certificate number. What the numbers *say* is read even when the reference
 *   date makes the record wrong: a number whose birth date is after `ref` still gives `birth` and
 *   `sex`, with an `ID_BIRTH_FUTURE` error (`CERT_RESIDENT_ID` for the certificate) and no `age`.
 * - Fast: a canonical 18-character ID and a 20-character certificate number starting with it are
 *   read with one checksum, no regular expression, no `Date`, no string built; with `into`, no
 *   allocation at all. Anything else (other forms of the number, problems, `regions`) goes through
 *   the parsers, so the verdicts are exactly theirs.
 *
 * @summary Birth date, sex, category, level and age from the ID and certificate numbers
 * @example
 * ```ts
 * const id = makeResidentId({ regionCode: '430102', birthDate: '2010-07-01', sex: 'female' });
 * const who = readIdentity(id, `${id}42`, '2017-06-30');
 * who.birth;    //=> 20100701
 * who.sex;      //=> 'female'
 * who.age;      //=> 6
 * who.category; //=> 4 (肢体)
 * who.level;    //=> 2
 * who.problems; //=> []
 * readIdentity(id, undefined, '2009-12-31').problems[0].code; //=> 'ID_BIRTH_FUTURE'
 * readIdentity(id, `${id}82`).problems[0].code;               //=> 'CERT_CATEGORY'
 * ```
 */
export function readIdentity(residentId?: unknown, certificateNo?: unknown, ref?: DateInput, options?: ReadIdentityOptions): Identity {
  const out: Identity = options?.into ?? { id: undefined, birth: undefined, sex: undefined, age: undefined, certificateId: undefined, category: undefined, level: undefined, problems: NO_PROBLEMS };
  const at = ref === undefined ? -1 : ref === lastRef ? lastAt : refNumber(ref);
  // The usual record, kept in a small function V8 can optimise whole: a canonical valid ID, born
  // at most 120 years before the reference date, with no certificate or one that starts with it.
  if (at !== INVALID_REF && typeof residentId === 'string' && residentId.length === 18 && options?.regions === undefined) {
    const b = plainBirth18(residentId, false);
    if (b >= 0 && (at < 0 || (b <= at && at - b < 1210000))) {
      let category: DisabilityCategory | undefined;
      let level: DisabilityLevel | undefined;
      if (typeof certificateNo === 'string' && certificateNo.length === 20 && certificateNo.startsWith(residentId)) {
        const cc = certificateNo.charCodeAt(18) - 48;
        const lc = certificateNo.charCodeAt(19) - 48;
        if (cc >= 1 && cc <= 7 && lc >= 1 && lc <= 4) {
          category = cc as DisabilityCategory;
          level = lc as DisabilityLevel;
        }
      }
      if (category !== undefined || !present(certificateNo)) {
        out.id = residentId;
        out.birth = b;
        out.sex = sexAt16(residentId);
        out.age = at < 0 ? undefined : fullYears(b, at);
        out.certificateId = category === undefined ? undefined : residentId;
        out.category = category;
        out.level = level;
        out.problems = NO_PROBLEMS;
        return out;
      }
    }
  }
  return readAny(out, residentId, certificateNo, ref, at, options);
}

const INVALID_REF = -2;

/** yyyymmdd of a reference date, or {@link INVALID_REF}; text and numbers are remembered for the next call. */
function refNumber(ref: DateInput): number {
  const n = dateNumberOf(ref);
  const at = n < 0 ? INVALID_REF : n;
  if (typeof ref !== 'object') {
    lastRef = ref;
    lastAt = at;
  }
  return at;
}

/** {@link readIdentity} for any input (the general path). */
function readAny(out: Identity, residentId: unknown, certificateNo: unknown, ref: DateInput | undefined, at: number, options: ReadIdentityOptions | undefined): Identity {
  out.id = undefined;
  out.birth = undefined;
  out.sex = undefined;
  out.age = undefined;
  out.certificateId = undefined;
  out.category = undefined;
  out.level = undefined;
  out.problems = NO_PROBLEMS;
  const regions = options?.regions;
  if (at === INVALID_REF) {
    push(out, 'ref', 'ID_OPTION_INVALID', 'error', `参考日期无效：${String(ref)}`);
    at = -1;
  }

  // --- the resident ID ------------------------------------------------------------------------
  let ridPlain = false;
  if (present(residentId)) {
    let b = -1;
    if (regions === undefined && typeof residentId === 'string' && residentId.length === 18) b = plainBirth18(residentId, false);
    if (b >= 0) {
      ridPlain = true;
      out.id = residentId as string;
      out.birth = b;
      out.sex = sexAt16(residentId as string);
      checkAt(out, 'residentId', b, at);
    } else {
      // The parser's verdict at the reference date; when that is "born after it", what the number says is read without it.
      const opts: ParseResidentIdOptions = {};
      if (regions) opts.regions = regions;
      if (at >= 0) opts.asOf = at;
      let r = parseResidentId(residentId as string, opts);
      if (!r.ok) {
        push(out, 'residentId', r.error.code, 'error', r.error.message);
        if (r.error.code === 'ID_BIRTH_FUTURE') r = parseResidentId(residentId as string, regions ? { regions } : {});
      } else pushWarnings(out, 'residentId', r.warnings);
      if (r.ok) {
        out.id = r.value.id;
        out.birth = dateNumberOf(r.value.birthDate);
        out.sex = r.value.sex;
      }
    }
  }

  // --- the certificate number -----------------------------------------------------------------
  if (present(certificateNo)) {
    let cb = -1;
    let certId: string | undefined;
    if (regions === undefined && typeof certificateNo === 'string' && certificateNo.length === 20) {
      const cc = certificateNo.charCodeAt(18) - 48;
      const lc = certificateNo.charCodeAt(19) - 48;
      if (cc >= 1 && cc <= 7 && lc >= 1 && lc <= 4) {
        if (ridPlain && certificateNo.startsWith(residentId as string)) {
          certId = out.id;
          cb = out.birth!;
        } else if ((cb = plainBirth18(certificateNo, false)) >= 0) {
          certId = certificateNo.slice(0, 18);
        }
        if (certId !== undefined) {
          out.category = cc as DisabilityCategory;
          out.level = lc as DisabilityLevel;
          checkAt(out, 'certificateNo', cb, at);
        }
      }
    }
    if (certId === undefined) {
      const opts: ParseCertificateOptions = {};
      if (regions) opts.regions = regions;
      if (options?.allowUnknownLevel) opts.allowUnknownLevel = true;
      if (at >= 0) opts.asOf = at;
      let r = parseDisabilityCertificateNo(certificateNo as string, opts);
      if (!r.ok) {
        push(out, 'certificateNo', r.error.code, 'error', r.error.message);
        if (r.error.cause?.code === 'ID_BIRTH_FUTURE') {
          delete opts.asOf;
          r = parseDisabilityCertificateNo(certificateNo as string, opts);
        }
      } else pushWarnings(out, 'certificateNo', r.warnings);
      if (r.ok) {
        certId = r.value.residentId.id;
        cb = dateNumberOf(r.value.residentId.birthDate);
        out.category = r.value.category;
        out.level = r.value.level;
      }
    }
    if (certId !== undefined) {
      out.certificateId = certId;
      if (out.id === undefined) {
        out.birth = cb;
        out.sex = sexAt16(certId);
      } else if (out.id !== certId) {
        // A warning, not an error: ID numbers are occasionally corrected without the certificate
        // being reissued; the office verifies which one is current.
        push(out, 'residentId', 'CERT_ID_MISMATCH', 'warning', `公民身份号码 ${out.id} 与残疾人证号前18位 ${certId} 不一致（身份证号更正后证件可能未换发），请核实`);
      }
    }
  }

  const b = out.birth;
  if (at >= 0 && b !== undefined && b <= at) out.age = fullYears(b, at);
  return out;
}

/** {@link quickResidentIdAge}: the number is valid but `parseResidentId` would not pass it without a problem or warning. */
export const QUICK_ID_PROBLEM = -1;
/** {@link quickResidentIdAge}: not a plain 18-character citizen number; ask `parseResidentId`. */
export const QUICK_ID_ASK_PARSER = -2;

/**
 * The verdict `parseResidentId(s, { asOf })` gives a plain 18-character citizen number (digits
 * with an upper-case check character X, first digit 1–8), without building the parse result:
 * - the age in whole years at `at` (≥ 0) when the number passes the GB 11643-1999 checks with no
 *   warning (its canonical form is `s` itself, the birth date is not after `at`, the age is at
 *   most 120);
 * - {@link QUICK_ID_PROBLEM} when the parser would report an error or a warning (birth date after
 *   the reference date, age over 120);
 * - {@link QUICK_ID_ASK_PARSER} for anything else (other lengths, lower-case or full-width
 *   characters, 港澳台 and foreigners' numbers, a bad check character): the parser decides.
 *
 * Prefer {@link readIdentity}, which gives the same verdict together with sex, category and level.
 *
 * @example
 * ```ts
 * const id = makeResidentId({ regionCode: '430102', birthDate: '2010-07-01', sex: 'female' });
 * quickResidentIdAge(id, [2017, 6, 30]); //=> 6
 * quickResidentIdAge(id, [2009, 1, 1]); //=> -1 (QUICK_ID_PROBLEM: born after the reference date)
 * quickResidentIdAge(id.toLowerCase().slice(0, 15), [2017, 6, 30]); //=> -2 (QUICK_ID_ASK_PARSER)
 * ```
 */
export function quickResidentIdAge(s: string, at: Ymd): number {
  if (typeof s !== 'string' || s.length !== 18) return QUICK_ID_ASK_PARSER;
  const c0 = s.charCodeAt(0);
  if (c0 < 49 || c0 > 56) return QUICK_ID_ASK_PARSER; // foreign permanent residents (9…) and odd input
  const b = plainBirth18(s, false);
  if (b < 0) return QUICK_ID_ASK_PARSER;
  const a = at[0] * 10000 + at[1] * 100 + at[2];
  if (b > a) return QUICK_ID_PROBLEM;
  const age = fullYears(b, a);
  return ageWarningOf(age) ? QUICK_ID_PROBLEM : age;
}

/**
 * Sex carried by an 18-character ID number (17th digit odd = male), or `undefined` when that
 * character is not a digit.
 *
 * @example
 * ```ts
 * sexOfResidentId(makeResidentId({ regionCode: '430102', birthDate: '2010-07-01', sex: 'female' })); //=> 'female'
 * ```
 */
export function sexOfResidentId(id: string): 'male' | 'female' | undefined {
  if (typeof id !== 'string') return undefined;
  const c = id.charCodeAt(16) - 48;
  if (c < 0 || c > 9) return undefined;
  return c % 2 === 1 ? 'male' : 'female';
}

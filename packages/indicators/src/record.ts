/**
 * The record shapes the calculator reads, and the few derived facts (age at the reference date,
 * sex, disability category and level) it computes once per record.
 *
 * A person record is the flat object shared by every canji package (keys = the flat CSV machine
 * column names, see `@canji/form`): `region_code`, `person_status`, `collection_mode`, `resident_id`,
 * `certificate_no`, the items `r1` … `r41` (2017 numbering) with typed values. The calculator only
 * reads; it never mutates or copies a record, so a stream of millions keeps memory flat.
 */

/**
 * Yes/no answers are coded 1 是 / 2 否 throughout the form (S5, S6).
 *
 * @example
 * ```ts
 * import type { YesNo } from '@canji/indicators';
 * const answer: YesNo = 1; // 是
 * ```
 */
export type YesNo = 1 | 2;

/**
 * A person record as the indicators read it: the keys they use, plus any other item.
 *
 * @example
 * ```ts
 * import type { PersonRecordLike } from '@canji/indicators';
 * const record: PersonRecordLike = { region_code: '430102001001', person_status: 6, birth_date: '1980-05-01', sex: 'female', r16: 1 };
 * ```
 */
export interface PersonRecordLike {
  /** 12-digit NBS village/community code (6-digit GB/T 2260 county codes are accepted too). */
  readonly region_code?: string;
  readonly survey_year?: number;
  readonly reference_date?: string;
  /** 核查状态: 1 查无此人, 2 已搬迁, 3 空挂户, 4 外出, 5 死亡, 6 正常 (only 6 fills the full form). */
  readonly person_status?: number;
  readonly collection_mode?: number;
  readonly collection_channel?: number;
  readonly resident_id?: string;
  readonly certificate_no?: string;
  readonly sex?: 'male' | 'female';
  readonly birth_date?: string;
  readonly disability_category?: number;
  readonly disability_level?: number;
  /** 户口性质: 1 农业, 2 非农业. */
  readonly r3?: number;
  readonly [item: string]: unknown;
}

/**
 * A village/community record (动态2表): `region_code` plus its items.
 *
 * @example
 * ```ts
 * import type { VillageRecordLike } from '@canji/indicators';
 * const village: VillageRecordLike = { region_code: '430102001001', survey_year: 2019, v1: 1, v7: 2 };
 * ```
 */
export interface VillageRecordLike {
  readonly region_code?: string;
  readonly survey_year?: number;
  readonly [item: string]: unknown;
}

/**
 * Facts derived once per record and handed to every predicate.
 *
 * @example
 * ```ts
 * import { definePersonIndicator, type RecordContext } from '@canji/indicators';
 * const adults = definePersonIndicator({
 *   id: 'local-adult-r31', name: '成年人家庭医生签约率', description: '分母：满 18 周岁、R31 已答者；分子：R31=1 者。', basis: '本地指标', formVersions: ['2017'],
 *   denominator: (_r, c: RecordContext) => c.age !== undefined && c.age >= 18, answered: (r) => r.r31 === 1 || r.r31 === 2, numerator: (r) => r.r31 === 1,
 * });
 * ```
 */
export interface RecordContext {
  /** The reference date of the computation, 'YYYY-MM-DD'. */
  readonly asOf: string;
  /** `person_status` (核查状态) when it is a number: 6 正常 means the full form was filled. */
  readonly personStatus: number | undefined;
  /** Whole years at `asOf`, from `birth_date` or the resident ID; undefined when neither is usable. */
  readonly age: number | undefined;
  readonly sex: 'male' | 'female' | undefined;
  /** 1 视力 … 7 多重, from `disability_category` or digit 19 of the certificate number. */
  readonly category: number | undefined;
  /** 1–4, from `disability_level` or digit 20 of the certificate number. */
  readonly level: number | undefined;
}

/** @internal mutable twin of RecordContext, reused across records. */
export interface MutableRecordContext {
  asOf: string;
  personStatus: number | undefined;
  age: number | undefined;
  sex: 'male' | 'female' | undefined;
  category: number | undefined;
  level: number | undefined;
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** @internal 'YYYY-MM-DD' → [year, month*100+day] or undefined. */
export function splitDate(date: string): [number, number] | undefined {
  const m = DATE_RE.exec(date);
  if (!m) return undefined;
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1 || day > 31) return undefined;
  return [Number(m[1]), month * 100 + day];
}

function digit(s: string, i: number): number {
  const c = s.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : Number.NaN;
}

/**
 * @internal Fills `ctx` from a record. Derivation is deliberately cheap (no checksum): records are
 * expected to have been validated by `@canji/rules` (or `@canji/id`) before indicators are computed.
 * Age counts completed years as date-fns `differenceInYears` does: a 29 February birthday is reached
 * on 1 March in a common year.
 */
export function fillContext(ctx: MutableRecordContext, r: PersonRecordLike, asOfYear: number, asOfMonthDay: number): void {
  const st = r.person_status;
  ctx.personStatus = typeof st === 'number' ? st : undefined;
  let birthYear = -1;
  let birthMonthDay = 0;
  const bd = r.birth_date;
  if (typeof bd === 'string' && bd.length === 10) {
    const y = digit(bd, 0) * 1000 + digit(bd, 1) * 100 + digit(bd, 2) * 10 + digit(bd, 3);
    const md = (digit(bd, 5) * 10 + digit(bd, 6)) * 100 + digit(bd, 8) * 10 + digit(bd, 9);
    if (y > 0 && md > 100) {
      birthYear = y;
      birthMonthDay = md;
    }
  }
  const id = r.resident_id;
  const idOk = typeof id === 'string' && id.length === 18;
  if (birthYear < 0 && idOk) {
    // GB 11643-1999: positions 7–14 are the birth date YYYYMMDD.
    const y = digit(id, 6) * 1000 + digit(id, 7) * 100 + digit(id, 8) * 10 + digit(id, 9);
    const md = (digit(id, 10) * 10 + digit(id, 11)) * 100 + digit(id, 12) * 10 + digit(id, 13);
    if (y > 0 && md > 100) {
      birthYear = y;
      birthMonthDay = md;
    }
  }
  if (birthYear > 0) {
    const age = asOfYear - birthYear - (asOfMonthDay < birthMonthDay ? 1 : 0);
    ctx.age = age >= 0 ? age : undefined;
  } else ctx.age = undefined;

  const sex = r.sex;
  if (sex === 'male' || sex === 'female') ctx.sex = sex;
  else if (idOk) {
    // GB 11643-1999: position 17 is odd for men, even for women.
    const d = digit(id, 16);
    ctx.sex = Number.isNaN(d) ? undefined : d % 2 === 1 ? 'male' : 'female';
  } else ctx.sex = undefined;

  const cert = r.certificate_no;
  const certOk = typeof cert === 'string' && cert.length >= 20;
  const cat = r.disability_category;
  if (typeof cat === 'number') ctx.category = cat;
  else if (certOk) {
    // 残疾人证号: 18-digit ID + category digit (1–7) + level digit (1–4) (D14; docs/guides/policy-basis.md §5).
    const d = digit(cert, 18);
    ctx.category = d >= 1 && d <= 7 ? d : undefined;
  } else ctx.category = undefined;
  const lvl = r.disability_level;
  if (typeof lvl === 'number') ctx.level = lvl;
  else if (certOk) {
    const d = digit(cert, 19);
    ctx.level = d >= 1 && d <= 4 ? d : undefined;
  } else ctx.level = undefined;
}

/**
 * True when a single- or multiple-choice answer includes `code` (for writing local indicators).
 *
 * @example
 * ```ts
 * import { hasChoice } from '@canji/indicators';
 * hasChoice([1, 3], 3); //=> true
 * hasChoice(2, 2); //=> true
 * hasChoice(undefined, 1); //=> false
 * ```
 */
export function hasChoice(value: unknown, code: number): boolean {
  if (typeof value === 'number') return value === code;
  return Array.isArray(value) && value.includes(code);
}

/**
 * True when a single- or multiple-choice answer includes any code in [from, to].
 *
 * @example
 * ```ts
 * import { hasChoiceIn } from '@canji/indicators';
 * hasChoiceIn([6], 1, 5); //=> false   (R35 = 6 未得到)
 * hasChoiceIn([2, 4], 1, 5); //=> true
 * ```
 */
export function hasChoiceIn(value: unknown, from: number, to: number): boolean {
  if (typeof value === 'number') return value >= from && value <= to;
  if (!Array.isArray(value)) return false;
  for (const v of value) if (typeof v === 'number' && v >= from && v <= to) return true;
  return false;
}

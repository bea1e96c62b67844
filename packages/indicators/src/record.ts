/**
 * The record shapes the calculator reads, and the few derived facts (age at the reference date,
 * sex, disability category and level) it computes once per record.
 *
 * A person record is the flat object shared by every canji package (keys = the flat CSV machine
 * column names, see `@canji/form`): `region_code`, `person_status`, `collection_mode`, `resident_id`,
 * `certificate_no`, the items `r1` … `r41` (2017 numbering) with typed values. The calculator only
 * reads; it never mutates or copies a record, so a stream of millions keeps memory flat.
 */
import { ageAt, dateNumber, readIdentity } from '@canji/id';

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

/** One identity result reused for every record (records are added one at a time). */
const IDENTITY = { into: readIdentity() };

/**
 * @internal Fills `ctx` from a record: age at `asOf` (yyyymmdd) from `birth_date`, else from the
 * resident ID or the certificate number; sex, category and level as recorded, else from the
 * numbers — all read by `@canji/id` (`readIdentity`, `ageAt`: a 29 February birthday is reached on
 * 1 March in a common year, as date-fns `differenceInYears` counts). A number that is not valid
 * gives nothing: records are expected to have been validated by `@canji/rules` first.
 */
export function fillContext(ctx: MutableRecordContext, r: PersonRecordLike, asOf: number): void {
  const st = r.person_status;
  ctx.personStatus = typeof st === 'number' ? st : undefined;
  const bd = r.birth_date;
  const birth = typeof bd === 'string' && bd.length === 10 ? dateNumber(bd) : undefined;
  const sex = r.sex;
  const cat = r.disability_category;
  const lvl = r.disability_level;
  const recordedSex = sex === 'male' || sex === 'female';
  if (birth !== undefined && recordedSex && typeof cat === 'number' && typeof lvl === 'number') {
    // Everything recorded: the numbers need not be read.
    ctx.age = ageAt(birth, asOf);
    ctx.sex = sex;
    ctx.category = cat;
    ctx.level = lvl;
    return;
  }
  const who = readIdentity(r.resident_id, r.certificate_no, undefined, IDENTITY);
  ctx.age = ageAt(birth ?? who.birth, asOf);
  ctx.sex = recordedSex ? sex : who.sex;
  ctx.category = typeof cat === 'number' ? cat : who.category;
  ctx.level = typeof lvl === 'number' ? lvl : who.level;
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

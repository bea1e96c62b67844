/**
 * The changes planted on continuing persons between two rounds: natural ones (a job found or lost,
 * more schooling, a re-assessed level with a new certificate) that leave a valid record and must
 * raise no year-on-year finding, and implausible ones, one per year-on-year rule of `@canji/rules`
 * (`yearOnYearRules('2017')`), each of which that rule must find.
 *
 * Each change says which records it can be planted in (`eligible`, on this round's record after a
 * year of age) and what it does (`apply`, returning the keys it changed).
 */
import { addDays, toYmd } from './dates.js';
import type { SynthPersonRecord } from './person.js';
import type { Random } from './random.js';
import { ageOf, ASKED_ITEMS, includes, isAnswered, repairRecord, sameAnswers } from './rounds-record.js';

/** What a change sees of one person. */
export interface ChangeContext {
  /** Last round's record (read only). */
  readonly prev: Readonly<SynthPersonRecord>;
  /** This round's record so far: a year older, repaired, with the year's re-asked answers. */
  readonly cur: SynthPersonRecord;
  /** Age at this round's reference date. */
  readonly age: number;
  readonly asOf: string;
  readonly rng: Random;
}

/** A change: where it can be planted and what it does. */
export interface ChangeDef {
  readonly eligible: (c: ChangeContext) => boolean;
  readonly apply: (c: ChangeContext) => string[];
}

const NORMAL = 6;
const normal = (c: ChangeContext) => c.cur.person_status === NORMAL && c.prev.person_status === NORMAL;
const level = (r: Readonly<SynthPersonRecord>) => (typeof r.disability_level === 'number' ? r.disability_level : undefined);
const category = (r: Readonly<SynthPersonRecord>) => (typeof r.disability_category === 'number' ? r.disability_category : undefined);
const inSchool = (r: Readonly<SynthPersonRecord>) => isAnswered(r.r14);

/** A new certificate number for a re-assessed level: the ID number, the category, the new level (D14). */
function newCertificate(r: SynthPersonRecord, newLevel: number): void {
  r.disability_level = newLevel;
  r.certificate_no = `${String(r.resident_id)}${String(r.disability_category)}${newLevel}`;
}

function withRepair(c: ChangeContext, keys: string[]): string[] {
  return [...new Set([...keys, ...repairRecord(c.cur, c.asOf, c.rng)])];
}

function withoutCode(v: SynthPersonRecord[string], code: number, none: number): number[] {
  const rest = (v as number[]).filter((x) => x !== code);
  return rest.length ? rest : [none];
}

/** Natural changes: the record stays valid and no year-on-year rule may fire on it. */
export const NATURAL_CHANGES = {
  /**
   * Employment changed (R16 是 ↔ 否) for a 16–59-year-old not in school or an institution, with the
   * follow-ups re-drawn (R17 for the employed; R18/R19 for the others; R20/R21 by the skip logic).
   * R17 is never 按比例/集中就业, which would want employee insurance (CON_QUOTA_EMPLOYMENT_NO_INSURANCE).
   */
  'employment-changed': {
    eligible: (c) => normal(c) && c.age >= 16 && c.age <= 59 && c.cur.r7 !== 1 && !inSchool(c.cur) && (c.cur.r16 === 1 || c.cur.r16 === 2),
    apply: (c) => {
      const r = c.cur;
      if (r.r16 === 1) {
        for (const k of ['r17', 'r17_1']) delete r[k];
        r.r16 = 2;
      } else {
        for (const k of ['r16_2', 'r18', 'r19']) delete r[k];
        r.r16 = 1;
      }
      return withRepair(c, ['r16', 'r17', 'r17_1', 'r16_2', 'r18', 'r19'].filter((k) => r[k] !== c.prev[k]));
    },
  },
  /** Education up by one level (adult education, a vocational diploma): R13 2–4 → 3–5, an adult aged 20+ who reads (R12 = 是). */
  'education-up': {
    eligible: (c) => normal(c) && c.age >= 20 && !inSchool(c.cur) && c.cur.r12 === 1 && typeof c.cur.r13 === 'number' && c.cur.r13 >= 2 && c.cur.r13 <= 4,
    apply: (c) => {
      c.cur.r13 = (c.cur.r13 as number) + 1;
      return ['r13'];
    },
  },
  /**
   * A re-assessment changed the level by one step, with a new certificate number (the level is its
   * 20th digit). An adult's intellectual disability only gets more severe (YOY_INTELLECTUAL_LEVEL_IMPROVED
   * calls an improvement implausible); the follow-ups (R28 care subsidy for levels 1–2, R29 care
   * scope of 肢体 1–2) are repaired.
   */
  'level-changed': {
    eligible: (c) => normal(c) && c.age >= 3 && level(c.cur) !== undefined && level(c.cur)! <= 4 && !(category(c.cur) === 5 && c.age >= 18 && level(c.cur) === 1),
    apply: (c) => {
      const l = level(c.cur)!;
      const worsen = (category(c.cur) === 5 && c.age >= 18) || l === 4 || (l !== 1 && c.rng.chance(0.5));
      newCertificate(c.cur, worsen ? l - 1 : l + 1);
      return withRepair(c, ['disability_level', 'certificate_no']);
    },
  },
} as const satisfies Record<string, ChangeDef>;

/** A birth date in the same month, a week away, that gives the same age at the reference date. */
function shiftedBirthDate(r: Readonly<SynthPersonRecord>, asOf: string): string | undefined {
  const b = typeof r.birth_date === 'string' ? toYmd(r.birth_date) : undefined;
  if (!b) return undefined;
  const shifted = addDays(b, b.d <= 14 ? 7 : -7);
  return ageOf({ birth_date: shifted }, asOf) === ageOf(r, asOf) ? shifted : undefined;
}

/** Implausible changes, by the year-on-year rule that must find each. */
export const IMPLAUSIBLE_CHANGES = {
  /** Birth date a week off, ID number unchanged (the age stays the same). */
  YOY_BIRTH_DATE_CHANGED: {
    eligible: (c) => normal(c) && shiftedBirthDate(c.cur, c.asOf) !== undefined,
    apply: (c) => {
      c.cur.birth_date = shiftedBirthDate(c.cur, c.asOf)!;
      return ['birth_date'];
    },
  },
  /** Sex flipped, ID number unchanged. */
  YOY_SEX_CHANGED: {
    eligible: (c) => normal(c) && (c.cur.sex === 'male' || c.cur.sex === 'female'),
    apply: (c) => {
      c.cur.sex = c.cur.sex === 'male' ? 'female' : 'male';
      return ['sex'];
    },
  },
  /** Category changed among 视力/听力/言语 (no skip logic depends on them), certificate number unchanged; adults only. */
  YOY_CATEGORY_CHANGED_SAME_CERTIFICATE: {
    eligible: (c) => normal(c) && c.age >= 18 && [1, 2, 3].includes(category(c.cur) ?? 0),
    apply: (c) => {
      c.cur.disability_category = (category(c.cur)! % 3) + 1;
      return ['disability_category'];
    },
  },
  /** Level one step within 1–2 or 3–4 (no follow-up changes), certificate number unchanged; not intellectual. */
  YOY_LEVEL_CHANGED_SAME_CERTIFICATE: {
    eligible: (c) => normal(c) && c.age >= 3 && category(c.cur) !== 5 && [1, 2, 3, 4].includes(level(c.cur) ?? 0),
    apply: (c) => {
      const l = level(c.cur)!;
      c.cur.disability_level = l % 2 === 1 ? l + 1 : l - 1;
      return ['disability_level'];
    },
  },
  /** Level two steps away (1 ↔ 3, 2 ↔ 4) with a new certificate number; not intellectual. */
  YOY_LEVEL_JUMP: {
    eligible: (c) => normal(c) && c.age >= 3 && category(c.cur) !== 5 && [1, 2, 3, 4].includes(level(c.cur) ?? 0),
    apply: (c) => {
      const l = level(c.cur)!;
      newCertificate(c.cur, l <= 2 ? l + 2 : l - 2);
      return withRepair(c, ['disability_level', 'certificate_no']);
    },
  },
  /** An adult's intellectual disability one level milder, with a new certificate number. */
  YOY_INTELLECTUAL_LEVEL_IMPROVED: {
    eligible: (c) => normal(c) && c.age >= 18 && category(c.cur) === 5 && [1, 2, 3].includes(level(c.cur) ?? 0),
    apply: (c) => {
      newCertificate(c.cur, level(c.cur)! + 1);
      return withRepair(c, ['disability_level', 'certificate_no']);
    },
  },
  /** Education one level lower (R13 4+ → 3+, so literacy stays consistent), an adult not in school. */
  YOY_EDUCATION_DOWN: {
    eligible: (c) => normal(c) && c.age >= 20 && !inSchool(c.cur) && typeof c.cur.r13 === 'number' && c.cur.r13 >= 4,
    apply: (c) => {
      c.cur.r13 = (c.cur.r13 as number) - 1;
      return ['r13'];
    },
  },
  /** A pupil of 小学/初中 last year, under 16, not in school this year and no reason given (R14 and R15 empty). */
  YOY_SCHOOL_LEFT_WITHOUT_REASON: {
    eligible: (c) => normal(c) && c.age < 16 && [2, 3, 8, 9].includes(c.prev.r14 as number) && inSchool(c.cur),
    apply: (c) => {
      delete c.cur.r14;
      delete c.cur.r15;
      return ['r14'];
    },
  },
  /** Living subsidy (R28-1) stopped while still on 低保 (R27-1). */
  YOY_LIVING_SUBSIDY_STOPPED: {
    eligible: (c) => normal(c) && includes(c.prev.r28, 1) && includes(c.cur.r28, 1) && includes(c.cur.r27, 1),
    apply: (c) => {
      c.cur.r28 = withoutCode(c.cur.r28, 1, 4);
      return ['r28'];
    },
  },
  /** Care subsidy (R28-2) stopped while still level 1–2. */
  YOY_CARE_SUBSIDY_STOPPED: {
    eligible: (c) => normal(c) && includes(c.prev.r28, 2) && includes(c.cur.r28, 2) && (level(c.cur) === 1 || level(c.cur) === 2),
    apply: (c) => {
      c.cur.r28 = withoutCode(c.cur.r28, 2, 4);
      return ['r28'];
    },
  },
  /**
   * Every re-asked answer as last year's (only the cover dates new): a person whose year of age
   * changed nothing in the form, with at least 10 answers. The orchestrator leaves out the year's
   * re-asked answers (`annualAnswers`) for these persons; `apply` changes nothing more.
   */
  YOY_COPIED_FORWARD: {
    eligible: (c) => normal(c) && sameAnswers(c.cur, c.prev) && ASKED_ITEMS.filter((k) => isAnswered(c.cur[k])).length >= 10,
    apply: () => [],
  },
  /** Collection date on or before last round's (up to two weeks before it). */
  YOY_COLLECTED_BEFORE_PREVIOUS: {
    eligible: (c) => normal(c) && typeof c.prev.collected_on === 'string' && toYmd(c.prev.collected_on) !== undefined,
    apply: (c) => {
      const d = addDays(toYmd(c.prev.collected_on as string)!, -c.rng.int(15));
      c.cur.collected_on = d;
      if (c.cur.declared_on !== undefined) c.cur.declared_on = d;
      return c.cur.declared_on !== undefined ? ['collected_on', 'declared_on'] : ['collected_on'];
    },
  },
} as const satisfies Record<string, ChangeDef>;

export type NaturalChangeKind = keyof typeof NATURAL_CHANGES;
export type ImplausibleRuleId = keyof typeof IMPLAUSIBLE_CHANGES;

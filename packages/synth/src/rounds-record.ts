/**
 * One continuing person's record carried from one round to the next (the 2017 form): the cover of
 * the new round, a year of age with what it brings (school stages, items that start or stop being
 * asked), the year's re-asked answers, and a repair that keeps the record valid by the form's skip
 * logic after any change. Used by `synthesizeRounds`.
 *
 * The draws mirror the person generator (`person.ts`); where the generator has no rule (what a
 * child does on turning 16, when a pupil leaves school) the choice is an ASSUMPTION, documented
 * where it is made.
 */
import { itemApplicability, personForm, PERSON_STATUS_NORMAL } from '@canji/form';
import { ageAt } from '@canji/id';
import type { SynthPersonRecord } from './person.js';
import type { Random } from './random.js';

/** A value of a record. */
type Value = SynthPersonRecord[string];

const FORM = personForm('2017');

/**
 * The items a visit re-asks: every item outside the cover, identity and closing sections (the
 * items `@canji/rules`' YOY_COPIED_FORWARD compares, taken from the form in the same way).
 */
export const ASKED_ITEMS: readonly string[] = FORM.items.filter((i) => i.section !== 'cover' && i.section !== 'identity' && i.section !== 'closing').map((i) => i.key);

/** Every item key of the 2017 form, in form order. */
export const FORM_KEYS: readonly string[] = FORM.items.map((i) => i.key);

export const includes = (v: Value, code: number): boolean => (Array.isArray(v) ? v.includes(code) : v === code);
export const isAnswered = (v: Value): boolean => v !== undefined && v !== '' && !(Array.isArray(v) && v.length === 0);

/** Two answers are the same (multiple choice compared as sets, as YOY_COPIED_FORWARD does). */
export function sameValue(a: Value, b: Value): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && [...a].sort().join() === [...b].sort().join();
  return a === b;
}

/** Whether two records give the same answers to every re-asked item. */
export function sameAnswers(a: SynthPersonRecord, b: SynthPersonRecord): boolean {
  return ASKED_ITEMS.every((k) => sameValue(a[k], b[k]));
}

/** Age at the record's reference date (from its birth date), or -1. */
export function ageOf(r: SynthPersonRecord, asOf: string): number {
  return typeof r.birth_date === 'string' ? (ageAt(r.birth_date, asOf) ?? -1) : -1;
}

export const yesNo = (b: boolean): 1 | 2 => (b ? 1 : 2);

/** The cover of the new round: survey year, reference date, collection and declaration dates. */
export function newCover(r: SynthPersonRecord, asOf: string, collectedOn: string): void {
  r.survey_year = Number(asOf.slice(0, 4));
  r.reference_date = asOf;
  r.collected_on = collectedOn;
  if (r.declared_on !== undefined) r.declared_on = collectedOn;
}

/** r14 school stage: 1 学前 2 小学 3 初中 4 高中 5 专科 6 本科 (special-education codes 7–12 are stage + 6). */
function stageOf(r14: Value): { stage: number; special: boolean } | undefined {
  if (typeof r14 !== 'number') return undefined;
  return r14 > 6 ? { stage: r14 - 6, special: true } : { stage: r14, special: false };
}

/** What a year of age did to a record, for the labels. */
export interface AgingOutcome {
  /** A child of school age entered primary school (from pre-school or from not being enrolled). */
  enrolled: boolean;
  /** A pupil moved up a stage (r14, and r13 with it from 15). */
  progressed: boolean;
  /** A pupil or student left school at the end of a stage. */
  finished: boolean;
  /** The items the year changed. */
  items: string[];
}

/**
 * A year of age on a continuing normal-status record, before the repair: school stages move on
 * with age (ASSUMPTION, the regular ages of the 6-3-3 system and the generator's enrolment ages:
 * pre-school → 小学 at 6, → 初中 at 12, → 高中 at 16, at 18 half go on to 专科/本科 and half leave,
 * students leave at 23; the generator enrols nobody over 22), a child turning 6 who was not at
 * school is enrolled with the generator's 6–14 enrolment share, and at 15 the education items
 * start (R12/R13: the current stage for pupils, 未上过学 for the never enrolled).
 */
export function ageRecord(r: SynthPersonRecord, age: number, rng: Random, enrolment: number): AgingOutcome {
  const out: AgingOutcome = { enrolled: false, progressed: false, finished: false, items: [] };
  const before = { r12: r.r12, r13: r.r13, r14: r.r14, r15: r.r15 };
  const s = stageOf(r.r14);
  const set = (stage: number, special: boolean) => {
    r.r14 = stage + (special ? 6 : 0);
    if (age >= 15 && (typeof r.r13 !== 'number' || r.r13 < stage)) r.r13 = stage;
  };
  if (s) {
    if (s.stage === 1 && age >= 6) {
      set(2, s.special);
      out.enrolled = true;
    } else if (s.stage === 2 && age >= 12) {
      set(3, s.special);
      out.progressed = true;
    } else if (s.stage === 3 && age >= 16) {
      set(4, s.special);
      out.progressed = true;
    } else if (s.stage === 4 && age >= 18) {
      if (rng.chance(0.5)) {
        set(rng.chance(0.5) ? 5 : 6, s.special);
        out.progressed = true;
      } else {
        leaveSchool(r);
        out.finished = true;
      }
    } else if (s.stage >= 5 && age >= 23) {
      leaveSchool(r);
      out.finished = true;
    }
  } else if (age === 6 && r.r15 === undefined && !isAnswered(r.r13)) {
    // Not at school at 5 (R15 is asked only from 6): enrolled with the generator's 6–14 share.
    if (rng.chance(enrolment)) {
      r.r14 = rng.chance(0.3) ? 8 : 2;
      out.enrolled = true;
    }
  }
  if (age === 15 && !isAnswered(r.r13)) {
    const now = stageOf(r.r14);
    r.r13 = now ? Math.max(1, now.stage) : 1;
    r.r12 = yesNo(now !== undefined);
  }
  for (const k of ['r12', 'r13', 'r14', 'r15'] as const) if (!sameValue(before[k], r[k])) out.items.push(k);
  return out;
}

/** A pupil leaves school: R14 cleared, and the employment answers that followed from being at school re-drawn by the repair. */
function leaveSchool(r: SynthPersonRecord): void {
  delete r.r14;
  if (r.r19 === 1) {
    // 在校学习 no longer holds: the employment block and the insurance items it skipped are asked afresh.
    for (const k of ['r16', 'r16_2', 'r17', 'r17_1', 'r18', 'r19', 'r20', 'r21']) delete r[k];
  }
}

/**
 * A value for an item the form now asks of the person and the record does not answer, following
 * the generator where it has a rule; otherwise the most common answer (ASSUMPTION). `undefined`
 * when the item is left to the caller (free text, sub-items).
 */
function fillValue(key: string, r: SynthPersonRecord, age: number, rng: Random): Value {
  const agricultural = r.r3 === 1;
  const enrolled = isAnswered(r.r14);
  switch (key) {
    case 'r4':
      return rng.chance(0.8) ? 10 : 20; // turning 20: mostly 未婚 (the generator's young share is 62 %)
    case 'r12':
      return yesNo(enrolled || (typeof r.r13 === 'number' && r.r13 >= 2));
    case 'r13':
      return stageOf(r.r14)?.stage ?? 1;
    case 'r15':
      return 1 + rng.int(5);
    case 'r16':
      // In school ⇒ 否 (IMPL_ENROLLED_R16_NO); otherwise ASSUMPTION 35 % employed on turning 16 or leaving school.
      return enrolled ? 2 : yesNo(rng.chance(0.35));
    case 'r16_2':
      return yesNo(rng.chance(0.12));
    case 'r17':
      // Not 按比例/集中就业: those need employee insurance (CON_QUOTA_EMPLOYMENT_NO_INSURANCE), which is not drawn here.
      return agricultural ? (rng.chance(0.7) ? 6 : 3) : rng.chance(0.7) ? 7 : 3;
    case 'r17_1':
      return 1;
    case 'r18':
      return 4; // 家庭成员供养 (the generator's most common source, never 退休金 under 45)
    case 'r19':
      if (enrolled) return 1; // IMPL_ENROLLED_R19_IN_SCHOOL
      return agricultural && rng.chance(0.05) ? 6 : rng.pick([3, 4, 5, 7]);
    case 'r20':
    case 'r21':
      return [6];
    case 'r22':
      return [4];
    case 'r23':
      return includes(r.r22, 1) ? 2 : yesNo(rng.chance(0.9)); // IMPL_R22_PENSION_R23_NO
    case 'r24':
      return yesNo(rng.chance(0.3));
    case 'r25':
      return includes(r.r22, 2) ? 2 : 1; // IMPL_R22_MEDICAL_R25_NO
    case 'r26':
      // 低保/特困 members' premium is paid (CON_ASSISTANCE_WITHOUT_PREMIUM_SUBSIDY), and counted as 医疗救助.
      return yesNo(includes(r.r27, 1) || includes(r.r27, 2) || includes(r.r27, 3));
    case 'r29':
      return 2;
    case 'r29_1':
    case 'r30':
      return 1;
    case 'r33':
      return 1;
    case 'r34':
    case 'r36':
      return [1];
    case 'r40':
      return yesNo(rng.chance(0.22));
    case 'r41':
      return [1];
    default:
      return undefined;
  }
}

/**
 * Makes a record valid again by the form's skip logic after a change: answers to items the form no
 * longer asks are removed, items it now requires are answered (`fillValue`), repeated until nothing
 * moves (an answer can open or close later items). Implications the form states (R22 ⇒ R23/R25,
 * in school ⇒ R16 = 否, R19 = 在校学习) are re-applied. Returns the keys it changed.
 */
export function repairRecord(r: SynthPersonRecord, asOf: string, rng: Random): string[] {
  const changed = new Set<string>();
  if (r.person_status !== PERSON_STATUS_NORMAL) return [];
  const age = ageOf(r, asOf);
  for (let pass = 0; pass < 12; pass++) {
    let moved = false;
    implications(r, age, changed);
    for (const it of itemApplicability(r, { asOf, complete: true })) {
      const v = r[it.key];
      if (it.status === 'not-applicable' && isAnswered(v)) {
        delete r[it.key];
        changed.add(it.key);
        moved = true;
      } else if (it.status === 'applicable' && it.required && !isAnswered(v)) {
        const fill = fillValue(it.key, r, age, rng);
        if (fill !== undefined) {
          r[it.key] = fill;
          changed.add(it.key);
          moved = true;
          break; // later items may depend on this answer: recompute
        }
      }
    }
    if (!moved) break;
  }
  careSubsidyScope(r, changed);
  return [...changed];
}

function implications(r: SynthPersonRecord, age: number, changed: Set<string>): void {
  const force = (k: string, v: number) => {
    if (r[k] !== undefined && r[k] !== v) {
      r[k] = v;
      changed.add(k);
    }
  };
  if (includes(r.r22, 1)) force('r23', 2);
  if (includes(r.r22, 2)) force('r25', 2);
  if (isAnswered(r.r14) && age >= 16 && age <= 59) {
    force('r16', 2);
    force('r19', 1);
  }
}

/**
 * The care subsidy (R28-2) is for levels 1–2 (国发〔2015〕52号; CON_CARE_SUBSIDY_LEVEL and
 * CON_CARE_SUBSIDY_WIDENED_SCOPE): a person whose level became 3 or 4 no longer receives it.
 */
function careSubsidyScope(r: SynthPersonRecord, changed: Set<string>): void {
  const level = r.disability_level;
  if ((level === 3 || level === 4) && includes(r.r28, 2)) {
    const rest = (r.r28 as number[]).filter((c) => c !== 2);
    r.r28 = rest.length ? rest : [4];
    changed.add('r28');
  }
}

// R35 received rehabilitation services (6 未得到, exclusive) and R36 why not: the generator's shares.
const R35_P = [0.05, 0.55, 0.35, 0.3, 0.15];
const R36_P = [0.4, 0.35, 0.2, 0.15];

function multi(rng: Random, pNone: number, p: readonly number[], none?: number): number[] {
  if (none !== undefined && rng.chance(pNone)) return [none];
  const out: number[] = [];
  for (let i = 0; i < p.length; i++) if (rng.chance(p[i]!)) out.push(i + 1);
  if (out.length === 0) out.push(1 + rng.int(p.length));
  return out;
}

/**
 * The year's own answers: R35 asks which rehabilitation services the person received in the
 * past year, so a visit a year later gives another answer (drawn with the generator's shares until
 * it differs; R36 follows). ASSUMPTION: every visited person's R35 differs from last year's — a
 * real visit re-asks every item, and a record identical in every answer is what
 * YOY_COPIED_FORWARD flags as probably not visited. Returns the keys changed.
 */
export function annualAnswers(r: SynthPersonRecord, rng: Random): string[] {
  if (r.person_status !== PERSON_STATUS_NORMAL) return [];
  const before = r.r35;
  let next = multi(rng, 0.45, R35_P, 6);
  for (let i = 0; i < 8 && sameValue(next, before); i++) next = multi(rng, 0.45, R35_P, 6);
  if (sameValue(next, before)) next = includes(before, 6) ? [2] : [6];
  r.r35 = next;
  const changed = ['r35'];
  if (includes(next, 6)) {
    if (!isAnswered(r.r36)) {
      r.r36 = multi(rng, 1, R36_P);
      changed.push('r36');
    }
  } else if (r.r36 !== undefined) {
    delete r.r36;
    changed.push('r36');
  }
  return changed;
}

/**
 * The person generator: one 动态1表 record per call, following the form's skip logic and the
 * consistency checks of docs/guides/form-reconstruction.md §5–§6, with the shares of `distributions.ts`.
 *
 * Written for speed (≥ 10^5 records per second on one core): the tables are compiled once, one
 * generator object is reseeded per record, and a record is a plain object with only the keys that
 * are answered. No zod, no form-metadata interpretation in the loop: the answers are drawn by code
 * that mirrors the form, and the tests check every generated record with `@canji/form`'s
 * `validatePerson`.
 */
import {
  COLLECTION_CHANNEL_MOBILE,
  COLLECTION_CHANNEL_PAPER,
  COLLECTION_MODE_FACE_TO_FACE,
  COLLECTION_MODE_HOME_VISIT,
  COLLECTION_MODE_PHONE,
  PERSON_STATUS_NORMAL,
  itemCorrespondence,
} from '@canji/form';
import { ageAt, residentIdCheckCharacter } from '@canji/id';
import { compileDistributions, DEFAULT_DISTRIBUTIONS, type CompiledDistributions, type PersonDistributions } from './distributions.js';
import { MONTH_DAY, MONTH_DAY_NUM, addDays, toYmd, type Ymd } from './dates.js';
import { synthesizeGivenName, synthesizeName, synthesizeSurname } from './names.js';
import { Random, Weighted, seedToUint32, weightedCodes, type Seed } from './random.js';
import { codeHash, type SynthVillage } from './villages.js';

/** A person record: keys are the flat CSV machine column names (see `@canji/form`). */
export type SynthPersonRecord = Record<string, string | number | number[] | undefined>;

/** Generator streams (so persons, extracts and errors never share random numbers). */
export const STREAM = { person: 1, village: 2, extract: 3, error: 4, collector: 5, householder: 6 } as const;

// ASSUMPTION tables below (no source gives these shares); each is documented where drawn.
// R4 婚姻状况 (@canji/form maritalStatusForm, GB/T 2261.2-style codes): 10 未婚 20 已婚有配偶 40 离异 30 丧偶 90 其他.
const MARITAL_YOUNG = weightedCodes({ 10: 62, 20: 35, 40: 2, 30: 0.5, 90: 0.5 });
const MARITAL_MID = weightedCodes({ 10: 16, 20: 74, 40: 6, 30: 3, 90: 1 });
const MARITAL_OLD = weightedCodes({ 10: 5, 20: 65, 40: 3, 30: 26, 90: 1 });
const EDUCATION_OLD = weightedCodes({ 1: 38, 2: 40, 3: 16, 4: 5, 5: 0.6, 6: 0.4 });
const EDUCATION_ADULT = weightedCodes({ 1: 12, 2: 32, 3: 36, 4: 13, 5: 4, 6: 2.7, 7: 0.3 });
// R17 (S25/S22 categories; shares ASSUMPTION: 农村种养加 and 灵活就业 dominate the annual statistics).
const EMPLOYMENT_RURAL = weightedCodes({ 1: 3, 2: 2, 3: 8, 4: 6, 5: 2, 6: 60, 7: 19 });
const EMPLOYMENT_URBAN = weightedCodes({ 1: 18, 2: 8, 3: 15, 4: 10, 5: 6, 6: 3, 7: 40 });
// R18 main source of living when not employed (S1, S6 codes).
const LIVING_SOURCE = weightedCodes({ 1: 10, 2: 2, 3: 25, 4: 55, 5: 8 });
// R19 reason for not working, when not in school (1 在校学习 is set by enrolment).
const NOT_WORKING_REASON = weightedCodes({ 2: 6, 3: 10, 4: 25, 5: 45, 6: 3, 7: 11 });
const NOT_WORKING_REASON_YOUNG = weightedCodes({ 3: 12, 4: 35, 5: 40, 6: 2, 7: 11 });

/** Options of `synthesizePersons` that shape each record. */
export interface PersonGeneratorOptions {
  seed: Seed;
  villages: readonly SynthVillage[];
  asOf: string | Date;
  distributions?: Partial<PersonDistributions>;
}

/**
 * Every key a 2017 person record can have, in the order the generator sets them: each record's
 * keys are a subsequence of this list (R14 comes before R12/R13 because pupils of 15–22 get R14
 * first; the tests check the order against `generate` on many records).
 */
export const PERSON_KEYS: readonly string[] = [
  'region_code', 'survey_year', 'reference_date', 'person_status', 'collection_mode', 'collection_channel', 'collector',
  'collected_on', 'name', 'resident_id', 'certificate_no', 'sex', 'birth_date', 'disability_category', 'disability_level',
  'r3', 'r4', 'r5', 'r6', 'r7', 'r8', 'r9', 'r9_2', 'r10', 'r11', 'r14', 'r12', 'r13', 'r15', 'r16', 'r17', 'r17_1',
  'r16_2', 'r18', 'r19', 'r20', 'r21', 'r22', 'r23', 'r24', 'r25', 'r26', 'r27', 'r28', 'r29', 'r29_1', 'r30', 'r31',
  'r32', 'r33', 'r34', 'r35', 'r36', 'r37', 'r38', 'r39', 'r40', 'r41', 'householder_name', 'householder_id',
  'declarant_name', 'declared_on', 'remarks',
];

const COVER_AND_IDENTITY = ['region_code', 'survey_year', 'reference_date', 'person_status', 'collection_mode', 'collection_channel', 'collector', 'collected_on', 'name', 'resident_id', 'certificate_no', 'sex', 'birth_date', 'disability_category', 'disability_level'];
const CLOSING = ['householder_name', 'householder_id', 'declarant_name', 'declared_on', 'remarks'];
/**
 * 2017 key → 2021 key of the numbered items `generate2021` copies (`@canji/form`'s item
 * correspondence), in 2021 form order. `hukou` (set first) and R11/R12 are left to `generate2021`:
 * the 2021 form asks R11 and R12 of more people than 2017 R21/R22 (correspondence `changed`).
 */
const RENUMBER_2021: readonly (readonly [string, string])[] = itemCorrespondence('2021').flatMap((c) =>
  c.key2017 !== null && /^r\d/.test(c.key) && c.key !== 'r11' && c.key !== 'r12' ? [[c.key2017, c.key] as const] : [],
);

const SLOTS = 365 * 400;
// Coprime with 146,000 = 2^4 · 5^3 · 73, near 0.618 · 146,000 so that consecutive counters scatter.
const SLOT_STEP = 90229;

const MMDD = MONTH_DAY.map((s) => s.slice(0, 2) + s.slice(3));
const SEQ3 = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));

/**
 * The 18-character ID number, exactly as `makeResidentId({ regionCode, birthDate, sex, sequence })`
 * of `@canji/id` builds it (the tests compare the two): the 17 digits and `@canji/id`'s check
 * character, without `makeResidentId`'s input parsing and output re-validation, which cost more
 * than generating the rest of the record.
 */
function residentIdOf(county: string, year: number, day: number, sequence: number): string {
  const first17 = `${county}${year}${MMDD[day]!}${SEQ3[sequence]!}`;
  return first17 + residentIdCheckCharacter(first17);
}

const yesNo = (b: boolean): 1 | 2 => (b ? 1 : 2);

/**
 * Stateful generator over a record sequence: keeps per-county counters so that every generated ID
 * number is unique (day of year and sequence number are assigned from the counter, see `birthSlot`).
 * Memory: one small entry per county and per village, independent of the number of records.
 */
export class PersonGenerator {
  private readonly rng = new Random();
  private readonly householderRng = new Random();
  private readonly seed32: number;
  private readonly villages: readonly SynthVillage[];
  private readonly asOf: Ymd;
  private readonly asOfString: string;
  private readonly asOfMonthDay: number;
  private readonly d: CompiledDistributions;
  private readonly countyCounters = new Map<string, Int32Array>();
  /** Per village index: county code, the county's counters, the collector (filled on first use). */
  private readonly countyOf: (string | undefined)[] = [];
  private readonly countersOf: (Int32Array | undefined)[] = [];
  private readonly collectors: (string | undefined)[] = [];
  private readonly villageTable: Weighted<number>;
  private readonly collectionDays: readonly string[];

  constructor(opts: PersonGeneratorOptions) {
    const asOf = toYmd(opts.asOf);
    if (!asOf) throw new RangeError(`asOf 无效：${String(opts.asOf)}`);
    if (opts.villages.length === 0) throw new RangeError('没有可用的村（社区）');
    this.seed32 = seedToUint32(opts.seed);
    this.villages = opts.villages;
    this.asOf = asOf;
    this.asOfString = addDays(asOf, 0);
    this.asOfMonthDay = asOf.m * 100 + asOf.d;
    this.collectionDays = Array.from({ length: 62 }, (_, i) => addDays(asOf, i));
    this.d = compileDistributions({ ...DEFAULT_DISTRIBUTIONS, ...opts.distributions });
    // ASSUMPTION: rural villages hold about 1.6 times as many certificate holders as urban
    // communities of the NBS table (rural population share and higher disability prevalence in
    // rural areas, 2006 survey: 75 % of disabled persons rural).
    this.villageTable = new Weighted(opts.villages.map((v, i) => [i, v.urban ? 1 : 1.6] as const));
  }

  /** The record with sequence number `index` (call with 0, 1, 2 … in order). */
  generate(index: number): SynthPersonRecord {
    return this.build(index, false);
  }

  /**
   * The same record as `generate(index)`, as a *full* record: every key of `PERSON_KEYS`, in that
   * order, unanswered ones holding `undefined` (so `JSON.stringify` of both is the same text, and
   * `Object.values` lists the answers by `PERSON_KEYS` index). For the writers' fast path; not
   * handed to users, whose records have only the answered keys.
   */
  generateFull(index: number): SynthPersonRecord {
    return this.build(index, true);
  }

  private build(index: number, full: boolean): SynthPersonRecord {
    const rng = this.rng.reseed(this.seed32, STREAM.person, index);
    const d = this.d;
    const src = d.source;
    const vi = this.villageTable.draw(rng);
    const village = this.villages[vi]!;
    const county = this.countyOf[vi] ??= village.code.slice(0, 6);

    // --- who the person is -------------------------------------------------------------------
    const sex = rng.chance(src.maleShare) ? 'male' : 'female';
    const age = d.age.draw(rng);
    let category = (age < 18 ? d.categoryChildren : age < 60 ? d.categoryAdults : d.categoryOlder).draw(rng);
    // GB/T 26341 (D11, D12; docs/guides/policy-basis.md §2): speech disability is not assessed under 3; keep mental
    // disability for school age and up (no floor in the standard, but a warning in practice).
    if (category === 3 && age < 3) category = 5;
    if (category === 6 && age < 6) category = 5;
    let level = d.level[category]!.draw(rng);
    // Hearing disability under 3 counts only at levels 1–3 (P19; policy-basis §2).
    if (category === 2 && age < 3 && level === 4) level = 3;

    const slot = this.birthSlot(vi, county, sex === 'male' ? 0 : 1);
    const slotDay = slot % 365;
    const slotSeq = (slot - slotDay) / 365;
    const md = MONTH_DAY_NUM[slotDay]!;
    const birthYear = this.asOf.y - age - (md > this.asOfMonthDay ? 1 : 0);
    const birthDate = `${birthYear}-${MONTH_DAY[slotDay]!}`;
    const sequence = sex === 'male' ? 2 * slotSeq + 1 : 2 * slotSeq + 2;
    const residentId = residentIdOf(county, birthYear, slotDay, sequence);
    // = makeDisabilityCertificateNo({ residentId, category, level }) (checked by the tests).
    const certificateNo = `${residentId}${category}${level}`;
    const name = synthesizeName(rng, sex);

    const status = d.personStatus.draw(rng);
    const normal = status === PERSON_STATUS_NORMAL;
    // Persons not reached are mostly settled by phone or with neighbours (S3: 失访 by phone).
    const u = rng.float();
    const mode = normal ? (u < src.homeVisitShare ? COLLECTION_MODE_HOME_VISIT : u < src.homeVisitShare + (1 - src.homeVisitShare) / 2 ? COLLECTION_MODE_FACE_TO_FACE : COLLECTION_MODE_PHONE) : u < 0.6 ? COLLECTION_MODE_PHONE : COLLECTION_MODE_HOME_VISIT;
    const channel = rng.chance(src.mobileShare) ? COLLECTION_CHANNEL_MOBILE : COLLECTION_CHANNEL_PAPER;
    // S2: the 2017 round ran July–August; collection spreads over the 62 days after the reference date.
    const collectedOn = this.collectionDays[rng.int(62)]!;
    const collector = this.collectorOf(vi, village.code);
    // One object literal for the cover and identity blocks: V8 then gives every record the same
    // shape for these 15 keys (cheaper than adding them one by one). A full record (the writers'
    // fast path) has every key of PERSON_KEYS from the start, so the answers below are stores into
    // existing properties of one shape rather than shape transitions.
    const r: SynthPersonRecord = full
      ? {
          region_code: village.code,
          survey_year: this.asOf.y,
          reference_date: this.asOfString,
          person_status: status,
          collection_mode: mode,
          collection_channel: channel,
          collector,
          collected_on: collectedOn,
          name,
          resident_id: residentId,
          certificate_no: certificateNo,
          sex,
          birth_date: birthDate,
          disability_category: category,
          disability_level: level,
          r3: undefined, r4: undefined, r5: undefined, r6: undefined, r7: undefined, r8: undefined,
          r9: undefined, r9_2: undefined, r10: undefined, r11: undefined, r14: undefined, r12: undefined,
          r13: undefined, r15: undefined, r16: undefined, r17: undefined, r17_1: undefined, r16_2: undefined,
          r18: undefined, r19: undefined, r20: undefined, r21: undefined, r22: undefined, r23: undefined,
          r24: undefined, r25: undefined, r26: undefined, r27: undefined, r28: undefined, r29: undefined,
          r29_1: undefined, r30: undefined, r31: undefined, r32: undefined, r33: undefined, r34: undefined,
          r35: undefined, r36: undefined, r37: undefined, r38: undefined, r39: undefined, r40: undefined,
          r41: undefined, householder_name: undefined, householder_id: undefined, declarant_name: undefined,
          declared_on: undefined, remarks: undefined,
        }
      : {
          region_code: village.code,
          survey_year: this.asOf.y,
          reference_date: this.asOfString,
          person_status: status,
          collection_mode: mode,
          collection_channel: channel,
          collector,
          collected_on: collectedOn,
          name,
          resident_id: residentId,
          certificate_no: certificateNo,
          sex,
          birth_date: birthDate,
          disability_category: category,
          disability_level: level,
        };

    if (normal) this.answers(r, rng, village, age, category, level, county, name, residentId, collector, collectedOn, index);
    else if (status === 5) r.remarks = '已死亡';
    else if (status === 4) r.remarks = rng.chance(0.7) ? '外出务工' : '外出投亲';
    return r;
  }

  /**
   * The same person on the 2021/2022 form (R1–R27, `@canji/form`'s `personForm('2021')`): the 2017
   * answers renumbered (2017 R4 → R3 … R41 → R27, R3 → `hukou`), plus what the new form asks of
   * more people (R11 and R12 of every 16–59 / 16+ person). Items whose code lists are open in
   * `@canji/form` (R7 housing, R24 works) use provisional codes; R17–R19 (养老服务, 以老养残) are
   * optional and left empty.
   */
  generate2021(index: number): SynthPersonRecord {
    const p = this.generate(index);
    const rng = this.rng; // continues the record's own stream: deterministic
    const out: SynthPersonRecord = {};
    for (const k of COVER_AND_IDENTITY) if (p[k] !== undefined) out[k] = p[k];
    if (p.person_status === PERSON_STATUS_NORMAL) {
      const age = ageAt(p.birth_date as string, this.asOfString) ?? -1;
      const institution = p.r7 === 1;
      out.hukou = p.r3;
      for (const [from, to] of RENUMBER_2021) if (p[from] !== undefined) out[to] = p[from];
      if (!institution) {
        // R7 住房 (2017 R9 + R11 merged; open list): 1 自有产权 2 住房保障 3 农村良好 4 农村危房 5 其他 — PROVISIONAL codes.
        out.r7 = p.r3 === 2 ? (p.r9 === 2 ? 2 : 1) : p.r11 === 2 ? 4 : p.r11 === 3 ? 5 : 3;
        if (age >= 16 && age <= 59) out.r11 = (p.r21 as number[] | undefined) ?? (rng.chance(0.6) ? [6] : [1 + rng.int(5)]);
        if (p.r38 === 1) out.r24 = [1 + rng.int(8)]; // R24 works done (open list): provisional codes 1–8
      }
      if (age >= 16) out.r12 = (p.r22 as number[] | undefined) ?? [4];
    }
    for (const k of CLOSING) if (p[k] !== undefined) out[k] = p[k];
    return out;
  }

  /** R3–R41 and the closing block for a person with status 正常. */
  private answers(r: SynthPersonRecord, rng: Random, village: SynthVillage, age: number, category: number, level: number, county: string, name: string, residentId: string, collector: string, collectedOn: string, index: number): void {
    const src = this.d.source;
    const severe = level <= 2;
    // R3 户口性质 1 农业 2 非农业.
    const agricultural = rng.chance(village.urban ? src.agriculturalInCommunity : src.agriculturalInVillage);
    r.r3 = agricultural ? 1 : 2;
    // R4 婚姻状况, hidden under 20 (S5). Intellectual/mental disability: more never married (ASSUMPTION).
    if (age >= 20) {
      let m = (age < 30 ? MARITAL_YOUNG : age < 60 ? MARITAL_MID : MARITAL_OLD).draw(rng);
      if ((category === 5 || category === 6) && m === 20 && rng.chance(0.35)) m = 10;
      r.r4 = m;
    }
    // R5 联系人姓名 (kept for minors and some adults), R6 联系电话.
    if (age <= 17 || rng.chance(0.5)) r.r5 = synthesizeSurname(rng) + synthesizeGivenName(rng, rng.chance(0.5) ? 'male' : 'female');
    r.r6 = syntheticPhone(rng);
    // R7 institution (敬老院/福利院/荣军院). ASSUMPTION: 1.5 %, more for old or severe intellectual/mental.
    // Not below 23, so that no institution resident is also a pupil (R14 would force R16 = 2).
    const institution = age >= 23 && rng.chance(age >= 70 || (severe && (category === 5 || category === 6)) ? 0.04 : 0.008);
    r.r7 = yesNo(institution);

    // --- 经济与住房 R8–R11 (not for institution residents) -----------------------------------
    // Poverty drives R8/R10 and R27 (低保). ASSUMPTION: 低保 among holders ≈ 28 % (S28: 1,050万
    // disabled 低保 recipients of ~3,800万 holders), higher when severe.
    const poor = rng.chance(severe ? 0.36 : 0.22);
    let r8: number | undefined;
    let r11: number | undefined;
    if (!institution) {
      if (!agricultural) {
        r8 = poor ? 1 : rng.chance(0.12) ? 2 : 3;
        r.r8 = r8;
        // R9: 1 自有产权 2 享受住房保障 (R9-2 sub-types MC: 1 公租房 2 廉租房 3 租赁补贴). ASSUMPTION 18 %.
        if (rng.chance(poor ? 0.35 : 0.1)) {
          r.r9 = 2;
          r.r9_2 = rng.chance(0.8) ? [rng.between(1, 3)] : [1, 3];
        } else r.r9 = 1;
      } else {
        // R10: 1 建档立卡贫困户 2 疑似贫困 3 其他 (S11 labels). ASSUMPTION: 30 % of poor rural holders registered.
        r.r10 = poor ? (rng.chance(0.75) ? 1 : 2) : rng.chance(0.05) ? 1 : 3;
        // R11: 1 状况良好 2 危房 3 其他. ASSUMPTION 6 % dangerous.
        r11 = rng.chance(poor ? 0.12 : 0.04) ? 2 : rng.chance(0.06) ? 3 : 1;
        r.r11 = r11;
      }
    }

    // --- 教育 R12–R15 ------------------------------------------------------------------------------
    let enrolled = false;
    let r13: number | undefined;
    const severeIntellectual = category === 5 && severe;
    if (age >= 15) {
      // R12 识字; R13 受教育程度 (restricted to 未上过学/小学 when not literate).
      r13 = (age >= 60 ? EDUCATION_OLD : EDUCATION_ADULT).draw(rng);
      if (severeIntellectual || category === 7) r13 = rng.chance(0.6) ? 1 : Math.min(r13, 2);
      // In school at 15–22: the current level is the recorded schooling (S5 ties R14 to R13).
      if (age <= 22 && r13 !== 1) {
        const p = age <= 17 ? 0.6 : 0.18;
        if (rng.chance(severeIntellectual ? p / 3 : p)) {
          enrolled = true;
          r13 = age <= 17 ? (age === 15 && rng.chance(0.4) ? 3 : 4) : rng.chance(0.5) ? 5 : 6;
          r.r14 = r13 + (rng.chance(0.15) ? 6 : 0);
        }
      }
      // R12 识字: not literate only with 未上过学 or 小学 (S5 restricts R13 when R12 = 2).
      const literate = enrolled || r13 >= 3 || (r13 === 2 ? rng.chance(0.85) : rng.chance(0.1));
      r.r12 = yesNo(literate);
      r.r13 = r13;
    } else if (age >= 3) {
      // Children: 学前 3–5, 小学 6–11, 初中 12–14; special-education share ASSUMPTION 30 %.
      const p = age <= 5 ? 0.45 : src.enrolment6to14 - (severe ? 0.08 : 0);
      if (rng.chance(p)) {
        enrolled = true;
        const stage = age <= 5 ? 1 : age <= 11 ? 2 : 3;
        r.r14 = stage + (rng.chance(age <= 5 ? 0.1 : 0.3) ? 6 : 0);
      } else if (age >= 6) {
        // R15 未入学主要原因 (labels not found; codes 1–5 per @canji/form). ASSUMPTION: uniform-ish.
        r.r15 = weightedR15.draw(rng);
      }
    }

    // --- 就业 R16–R21 (16–59, not institution residents) -------------------------------------
    let r16: number | undefined;
    let r17: number | undefined;
    let r19: number | undefined;
    if (!institution && age >= 16 && age <= 59) {
      let employed = false;
      if (!enrolled) {
        let p = src.employmentByLevel[level] ?? 0.4;
        if (category === 5 || category === 6 || category === 7) p *= 0.6;
        employed = rng.chance(p);
      }
      r16 = yesNo(employed);
      r.r16 = r16;
      if (employed) {
        r17 = (agricultural ? EMPLOYMENT_RURAL : EMPLOYMENT_URBAN).draw(rng);
        if (r17 === 6 && !agricultural && rng.chance(0.8)) r17 = 7;
        r.r17 = r17;
        // R17 按比例就业 sub-choice (labels unknown; codes 1–2 ASSUMPTION).
        if (r17 === 1) r.r17_1 = rng.between(1, 2);
      } else {
        if (!agricultural) r.r16_2 = yesNo(rng.chance(0.12));
        let source = LIVING_SOURCE.draw(rng);
        // S5 soft check: pension as main source "principle 45+".
        if (source === 1 && age < 45) source = 4;
        r.r18 = source;
        if (enrolled) r19 = 1;
        else {
          r19 = (age < 45 ? NOT_WORKING_REASON_YOUNG : NOT_WORKING_REASON).draw(rng);
          if (r19 === 6 && agricultural === false) r19 = 7;
        }
        r.r19 = r19;
      }
      // R20/R21 for the employed and for R19 ∈ {4, 6, 7}; 6 = 无 (exclusive).
      if (employed || r19 === 4 || r19 === 6 || r19 === 7) {
        r.r20 = multi(rng, 0.35, CODES_5, agricultural ? R20_P_RURAL : R20_P_URBAN, 6);
        r.r21 = multi(rng, 0.55, CODES_5, agricultural ? R21_P_RURAL : R21_P_URBAN, 6);
      }
    }

    // --- 社会保障 R22–R30 ----------------------------------------------------------------------
    let r22: number[] | undefined;
    if (age >= 16 && r19 !== 1) {
      // Employees in quota / sheltered / welfare-post jobs mostly hold employee insurance (S5 soft
      // rule 12); others rarely. ASSUMPTION shares.
      const formal = r17 === 1 || r17 === 2 || r17 === 4 || r17 === 5;
      const retiredEmployee = !agricultural && age >= 50 && rng.chance(0.25);
      if ((formal && rng.chance(0.85)) || retiredEmployee || (!agricultural && rng.chance(0.08))) {
        r22 = rng.chance(0.9) ? [1, 2] : [1];
        if (formal && rng.chance(0.5)) r22.push(3);
      } else r22 = [4];
      r.r22 = r22;
      // R23 城乡居民养老保险: forced 否 when in the employee scheme (S5). ASSUMPTION 90 % otherwise.
      const r23 = r22.includes(1) ? 2 : yesNo(rng.chance(0.9));
      r.r23 = r23;
      // R24 contribution subsidy (16–59 and R23 = 1): governments pay for 重度 and the poor.
      if (r23 === 1 && age <= 59) r.r24 = yesNo(rng.chance(severe || poor ? 0.8 : 0.3));
    }
    // R25 城乡居民医保 (all): forced 否 with employee medical insurance. S15: 95 % insured.
    const r25 = r22?.includes(2) ? 2 : yesNo(rng.chance(0.96));
    r.r25 = r25;
    const drawnR26 = r25 === 1 ? yesNo(rng.chance(severe || poor ? 0.75 : 0.3)) : undefined;
    // R27 社会救助及住房改善 (MC, 6 无 exclusive).
    const r27: number[] = [];
    // 低保: non-agricultural only with R8 = 1 (S5 rule 5).
    const dibao = poor && (agricultural || r8 === 1) && rng.chance(0.85);
    // 特困供养 (extreme poverty dependants), mostly institution residents and old people living alone.
    const tekun = !dibao && (institution ? rng.chance(0.6) : rng.chance(poor && age >= 60 ? 0.06 : 0.003));
    if (dibao) r27.push(1);
    if (tekun) r27.push(2);
    // The draw for 医疗救助 is made as before (same random stream) and then the subsidy is forced
    // for 低保 and 特困 members in the residents' scheme: medical assistance pays their premium
    // (国办发〔2021〕42号, D36; rule CON_ASSISTANCE_WITHOUT_PREMIUM_SUBSIDY).
    const drawnAssistance = drawnR26 === 1 || rng.chance(poor ? 0.15 : 0.03);
    const r26 = r25 === 1 && (dibao || tekun) ? 1 : drawnR26;
    if (r26 !== undefined) r.r26 = r26;
    if (drawnAssistance || r26 === 1) r27.push(3); // S5 rule 3: R26 = 1 ⇒ 医疗救助
    if (rng.chance(0.04)) r27.push(4);
    // 农村危房改造: agricultural only, and the renovated house is now 状况良好 (S5 rule 6).
    if (agricultural && r11 === 1 && rng.chance(poor ? 0.1 : 0.01)) r27.push(5);
    r.r27 = r27.length ? r27 : [6];
    // R28 社会福利补贴 (MC, 4 无): living subsidy follows 低保 (S5; form-reconstruction §6 rule 4); care subsidy for levels
    // 1–2 (national rule D7, policy-basis §1.1: S28's 1,640万 care-subsidy recipients ≈ most severe
    // holders); 特困 dependants get neither (national exclusion, policy-basis §1.1 — the provincial
    // app's auto-tick of R28-2 for 特困 is implementation-specific, §1.3).
    const r28: number[] = [];
    if (dibao) r28.push(1);
    if (severe && !tekun && rng.chance(0.9)) r28.push(2);
    if (rng.chance(0.03)) r28.push(3);
    r.r28 = r28.length ? r28 : [4];
    // R29/R30 托养 (16–59 and 智力/精神/多重, or 肢体 levels 1–2).
    if (age >= 16 && age <= 59 && (category === 5 || category === 6 || category === 7 || (category === 4 && severe))) {
      const cared = rng.chance(0.08);
      r.r29 = yesNo(cared);
      if (cared) r.r29_1 = weightedCare.draw(rng);
      else r.r30 = weightedCare.draw(rng); // required when R29 = 2 (no 无需求 code in the list)
    }

    // --- 医疗与康复 R31–R37 ----------------------------------------------------------------------
    // R31 family doctor: ASSUMPTION 62 % (signing targets for key groups in 2017–2020).
    r.r31 = yesNo(rng.chance(0.62));
    const ill = rng.chance(age >= 60 ? 0.3 : 0.12);
    r.r32 = yesNo(ill);
    if (ill) {
      const treated = rng.chance(0.78);
      r.r33 = yesNo(treated);
      if (!treated) r.r34 = multi(rng, 1, CODES_5, R34_P);
    }
    // R35 services received (6 未得到, exclusive); S26: 59.6 % with a need; coverage targets 80 %+.
    // ASSUMPTION: 55 % received something in the year.
    const r35 = multi(rng, 0.45, CODES_5, R35_P, 6);
    r.r35 = r35;
    if (r35[0] === 6) r.r36 = multi(rng, 1, CODES_4, R36_P);
    r.r37 = multi(rng, 0.32, CODES_5, R37_P, 6);

    // --- 无障碍 R38–R39, 文体 R40–R41 (not for institution residents) -----------------------
    if (!institution) {
      r.r38 = yesNo(rng.chance(severe ? 0.1 : 0.04));
      r.r39 = multi(rng, severe ? 0.55 : 0.75, CODES_8, R39_P, 9);
      if (age >= 6) {
        const active = rng.chance(0.22);
        r.r40 = yesNo(active);
        if (!active) r.r41 = multi(rng, 1, CODES_4, R41_P);
      }
    }

    // --- closing block (locals, not read-backs from r: reads on records of many shapes are slow) --
    let householderName: string;
    let householderId: string | undefined;
    let declarant: string;
    if (institution) {
      householderName = '集体户口';
      declarant = collector;
    } else {
      const self = age >= 18 && rng.chance(age >= 30 ? 0.5 : 0.15);
      if (self) {
        householderName = name;
        householderId = residentId;
      } else {
        const hSex = rng.chance(0.7) ? 'male' : 'female';
        // Parent of a child, else spouse / child / parent: age 20–85.
        const hAge = age < 18 ? age + rng.between(20, 40) : rng.between(Math.max(20, age - 35), Math.min(85, age + 30));
        const day = rng.int(365);
        const hy = this.asOf.y - hAge - (MONTH_DAY_NUM[day]! > this.asOfMonthDay ? 1 : 0);
        // Householder sequence numbers come from a range persons never use (400–498), so a
        // householder's ID never equals another record's resident_id.
        const hk = 400 + rng.int(99);
        householderId = residentIdOf(county, hy, day, hSex === 'male' ? 2 * hk + 1 : 2 * hk + 2);
        // The householder's name is a function of the householder's ID (its own seeded stream), so
        // two records that draw the same householder ID — they share a household — always give the
        // same name, as @canji/rules' BATCH_HOUSEHOLDER_INCONSISTENT requires of a clean batch. The
        // price: the householder's surname is not tied to the person's (an assumption either way).
        const hr = this.householderRng.reseed(this.seed32, STREAM.householder, codeHash(householderId));
        householderName = synthesizeSurname(hr) + synthesizeGivenName(hr, hSex);
      }
      declarant = age >= 18 && rng.chance(0.6) ? name : householderName;
    }
    r.householder_name = householderName;
    if (householderId !== undefined) r.householder_id = householderId;
    r.declarant_name = declarant;
    r.declared_on = collectedOn;
  }

  /**
   * Day of year and sequence-number index from a per-county, per-sex counter k, through an affine
   * permutation of the 365 × 400 (day, sequence) slots: slot = (k·A + B) mod 146,000 with A coprime
   * to 146,000. So two persons of one county and sex never share birthday *and* sequence number
   * until a county has more than 146,000 persons of one sex — and then their birth years still
   * separate them almost always. Consecutive persons get scattered days and sequence numbers.
   */
  private birthSlot(vi: number, county: string, sexIndex: 0 | 1): number {
    // Cached per village index: no string slicing or hashing per record.
    let c = this.countersOf[vi];
    if (!c) {
      c = this.countyCounters.get(county);
      if (!c) {
        c = new Int32Array(3);
        c[2] = codeHash(county) % SLOTS;
        this.countyCounters.set(county, c);
      }
      this.countersOf[vi] = c;
    }
    const k = c[sexIndex]!++;
    // The slot: day of year = slot % 365, sequence-number index = ⌊slot / 365⌋ (a number, not an object).
    return ((k % SLOTS) * SLOT_STEP + c[2]! + sexIndex * 7919) % SLOTS;
  }

  private collectorOf(vi: number, village: string): string {
    let c = this.collectors[vi];
    if (c === undefined) {
      const rng = new Random(this.seed32, STREAM.collector, codeHash(village));
      c = synthesizeName(rng, rng.chance(0.6) ? 'female' : 'male');
      this.collectors[vi] = c;
    }
    return c;
  }
}

// Codes and per-option shares of the multiple-choice items (drawn by `multi`; module constants, so
// that no arrays are allocated per record). R20/R21 have a rural and an urban share for option 3.
const CODES_4 = [1, 2, 3, 4];
const CODES_5 = [1, 2, 3, 4, 5];
const CODES_8 = [1, 2, 3, 4, 5, 6, 7, 8];
const R20_P_RURAL = [0.45, 0.25, 0.35, 0.1, 0.2];
const R20_P_URBAN = [0.45, 0.25, 0.05, 0.1, 0.2];
const R21_P_RURAL = [0.5, 0.35, 0.35, 0.3, 0.15];
const R21_P_URBAN = [0.5, 0.35, 0.05, 0.3, 0.15];
const R34_P = [0.5, 0.3, 0.2, 0.15, 0.1];
const R35_P = [0.05, 0.55, 0.35, 0.3, 0.15];
const R36_P = [0.4, 0.35, 0.2, 0.15];
const R37_P = [0.08, 0.5, 0.4, 0.35, 0.2];
const R39_P = [0.4, 0.3, 0.25, 0.2, 0.15, 0.1, 0.1, 0.05];
const R41_P = [0.45, 0.35, 0.2, 0.1];

// R15 未入学原因 (codes 1–5, labels open: docs/guides/form-reconstruction.md §9). ASSUMPTION shares.
const weightedR15 = weightedCodes({ 1: 45, 2: 15, 3: 15, 4: 10, 5: 15 });
// R29 托养类型 / R30 需求: 1 居家托养 2 日间照料 3 寄宿托养 (S1, S11). ASSUMPTION shares.
const weightedCare = weightedCodes({ 1: 60, 2: 25, 3: 15 });

/**
 * A multiple-choice answer: with probability `pNone` the exclusive "none" code (when given),
 * otherwise each option with its own probability (at least one).
 */
function multi(rng: Random, pNone: number, codes: readonly number[], p: readonly number[], none?: number): number[] {
  if (none !== undefined && rng.chance(pNone)) return [none];
  const out: number[] = [];
  for (let i = 0; i < codes.length; i++) if (rng.chance(p[i]!)) out.push(codes[i]!);
  if (out.length === 0) out.push(codes[rng.int(codes.length)]!);
  return out;
}

/**
 * An 11-digit mobile-looking number with the 140 prefix, which is not assigned to personal
 * mobile service (140-series numbers are used for machine-to-machine cards), so a generated number
 * does not reach a real person [inf].
 */
function syntheticPhone(rng: Random): string {
  // 1e8 + n has 9 digits: dropping the leading 1 gives n zero-padded to 8 digits.
  return '140' + String(100000000 + rng.int(100000000)).slice(1);
}

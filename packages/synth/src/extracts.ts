/**
 * Partner-department extracts (部门比对数据): what each department would hold about the synthetic
 * persons, in `@canji/form`'s extract layouts, with a controlled share of planted disagreements and
 * a ground-truth label for every one of them.
 */
import { ageAt } from '@canji/id';
import { DEPARTMENT_IDS, extractDepartments, type ExtractDepartmentId, type ExtractField } from '@canji/form';
import { addDays, toYmd } from './dates.js';
import type { ErrorLabel } from './errors.js';
import { STREAM, type SynthPersonRecord } from './person.js';
import { Random, seedToUint32, type Seed } from './random.js';
import type { SynthFormVersion } from './synthesize-persons.js';

/** A normalised extract record (machine keys, typed values), as `parseExtractRow` returns it, loosely typed (`@canji/form`'s `ExtractRecord` is the typed form per department). */
export type SynthExtractRecord = Record<string, string | number>;
/** A raw extract row as the department's spreadsheet holds it: Chinese headers, loose text values. */
export type ExtractRow = Record<string, string>;

/** How a planted disagreement shows. */
export type DisagreementKind =
  /** The disability record says yes (enrolled, receives 低保 …), the department has no row. */
  | 'missing-in-extract'
  /** The department has a row the disability record does not support. */
  | 'extra-in-extract'
  /** Both have the person, one field differs. */
  | 'value-differs';

/** Ground truth of one planted disagreement between a person record and a department's extract. */
export interface DisagreementLabel {
  department: ExtractDepartmentId;
  /** Canonical 18-character ID number of the person. */
  residentId: string;
  /** Index of the person in the input sequence. */
  person: number;
  kind: DisagreementKind;
  /** Person-form items the disagreement is about (`r14`, `r27` …), in the keys of the form version (`formVersion`; 2021: `r15`, `r20` …). */
  items: string[];
  /** Extract field that differs (`value-differs`) or carries the claim (`extra-in-extract`). */
  field?: string;
  /** What the department's data says, and what the person record implies it should say. */
  extractValue?: string | number;
  expectedValue?: string | number;
  /** zh-CN description. */
  message: string;
  /**
   * `formVersion: '2021'` only: id of the `@canji/rules` cross-check rule (its 2021 version) that
   * must report this disagreement on the 2021 record, e.g. `XC_CIVIL_DIBAO_DIFFERS` (R15).
   * Absent on 2017 labels, whose output is kept byte for byte.
   */
  expectedRule?: string;
}

/**
 * A disagreement the 2017 plan would have planted but that `formVersion: '2021'` leaves out
 * (the department's row then agrees with the person): the 2021 form does not ask the item, or no
 * 2021 rule compares it. Counted, not labelled.
 */
export interface NotPlantedDisagreement {
  department: ExtractDepartmentId;
  kind: DisagreementKind;
  /** The 2017 items the disagreement would have been about. */
  items2017: string[];
  /** zh-CN: why the 2021 form cannot show it. */
  reason: string;
  count: number;
}

/** One department's extract: normalised records and the same as raw rows, index for index. */
export interface DepartmentExtract {
  department: ExtractDepartmentId;
  records: SynthExtractRecord[];
  rows: ExtractRow[];
}

/** Options of {@link synthesizeDepartmentExtracts}. */
export interface SynthesizeExtractsOptions {
  seed: Seed;
  /**
   * Share of (person, department) pairs that agree (0–1, default 0.95): each pair a department
   * covers disagrees, with a label, with probability `1 − agreement`.
   */
  agreement?: number;
  /** Which departments (default: all seven). */
  departments?: readonly ExtractDepartmentId[];
  /**
   * Labels from `injectErrors`: `deceased-as-normal` persons are listed as 死亡 by public security
   * (and labelled), so the planted error is visible by comparison.
   */
  errors?: readonly ErrorLabel[];
  /**
   * How often raw rows carry the formats departments really send (defaults in brackets): a 15-digit
   * legacy ID for people born before 2000 [0.03], a lower-case `x` [0.4 of IDs ending in X], full-width
   * digits [0.01], code labels instead of code numbers [0.5], 是/否 instead of 1/2 [0.7], dates with
   * slashes [0.3].
   */
  formats?: Partial<ExtractFormats>;
  /**
   * The form version the person records are written on (default `'2017'`). The persons passed in
   * are always the 2017 truth (`synthesizePersons` without `version`): the departments hold the
   * same facts whatever the form. With `'2021'`, disagreements are planted only where the 2021
   * form and the department both hold the item and a 2021 cross-check rule compares them; labels
   * carry 2021 item keys and `expectedRule`; the rest is counted in `notPlanted`.
   */
  formVersion?: SynthFormVersion;
}

export interface ExtractFormats {
  legacy15: number;
  lowercaseX: number;
  fullWidth: number;
  codeLabels: number;
  yesNoWords: number;
  slashDates: number;
}

const DEFAULT_FORMATS: ExtractFormats = { legacy15: 0.03, lowercaseX: 0.4, fullWidth: 0.01, codeLabels: 0.5, yesNoWords: 0.7, slashDates: 0.3 };

/** Result of {@link synthesizeDepartmentExtracts}. */
export interface SynthesizeExtractsResult {
  extracts: Record<ExtractDepartmentId, DepartmentExtract>;
  labels: DisagreementLabel[];
  /** `formVersion: '2021'`: the disagreements of the 2017 plan left out (empty for 2017). */
  notPlanted: NotPlantedDisagreement[];
}

const ALL: readonly ExtractDepartmentId[] = DEPARTMENT_IDS;
const DEPT_INDEX: Record<ExtractDepartmentId, number> = {
  education: 0,
  'civil-affairs': 1,
  'social-security': 2,
  housing: 3,
  health: 4,
  'poverty-relief': 5,
  'public-security': 6,
};

type P = SynthPersonRecord;
const arr = (v: unknown): number[] => (Array.isArray(v) ? (v as number[]) : []);

/** Age at the record's reference date (`@canji/id`'s `ageAt`), -1 when unknown. */
function ageOf(p: P): number {
  const b = p.birth_date;
  const ref = p.reference_date;
  return (typeof b === 'string' && typeof ref === 'string' ? ageAt(b, ref) : undefined) ?? -1;
}

/** 18 → 15 digits (drop the century and the check character), for people born 1900–1999. */
function toLegacy15(id: string): string | undefined {
  if (id.length !== 18 || id.slice(6, 8) !== '19') return undefined;
  return id.slice(0, 6) + id.slice(8, 17);
}

function toFullWidth(s: string): string {
  let out = '';
  for (const ch of s) out += ch >= '0' && ch <= '9' ? String.fromCharCode(ch.charCodeAt(0) + 0xfee0) : ch;
  return out;
}

/** Per-department label and code-label lookups from `@canji/form`'s descriptors. */
const FIELD_LABELS = new Map<string, Map<string, { label: string; codes?: Map<string | number, string> }>>();
for (const d of extractDepartments) {
  const m = new Map<string, { label: string; codes?: Map<string | number, string> }>();
  for (const f of d.fields as readonly ExtractField[]) {
    m.set(f.key, { label: f.label, ...(f.codes ? { codes: new Map(f.codes.codes.map((c) => [c.code, c.label] as const)) } : {}) });
  }
  FIELD_LABELS.set(d.id, m);
}
const FIELD_TYPES = new Map<string, Map<string, string>>(extractDepartments.map((d) => [d.id, new Map(d.fields.map((f) => [f.key, f.type as string] as const))]));

/** One row of a department's extract, as {@link streamDepartmentExtracts} yields it. */
export interface ExtractItem {
  department: ExtractDepartmentId;
  /** Normalised record (what `parseExtractRow` returns for `row`). */
  record: SynthExtractRecord;
  /** Raw spreadsheet row. */
  row: ExtractRow;
}

/** Renders normalised records as raw rows and queues them for the person being processed. */
class Emitter {
  constructor(
    readonly department: ExtractDepartmentId,
    private readonly fmt: ExtractFormats,
    private readonly queue: ExtractItem[],
  ) {}

  add(rec: SynthExtractRecord, rng: Random): void {
    const labels = FIELD_LABELS.get(this.department)!;
    const types = FIELD_TYPES.get(this.department)!;
    const row: ExtractRow = {};
    for (const [k, v] of Object.entries(rec)) {
      const f = labels.get(k);
      if (!f) continue;
      row[f.label] = this.render(types.get(k)!, v, f.codes, rng);
    }
    this.queue.push({ department: this.department, record: rec, row });
  }

  private render(type: string, v: string | number, codes: Map<string | number, string> | undefined, rng: Random): string {
    const f = this.fmt;
    switch (type) {
      case 'resident-id': {
        let s = String(v);
        const legacy = rng.chance(f.legacy15) ? toLegacy15(s) : undefined;
        if (legacy) s = legacy;
        else if (s.endsWith('X') && rng.chance(f.lowercaseX)) s = s.slice(0, 17) + 'x';
        if (rng.chance(f.fullWidth)) s = toFullWidth(s);
        return s;
      }
      case 'yes-no':
        return rng.chance(f.yesNoWords) ? (v === 1 ? '是' : '否') : String(v);
      case 'code':
        return codes && rng.chance(f.codeLabels) ? (codes.get(v) ?? String(v)) : String(v);
      case 'sex':
        return v === 'male' ? '男' : '女';
      case 'date':
        return rng.chance(f.slashDates) ? String(v).replace(/-/g, '/') : String(v);
      default:
        return String(v);
    }
  }
}

const SCHOOL_WORDS = ['实验', '第一', '第二', '第三', '中心', '希望', '育才', '光明', '红星', '城关'];

/**
 * The records each partner department would hold about these persons — education (学籍),
 * civil affairs (低保, 特困, the two subsidies), human resources & social security (pension and
 * medical insurance, employment/unemployment registration), housing (dangerous houses, renovation,
 * urban housing security), health (family-doctor contracts), poverty relief (建档立卡) and public
 * security (household registration status) — in `@canji/form`'s extract layouts. Each department
 * agrees with the person records except at planted disagreements, which are all labelled.
 *
 * Pass the clean persons (before `injectErrors`): departments hold the true values; the error
 * labels go in `errors`.
 *
 * Raw rows use the departments' real formats (Chinese headers, 是/否, code labels, slashed dates,
 * sometimes 15-digit IDs, lower-case x, full-width digits); `parseExtractRow` reads each raw row back
 * to the normalised record at the same index.
 *
 * @example
 * ```ts
 * const persons = [...synthesizePersons({ seed: 1, count: 1000 })];
 * const { extracts, labels } = synthesizeDepartmentExtracts(persons, { seed: 2, agreement: 0.9 });
 * extracts.education.rows[0]; //=> { 身份证号: '4301…', 姓名: '…', 是否在读: '是', … }
 * labels[0]; //=> { department: 'civil-affairs', kind: 'missing-in-extract', items: ['r27'], … }
 * ```
 */
export function synthesizeDepartmentExtracts(persons: Iterable<Readonly<Record<string, unknown>>>, options: SynthesizeExtractsOptions): SynthesizeExtractsResult {
  const labels: DisagreementLabel[] = [];
  const notPlanted: NotPlantedDisagreement[] = [];
  const extracts = {} as Record<ExtractDepartmentId, DepartmentExtract>;
  for (const d of ALL) extracts[d] = { department: d, records: [], rows: [] };
  for (const item of extractItems(persons, options, labels, notPlanted)) {
    const e = extracts[item.department];
    e.records.push(item.record);
    e.rows.push(item.row);
  }
  return { extracts, labels, notPlanted };
}

/** Result of {@link streamDepartmentExtracts}. */
export interface StreamExtractsResult {
  /** Every department's rows, person by person (re-iterable: each pass starts afresh). */
  items: Iterable<ExtractItem>;
  /** Labels of the disagreements planted so far in the current pass (complete once `items` is read through). */
  labels: DisagreementLabel[];
  /** `formVersion: '2021'`: the disagreements left out so far in the current pass (empty for 2017). */
  notPlanted: NotPlantedDisagreement[];
}

/**
 * {@link synthesizeDepartmentExtracts} as a stream, for province-sized inputs: the rows of all
 * departments are generated person by person (memory stays flat, except for the labels), in the
 * same order and with the same values as the arrays of `synthesizeDepartmentExtracts`.
 *
 * @example
 * ```ts
 * const { items, labels } = streamDepartmentExtracts(synthesizePersons({ seed: 1, count: 1_500_000, region: '43' }), { seed: 2 });
 * for (const { department, row } of items) if (department === 'civil-affairs') write(row);
 * ```
 */
export function streamDepartmentExtracts(persons: Iterable<Readonly<Record<string, unknown>>>, options: SynthesizeExtractsOptions): StreamExtractsResult {
  checkAgreement(options);
  const labels: DisagreementLabel[] = [];
  const notPlanted: NotPlantedDisagreement[] = [];
  return {
    labels,
    notPlanted,
    items: {
      [Symbol.iterator]() {
        labels.length = 0;
        notPlanted.length = 0;
        return extractItems(persons, options, labels, notPlanted);
      },
    },
  };
}

function checkAgreement(options: SynthesizeExtractsOptions): void {
  const agreement = options.agreement ?? 0.95;
  if (!(agreement >= 0 && agreement <= 1)) throw new RangeError(`agreement 应在 0–1 之间：${agreement}`);
  const v = options.formVersion ?? '2017';
  if (v !== '2017' && v !== '2021') throw new RangeError(`暂不支持的表版本：${String(options.formVersion)}`);
}

/** Why the 2021 form cannot show a disagreement of the 2017 plan (the reasons of `NotPlantedDisagreement`). */
const NOT_ON_2021 = {
  schooling: '2021 版不问在校情况（2017 R14），没有比对在校、学段的 2021 规则',
  subsidies: '2021 版不问两项补贴（2017 R28），民政发放名册即其来源',
  dangerousNotRecorded: '2021 版只比对一个方向：住建鉴定为危房而 R7 不是 4（农村危房）；登记为危房而住建名册没有不比对',
  housingSecurity: '2021 版没有城镇住房保障题（2017 R9），也没有比对它的 2021 规则',
  employment: '2021 版不问就业形式（2017 R17），只比对“有就业登记而登记为未就业”',
  poverty: '2021 版不问建档立卡（2017 R10），没有比对它的 2021 规则',
  notAsked: '该人 2021 版不回答此题',
} as const;

function* extractItems(
  persons: Iterable<Readonly<Record<string, unknown>>>,
  options: SynthesizeExtractsOptions,
  labels: DisagreementLabel[],
  notPlanted: NotPlantedDisagreement[],
): Generator<ExtractItem> {
  checkAgreement(options);
  const v2021 = options.formVersion === '2021';
  const skipped = new Map<string, NotPlantedDisagreement>();
  /** Counts a disagreement of the 2017 plan that the 2021 form cannot show. */
  const skip = (department: ExtractDepartmentId, kind: DisagreementKind, items2017: string[], reason: string) => {
    const key = `${department}|${kind}|${items2017.join('+')}|${reason}`;
    let e = skipped.get(key);
    if (!e) {
      e = { department, kind, items2017, reason, count: 0 };
      skipped.set(key, e);
      notPlanted.push(e);
    }
    e.count++;
  };
  const agreement = options.agreement ?? 0.95;
  const miss = 1 - agreement;
  const fmt = { ...DEFAULT_FORMATS, ...options.formats };
  const wanted = new Set(options.departments ?? ALL);
  const dead = new Map<string, ErrorLabel>();
  for (const l of options.errors ?? []) if (l.kind === 'deceased-as-normal') dead.set(l.residentId, l);
  const seed32 = seedToUint32(options.seed);
  const rng = new Random();
  const queue: ExtractItem[] = [];
  const b = Object.fromEntries(ALL.map((d) => [d, new Emitter(d, fmt, queue)])) as Record<ExtractDepartmentId, Emitter>;
  let index = 0;

  for (const input of persons) {
    const p = input as P;
    const i = index++;
    const id = String(p.resident_id ?? '');
    if (!/^\d{17}[\dX]$/.test(id)) continue; // not matchable (mangled input): departments key on the ID
    const name = String(p.name ?? '');
    const normal = p.person_status === 6;
    const age = ageOf(p);
    const ref = toYmd(String(p.reference_date));
    if (!ref) continue;
    const year = ref.y;
    const month = `${year}-${String(ref.m).padStart(2, '0')}`;
    const label = (l: Omit<DisagreementLabel, 'residentId' | 'person'>) => labels.push({ ...l, residentId: id, person: i });
    const hh = typeof p.householder_id === 'string' && p.householder_id !== id ? p.householder_id : undefined;
    const on = (d: ExtractDepartmentId) => {
      if (!wanted.has(d)) return undefined;
      return rng.reseed(seed32, STREAM.extract * 16 + DEPT_INDEX[d], i);
    };

    // --- education: 学籍 of pupils ------------------------------------------------------------
    let r = on('education');
    if (r && normal && age >= 3 && age <= 22) {
      const r14 = typeof p.r14 === 'number' ? p.r14 : undefined;
      const disagree = r.chance(miss);
      const school = () => `${r!.pick(SCHOOL_WORDS)}${age <= 5 ? '幼儿园' : age <= 11 ? '小学' : age <= 14 ? '中学' : age <= 17 ? '高级中学' : '学院'}`;
      if (r14 !== undefined) {
        const stage = ((r14 - 1) % 6) + 1;
        const type = r14 > 6 ? (r.chance(0.8) ? 3 : 2) : 1;
        const missing = disagree && r.chance(0.5);
        if (missing && !v2021) {
          label({ department: 'education', kind: 'missing-in-extract', items: ['r14'], message: `登记为在校（R14 = ${r14}），学籍名册中没有此人` });
        } else {
          let shown = stage;
          if (v2021 && disagree) skip('education', missing ? 'missing-in-extract' : 'value-differs', ['r14'], NOT_ON_2021.schooling);
          else if (disagree) {
            shown = stage === 1 ? 2 : stage - 1;
            label({ department: 'education', kind: 'value-differs', items: ['r14'], field: 'school_stage', extractValue: shown, expectedValue: stage, message: `学籍学段为 ${shown}，登记表 R14 学段为 ${stage}` });
          }
          b.education.add({ resident_id: id, name, enrolled: 1, school_name: school(), school_type: type, school_stage: shown, period: String(year) }, r);
        }
      } else if (v2021) {
        // 2021 compares the roster with R8 受教育程度 only (asked from 15): 未上过学 (R8 = 1) yet on the
        // register with a 学段 of primary school or above — e.g. a 送教上门 pupil recorded as never schooled.
        if (disagree && age >= 15 && p.r13 === 1) {
          b.education.add({ resident_id: id, name, enrolled: 1, school_name: school(), school_type: 4, school_stage: 3, period: String(year) }, r);
          label({ department: 'education', kind: 'extra-in-extract', items: ['r8'], field: 'enrolled', extractValue: 1, expectedRule: 'XC_EDU_ENROLLED_NEVER_SCHOOLED', message: '登记表受教育程度为“未上过学”（R8 = 1），学籍名册中有在读学籍（送教上门）' });
        } else if (disagree && age >= 6 && age <= 14) skip('education', 'extra-in-extract', ['r14', 'r15'], NOT_ON_2021.schooling);
      } else if (disagree && age >= 6 && age <= 14) {
        // Not enrolled per the record (R15 answered), but on the register — e.g. 送教上门 pupils.
        b.education.add({ resident_id: id, name, enrolled: 1, school_name: school(), school_type: 4, school_stage: age <= 11 ? 2 : 3, period: String(year) }, r);
        label({ department: 'education', kind: 'extra-in-extract', items: ['r14', 'r15'], field: 'enrolled', extractValue: 1, message: '登记表未入学（R15 已填），学籍名册中有此人（送教上门）' });
      }
    }

    // --- civil affairs: 低保, 特困, two subsidies (one row per benefit) -----------------------
    r = on('civil-affairs');
    if (r && normal) {
      const r27 = arr(p.r27);
      const r28 = arr(p.r28);
      const benefits: [number, string][] = [];
      if (r27.includes(1)) benefits.push([1, 'r27']);
      if (r27.includes(2)) benefits.push([2, 'r27']);
      if (r28.includes(1)) benefits.push([3, 'r28']);
      if (r28.includes(2)) benefits.push([4, 'r28']);
      let drop = -1;
      // 2021 R15 holds 低保 and 特困 (2017 R27 options 1, 2); the two subsidies (2017 R28) are not on the form.
      const droppable = v2021 ? benefits.filter(([c]) => c <= 2) : benefits;
      if (r.chance(miss)) {
        if (droppable.length && r.chance(0.6)) {
          drop = benefits.indexOf(droppable[r.int(droppable.length)]!);
          const [code, item] = benefits[drop]!;
          if (v2021) {
            const rule = code === 1 ? 'XC_CIVIL_DIBAO_DIFFERS' : 'XC_CIVIL_TEKUN_DIFFERS';
            label({ department: 'civil-affairs', kind: 'missing-in-extract', items: ['r15'], field: 'benefit', expectedValue: code, expectedRule: rule, message: `登记表 R15 有该项（项目 ${code}），民政名册没有` });
          } else label({ department: 'civil-affairs', kind: 'missing-in-extract', items: [item], field: 'benefit', expectedValue: code, message: `登记表 ${item.toUpperCase()} 有该项（项目 ${code}），民政名册没有` });
        } else {
          const have = new Set(benefits.map(([c]) => c));
          const extra = (v2021 ? [1, 2] : [4, 3, 1]).find((c) => !have.has(c));
          if (extra !== undefined && v2021) {
            benefits.push([extra, 'r27']);
            const rule = extra === 1 ? 'XC_CIVIL_DIBAO_DIFFERS' : 'XC_CIVIL_TEKUN_DIFFERS';
            label({ department: 'civil-affairs', kind: 'extra-in-extract', items: ['r15'], field: 'benefit', extractValue: extra, expectedRule: rule, message: `民政名册有项目 ${extra}，登记表 R15 未填` });
          } else if (extra !== undefined) {
            benefits.push([extra, extra === 1 ? 'r27' : 'r28']);
            label({ department: 'civil-affairs', kind: 'extra-in-extract', items: [extra === 1 ? 'r27' : 'r28'], field: 'benefit', extractValue: extra, message: `民政名册有项目 ${extra}，登记表未填` });
          }
        }
      }
      benefits.forEach(([code], j) => {
        if (j === drop) return;
        // Amounts: plausible monthly figures only (never a province's official standard).
        const amount = code <= 2 ? 200 + 10 * r!.int(40) : 60 + 10 * r!.int(6);
        const rec: SynthExtractRecord = { resident_id: id, name, benefit: code, period: month, amount };
        if (code === 1 && hh) rec.household_head_id = hh;
        b['civil-affairs'].add(rec, r!);
      });
    }

    // --- human resources & social security -------------------------------------------------------
    r = on('social-security');
    if (r && normal && age >= 16) {
      const r22 = arr(p.r22);
      const rec: SynthExtractRecord = { resident_id: id, name };
      rec.pension_scheme = r22.includes(1) ? 2 : p.r23 === 1 ? 1 : 3;
      rec.pension_drawing = rec.pension_scheme !== 3 && age >= 60 ? 1 : 2;
      if (typeof p.r24 === 'number') rec.pension_premium_subsidy = p.r24;
      rec.medical_scheme = r22.includes(2) ? 2 : p.r25 === 1 ? 1 : 3;
      if (typeof p.r26 === 'number') rec.medical_premium_subsidy = p.r26;
      if (typeof p.r16 === 'number') rec.employment_registered = typeof p.r17 === 'number' && [1, 2, 4, 5].includes(p.r17) ? 1 : 2;
      if (typeof p.r16_2 === 'number') rec.unemployment_registered = p.r16_2;
      if (r.chance(miss)) {
        const which = r.int(3);
        if (which === 0 && rec.pension_scheme !== 2 && v2021) {
          // 2021 does not ask 城乡居民养老 (2017 R23); its R12 holds 职工养老 (option 1): 人社 records an
          // employee pension the record does not tick.
          const was = rec.pension_scheme;
          rec.pension_scheme = 2;
          label({ department: 'social-security', kind: 'value-differs', items: ['r12'], field: 'pension_scheme', extractValue: 2, expectedValue: was, expectedRule: 'XC_SOCSEC_EMPLOYEE_PENSION_DIFFERS', message: `人社记录参加职工基本养老保险，登记表 R12 = ${arr(p.r22).join(';') || '4'}（未选职工养老）` });
        } else if (which === 0 && rec.pension_scheme !== 2) {
          const was = rec.pension_scheme;
          rec.pension_scheme = was === 1 ? 3 : 1;
          label({ department: 'social-security', kind: 'value-differs', items: ['r23'], field: 'pension_scheme', extractValue: rec.pension_scheme, expectedValue: was, message: `人社养老参保险种为 ${rec.pension_scheme}，登记表 R23 = ${String(p.r23)}` });
        } else if (which === 1 && rec.medical_scheme !== 2 && v2021) {
          if (typeof p.r25 === 'number') {
            const was = rec.medical_scheme;
            rec.medical_scheme = was === 1 ? 3 : 1;
            label({ department: 'social-security', kind: 'value-differs', items: ['r13'], field: 'medical_scheme', extractValue: rec.medical_scheme, expectedValue: was, expectedRule: 'XC_SOCSEC_RESIDENT_MEDICAL_DIFFERS', message: `医保参保险种为 ${rec.medical_scheme}，登记表 R13 = ${p.r25}` });
          } else skip('social-security', 'value-differs', ['r25'], NOT_ON_2021.notAsked);
        } else if (which === 1 && rec.medical_scheme !== 2) {
          const was = rec.medical_scheme;
          rec.medical_scheme = was === 1 ? 3 : 1;
          label({ department: 'social-security', kind: 'value-differs', items: ['r25'], field: 'medical_scheme', extractValue: rec.medical_scheme, expectedValue: was, message: `医保参保险种为 ${rec.medical_scheme}，登记表 R25 = ${String(p.r25)}` });
        } else if (rec.employment_registered !== undefined && v2021) {
          // One direction only on 2021 (XC_SOCSEC_EMPLOYMENT_REGISTERED_NOT_EMPLOYED): registered, yet R9 = 2.
          if (rec.employment_registered === 2 && p.r16 === 2) {
            rec.employment_registered = 1;
            label({ department: 'social-security', kind: 'value-differs', items: ['r9'], field: 'employment_registered', extractValue: 1, expectedValue: 2, expectedRule: 'XC_SOCSEC_EMPLOYMENT_REGISTERED_NOT_EMPLOYED', message: '人社部门有就业登记，登记表 R9 = 2（未就业）' });
          } else skip('social-security', 'value-differs', ['r16', 'r17'], NOT_ON_2021.employment);
        } else if (rec.employment_registered !== undefined) {
          const was = rec.employment_registered;
          rec.employment_registered = was === 1 ? 2 : 1;
          label({ department: 'social-security', kind: 'value-differs', items: ['r16', 'r17'], field: 'employment_registered', extractValue: rec.employment_registered, expectedValue: was, message: `就业登记为 ${rec.employment_registered === 1 ? '是' : '否'}，与登记表 R16/R17 不符` });
        }
      }
      b['social-security'].add(rec, r);
    }

    // --- housing: dangerous houses, renovation, urban housing security --------------------------
    r = on('housing');
    if (r && normal) {
      let rec: SynthExtractRecord | undefined;
      let items: string[] = [];
      const appraised = addDays(ref, -(60 + r.int(900)));
      if (arr(p.r27).includes(5)) {
        rec = { resident_id: id, name, house_grade: r.chance(0.5) ? 'D' : 'C', appraised_on: appraised, renovated: 1, renovation_year: year - r.int(2) };
        items = ['r27'];
      } else if (p.r11 === 2) {
        rec = { resident_id: id, name, house_grade: r.chance(0.4) ? 'D' : 'C', appraised_on: appraised, renovated: 2 };
        items = ['r11'];
      } else if (p.r9 === 2) {
        rec = { resident_id: id, name, housing_security: arr(p.r9_2)[0] ?? 1 };
        items = ['r9'];
      }
      if (r.chance(miss)) {
        if (rec && v2021) {
          // 2021 R15 option 5 (2017 R27) is compared with the renovation roster; R7 only one way (below).
          if (items[0] === 'r27' && p.r3 === 1) {
            label({ department: 'housing', kind: 'missing-in-extract', items: ['r15'], expectedRule: 'XC_HOUSING_RENOVATION_DIFFERS', message: '登记表 R15 有农村危房改造（选项 5），住建改造名册没有' });
            rec = undefined;
          } else skip('housing', 'missing-in-extract', items, items[0] === 'r27' ? NOT_ON_2021.notAsked : items[0] === 'r11' ? NOT_ON_2021.dangerousNotRecorded : NOT_ON_2021.housingSecurity);
        } else if (rec) {
          label({ department: 'housing', kind: 'missing-in-extract', items, message: `登记表 ${items[0]!.toUpperCase()} 有住房保障/危房信息，住建名册没有` });
          rec = undefined;
        } else if (p.r3 === 1 && p.r11 === 1 && v2021) {
          // 2021 R7 of this person is 3 (农村住房良好): the appraisal says dangerous, R7 is not 4.
          rec = { resident_id: id, name, house_grade: 'D', appraised_on: appraised, renovated: 2 };
          label({ department: 'housing', kind: 'extra-in-extract', items: ['r7'], field: 'house_grade', extractValue: 'D', expectedRule: 'XC_HOUSING_DANGEROUS_NOT_RECORDED', message: '住建鉴定为 D 级危房（未改造），登记表 R7 = 3（农村住房良好），不是 4（农村危房）' });
        } else if (p.r3 === 1 && p.r11 === 1) {
          rec = { resident_id: id, name, house_grade: 'D', appraised_on: appraised, renovated: 2 };
          label({ department: 'housing', kind: 'extra-in-extract', items: ['r11'], field: 'house_grade', extractValue: 'D', message: '住建鉴定为 D 级危房（未改造），登记表 R11 = 1（状况良好）' });
        }
      }
      if (rec) b.housing.add(rec, r);
    }

    // --- health: family-doctor contracts ----------------------------------------------------------
    r = on('health');
    if (r && normal && typeof p.r31 === 'number') {
      let signed = p.r31;
      if (r.chance(miss)) {
        signed = signed === 1 ? 2 : 1;
        if (v2021) label({ department: 'health', kind: 'value-differs', items: ['r20'], field: 'family_doctor_contract', extractValue: signed, expectedValue: p.r31, expectedRule: 'XC_HEALTH_FAMILY_DOCTOR_DIFFERS', message: `卫健签约状态为 ${signed === 1 ? '已签约' : '未签约'}，登记表 R20 = ${p.r31}` });
        else label({ department: 'health', kind: 'value-differs', items: ['r31'], field: 'family_doctor_contract', extractValue: signed, expectedValue: p.r31, message: `卫健签约状态为 ${signed === 1 ? '已签约' : '未签约'}，登记表 R31 = ${p.r31}` });
      }
      const rec: SynthExtractRecord = { resident_id: id, name, family_doctor_contract: signed };
      if (signed === 1) rec.contract_date = addDays(ref, -r.int(365));
      b.health.add(rec, r);
    }

    // --- poverty relief: 建档立卡 -----------------------------------------------------------------
    r = on('poverty-relief');
    if (r && normal && p.r3 === 1) {
      let registered = p.r10 === 1;
      const flip = r.chance(miss);
      if (flip && v2021) skip('poverty-relief', registered ? 'missing-in-extract' : 'extra-in-extract', ['r10'], NOT_ON_2021.poverty);
      else if (flip) {
        registered = !registered;
        label({
          department: 'poverty-relief',
          kind: registered ? 'extra-in-extract' : 'missing-in-extract',
          items: ['r10'],
          ...(registered ? { field: 'registered', extractValue: 1 } : {}),
          message: registered ? `扶贫系统为建档立卡户，登记表 R10 = ${String(p.r10)}` : '登记表 R10 = 1（建档立卡），扶贫系统没有此人',
        });
      }
      if (registered) {
        // 建档立卡 began in 2014; poverty was declared eliminated by the end of 2020.
        const since = 2014 + r.int(3);
        const exited = year >= 2021 || r.chance(Math.min(0.9, 0.2 * (year - since)));
        const rec: SynthExtractRecord = { resident_id: id, name, registered: 1, poverty_status: exited ? 2 : 1, registered_year: since };
        if (exited) rec.exit_year = Math.min(year, 2020, since + 1 + r.int(Math.max(1, Math.min(year, 2020) - since)));
        if (hh) rec.household_head_id = hh;
        b['poverty-relief'].add(rec, r);
      }
    }

    // --- public security: household registration status -------------------------------------------
    r = on('public-security');
    if (r) {
      const rec: SynthExtractRecord = { resident_id: id, name, registration_status: 1 };
      if (typeof p.sex === 'string') rec.sex = p.sex;
      if (typeof p.birth_date === 'string') rec.birth_date = p.birth_date;
      const status = p.person_status;
      const died = dead.get(id);
      if (died?.deathDate) {
        rec.registration_status = 3;
        rec.event_date = died.deathDate;
        label({ department: 'public-security', kind: 'value-differs', items: ['person_status'], field: 'registration_status', extractValue: 3, expectedValue: 1, ...(v2021 ? { expectedRule: 'XC_PUBSEC_DECEASED_REPORTED_NORMAL' } : {}), message: `公安户籍于 ${died.deathDate} 死亡注销，登记表核查状态为“正常”（deceased-as-normal）` });
      } else if (status === 5) {
        rec.registration_status = 3;
        rec.event_date = addDays(ref, -(1 + r.int(300)));
      } else if (status === 2 && r.chance(0.5)) {
        rec.registration_status = 2;
        rec.event_date = addDays(ref, -(1 + r.int(600)));
      } else if (status === 1 && r.chance(0.5)) {
        rec.registration_status = 4;
        rec.event_date = addDays(ref, -(1 + r.int(600)));
      } else if (normal && r.chance(miss)) {
        rec.registration_status = 2;
        rec.event_date = addDays(ref, -(1 + r.int(600)));
        label({ department: 'public-security', kind: 'value-differs', items: ['person_status', 'region_code'], field: 'registration_status', extractValue: 2, expectedValue: 1, ...(v2021 ? { expectedRule: 'XC_PUBSEC_MOVED_REPORTED_NORMAL' } : {}), message: '公安户籍已迁出，登记表核查状态为“正常”' });
      }
      b['public-security'].add(rec, r);
    }

    yield* queue;
    queue.length = 0;
  }
}

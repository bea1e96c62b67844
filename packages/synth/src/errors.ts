/**
 * Labelled error injection: the mistakes data offices meet, planted in clean records at a given
 * rate, each with a label naming the record, the item(s) and the kind — ground truth for testing
 * validators, rule sets and reports.
 */
import { ageAt, residentIdCheckCharacter } from '@canji/id';
import { STREAM, type SynthPersonRecord } from './person.js';
import { addDays, toYmd } from './dates.js';
import { Random, seedToUint32, type Seed } from './random.js';

/**
 * The kinds of error {@link injectErrors} plants (stable ids):
 * - `check-digit` — the ID number's check character is wrong (in `resident_id` and the certificate number's ID part);
 * - `certificate-id-mismatch` — the certificate number's first 18 characters are another valid ID number;
 * - `category-level-mismatch` — `disability_category` or `disability_level` disagrees with the certificate number;
 * - `skip-answered` — an item the skip logic excludes is answered;
 * - `skip-missing` — an item the skip logic requires is left empty;
 * - `exclusive-option` — a "无 / 未参加 / 未得到" option ticked together with another option;
 * - `inconsistent-answers` — a consistency check of the form fails (R22 职工养老 with R23 = 是, …);
 * - `age-impossible` — an answer impossible at the person's age (a married 12-year-old, a 16-year-old 研究生 …);
 * - `duplicate-person` — the same person reported twice (a copy inserted after the original);
 * - `deceased-as-normal` — a person who died (public security says so) still reported with status 正常;
 * - `spreadsheet-mangled-id` — an ID number turned into scientific notation by a spreadsheet (`4.30121E+17`).
 */
export type ErrorKind =
  | 'check-digit'
  | 'certificate-id-mismatch'
  | 'category-level-mismatch'
  | 'skip-answered'
  | 'skip-missing'
  | 'exclusive-option'
  | 'inconsistent-answers'
  | 'age-impossible'
  | 'duplicate-person'
  | 'deceased-as-normal'
  | 'spreadsheet-mangled-id';

/**
 * Every error kind, in a stable order.
 *
 * @example
 * injectErrors(persons, { seed: 1, rate: 0.1, kinds: ERROR_KINDS.filter((k) => k !== 'duplicate-person') });
 */
export const ERROR_KINDS: readonly ErrorKind[] = [
  'check-digit',
  'certificate-id-mismatch',
  'category-level-mismatch',
  'skip-answered',
  'skip-missing',
  'exclusive-option',
  'inconsistent-answers',
  'age-impossible',
  'duplicate-person',
  'deceased-as-normal',
  'spreadsheet-mangled-id',
];

/** Ground truth of one planted error. */
export interface ErrorLabel {
  /** Index of the affected record in the output `records`. */
  record: number;
  kind: ErrorKind;
  /** Keys of the items changed (or, for `skip-missing`, removed). */
  items: string[];
  /** The affected person's (original, canonical) resident ID number. */
  residentId: string;
  /** zh-CN description of what was planted. */
  message: string;
  /** The values before the change, by item key (absent = the item was not answered). */
  before: Record<string, unknown>;
  /**
   * Every key whose value differs from the clean record (the `items` plus follow-ups the error
   * dragged along, e.g. R18/R19 removed when R16 becomes 是). Empty for `deceased-as-normal`
   * (the record is unchanged; the error shows against public security) and `duplicate-person`.
   */
  changed: string[];
  /** `duplicate-person`: index of the original record. */
  duplicateOf?: number;
  /** `deceased-as-normal`: the date of death public security records. */
  deathDate?: string;
}

/** Options of {@link injectErrors}. */
export interface InjectErrorsOptions {
  seed: Seed;
  /** Share of input records that receive one error (0–1). */
  rate: number;
  /** Which kinds to plant (default: all {@link ERROR_KINDS}), drawn uniformly among those a record allows. */
  kinds?: readonly ErrorKind[];
  /** Reference date for ages (default: each record's `reference_date`). */
  asOf?: string;
}

/** Result of {@link injectErrors}. */
export interface InjectErrorsResult {
  records: SynthPersonRecord[];
  labels: ErrorLabel[];
}

type R = SynthPersonRecord;
const arr = (v: unknown): number[] | undefined => (Array.isArray(v) ? (v as number[]) : undefined);

/** Age at the reference date (`@canji/id`'s `ageAt`), -1 when unknown. */
function ageOf(r: R, asOf?: string): number {
  const b = r.birth_date;
  const ref = asOf ?? r.reference_date;
  return (typeof b === 'string' && typeof ref === 'string' ? ageAt(b, ref) : undefined) ?? -1;
}

/** Replaces the check character of an 18-character ID with another valid-looking one. */
function corruptCheck(id: string, rng: Random): string {
  const right = id[17]!;
  const options = '0123456789X'.replace(right, '');
  return id.slice(0, 17) + options[rng.int(options.length)]!;
}

/** Another valid ID: the same region and birth date, another sequence number of the same sex. */
function anotherId(id: string, rng: Random): string {
  const seq = Number(id.slice(14, 17));
  let next = (seq + 2 * (1 + rng.int(40))) % 1000;
  if (next % 2 !== seq % 2) next = (next + 1) % 1000;
  const first17 = id.slice(0, 14) + String(next).padStart(3, '0');
  return first17 + residentIdCheckCharacter(first17);
}

/**
 * What Excel/WPS shows for a long number typed into a General cell: 6 significant digits, E+17.
 *
 * @example
 * spreadsheetMangle('430121197107201566') //=> '4.30121E+17'
 */
export function spreadsheetMangle(id: string): string {
  const digits = id.replace(/\D/g, '').slice(0, 18).padEnd(18, '0');
  const mantissa = (Number(digits.slice(0, 7)) / 1e6).toFixed(5).replace(/0+$/, '').replace(/\.$/, '');
  return `${mantissa}E+17`;
}

interface Planted {
  items: string[];
  message: string;
  deathDate?: string;
}

type Planter = (r: R, rng: Random, age: number) => Planted | undefined;

const normal = (r: R) => r.person_status === 6;

/** Each kind: returns undefined when the record does not allow it (then another kind is tried). */
const PLANTERS: Record<Exclude<ErrorKind, 'duplicate-person'>, Planter> = {
  'check-digit': (r, rng) => {
    const id = String(r.resident_id);
    if (id.length !== 18) return undefined;
    const bad = corruptCheck(id, rng);
    r.resident_id = bad;
    r.certificate_no = bad + String(r.certificate_no).slice(18);
    return { items: ['resident_id', 'certificate_no'], message: `身份证号校验码被改为 ${bad[17]}（应为 ${id[17]}）` };
  },
  'certificate-id-mismatch': (r, rng) => {
    const id = String(r.resident_id);
    if (id.length !== 18) return undefined;
    const other = anotherId(id, rng);
    r.certificate_no = other + String(r.certificate_no).slice(18);
    return { items: ['certificate_no', 'resident_id'], message: `残疾人证号前18位 ${other} 与身份证号 ${id} 不一致` };
  },
  'category-level-mismatch': (r, rng) => {
    if (rng.chance(0.5)) {
      const c = Number(r.disability_category);
      r.disability_category = ((c - 1 + 1 + rng.int(6)) % 7) + 1;
      return { items: ['disability_category'], message: `残疾类别填为 ${r.disability_category}，证号第19位为 ${c}` };
    }
    const l = Number(r.disability_level);
    r.disability_level = ((l - 1 + 1 + rng.int(3)) % 4) + 1;
    return { items: ['disability_level'], message: `残疾等级填为 ${r.disability_level}，证号第20位为 ${l}` };
  },
  'skip-answered': (r, rng, age) => {
    if (!normal(r)) return undefined;
    // Candidates: an item whose skip condition holds, answered anyway.
    const c: [string, number | number[], string][] = [];
    if (r.r16 === 2) c.push(['r17', 6, 'R16 = 2（未就业）却填了 R17 就业形式']);
    if (r.r16 === 1) c.push(['r19', 4, 'R16 = 1（就业）却填了 R19 未就业原因']);
    if (r.r40 === 1) c.push(['r41', [1], 'R40 = 1 却填了 R41 不参加文体活动原因']);
    if (r.r32 === 2) c.push(['r33', 1, 'R32 = 2（两周内未患病）却填了 R33']);
    if (r.r3 === 1) c.push(['r8', 3, '农业户口却填了 R8 城镇家庭收入']);
    if (r.r3 === 2) c.push(['r11', 1, '非农业户口却填了 R11 农村住房']);
    if (age >= 60 && r.r24 === undefined) c.push(['r24', 1, '60岁及以上却填了 R24 养老保险缴费补贴']);
    if (r.r25 === 2) c.push(['r26', 1, 'R25 = 2（未参加居民医保）却填了 R26']);
    if (c.length === 0) return undefined;
    const [item, value, message] = c[rng.int(c.length)]!;
    r[item] = value;
    return { items: [item], message };
  },
  'skip-missing': (r, rng) => {
    if (!normal(r)) return undefined;
    const c = ['r3', 'r7', 'r25', 'r27', 'r28', 'r31', 'r32', 'r35', 'r37', 'r16', 'r13', 'r23'].filter((k) => r[k] !== undefined);
    if (c.length === 0) return undefined;
    const item = c[rng.int(c.length)]!;
    delete r[item];
    return { items: [item], message: `应答项 ${item.toUpperCase()} 未填` };
  },
  'exclusive-option': (r, rng) => {
    if (!normal(r)) return undefined;
    const c: [string, number][] = [];
    for (const [k, none] of [['r27', 6], ['r28', 4], ['r35', 6], ['r37', 6], ['r39', 9], ['r22', 4], ['r20', 6], ['r21', 6]] as const) {
      if (arr(r[k])) c.push([k, none]);
    }
    if (c.length === 0) return undefined;
    const [k, none] = c[rng.int(c.length)]!;
    const v = arr(r[k])!;
    const next = v.includes(none) ? [1, none] : [...v, none].sort((a, b) => a - b);
    r[k] = next;
    return { items: [k], message: `${k.toUpperCase()} 的“无”类选项 ${none} 与其他选项同选：${next.join(';')}` };
  },
  'inconsistent-answers': (r, rng) => {
    if (!normal(r)) return undefined;
    const c: (() => Planted)[] = [];
    const r22 = arr(r.r22);
    if (r22?.includes(1)) c.push(() => ((r.r23 = 1), { items: ['r22', 'r23'], message: '参加职工养老保险（R22 含 1）却填 R23 = 1（参加城乡居民养老保险）' }));
    if (r22?.includes(2)) c.push(() => ((r.r25 = 1), { items: ['r22', 'r25'], message: '参加职工医疗保险（R22 含 2）却填 R25 = 1（参加城乡居民医保）' }));
    if (r22 && !r22.includes(1) && r.r23 !== undefined) c.push(() => ((r.r22 = [1, 2]), (r.r23 = 1), (r.r25 = 1), { items: ['r22', 'r23', 'r25'], message: 'R22 填参加职工养老、医疗保险，R23、R25 却都填“是”' }));
    if (r.r14 !== undefined && typeof r.r16 === 'number') c.push(() => {
        r.r16 = 1;
        r.r17 = 7;
        delete r.r18;
        delete r.r19;
        r.r20 ??= [6];
        r.r21 ??= [6];
        return { items: ['r14', 'r16'], message: '在校（R14 已填）却填 R16 = 1（就业）' };
      });
    if (r.r3 === 2 && r.r8 !== undefined && r.r8 !== 1) c.push(() => ((r.r27 = [1]), { items: ['r8', 'r27'], message: '非农业户口 R8 ≠ 1（不低于低保标准）却填 R27 最低生活保障' }));
    if (r.r3 === 2) c.push(() => ((r.r27 = [5]), { items: ['r3', 'r27'], message: '非农业户口却填 R27 农村危房改造' }));
    if (c.length === 0) return undefined;
    return c[rng.int(c.length)]!();
  },
  'age-impossible': (r, rng, age) => {
    if (!normal(r)) return undefined;
    if (age >= 6 && age <= 14) {
      r.r4 = 20;
      return { items: ['r4'], message: `${age}岁却填婚姻状况“已婚有配偶”` };
    }
    if (age >= 15 && age <= 19) {
      r.r13 = 7;
      delete r.r14;
      return { items: ['r13'], message: `${age}岁却填受教育程度“研究生”` };
    }
    if (age >= 20 && age < 40 && r.r18 !== undefined) {
      r.r18 = 1;
      r.r19 = 2;
      return { items: ['r18', 'r19'], message: `${age}岁却填“退休”、生活来源为退休金` };
    }
    void rng;
    return undefined;
  },
  'deceased-as-normal': (r, rng) => {
    if (!normal(r)) return undefined;
    // Nothing in the record changes: the person died before the reference date and public
    // security's roster says so (see synthesizeDepartmentExtracts with `errors`).
    const ref = toYmd(String(r.reference_date));
    if (!ref) return undefined;
    const deathDate = addDays(ref, -(30 + rng.int(300)));
    return { items: ['person_status'], message: `已于 ${deathDate} 死亡（公安户籍已注销），登记表仍报“正常”`, deathDate };
  },
  'spreadsheet-mangled-id': (r, rng) => {
    const keys = ['resident_id', 'certificate_no', 'householder_id'].filter((k) => typeof r[k] === 'string' && /^\d{17}[\dX]/.test(String(r[k])));
    // The certificate number keeps its digits only when it ends in a digit (else the cell stays text).
    const k = keys.includes('resident_id') && rng.chance(0.7) ? 'resident_id' : keys[rng.int(keys.length)];
    if (k === undefined) return undefined;
    const before = String(r[k]);
    if (!/^\d+$/.test(before)) return undefined;
    r[k] = spreadsheetMangle(before);
    return { items: [k], message: `${k} 被电子表格改成科学计数法：${String(r[k])}` };
  },
};

/**
 * Plants labelled errors in copies of the records (the input is not changed; records without an
 * error are passed through as the same objects). Each input record
 * receives at most one error, with probability `rate`; the kind is drawn uniformly among the
 * requested kinds the record allows (a `skip-answered` error needs an item the skip logic excludes,
 * an `age-impossible` one a person of the right age …). `duplicate-person` inserts a copy of the
 * record right after it. Deterministic in `seed`.
 *
 * @example
 * ```ts
 * const persons = [...synthesizePersons({ seed: 1, count: 1000 })];
 * const { records, labels } = injectErrors(persons, { seed: 2, rate: 0.05 });
 * labels[0]; //=> { record: 17, kind: 'exclusive-option', items: ['r27'], residentId: '4301…', message: '…', before: { r27: [6] } }
 * ```
 */
export function injectErrors(records: Iterable<Readonly<Record<string, unknown>>>, options: InjectErrorsOptions): InjectErrorsResult {
  const labels: ErrorLabel[] = [];
  const out = [...plant(records, options, labels)];
  return { records: out, labels };
}

/** Result of {@link injectErrorsLazily}. */
export interface LazyInjectErrorsResult {
  /** The records with errors, generated as they are read (re-iterable: each pass starts afresh). */
  records: Iterable<SynthPersonRecord>;
  /** Labels of the records read so far in the current pass (complete once `records` is read through). */
  labels: ErrorLabel[];
}

/**
 * {@link injectErrors} for streams: records are passed through one by one (memory stays flat,
 * except for the labels), so 10^6 persons can go from `synthesizePersons` through error injection
 * into a file writer. Same output as `injectErrors` for the same input and options.
 *
 * @example
 * ```ts
 * const { records, labels } = injectErrorsLazily(synthesizePersons({ seed: 1, count: 1_500_000 }), { seed: 2, rate: 0.01 });
 * await writeJsonLines(records, 'province-with-errors.jsonl');
 * labels.length; //=> about 15,000
 * ```
 */
export function injectErrorsLazily(records: Iterable<Readonly<Record<string, unknown>>>, options: InjectErrorsOptions): LazyInjectErrorsResult {
  checkOptions(options);
  const labels: ErrorLabel[] = [];
  return {
    labels,
    records: {
      [Symbol.iterator]() {
        labels.length = 0;
        return plant(records, options, labels);
      },
    },
  };
}

function checkOptions(options: InjectErrorsOptions): void {
  for (const k of options.kinds ?? ERROR_KINDS) if (!ERROR_KINDS.includes(k)) throw new RangeError(`未知的错误类型：${String(k)}`);
  if (!(options.rate >= 0 && options.rate <= 1)) throw new RangeError(`rate 应在 0–1 之间：${options.rate}`);
}

function* plant(records: Iterable<Readonly<Record<string, unknown>>>, options: InjectErrorsOptions, labels: ErrorLabel[]): Generator<SynthPersonRecord> {
  checkOptions(options);
  const kinds = options.kinds ?? ERROR_KINDS;
  const seed32 = seedToUint32(options.seed);
  const rng = new Random();
  let outIndex = 0;
  let i = 0;
  for (const input of records) {
    const original = input as SynthPersonRecord;
    rng.reseed(seed32, STREAM.error, i++);
    if (kinds.length === 0 || !rng.chance(options.rate)) {
      outIndex++;
      yield original;
      continue;
    }
    const age = ageOf(original, options.asOf);
    // Try the kinds in a random order until one applies.
    const order = [...kinds];
    for (let j = order.length - 1; j > 0; j--) {
      const x = rng.int(j + 1);
      [order[j], order[x]] = [order[x]!, order[j]!];
    }
    let done = false;
    for (const kind of order) {
      if (kind === 'duplicate-person') {
        // The same person entered twice (e.g. by two collectors): an identical copy after the original.
        labels.push({
          record: outIndex + 1,
          kind,
          items: ['resident_id'],
          residentId: String(original.resident_id),
          message: `同一人（${String(original.resident_id)}）重复登记`,
          before: {},
          changed: [],
          duplicateOf: outIndex,
        });
        outIndex += 2;
        yield original;
        yield { ...original };
        done = true;
        break;
      }
      const copy: SynthPersonRecord = { ...original };
      const planted = PLANTERS[kind](copy, rng, age);
      if (!planted) continue;
      const before: Record<string, unknown> = {};
      for (const k of planted.items) before[k] = original[k];
      const changed: string[] = [];
      for (const k of new Set([...Object.keys(original), ...Object.keys(copy)])) {
        const a = original[k];
        const b = copy[k];
        if (a !== b && !(Array.isArray(a) && Array.isArray(b) && a.join() === b.join())) changed.push(k);
      }
      labels.push({
        record: outIndex++,
        kind,
        items: planted.items,
        residentId: String(original.resident_id),
        message: planted.message,
        before,
        changed,
        ...(planted.deathDate ? { deathDate: planted.deathDate } : {}),
      });
      yield copy;
      done = true;
      break;
    }
    if (!done) {
      outIndex++;
      yield original;
    }
  }
}

/**
 * Department data as a source of items (部门来源项目).
 *
 * The 2021/22 person form (R1–R27) no longer asks many items the 2017 form asked — schooling, the
 * two subsidies, residents' pension insurance, registered-poor status … — because the partner
 * departments' systems hold them (一次采集多次复用; inferred from comparing the two forms, [inf]). This
 * module is the mapping, as reviewable data, from a department extract's fields to a derived item
 * of the person record (`dept_enrolled`, `dept_dibao` …), and the function that applies it with
 * provenance, so indicators and rules see one record that carries both the asked items and the
 * department-sourced ones, each marked by its source (the `dept_` prefix and
 * {@link DepartmentSourcedItem.department}).
 *
 * Every department-sourced item takes the values of {@link DEPARTMENT_SOURCED_CODES}:
 * 1 是, 2 否, 3 不在名册 (the person's key is not in the roster). A person absent from a roster is
 * "not in the roster", never "no": whether that may be read as "no" depends on the roster
 * ({@link DepartmentSourcedItem.roster}: `complete` rosters list everyone who has the thing, so
 * absence is "no"; `partial` ones do not, so absence is unknown). The item is absent from the
 * enriched record when the department was not supplied, or when its row does not say (the fields
 * the item reads are empty).
 *
 * The conditions are written in the one condition language (`{ dept: field, … }` leaves over the
 * department's matched row). Civil affairs' rows, one per benefit, are read through `benefits`
 * (the merged codes, as `@canji/rules`' department index builds them) or, for a single row,
 * `benefit`.
 *
 * PROVISIONAL: the extract layouts are this project's design (see `extracts/`); so are the
 * department-sourced keys. Which 2021 items were dropped because a department holds them is
 * inferred from the two forms ([inf]).
 */
import { canonicalResidentId } from '@canji/id';
import { isAnswered } from './answered.js';
import { compileBoolCondition, leafRef } from './compile-condition.js';
import type { Condition } from './condition.js';
import { getExtractDepartment } from './extracts/departments.js';
import type { ExtractDepartmentId } from './extracts/types.js';
import type { PersonFormVersion } from './types.js';

type Row = Readonly<Record<string, unknown>>;

/** A department-sourced value: 1 是, 2 否, 3 不在名册. */
export type DepartmentSourcedValue = 1 | 2 | 3;

/** 是: the department's row says yes. */
export const DEPT_YES = 1;
/** 否: the department's row says no. */
export const DEPT_NO = 2;
/** 不在名册: the person's key is not in the department's roster. */
export const DEPT_NOT_IN_ROSTER = 3;

/**
 * The code list of every department-sourced item.
 *
 * @example
 * ```ts
 * import { DEPARTMENT_SOURCED_CODES } from '@canji/form';
 * DEPARTMENT_SOURCED_CODES.entries.find((e) => e.code === 3)?.label; //=> '不在名册'
 * ```
 */
export const DEPARTMENT_SOURCED_CODES = {
  id: 'departmentSourced',
  title: '部门来源取值',
  entries: [
    { code: 1, label: '是' },
    { code: 2, label: '否' },
    { code: 3, label: '不在名册' },
  ],
} as const;

/** An item of a person form, optionally one code of a multiple-choice item. */
export interface FormItemRef {
  readonly item: string;
  readonly code?: number;
}

/**
 * How to read a person's absence from the roster:
 * - `complete` — the roster lists everyone in the area who has the thing (a payment roster, the
 *   school roll, the family-doctor contracts): 不在名册 may be read as 否;
 * - `partial` — it does not (insurance extracts by fund, the appraised houses, household
 *   registration of one county): 不在名册 is unknown.
 */
export type RosterCoverage = 'complete' | 'partial';

/** One item the record takes from a partner department (reviewable data). */
export interface DepartmentSourcedItem {
  /** Key in the enriched record (`dept_…`). */
  readonly key: string;
  /** zh-CN label. */
  readonly label: string;
  readonly department: ExtractDepartmentId;
  /** The extract fields the conditions read. */
  readonly fields: readonly string[];
  /** When the department's row says 是 (a condition over `{ dept: field }` leaves). */
  readonly yes: Condition;
  /**
   * When it says 否. Absent: 否 whenever the row answers one of {@link fields} and {@link yes}
   * does not hold.
   */
  readonly no?: Condition;
  readonly roster: RosterCoverage;
  /**
   * The form item asking the same thing, per form version (absent for a version that does not ask
   * it). The mapping is per form version: on 2017 most are asked and the department is a second
   * source (the cross-checks compare them); on 2021 many are not asked at all.
   */
  readonly askedAs: Readonly<Partial<Record<PersonFormVersion, FormItemRef>>>;
  /** The 2017 items the 2021 form no longer asks that this item stands for (from {@link askedAs}). */
  readonly replaces: readonly FormItemRef[];
  /** zh-CN: what the value means and what is provisional about it. */
  readonly note: string;
}

type ItemSpec = Omit<DepartmentSourcedItem, 'replaces'>;

const yesNo = (field: string): Pick<ItemSpec, 'fields' | 'yes' | 'no'> => ({
  fields: [field],
  yes: { dept: field, eq: 1 },
  no: { dept: field, eq: 2 },
});
const benefit = (code: number): Pick<ItemSpec, 'fields' | 'yes'> => ({ fields: ['benefits'], yes: { dept: 'benefits', includes: code } });

const SPECS: readonly ItemSpec[] = [
  {
    key: 'dept_enrolled',
    label: '在读（学籍）',
    department: 'education',
    fields: ['enrolled'],
    // A row of the school roll without 是否在读 is a pupil on the roll: enrolled unless it says 否.
    yes: { any: [{ dept: 'enrolled', eq: 1 }, { all: [{ dept: '$matched', eq: true }, { not: { dept: 'enrolled', present: true } }] }] },
    no: { dept: 'enrolled', eq: 2 },
    roster: 'complete',
    askedAs: { '2017': { item: 'r14' } },
    note: '学籍名册中有此人且未标“否”为在读；名册限中小学（含特教学校、送教上门），高中以上可能不在名册。',
  },
  {
    key: 'dept_dibao',
    label: '享受最低生活保障（民政）',
    department: 'civil-affairs',
    ...benefit(1),
    roster: 'complete',
    askedAs: { '2017': { item: 'r27', code: 1 }, '2021': { item: 'r15', code: 1 } },
    note: '民政发放名册中有低保记录。',
  },
  {
    key: 'dept_tekun',
    label: '特困人员救助供养（民政）',
    department: 'civil-affairs',
    ...benefit(2),
    roster: 'complete',
    askedAs: { '2017': { item: 'r27', code: 2 }, '2021': { item: 'r15', code: 2 } },
    note: '民政发放名册中有特困供养记录。',
  },
  {
    key: 'dept_living_subsidy',
    label: '享受困难残疾人生活补贴（民政）',
    department: 'civil-affairs',
    ...benefit(3),
    roster: 'complete',
    askedAs: { '2017': { item: 'r28', code: 1 } },
    note: '2021 版不再询问两项补贴（R28），以民政发放名册为准 [inf]。',
  },
  {
    key: 'dept_care_subsidy',
    label: '享受重度残疾人护理补贴（民政）',
    department: 'civil-affairs',
    ...benefit(4),
    roster: 'complete',
    askedAs: { '2017': { item: 'r28', code: 2 } },
    note: '2021 版不再询问两项补贴（R28），以民政发放名册为准 [inf]。',
  },
  {
    key: 'dept_resident_pension',
    label: '参加城乡居民基本养老保险（人社）',
    department: 'social-security',
    fields: ['pension_scheme'],
    yes: { dept: 'pension_scheme', eq: 1 },
    roster: 'partial',
    askedAs: { '2017': { item: 'r23' } },
    note: '2021 版不再询问城乡居民养老保险（R23），以人社参保信息为准 [inf]；参保信息可能只含本地参保人，名册外为未知。',
  },
  {
    key: 'dept_employee_pension',
    label: '参加职工基本养老保险（人社）',
    department: 'social-security',
    fields: ['pension_scheme'],
    yes: { dept: 'pension_scheme', eq: 2 },
    roster: 'partial',
    askedAs: { '2017': { item: 'r22', code: 1 }, '2021': { item: 'r12', code: 1 } },
    note: '人社参保信息的养老险种为职工基本养老保险。',
  },
  {
    key: 'dept_pension_subsidy',
    label: '享受养老保险个人缴费补贴（人社）',
    department: 'social-security',
    ...yesNo('pension_premium_subsidy'),
    roster: 'partial',
    askedAs: { '2017': { item: 'r24' } },
    note: '2021 版不再询问（R24），以人社代缴记录为准 [inf]。',
  },
  {
    key: 'dept_resident_medical',
    label: '参加城乡居民基本医疗保险（医保）',
    department: 'social-security',
    fields: ['medical_scheme'],
    yes: { dept: 'medical_scheme', eq: 1 },
    roster: 'partial',
    askedAs: { '2017': { item: 'r25' }, '2021': { item: 'r13' } },
    note: '医保参保险种为城乡居民基本医疗保险（扩展数据中医保与人社同为“社会保险”部门）。',
  },
  {
    key: 'dept_employee_medical',
    label: '参加职工基本医疗保险（医保）',
    department: 'social-security',
    fields: ['medical_scheme'],
    yes: { dept: 'medical_scheme', eq: 2 },
    roster: 'partial',
    askedAs: { '2017': { item: 'r22', code: 2 }, '2021': { item: 'r12', code: 2 } },
    note: '医保参保险种为职工基本医疗保险。',
  },
  {
    key: 'dept_medical_subsidy',
    label: '享受基本医疗保险个人缴费补贴（医保）',
    department: 'social-security',
    ...yesNo('medical_premium_subsidy'),
    roster: 'partial',
    askedAs: { '2017': { item: 'r26' }, '2021': { item: 'r14' } },
    note: '医疗救助资助参保记录（国办发〔2021〕42号，D36）。',
  },
  {
    key: 'dept_employment_registered',
    label: '有就业登记（人社）',
    department: 'social-security',
    ...yesNo('employment_registered'),
    roster: 'partial',
    askedAs: {},
    note: '就业登记不等于就业（R9）：灵活就业、务农多无登记，故仅作比对参考，不替代登记表项目。',
  },
  {
    key: 'dept_unemployment_registered',
    label: '有失业登记（人社）',
    department: 'social-security',
    ...yesNo('unemployment_registered'),
    roster: 'partial',
    askedAs: { '2017': { item: 'r16_2' } },
    note: '2021 版不再询问是否进行过失业登记（R16-2），以人社登记为准 [inf]。',
  },
  {
    key: 'dept_dangerous_house',
    label: '住房为未改造的危房（住建）',
    department: 'housing',
    fields: ['house_grade', 'renovated'],
    yes: { all: [{ dept: 'house_grade', in: ['C', 'D'] }, { dept: 'renovated', ne: 1 }] },
    no: { any: [{ dept: 'house_grade', in: ['A', 'B'] }, { dept: 'renovated', eq: 1 }] },
    roster: 'partial',
    askedAs: { '2017': { item: 'r11', code: 2 } },
    note: '鉴定为 C/D 级且未完成改造为“是”；A/B 级或已改造为“否”。名册只含经过鉴定或改造的农户，名册外为未知。2021 版 R7 的代码未知，故不与之对应。',
  },
  {
    key: 'dept_renovated',
    label: '完成农村危房改造（住建）',
    department: 'housing',
    ...yesNo('renovated'),
    roster: 'partial',
    askedAs: { '2017': { item: 'r27', code: 5 }, '2021': { item: 'r15', code: 5 } },
    note: '住建名册的改造完成情况（不限“过去一年内”：比对时看改造年度）。',
  },
  {
    key: 'dept_housing_security',
    label: '享受城镇住房保障（住建）',
    department: 'housing',
    fields: ['housing_security'],
    yes: { dept: 'housing_security', present: true },
    roster: 'partial',
    askedAs: { '2017': { item: 'r9', code: 2 } },
    note: '有公租房、廉租房或租赁补贴记录为“是”；该名册以农村危房为主，未记住房保障不能说明“否”，故本项只取“是”或缺。2021 版 R7 的代码未知。',
  },
  {
    key: 'dept_family_doctor',
    label: '签订家庭医生服务协议（卫健）',
    department: 'health',
    ...yesNo('family_doctor_contract'),
    roster: 'complete',
    askedAs: { '2017': { item: 'r31' }, '2021': { item: 'r20' } },
    note: '家庭医生签约名册。',
  },
  {
    key: 'dept_poverty_registered',
    label: '建档立卡贫困户（乡村振兴）',
    department: 'poverty-relief',
    fields: ['registered', 'poverty_status'],
    yes: { any: [{ dept: 'registered', eq: 1 }, { dept: 'poverty_status', in: [1, 2, 3] }] },
    roster: 'complete',
    askedAs: { '2017': { item: 'r10', code: 1 } },
    note: '2021 版不再询问是否建档立卡（R10），以乡村振兴部门名册为准 [inf]；含已脱贫户。',
  },
  {
    key: 'dept_poverty_monitored',
    label: '防返贫监测对象（乡村振兴）',
    department: 'poverty-relief',
    fields: ['poverty_status'],
    yes: { dept: 'poverty_status', in: [4, 5, 6, 7] },
    roster: 'partial',
    askedAs: {},
    note: '2021 年起的防返贫监测对象（脱贫不稳定户、边缘易致贫户、突发严重困难户）；登记表无对应项目。',
  },
  {
    key: 'dept_deceased',
    label: '户籍已死亡注销（公安）',
    department: 'public-security',
    fields: ['registration_status'],
    yes: { dept: 'registration_status', eq: 3 },
    roster: 'partial',
    askedAs: {},
    note: '户籍状态为死亡；名册外（外县户籍等）为未知。',
  },
];

const ITEMS: readonly DepartmentSourcedItem[] = SPECS.map((s) => {
  const asked2017 = s.askedAs['2017'];
  const replaces = asked2017 && !s.askedAs['2021'] ? [asked2017] : [];
  return Object.freeze({ ...s, replaces: Object.freeze(replaces) });
});
const BY_KEY = new Map(ITEMS.map((i) => [i.key, i]));

/**
 * Every department-sourced item, in department order (reviewable data).
 *
 * @example
 * ```ts
 * import { departmentSourcedItems } from '@canji/form';
 * departmentSourcedItems().filter((i) => i.department === 'civil-affairs').map((i) => i.key);
 * //=> ['dept_dibao', 'dept_tekun', 'dept_living_subsidy', 'dept_care_subsidy']
 * ```
 */
export function departmentSourcedItems(): readonly DepartmentSourcedItem[] {
  return ITEMS;
}

/**
 * One department-sourced item by key, or `undefined`.
 *
 * @example
 * ```ts
 * import { getDepartmentSourcedItem } from '@canji/form';
 * getDepartmentSourcedItem('dept_care_subsidy')?.replaces; //=> [{ item: 'r28', code: 2 }]
 * ```
 */
export function getDepartmentSourcedItem(key: string): DepartmentSourcedItem | undefined {
  return BY_KEY.get(key);
}

/** A department's rows by match key: `@canji/rules`' department index fits. */
export interface DepartmentRows {
  get(key: string): Row | undefined;
  /** Rows read (a `@canji/rules` department index reports it); used for provenance. */
  readonly rowsRead?: number;
}

/** The departments supplied, by id. */
export type DepartmentRowsById = Readonly<Partial<Record<ExtractDepartmentId, DepartmentRows>>>;

/** Options of {@link applyDepartmentSources}. */
export interface ApplyDepartmentSourcesOptions {
  /**
   * Key of a record for finding its department rows (default: the canonical `resident_id`). Use
   * the same keyed pseudonym the departments used when the data comes de-identified.
   */
  key?: (record: Row) => string | undefined;
}

type Compiled = { item: DepartmentSourcedItem; yes: (row: Row) => boolean; no: (row: Row) => boolean; says: (row: Row) => boolean };

function fieldValue(row: Row, name: string): unknown {
  if (name === '$matched') return true;
  const v = row[name];
  if (v === undefined && name === 'benefits') return row.benefit;
  return v;
}

function compileItem(item: DepartmentSourcedItem): Compiled {
  const leaf = (c: Parameters<typeof leafRef>[0], test: (v: unknown) => boolean) => {
    const name = leafRef(c).name;
    return (row: Row) => test(fieldValue(row, name));
  };
  const yes = compileBoolCondition<Row>(item.yes, leaf);
  const says = (row: Row) => item.fields.some((f) => isAnswered(fieldValue(row, f)));
  const no = item.no ? compileBoolCondition<Row>(item.no, leaf) : (row: Row) => says(row) && !yes(row);
  return { item, yes, no, says };
}

let compiledAll: Compiled[] | undefined;
function compiled(): Compiled[] {
  return (compiledAll ??= ITEMS.map(compileItem));
}

function defaultKey(record: Row): string | undefined {
  const v = record.resident_id;
  return typeof v === 'string' && v !== '' ? canonicalResidentId(v) : undefined;
}

/** The value of one item for a matched row (`undefined` when the row does not say). */
function valueFor(c: Compiled, row: Row | undefined): DepartmentSourcedValue | undefined {
  if (row === undefined) return DEPT_NOT_IN_ROSTER;
  if (c.yes(row)) return DEPT_YES;
  if (c.no(row)) return DEPT_NO;
  return undefined;
}

/**
 * The record enriched with the department-sourced items of the departments supplied (a copy; the
 * record is not changed). A department not supplied adds nothing; a person absent from a roster
 * gets 3 不在名册; a row that does not say leaves the item out. A record without a usable key
 * (no valid ID) gets nothing from any department: absence cannot be told from a bad key.
 *
 * @example
 * ```ts
 * import { applyDepartmentSources } from '@canji/form';
 * const civil = new Map([['110105194912310021', { benefits: [1, 4] }]]);
 * const out = applyDepartmentSources({ resident_id: '110105194912310021' }, { 'civil-affairs': civil });
 * [out.dept_dibao, out.dept_tekun, out.dept_care_subsidy]; //=> [1, 2, 1]
 * out.dept_family_doctor; //=> undefined (health not supplied)
 * ```
 */
export function applyDepartmentSources<R extends Row>(record: R, departments: DepartmentRowsById, opts: ApplyDepartmentSourcesOptions = {}): R & Record<string, DepartmentSourcedValue | undefined> {
  const key = (opts.key ?? defaultKey)(record);
  const rows = new Map<ExtractDepartmentId, Row | undefined>();
  if (key !== undefined) for (const d of Object.keys(departments) as ExtractDepartmentId[]) if (departments[d]) rows.set(d, departments[d].get(key));
  return withRows(record, rows);
}

/** The record enriched from the rows already looked up (per department supplied: its row, or `undefined` when not in the roster). */
function withRows<R extends Row>(record: R, rows: ReadonlyMap<ExtractDepartmentId, Row | undefined>): R & Record<string, DepartmentSourcedValue | undefined> {
  const out: Record<string, unknown> = { ...record };
  for (const c of compiled()) {
    if (!rows.has(c.item.department)) continue;
    const v = valueFor(c, rows.get(c.item.department));
    if (v !== undefined) out[c.item.key] = v;
  }
  return out as R & Record<string, DepartmentSourcedValue>;
}

/** Where the department-sourced items of a batch came from, per department. */
export interface DepartmentSourceProvenance {
  readonly department: ExtractDepartmentId;
  /** zh-CN name of the extract (e.g. 低保、特困供养及两项补贴发放名册). */
  readonly extractName: string;
  /** The file it was read from, when known. */
  readonly file?: string;
  /** The roster's period (its rows' earliest and latest `period`), when known. */
  readonly periodFrom?: string;
  readonly periodTo?: string;
  /** How records were matched to rows. */
  readonly matchedBy: 'resident-id' | 'key';
  /** Rows in the extract, when known. */
  readonly rows?: number;
  /** Records the items were applied to, records found in the roster, records not in it, records without a usable key. */
  readonly persons: number;
  readonly matched: number;
  readonly notInRoster: number;
  readonly withoutKey: number;
  /** The items this department supplied. */
  readonly items: readonly string[];
}

/** What is known of a department's extract besides its rows (for provenance). */
export interface DepartmentSourceMeta {
  file?: string;
  periodFrom?: string;
  periodTo?: string;
  rows?: number;
}

/** Applies department sources over a batch and counts the provenance (see {@link createDepartmentSourcer}). */
export interface DepartmentSourcer {
  /** The record enriched (see {@link applyDepartmentSources}), counted. */
  apply<R extends Row>(record: R): R & Record<string, DepartmentSourcedValue | undefined>;
  /** The provenance so far, one entry per department supplied, in department order. */
  provenance(): DepartmentSourceProvenance[];
}

/**
 * A batch-wide {@link applyDepartmentSources} that also records where each department's items came
 * from and how many persons matched (the provenance indicators and reports print).
 *
 * @example
 * ```ts
 * import { createDepartmentSourcer } from '@canji/form';
 * const s = createDepartmentSourcer({ health: healthIndex }, { meta: { health: { file: 'jtys.csv', periodTo: '2023-06' } } });
 * const enriched = records.map((r) => s.apply(r));
 * s.provenance()[0]; //=> { department: 'health', matched: …, notInRoster: …, … }
 * ```
 */
export function createDepartmentSourcer(
  departments: DepartmentRowsById,
  opts: ApplyDepartmentSourcesOptions & { meta?: Partial<Record<ExtractDepartmentId, DepartmentSourceMeta>> } = {},
): DepartmentSourcer {
  const supplied = (Object.keys(departments) as ExtractDepartmentId[]).filter((d) => departments[d] !== undefined);
  const counts = new Map(supplied.map((d) => [d, { persons: 0, matched: 0, notInRoster: 0, withoutKey: 0 }]));
  const keyOf = opts.key ?? defaultKey;
  return {
    apply(record) {
      const key = keyOf(record);
      // Each department's row is looked up once: counted here, then applied.
      const rows = new Map<ExtractDepartmentId, Row | undefined>();
      for (const d of supplied) {
        const c = counts.get(d)!;
        c.persons++;
        if (key === undefined) {
          c.withoutKey++;
          continue;
        }
        const row = departments[d]!.get(key);
        rows.set(d, row);
        if (row === undefined) c.notInRoster++;
        else c.matched++;
      }
      return withRows(record, rows);
    },
    provenance() {
      const order = ITEMS.map((i) => i.department).filter((d, i, a) => a.indexOf(d) === i);
      return [...supplied]
        .sort((a, b) => order.indexOf(a) - order.indexOf(b))
        .map((d) => {
          const m = opts.meta?.[d] ?? {};
          const rows = m.rows ?? departments[d]!.rowsRead;
          return {
            department: d,
            extractName: getExtractDepartment(d).extractName,
            ...(m.file !== undefined ? { file: m.file } : {}),
            ...(m.periodFrom !== undefined ? { periodFrom: m.periodFrom } : {}),
            ...(m.periodTo !== undefined ? { periodTo: m.periodTo } : {}),
            matchedBy: opts.key ? 'key' : 'resident-id',
            ...(rows !== undefined ? { rows } : {}),
            ...counts.get(d)!,
            items: ITEMS.filter((i) => i.department === d).map((i) => i.key),
          };
        });
    },
  };
}

/**
 * How to read a department-sourced value as yes/no for a rate: 1 → `true`, 2 → `false`,
 * 3 不在名册 → `false` for a `complete` roster and `undefined` (unknown) for a `partial` one;
 * absent → `undefined`.
 *
 * @example
 * ```ts
 * import { departmentSourcedAnswer } from '@canji/form';
 * departmentSourcedAnswer('dept_care_subsidy', 3); //=> false (the payment roster is complete)
 * departmentSourcedAnswer('dept_resident_pension', 3); //=> undefined
 * ```
 */
export function departmentSourcedAnswer(key: string, value: unknown): boolean | undefined {
  const item = BY_KEY.get(key);
  if (value === DEPT_YES) return true;
  if (value === DEPT_NO) return false;
  if (value === DEPT_NOT_IN_ROSTER && item) return item.roster === 'complete' ? false : undefined;
  return undefined;
}

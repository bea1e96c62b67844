import type { z } from 'zod';
import { dateNumber, parseResidentId, quickResidentIdAge, sexOfResidentId, type ParseResidentIdOptions } from '@canji/id';
import type { BuiltInExtractDepartment } from './departments.js';
import { getExtractDepartment } from './departments.js';
import { issue, show, type ExtractIssue, type ExtractIssueCode } from './issues.js';
import { isBlank, isPlainDate, matchForm, PLAIN_DATE_DAYS, plainDateIndex, readFieldValue } from './read-value.js';
import type { ExtractDepartment, ExtractDepartmentId, ExtractField, ExtractFieldType } from './types.js';

/** Any department descriptor with its schema (built-in or defined with `defineExtractDepartment`). */
export type AnyExtractDepartment = ExtractDepartment<string, readonly ExtractField[]> & { readonly schema: z.ZodObject };

/** The normalised record type of a department extract. */
export type ExtractRecord<D extends AnyExtractDepartment> = z.infer<D['schema']>;
/** The normalised record type of a built-in department, by id. */
export type ExtractRecordOf<Id extends ExtractDepartmentId> = RecordsById[Id];
type RecordsById = { [D in BuiltInExtractDepartment as D['id']]: z.infer<D['schema']> };

export type EducationExtract = ExtractRecordOf<'education'>;
export type CivilAffairsExtract = ExtractRecordOf<'civil-affairs'>;
export type SocialSecurityExtract = ExtractRecordOf<'social-security'>;
export type HousingExtract = ExtractRecordOf<'housing'>;
export type HealthExtract = ExtractRecordOf<'health'>;
export type PovertyReliefExtract = ExtractRecordOf<'poverty-relief'>;
export type PublicSecurityExtract = ExtractRecordOf<'public-security'>;

/**
 * The outcome of reading one row. `ok` is false when any issue is an `error`; `record` then holds the
 * fields that could be read. Columns no field knows are kept, as written, in `extra`.
 */
export type ExtractRowResult<R> =
  | { ok: true; record: R; extra: Record<string, unknown>; issues: ExtractIssue[] }
  | { ok: false; record: Partial<R>; extra: Record<string, unknown>; issues: ExtractIssue[] };

/** Options of `parseExtractRow` / `createExtractReader`: reference date and whether header notices are listed. */
export interface ParseExtractRowOptions {
  /** Reference date for the ID-number checks (a birth date after it is an error); no clock is read. */
  asOf?: string | Date;
  /** Report `EXTRACT_HEADER_ALIAS` on every row (default `true`); batch readers that called
   * `resolveExtractHeaders` once may turn it off. */
  headerIssues?: boolean;
}

const TYPE_NAMES: Record<ExtractFieldType, string> = {
  'resident-id': '身份证号',
  text: '文本',
  'yes-no': '是/否',
  code: '代码',
  sex: '性别（男/女）',
  date: '日期（YYYY-MM-DD）',
  month: '月份（YYYY-MM）',
  period: '月份（YYYY-MM）或年度（YYYY）',
  year: '年度（YYYY）',
  amount: '金额（元，非负数）',
};

interface HeaderMatch {
  field: ExtractField;
  /** The header is the machine column name itself (no alias involved). */
  exact: boolean;
}

const headerIndexes = new WeakMap<AnyExtractDepartment, Map<string, ExtractField>>();
const headerCaches = new WeakMap<AnyExtractDepartment, Map<string, HeaderMatch | null>>();

function headerIndex(department: AnyExtractDepartment): Map<string, ExtractField> {
  let index = headerIndexes.get(department);
  if (!index) {
    index = new Map();
    for (const field of department.fields) {
      for (const h of [field.key, field.label, ...field.aliases]) {
        const m = matchForm(h);
        const other = index.get(m);
        if (other && other !== field) throw new TypeError(`extract ${department.id}: header "${h}" names both ${other.key} and ${field.key}`);
        index.set(m, field);
      }
    }
    headerIndexes.set(department, index);
  }
  return index;
}

function matchHeader(department: AnyExtractDepartment, header: string): HeaderMatch | null {
  let cache = headerCaches.get(department);
  if (!cache) headerCaches.set(department, (cache = new Map()));
  let hit = cache.get(header);
  if (hit === undefined) {
    const field = headerIndex(department).get(matchForm(header));
    hit = field ? { field, exact: header === field.key } : null;
    if (cache.size < 2000) cache.set(header, hit);
  }
  return hit;
}

function resolveDepartment(department: string | AnyExtractDepartment): AnyExtractDepartment | undefined {
  return typeof department === 'string' ? (getExtractDepartment(department) as AnyExtractDepartment | undefined) : department;
}

/**
 * How the headers of a department's file map to fields — once per file, before its rows are read:
 * aliases used, unknown columns, two columns for one field, required fields without a column.
 *
 * @example
 * ```ts
 * import { resolveExtractHeaders } from '@canji/form';
 * resolveExtractHeaders('health', ['身份证号', '是否签约', '备注']).columns;
 * //=> [{ column: '身份证号', field: 'resident_id' }, { column: '是否签约', field: 'family_doctor_contract' }, { column: '备注' }]
 * ```
 */
export function resolveExtractHeaders(
  department: ExtractDepartmentId | AnyExtractDepartment,
  headers: readonly string[],
): { columns: { column: string; field?: string }[]; issues: ExtractIssue[] } {
  const dept = resolveDepartment(department);
  if (!dept) return { columns: [], issues: [unknownDepartment(department as string)] };
  const issues: ExtractIssue[] = [];
  const seen = new Map<string, string>();
  const columns = headers.map((column) => {
    const hit = matchHeader(dept, column);
    if (!hit) {
      issues.push(issue('EXTRACT_UNKNOWN_COLUMN', `未知列"${show(column)}"，不属于${dept.extractName}；其值保留在 extra 中`, { column }));
      return { column };
    }
    const { field } = hit;
    if (!hit.exact) issues.push(headerAlias(column, field));
    const first = seen.get(field.key);
    if (first !== undefined) {
      issues.push(issue('EXTRACT_DUPLICATE_COLUMN', `列"${show(column)}"与列"${show(first)}"都对应"${field.label}"（${field.key}）；两列的值须一致`, { field: field.key, column }));
    } else seen.set(field.key, column);
    return { column, field: field.key };
  });
  for (const field of dept.fields) {
    if (field.required && !seen.has(field.key)) issues.push(missing(field));
  }
  return { columns, issues };
}

function unknownDepartment(id: unknown): ExtractIssue {
  return issue('EXTRACT_UNKNOWN_DEPARTMENT', `未知的比对部门"${show(id)}"`, { value: id });
}
function headerAlias(column: string, field: ExtractField): ExtractIssue {
  return issue('EXTRACT_HEADER_ALIAS', `列"${show(column)}"按"${field.label}"（${field.key}）读取`, { field: field.key, column });
}
function missing(field: ExtractField): ExtractIssue {
  return issue('EXTRACT_MISSING_FIELD', `缺少必填项"${field.label}"（${field.key}）`, { field: field.key });
}

interface ReadCell {
  value?: unknown;
  issues: ExtractIssue[];
  /** What the ID number says, for the public-security cross-field checks (absent: the value is a canonical 18-character number, see {@link idFactsOf}). */
  id?: IdFacts;
}
interface IdFacts {
  sex: 'male' | 'female';
  birthDate: string;
}

/** What an ID cell's reading says of sex and birth date (a plain canonical number read on the short path says it in its digits). */
function idFactsOf(read: ReadCell): IdFacts | undefined {
  if (read.id !== undefined) return read.id;
  const v = read.value;
  if (typeof v !== 'string' || v.length !== 18) return undefined;
  return { sex: sexOfResidentId(v)!, birthDate: `${v.slice(6, 10)}-${v.slice(10, 12)}-${v.slice(12, 14)}` };
}

const LEGACY_OK = { allowLegacy15: true } as const;
const NO_ISSUES: ExtractIssue[] = Object.freeze([]) as unknown as ExtractIssue[];
const idOptionsOf = new WeakMap<ParseExtractRowOptions, ParseResidentIdOptions>();

/** The options of `parseResidentId` for a reading's options (made once per options object, not per cell). */
function idOptions(opts: ParseExtractRowOptions | undefined): ParseResidentIdOptions {
  if (opts?.asOf === undefined) return LEGACY_OK;
  let o = idOptionsOf.get(opts);
  if (o === undefined) idOptionsOf.set(opts, (o = { allowLegacy15: true, asOf: opts.asOf }));
  return o;
}

/** The reference date of a reading as `[y, m, d]`, for `quickResidentIdAge` (`null`: none, or not a date: the parser says why). */
const asOfYmdOf = new WeakMap<ParseExtractRowOptions, [number, number, number] | null>();
function asOfYmd(opts: ParseExtractRowOptions | undefined): [number, number, number] | null {
  if (opts?.asOf === undefined) return null;
  let ymd = asOfYmdOf.get(opts);
  if (ymd === undefined) {
    const n = dateNumber(opts.asOf);
    asOfYmdOf.set(opts, (ymd = n === undefined ? null : [Math.floor(n / 10000), Math.floor(n / 100) % 100, n % 100]));
  }
  return ymd;
}

function readResidentId(field: ExtractField, column: string, raw: unknown, opts: ParseExtractRowOptions | undefined): ReadCell {
  // The usual cell: a canonical number that parseResidentId passes as it is, with no warning
  // (quickResidentIdAge gives its verdict without building the parse).
  if (typeof raw === 'string' && raw.length === 18) {
    const ymd = asOfYmd(opts);
    if (ymd !== null && quickResidentIdAge(raw, ymd) >= 0) return { value: raw, issues: NO_ISSUES };
  }
  const at = { field: field.key, column, value: raw };
  if (typeof raw === 'number') {
    // A spreadsheet that stored an 18-digit number has already rounded it: never repair that.
    if (!Number.isSafeInteger(raw) || raw < 0) {
      return { issues: [issue('EXTRACT_INVALID_ID', `"${field.label}"是数字"${show(raw)}"，已被电子表格丢失精度，无法还原；请以文本格式导出`, { ...at, detail: 'ID_NOT_STRING' })] };
    }
    raw = String(raw);
  }
  if (typeof raw !== 'string') {
    return { issues: [issue('EXTRACT_INVALID_ID', `"${field.label}"的值"${show(raw)}"不是身份证号`, { ...at, detail: 'ID_NOT_STRING' })] };
  }
  const parsed = parseResidentId(raw, idOptions(opts));
  if (!parsed.ok) {
    return { issues: [issue('EXTRACT_INVALID_ID', `"${field.label}"的值"${show(raw)}"不是有效的身份证号：${parsed.error.message}`, { ...at, detail: parsed.error.code })] };
  }
  const { value } = parsed;
  const issues: ExtractIssue[] = [];
  if (value.id !== raw) {
    const detail = parsed.changes.map((c) => c.code);
    issues.push(
      issue('EXTRACT_ID_NORMALISED', `"${field.label}""${show(raw)}"规范为"${value.id}"`, {
        ...at,
        normalised: value.id,
        ...(detail.length > 0 ? { detail: detail.join(',') } : {}),
      }),
    );
  }
  for (const w of parsed.warnings) issues.push(issue('EXTRACT_ID_WARNING', `"${field.label}"：${w.message}`, { ...at, detail: w.code }));
  return { value: value.id, issues, id: { sex: value.sex, birthDate: value.birthDate } };
}

function readCell(field: ExtractField, column: string, raw: unknown, opts: ParseExtractRowOptions | undefined): ReadCell {
  if (field.type === 'resident-id') return readResidentId(field, column, raw, opts);
  const r = readFieldValue(field, raw);
  const at = { field: field.key, column, value: raw };
  if (!r.ok) {
    if (field.type === 'code' && r.unknownCode && field.codes) {
      const known = field.codes.codes.map((c) => `${c.code} ${c.label}`).join('；');
      return { issues: [issue('EXTRACT_UNKNOWN_CODE', `"${field.label}"的值"${show(raw)}"不在代码表"${field.codes.label}"中（${known}）`, at)] };
    }
    return { issues: [issue('EXTRACT_INVALID_VALUE', `"${field.label}"的值"${show(raw)}"无法识别为${TYPE_NAMES[field.type]}`, at)] };
  }
  const issues: ExtractIssue[] = [];
  if (String(raw) !== String(r.value)) {
    const label = field.codes?.codes.find((c) => c.code === r.value)?.label;
    const shown = label === undefined ? `"${show(r.value)}"` : `${String(r.value)}（${label}）`;
    issues.push(issue('EXTRACT_VALUE_NORMALISED', `"${field.label}"的值"${show(raw)}"规范为${shown}`, { ...at, normalised: r.value }));
  }
  return { value: r.value, issues };
}

const SEX_NAMES = { male: '男', female: '女' } as const;

/**
 * Read one row of a partner department's extract — machine (`resident_id`) or Chinese (`身份证号`)
 * headers, loose answers (是/否, Y/N, 1/2, full-width digits, `2023-1`, `2023年1月`, `1.低保`) — into a
 * normalised record keyed by the machine column names. Every normalisation is reported as an `info`
 * issue; nothing is dropped silently (unknown columns go to `extra`). Never throws on bad input.
 *
 * Match records across sources on `record.resident_id`: it is already the canonical 18-character
 * form (`canonicalResidentId` of @canji/id).
 *
 * @example
 * ```ts
 * import { parseExtractRow } from '@canji/form';
 * const r = parseExtractRow('civil-affairs', { 身份证号: '11010519491231002x', 项目: '低保', 发放月份: '2023年1月' });
 * r.ok; //=> true
 * r.record; //=> { resident_id: '11010519491231002X', benefit: 1, period: '2023-01' }
 * r.issues.map((i) => i.code);
 * //=> ['EXTRACT_HEADER_ALIAS', 'EXTRACT_ID_NORMALISED', 'EXTRACT_HEADER_ALIAS', 'EXTRACT_VALUE_NORMALISED', 'EXTRACT_HEADER_ALIAS', 'EXTRACT_VALUE_NORMALISED']
 * ```
 */
export function parseExtractRow<Id extends ExtractDepartmentId>(
  department: Id,
  row: unknown,
  opts?: ParseExtractRowOptions,
): ExtractRowResult<ExtractRecordOf<Id>>;
export function parseExtractRow<D extends AnyExtractDepartment>(department: D, row: unknown, opts?: ParseExtractRowOptions): ExtractRowResult<ExtractRecord<D>>;
export function parseExtractRow(
  department: string | AnyExtractDepartment,
  row: unknown,
  opts?: ParseExtractRowOptions,
): ExtractRowResult<Record<string, unknown>>;
export function parseExtractRow(
  department: string | AnyExtractDepartment,
  row: unknown,
  opts?: ParseExtractRowOptions,
): ExtractRowResult<Record<string, unknown>> {
  return parseRow(resolveDepartment(department), department, row, opts, undefined);
}

/** What a reader of one file keeps between rows: each column's readings of the values seen (they repeat). */
interface CellCache {
  readonly columns: Map<string, Map<unknown, ReadCell> | null>;
}
/** Distinct values of one column a reader remembers; a column with more is read value by value. */
const CELL_CACHE_LIMIT = 4096;
/**
 * Distinct values a compiled column of a type other than text remembers: dates, amounts and codes
 * come from small sets (≈ 73,000 days in two centuries, each in a few spellings), so a birth-date
 * column of millions of rows is read once per spelling, not a regular expression per row.
 */
const TYPED_CELL_LIMIT = 1 << 17;
/** Values of a column compared one by one before its `Map` is asked (see `PlannedColumn.few`). */
const FEW_LIMIT = 8;

function cachedCell(cache: CellCache, field: ExtractField, column: string, raw: unknown, opts: ParseExtractRowOptions | undefined): ReadCell {
  let m = cache.columns.get(column);
  if (m === null) return readCell(field, column, raw, opts);
  if (m === undefined) cache.columns.set(column, (m = new Map()));
  let cell = m.get(raw);
  if (cell === undefined) {
    cell = readCell(field, column, raw, opts);
    for (const i of cell.issues) Object.freeze(i);
    Object.freeze(cell.issues);
    if (m.size >= CELL_CACHE_LIMIT) cache.columns.set(column, null);
    else m.set(raw, cell);
  }
  return cell;
}

function parseRow(
  dept: AnyExtractDepartment | undefined,
  department: unknown,
  row: unknown,
  opts: ParseExtractRowOptions | undefined,
  cache: CellCache | undefined,
): ExtractRowResult<Record<string, unknown>> {
  const record: Record<string, unknown> = {};
  const extra: Record<string, unknown> = {};
  const issues: ExtractIssue[] = [];
  if (!dept) return { ok: false, record, extra, issues: [unknownDepartment(department)] };
  if (typeof row !== 'object' || row === null || Array.isArray(row)) {
    return { ok: false, record, extra, issues: [issue('EXTRACT_ROW_NOT_OBJECT', '数据行应为"列名 → 值"的对象', { value: row })] };
  }
  const reportAliases = opts?.headerIssues !== false;
  const fromColumn = new Map<string, string>();
  const failed = new Set<string>();
  let idFacts: ReadCell['id'];
  for (const column of Object.keys(row)) {
    const raw = (row as Record<string, unknown>)[column];
    const hit = matchHeader(dept, column);
    if (!hit) {
      if (!isBlank(raw)) {
        extra[column] = raw;
        issues.push(issue('EXTRACT_UNKNOWN_COLUMN', `未知列"${show(column)}"，不属于${dept.extractName}；其值保留在 extra 中`, { column, value: raw }));
      }
      continue;
    }
    const { field } = hit;
    if (reportAliases && !hit.exact) issues.push(headerAlias(column, field));
    if (isBlank(raw)) continue;
    const cell = cache !== undefined && field.type !== 'resident-id' && (typeof raw === 'string' || typeof raw === 'number') ? cachedCell(cache, field, column, raw, opts) : readCell(field, column, raw, opts);
    issues.push(...cell.issues);
    const prior = fromColumn.get(field.key);
    if (prior === undefined) {
      if (cell.value === undefined) {
        failed.add(field.key);
        continue;
      }
      record[field.key] = cell.value;
      fromColumn.set(field.key, column);
    } else {
      if (cell.value === undefined || String(cell.value) !== String(record[field.key])) {
        issues.push(
          issue('EXTRACT_COLUMN_CONFLICT', `列"${show(column)}"与列"${show(prior)}"都对应"${field.label}"（${field.key}），但值不同；已保留列"${show(prior)}"的值`, {
            field: field.key,
            column,
            value: raw,
          }),
        );
      } else {
        issues.push(issue('EXTRACT_DUPLICATE_COLUMN', `列"${show(column)}"与列"${show(prior)}"都对应"${field.label}"（${field.key}），值相同`, { field: field.key, column }));
      }
      continue;
    }
    if (field.key === 'resident_id' && dept.id === 'public-security') idFacts = idFactsOf(cell);
  }
  for (const field of dept.fields) {
    if (field.required && record[field.key] === undefined && !failed.has(field.key)) issues.push(missing(field));
  }
  if (dept.id === 'public-security') publicSecurityChecks(record, idFacts, fromColumn, issues);
  const ok = !issues.some((i) => i.severity === 'error');
  return ok ? { ok: true, record, extra, issues } : { ok: false, record, extra, issues };
}

/** How often a reader met one normalisation (an `info` issue) of one column, with the first message. */
export interface ExtractNoticeCount {
  readonly code: ExtractIssueCode;
  readonly field?: string;
  readonly column?: string;
  /** Rows with this normalisation. */
  readonly count: number;
  /** The message of the first such row. */
  readonly example: string;
}

/** Reads the rows of one department's file; see {@link createExtractReader}. */
export interface ExtractReader {
  /** One row: the same record and the same errors and warnings as `parseExtractRow`; normalisations counted, not listed. */
  read(row: unknown): ExtractRowResult<Record<string, unknown>>;
  /**
   * The reader of one file's rows as cells by column index (a CSV row as split), `columns` its
   * header: resolved once, each column's field and value reader bound once. `forColumns(h)(cells)`
   * is `read(row)` of the row object `{ [h[i]]: cells[i] }` without its empty cells (`undefined`,
   * `''`; of two equal headers the later cell wins) — the same result, counted the same way — with
   * no row object built and nothing looked up by header on each row.
   */
  forColumns(columns: readonly string[]): (cells: readonly unknown[]) => ExtractRowResult<Record<string, unknown>>;
  /**
   * The reader of one file's rows as cells by column index that hands the values over without a
   * record object: {@link ExtractValueReader}. `undefined` for a header that `forColumns` reads
   * through row objects (two equal names, two columns for one field): read it with `forColumns`.
   */
  forColumnValues(columns: readonly string[]): ExtractValueReader | undefined;
  /** Rows read so far. */
  readonly rows: number;
  /** The normalisations (info issues) so far, by code and column, in the order first met. */
  notices(): ExtractNoticeCount[];
}

/**
 * A value a reader remembers (one distinct value of a column, read once): its value, and a number
 * its consumer may keep with it — an index's column numbers the value once, not on every row.
 */
export interface ExtractRememberedValue {
  readonly value: unknown;
  /** Free for the consumer: who numbered the value (e.g. a store's column); `undefined` at first. */
  owner: unknown;
  /** Free for the consumer: the number {@link owner} gave the value. */
  number: number;
}

/**
 * The rows of one file (cells by column index) read with no record object per row: the record of
 * a row is `fields[s]` → `values[s]` for the slots `s` whose value is not `undefined` — in the
 * order of the keys of `forColumns`' record. Built by `ExtractReader.forColumnValues`.
 *
 * @example
 * ```ts
 * import { createExtractReader } from '@canji/form';
 * const rows = createExtractReader('health', { asOf: '2019-06-30' }).forColumnValues(['身份证号', '家庭医生签约'])!;
 * rows.fields; //=> ['resident_id', 'family_doctor_contract']
 * rows.read(['430121196007201564', '否']); //=> undefined (nothing to say: the values are in rows.values)
 * rows.values; //=> ['430121196007201564', 2]
 * rows.read(['4301211960', '否'])?.ok; //=> false (the row's result, as forColumns gives it)
 * ```
 */
export interface ExtractValueReader {
  /** The field of each slot. */
  readonly fields: readonly string[];
  /** The last row's value of each slot (`undefined`: none), when `read` gave `undefined`; reused from row to row. */
  readonly values: unknown[];
  /** The last row's remembered reading of each slot's value (`undefined`: read on its own: an ID, a column of many distinct values). */
  readonly remembered: (ExtractRememberedValue | undefined)[];
  /**
   * Reads one row. `undefined` when `forColumns` would give it `ok` with no error and no warning:
   * its values are in {@link values}, its normalisations counted. Otherwise the result `forColumns`
   * gives (`ok` with its warnings, or a rejected row), counted the same way.
   */
  read(cells: readonly unknown[]): ExtractRowResult<Record<string, unknown>> | undefined;
}

/**
 * A reader for the rows of one file of a department's extract: the same reading as
 * {@link parseExtractRow} — every record, error and warning equal — on a short path for millions
 * of rows: a column's values repeat (codes, 是/否, periods), so each distinct value of a column is
 * read once, and the normalisations (`info` issues: 是 → 1, an alias header, a lower-case x) are
 * counted by column instead of listed on every row, so nothing changed goes unsaid and nothing is
 * built per row for it.
 *
 * @example
 * ```ts
 * import { createExtractReader } from '@canji/form';
 * const reader = createExtractReader('education', { asOf: '2024-06-30' });
 * for (const row of rows) {
 *   const r = reader.read(row); // r.ok, r.record, r.issues (errors and warnings only)
 * }
 * reader.notices(); //=> [{ code: 'EXTRACT_VALUE_NORMALISED', field: 'enrolled', column: '是否在读', count: 7191, example: '"是否在读"的值"是"规范为1（是）' }, …]
 * ```
 */
export function createExtractReader(department: ExtractDepartmentId | AnyExtractDepartment, opts: Omit<ParseExtractRowOptions, 'headerIssues'> = {}): ExtractReader {
  const dept = resolveDepartment(department);
  const cache: CellCache = { columns: new Map() };
  const counts = new Map<string, NoticeCounter>();
  const options: ParseExtractRowOptions = { ...opts, headerIssues: false };
  const seenColumns = new Set<string>();
  const aliasCounts = new Map<string, { issue: ExtractIssue; rows: number }>();
  const counter = (i: ExtractIssue): NoticeCounter => {
    const k = `${i.code}\u0000${i.column ?? ''}\u0000${i.field ?? ''}`;
    let c = counts.get(k);
    if (!c) counts.set(k, (c = { code: i.code, ...(i.field !== undefined ? { field: i.field } : {}), ...(i.column !== undefined ? { column: i.column } : {}), count: 0, example: i.message }));
    return c;
  };
  const note = (i: ExtractIssue) => {
    counter(i).count++;
  };
  let rows = 0;
  const reader: ExtractReader = {
    read(row) {
      rows++;
      // A header read by its label or alias is said once per column, counted over the rows that have it.
      if (dept && typeof row === 'object' && row !== null && !Array.isArray(row)) {
        for (const column in row) {
          if (!seenColumns.has(column)) {
            seenColumns.add(column);
            const hit = matchHeader(dept, column);
            if (hit && !hit.exact) aliasCounts.set(column, { issue: headerAlias(column, hit.field), rows: 0 });
          }
          const a = aliasCounts.get(column);
          if (a !== undefined) a.rows++;
        }
      }
      const r = parseRow(dept, department, row, options, cache);
      let info = 0;
      for (const i of r.issues) {
        if (i.severity !== 'info') continue;
        info++;
        note(i);
      }
      if (info > 0) (r as { issues: ExtractIssue[] }).issues = r.issues.filter((i) => i.severity !== 'info');
      return r;
    },
    forColumns(columns) {
      const fallback = (cells: readonly unknown[]) => reader.read(rowObjectOf(columns, cells));
      if (!dept) return fallback;
      return compileColumns(dept, columns, { opts: options, cache, seenColumns, aliasCounts, counter, countRow: () => rows++, fallback });
    },
    forColumnValues(columns) {
      const planned = dept ? planColumns(dept, columns) : undefined;
      if (!dept || !planned) return undefined;
      const fallback = (cells: readonly unknown[]) => reader.read(rowObjectOf(columns, cells));
      const st: ReaderState = { opts: options, cache, seenColumns, aliasCounts, counter, countRow: () => rows++, fallback };
      return compileValues(dept, planned, compileRows(dept, planned, st), st);
    },
    get rows() {
      return rows;
    },
    notices() {
      const aliases = [...aliasCounts.values()].filter((a) => a.rows > 0).map((a) => ({ code: a.issue.code, field: a.issue.field!, column: a.issue.column!, count: a.rows, example: a.issue.message }));
      return [...aliases, ...[...counts.values()].filter((c) => c.count > 0).map((c) => ({ ...c }))];
    },
  };
  return reader;
}

/** What the household registration says must agree with the ID number; events carry a date. */
function publicSecurityChecks(
  record: Record<string, unknown>,
  idFacts: ReadCell['id'],
  fromColumn: Map<string, string>,
  issues: ExtractIssue[],
): void {
  if (idFacts && record.sex !== undefined && record.sex !== idFacts.sex) {
    issues.push(
      issue('EXTRACT_ID_DISAGREES', `性别"${SEX_NAMES[record.sex as 'male' | 'female']}"与身份证号所示"${SEX_NAMES[idFacts.sex]}"不一致`, {
        field: 'sex',
        column: fromColumn.get('sex'),
        value: record.sex,
        normalised: idFacts.sex,
      }),
    );
  }
  if (idFacts && record.birth_date !== undefined && record.birth_date !== idFacts.birthDate) {
    issues.push(
      issue('EXTRACT_ID_DISAGREES', `出生日期"${String(record.birth_date)}"与身份证号所示"${idFacts.birthDate}"不一致`, {
        field: 'birth_date',
        column: fromColumn.get('birth_date'),
        value: record.birth_date,
        normalised: idFacts.birthDate,
      }),
    );
  }
  const status = record.registration_status;
  if (status !== undefined && status !== 1 && record.event_date === undefined) {
    issues.push(issue('EXTRACT_EVENT_DATE_MISSING', '户籍状态为迁出、死亡或注销，但没有变动日期', { field: 'event_date' }));
  }
}

export type { BuiltInExtractDepartment };

/** A count of one normalisation of a reader (see {@link ExtractNoticeCount}), counted in place. */
interface NoticeCounter {
  code: ExtractIssueCode;
  field?: string;
  column?: string;
  count: number;
  example: string;
}

/** The row object `{ [columns[i]]: cells[i] }` without its empty cells (`undefined`, `''`), as the CLI builds one. */
function rowObjectOf(columns: readonly string[], cells: readonly unknown[]): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  for (let i = 0; i < columns.length; i++) {
    const v = cells[i];
    if (v !== undefined && v !== '') o[columns[i]!] = v;
  }
  return o;
}

/** What a reader keeps of one distinct value of a column: its value, its errors and warnings, its normalisations and where they are counted. */
interface KnownCell extends ExtractRememberedValue {
  /** A plain date value (`YYYY-MM-DD`) as the number YYYYMMDD, for the comparison with an ID's birth date (-1: not a plain date). */
  readonly ymd: number;
  readonly issues: readonly ExtractIssue[];
  readonly infos: readonly ExtractIssue[];
  counters: NoticeCounter[] | undefined;
}

function knownCell(cell: ReadCell): KnownCell {
  const issues: ExtractIssue[] = [];
  const infos: ExtractIssue[] = [];
  for (const i of cell.issues) (i.severity === 'info' ? infos : issues).push(Object.freeze(i));
  const v = cell.value;
  const ymd = typeof v === 'string' && isPlainDate(v) ? Number(v.slice(0, 4)) * 10000 + Number(v.slice(5, 7)) * 100 + Number(v.slice(8, 10)) : -1;
  return { value: v, ymd, issues: issues.length > 0 ? Object.freeze(issues) : NO_ISSUES, infos: infos.length > 0 ? Object.freeze(infos) : NO_ISSUES, counters: undefined, owner: undefined, number: 0 };
}

/** One column of a compiled header: where its cell is, its field, and the readings of its values so far. */
interface PlannedColumn {
  readonly name: string;
  readonly index: number;
  readonly field: ExtractField | undefined;
  /** Read by its label or an alias (counted as `EXTRACT_HEADER_ALIAS`). */
  readonly alias: boolean;
  /** Bit of the field among the department's required fields (0: not required). */
  readonly requiredBit: number;
  /** Distinct values read so far (`null`: too many, read value by value; ID columns are never kept). */
  cells: Map<unknown, KnownCell> | null;
  /** How many distinct values {@link cells} may hold. */
  readonly limit: number;
  seen: boolean;
  aliasCount: { rows: number } | undefined;
  /** An ID column's last value and its reading (IDs do not repeat but in runs: a person's rows). */
  lastRaw: unknown;
  last: ReadCell | undefined;
  /**
   * A remembered column's first few distinct values and their readings, compared before a `Map`
   * look-up (a short string compares faster than it hashes); `null` once the column has many.
   */
  few: unknown[] | null;
  fewCells: KnownCell[];
  /** A date column's readings of plain dates (`YYYY-MM-DD`) by {@link plainDateIndex} (`null`: none yet; `undefined`: not a date column). */
  days: (KnownCell | undefined)[] | null | undefined;
  /** The counters of the normalisations of the column's cells read on their own, by code. */
  byCode: Map<ExtractIssueCode, NoticeCounter> | undefined;
}

interface ReaderState {
  opts: ParseExtractRowOptions;
  cache: CellCache;
  seenColumns: Set<string>;
  aliasCounts: Map<string, { issue: ExtractIssue; rows: number }>;
  counter: (i: ExtractIssue) => NoticeCounter;
  countRow: () => void;
  fallback: (cells: readonly unknown[]) => ExtractRowResult<Record<string, unknown>>;
}

/** A header read by its label or alias is said once per column, and counted over the rows that have a value in it. */
function columnSeen(col: PlannedColumn, st: ReaderState): void {
  if (!col.seen) {
    col.seen = true;
    if (!st.seenColumns.has(col.name)) {
      st.seenColumns.add(col.name);
      if (col.alias) st.aliasCounts.set(col.name, { issue: headerAlias(col.name, col.field!), rows: 0 });
    }
    col.aliasCount = st.aliasCounts.get(col.name);
  }
  if (col.aliasCount !== undefined) col.aliasCount.rows++;
}

/** Characters `String.prototype.trim` removes: a cell starting with any other is not blank. */
function isSpaceCode(c: number): boolean {
  return c <= 0x20 || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/** {@link isBlank} of a present cell, without copying a string that does not start with a space. */
function blankCell(raw: unknown): boolean {
  if (typeof raw === 'string' && raw.length > 0 && !isSpaceCode(raw.charCodeAt(0))) return false;
  return isBlank(raw);
}

/**
 * `read` of {@link createExtractReader} for a header known in advance (see `ExtractReader.forColumns`):
 * the header's row-object key order and the cell of each key worked out once, each column's field
 * and readings bound to it. A header naming one field twice, or with two equal headers, is read
 * through row objects (the comparison of the two columns is `parseRow`'s).
 */
function compileColumns(dept: AnyExtractDepartment, columns: readonly string[], st: ReaderState): (cells: readonly unknown[]) => ExtractRowResult<Record<string, unknown>> {
  const planned = planColumns(dept, columns);
  return planned === undefined ? st.fallback : compileRows(dept, planned, st);
}

/** A header worked out once: its columns in the row object's key order, and the department's required fields. */
interface ColumnPlan {
  readonly plan: PlannedColumn[];
  readonly required: ExtractField[];
  readonly fromColumn: Map<string, string>;
}

/**
 * The keys of the row object in their order (integer-like headers first, as objects order them),
 * each with its cell, field and readings; `undefined` for a header read through row objects. Of
 * equal headers the row object keeps the later non-empty cell, at the place of the first non-empty
 * one: an order that changes from row to row.
 */
function planColumns(dept: AnyExtractDepartment, columns: readonly string[]): ColumnPlan | undefined {
  const probe: Record<string, number> = {};
  for (let i = 0; i < columns.length; i++) {
    if (Object.hasOwn(probe, columns[i]!)) return undefined;
    probe[columns[i]!] = i;
  }
  const required = dept.fields.filter((f) => f.required);
  if (required.length > 30) return undefined;
  const fields = new Set<string>();
  const fromColumn = new Map<string, string>();
  const plan: PlannedColumn[] = [];
  for (const name of Object.keys(probe)) {
    const hit = matchHeader(dept, name);
    const field = hit?.field;
    if (field) {
      if (fields.has(field.key)) return undefined;
      fields.add(field.key);
      fromColumn.set(field.key, name);
    }
    const r = field ? required.indexOf(field) : -1;
    plan.push({ name, index: probe[name]!, field, alias: hit !== null && !hit.exact, requiredBit: r < 0 ? 0 : 1 << r, cells: field && field.type !== 'resident-id' ? new Map() : null, limit: field?.type === 'text' ? CELL_CACHE_LIMIT : TYPED_CELL_LIMIT, seen: false, aliasCount: undefined, lastRaw: undefined, last: undefined, few: [], fewCells: [], days: field?.type === 'date' ? null : undefined, byCode: undefined });
  }
  return { plan, required, fromColumn };
}

/** The reader of rows of a planned header (see {@link compileColumns}). */
function compileRows(dept: AnyExtractDepartment, planned: ColumnPlan, st: ReaderState): (cells: readonly unknown[]) => ExtractRowResult<Record<string, unknown>> {
  const { plan, required, fromColumn } = planned;
  const { opts, counter } = st;
  const publicSecurity = dept.id === 'public-security';
  const n = plan.length;
  return (cells) => {
    st.countRow();
    const record: Record<string, unknown> = {};
    const extra: Record<string, unknown> = {};
    const issues: ExtractIssue[] = [];
    let failed = 0;
    let idFacts: ReadCell['id'];
    for (let c = 0; c < n; c++) {
      const col = plan[c]!;
      const raw = cells[col.index];
      if (raw === undefined || raw === '') continue;
      // A header read by its label or alias: said once per column, counted over the rows that have it.
      columnSeen(col, st);
      const field = col.field;
      if (field === undefined) {
        if (!blankCell(raw)) {
          extra[col.name] = raw;
          issues.push(issue('EXTRACT_UNKNOWN_COLUMN', `未知列"${show(col.name)}"，不属于${dept.extractName}；其值保留在 extra 中`, { column: col.name, value: raw }));
        }
        continue;
      }
      if (blankCell(raw)) continue;
      let value: unknown;
      const known = col.cells;
      if (known !== null && (typeof raw === 'string' || typeof raw === 'number')) {
        let cell = known.get(raw);
        if (cell === undefined) {
          cell = knownCell(readCell(field, col.name, raw, opts));
          if (known.size >= col.limit) col.cells = null;
          else known.set(raw, cell);
        }
        if (cell.infos.length > 0) {
          const counters = (cell.counters ??= cell.infos.map(counter));
          for (let k = 0; k < counters.length; k++) counters[k]!.count++;
        }
        for (let k = 0; k < cell.issues.length; k++) issues.push(cell.issues[k]!);
        value = cell.value;
      } else {
        // An ID column: the rows of one person (one per benefit and period) come one after another.
        let read: ReadCell;
        if (raw === col.lastRaw && col.last !== undefined) read = col.last;
        else {
          read = readCell(field, col.name, raw, opts);
          if (known === null && field.type === 'resident-id') {
            for (const i of read.issues) Object.freeze(i);
            col.lastRaw = raw;
            col.last = read;
          }
        }
        const found = read.issues;
        for (let k = 0; k < found.length; k++) {
          const i = found[k]!;
          if (i.severity === 'info') counter(i).count++;
          else issues.push(i);
        }
        value = read.value;
        if (publicSecurity && value !== undefined && field.key === 'resident_id') idFacts = idFactsOf(read);
      }
      if (value === undefined) {
        failed |= col.requiredBit;
        continue;
      }
      record[field.key] = value;
    }
    for (let r = 0; r < required.length; r++) {
      const field = required[r]!;
      if (record[field.key] === undefined && !(failed & (1 << r))) issues.push(missing(field));
    }
    if (publicSecurity) publicSecurityChecks(record, idFacts, fromColumn, issues);
    let ok = true;
    for (let k = 0; k < issues.length; k++) if (issues[k]!.severity === 'error') ok = false;
    return ok ? { ok: true, record, extra, issues } : { ok: false, record, extra, issues };
  };
}

/** Whether the birth date `b` (`YYYY-MM-DD`) is the one of the canonical 18-character number `id`. */
function sameBirth(b: string, id: string): boolean {
  if (b.length !== 10 || b.charCodeAt(4) !== 45 || b.charCodeAt(7) !== 45) return false;
  for (let i = 0; i < 4; i++) if (b.charCodeAt(i) !== id.charCodeAt(6 + i)) return false;
  return b.charCodeAt(5) === id.charCodeAt(10) && b.charCodeAt(6) === id.charCodeAt(11) && b.charCodeAt(8) === id.charCodeAt(12) && b.charCodeAt(9) === id.charCodeAt(13);
}

/**
 * `ExtractReader.forColumnValues`: a first pass over a row's cells finds its values and whether
 * `rows` (the reader of `forColumns`, sharing the plan and its readings) would say anything but
 * normalisations; if it would, the row is read by `rows`. Otherwise the normalisations are counted
 * as `rows` counts them, column by column, and the values stay in `values`.
 */
function compileValues(dept: AnyExtractDepartment, planned: ColumnPlan, rows: (cells: readonly unknown[]) => ExtractRowResult<Record<string, unknown>>, st: ReaderState): ExtractValueReader {
  const { plan, required } = planned;
  const { opts, counter } = st;
  const slotCols: PlannedColumn[] = [];
  const fields: string[] = [];
  const slotOf = new Map<string, number>();
  /** The slot of each plan column (-1: a column no field knows). */
  const slotOfColumn = new Int32Array(plan.length);
  for (let c = 0; c < plan.length; c++) {
    const f = plan[c]!.field;
    slotOfColumn[c] = f === undefined ? -1 : slotCols.length;
    if (f === undefined) continue;
    slotOf.set(f.key, slotCols.length);
    slotCols.push(plan[c]!);
    fields.push(f.key);
  }
  // A required field with no column: every row lacks it.
  const requiredSlots = required.map((f) => slotOf.get(f.key) ?? -1);
  const always = requiredSlots.includes(-1);
  const unknownCols = plan.filter((c) => c.field === undefined);
  const nSlots = slotCols.length;
  const values: unknown[] = new Array<unknown>(nSlots).fill(undefined);
  const remembered: (KnownCell | undefined)[] = new Array<KnownCell | undefined>(nSlots).fill(undefined);
  /** Readings of the row's cells read on their own (not remembered), by slot. */
  const own: (ReadCell | undefined)[] = new Array<ReadCell | undefined>(nSlots).fill(undefined);
  /** Slots whose ID cell took the short path (a canonical number: no reading object). */
  const ymd = asOfYmd(opts);
  const idSlot = slotOf.get('resident_id') ?? -1;
  const publicSecurity = dept.id === 'public-security';
  const sexSlot = slotOf.get('sex') ?? -1;
  const birthSlot = slotOf.get('birth_date') ?? -1;
  const statusSlot = slotOf.get('registration_status') ?? -1;
  const eventSlot = slotOf.get('event_date') ?? -1;
  /** Whether the public-security checks would say something of the row (its values in `values`). */
  const householdWarns = (): boolean => {
    if (statusSlot >= 0) {
      const status = values[statusSlot];
      if (status !== undefined && status !== 1 && (eventSlot < 0 || values[eventSlot] === undefined)) return true;
    }
    if (idSlot < 0) return false;
    const id = values[idSlot];
    if (id === undefined) return false;
    const sex = sexSlot >= 0 ? values[sexSlot] : undefined;
    const birth = birthSlot >= 0 ? values[birthSlot] : undefined;
    if (sex === undefined && birth === undefined) return false;
    const read = own[idSlot];
    if (read !== undefined) {
      const facts = idFactsOf(read);
      return facts !== undefined && ((sex !== undefined && sex !== facts.sex) || (birth !== undefined && birth !== facts.birthDate));
    }
    const s = id as string;
    if (sex !== undefined && sex !== ((s.charCodeAt(16) - 48) % 2 === 1 ? 'male' : 'female')) return true;
    if (birth === undefined) return false;
    const cell = remembered[birthSlot];
    if (cell !== undefined && cell.ymd >= 0) {
      // The ID's digits 7–14 (a canonical number: digits) against the remembered date's number.
      let n = 0;
      for (let i = 6; i < 14; i++) n = n * 10 + s.charCodeAt(i) - 48;
      return n !== cell.ymd;
    }
    return !(typeof birth === 'string' && sameBirth(birth, s));
  };
  const n = plan.length;
  const read = (cells: readonly unknown[]): ExtractRowResult<Record<string, unknown>> | undefined => {
    if (always) return rows(cells);
    for (let k = 0; k < unknownCols.length; k++) {
      const raw = cells[unknownCols[k]!.index];
      if (raw !== undefined && raw !== '' && !blankCell(raw)) return rows(cells);
    }
    for (let s = 0; s < nSlots; s++) {
      const col = slotCols[s]!;
      const raw = cells[col.index];
      values[s] = undefined;
      remembered[s] = undefined;
      own[s] = undefined;
      if (raw === undefined || raw === '' || blankCell(raw)) continue;
      const known = col.cells;
      if (known !== null && (typeof raw === 'string' || typeof raw === 'number')) {
        let cell: KnownCell | undefined;
        const few = col.few;
        let days = col.days;
        let day = -1;
        if (days !== undefined && typeof raw === 'string') {
          if (days === null) days = col.days = new Array<KnownCell | undefined>(PLAIN_DATE_DAYS);
          // A date column (birth dates: tens of thousands of values): a plain date by its day, no hashing.
          day = plainDateIndex(raw);
          if (day >= 0) cell = days[day];
        } else if (few !== null) {
          for (let k = 0; k < few.length; k++) {
            if (few[k] === raw) {
              cell = col.fewCells[k];
              break;
            }
          }
        }
        if (cell === undefined) {
          cell = known.get(raw);
          if (cell === undefined) {
            cell = knownCell(readCell(col.field!, col.name, raw, opts));
            if (known.size >= col.limit) col.cells = null;
            else known.set(raw, cell);
          }
          if (day >= 0) days![day] = cell;
          else if (few !== null) {
            if (known.size > FEW_LIMIT * 8) col.few = null;
            else if (few.length < FEW_LIMIT) {
              few.push(raw);
              col.fewCells.push(cell);
            }
          }
        }
        if (cell.issues.length > 0) return rows(cells);
        values[s] = cell.value;
        remembered[s] = cell;
        continue;
      }
      const field = col.field!;
      if (known === null && field.type === 'resident-id') {
        // The usual ID cell: a canonical number parseResidentId passes as it is, with nothing to say.
        if (typeof raw === 'string' && raw.length === 18 && ymd !== null && quickResidentIdAge(raw, ymd) >= 0) {
          values[s] = raw;
          continue;
        }
        let r: ReadCell;
        if (raw === col.lastRaw && col.last !== undefined) r = col.last;
        else {
          r = readCell(field, col.name, raw, opts);
          for (const i of r.issues) Object.freeze(i);
          col.lastRaw = raw;
          col.last = r;
        }
        for (let k = 0; k < r.issues.length; k++) if (r.issues[k]!.severity !== 'info') return rows(cells);
        values[s] = r.value;
        own[s] = r;
        continue;
      }
      // A column of many distinct values (names, birth dates): a value written as its field's reading
      // gives is taken as it is (nothing to say of it, no reading object).
      if (typeof raw === 'string' && (field.type === 'text' ? !isSpaceCode(raw.charCodeAt(0)) && !isSpaceCode(raw.charCodeAt(raw.length - 1)) : field.type === 'date' && isPlainDate(raw))) {
        values[s] = raw;
        continue;
      }
      const r = readCell(field, col.name, raw, opts);
      for (let k = 0; k < r.issues.length; k++) if (r.issues[k]!.severity !== 'info') return rows(cells);
      values[s] = r.value;
      own[s] = r;
    }
    for (let r = 0; r < requiredSlots.length; r++) if (values[requiredSlots[r]!] === undefined) return rows(cells);
    if (publicSecurity && householdWarns()) return rows(cells);
    // Nothing to say but normalisations: counted as `rows` counts them, column by column.
    st.countRow();
    for (let c = 0; c < n; c++) {
      const col = plan[c]!;
      const raw = cells[col.index];
      if (raw === undefined || raw === '') continue;
      columnSeen(col, st);
      const s = slotOfColumn[c]!;
      if (s < 0) continue;
      const cell = remembered[s];
      if (cell !== undefined) {
        if (cell.infos.length > 0) {
          const counters = (cell.counters ??= cell.infos.map(counter));
          for (let k = 0; k < counters.length; k++) counters[k]!.count++;
        }
        continue;
      }
      const r = own[s];
      if (r === undefined) continue;
      // The issues of a column's cell name its column and field: counted by code.
      for (let k = 0; k < r.issues.length; k++) {
        const i = r.issues[k]!;
        const byCode = (col.byCode ??= new Map());
        let c = byCode.get(i.code);
        if (c === undefined) byCode.set(i.code, (c = counter(i)));
        c.count++;
      }
    }
    return undefined;
  };
  return { fields, values, remembered, read };
}

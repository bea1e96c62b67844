/**
 * Flat rows — what CSV files and spreadsheets hold — to and from person records. Machine column
 * names are the record keys; Chinese headers (`R13 受教育程度`, `受教育程度`, `残疾人证号`) are
 * accepted too. Answers written as `1`, `1.农业`, `农业`, full-width digits, `1、3` … are normalised,
 * blank markers of database exports (`NULL`, `\N`, `#N/A`, `-`) read as unanswered,
 * and every normalisation is reported; a value that cannot be read is kept as written (so
 * `validatePerson` reports it) and reported — nothing is silently dropped or guessed.
 */
import { DISABILITY_CATEGORIES, canonicalResidentId, isCalendarDate, parseDisabilityCertificateNo } from '@canji/id';
import { parseYmd } from './engine.js';
import { PERSON_FORM_VERSIONS, personForm } from './forms/index.js';
import type { CodeList, FormDefinition, ItemDef, PersonFormVersion } from './types.js';

/**
 * `info`: a normalisation was applied; `warning`: a column was ignored, or a value was recovered
 * from another cell (`FLAT_ID_FROM_CERTIFICATE`: to verify); `error`: a value could not be read (it
 * is kept as written, so `validatePerson` reports it at its item).
 */
export type FlatIssueSeverity = 'error' | 'warning' | 'info';

/** One finding of `fromFlatRow`. `code` is stable; `message` is zh-CN. */
export interface FlatIssue {
  code: string;
  column: string;
  key?: string;
  severity: FlatIssueSeverity;
  message: string;
  from?: unknown;
  to?: unknown;
}

/** Options shared by the flat-row functions: form version or definition, and whether the ID is taken from the certificate number. */
export interface FlatRowOptions {
  /** Form version (default `'2017'`); ignored when `form` is given. */
  version?: PersonFormVersion;
  /** A form definition (e.g. from `extendForm`). */
  form?: FormDefinition;
  /**
   * The rows have no resident ID (a batch whose only identity column is R2 残疾人证号, as the 2017
   * form itself has it): a record without `resident_id` gets the first 18 characters of its
   * certificate number when they are a valid ID, reported as `FLAT_ID_FROM_CERTIFICATE` (`info`).
   * Default false. (An ID cell that cannot be read is recovered from the certificate number
   * whatever this says, as a `warning`.)
   */
  idFromCertificate?: boolean;
}

/** What `fromFlatRow` returns: the typed record, and the issues of cells that were normalised or could not be read. */
export interface FromFlatRowResult {
  /** The record: typed values, keys = machine column names; unreadable values kept as written. */
  record: Record<string, unknown>;
  issues: FlatIssue[];
}

/** A cell of a flat row: text from CSV, or a number / boolean from a spreadsheet reader. */
export type FlatCell = string | number | boolean | null | undefined;

interface HeaderIndex {
  /** Per item (by position in the form): how a canonical cell reads (see {@link fastCell}), and the ext path. */
  plan: Map<ItemDef, ItemPlan>;
  /** Duplicate-column check without a per-row map: the row stamp and column that last filled each item. */
  stamp: Int32Array;
  stampColumn: string[];
  gen: number;
  exact: Map<string, ItemDef>;
  byCode: Map<string, ItemDef>;
  byLabel: Map<string, ItemDef | null>;
  /** Headers already resolved (a file repeats the same header row on every line). */
  resolved: Map<string, Resolved>;
  /** Slots of `resident_id` and `certificate_no` (-1 when the form has none). */
  ridSlot: number;
  certSlot: number;
}

const headerCache = new WeakMap<FormDefinition, HeaderIndex>();

const norm = (s: string) => s.normalize('NFKC').replace(/\s+/g, '').toLowerCase();

/** Extra Chinese headers seen in exports for the identity and cover fields. */
const EXTRA_ALIASES: Record<string, string> = {
  身份证号: 'resident_id',
  身份证号码: 'resident_id',
  公民身份号码: 'resident_id',
  证号: 'certificate_no',
  残疾证号: 'certificate_no',
  区划代码: 'region_code',
  村社区代码: 'region_code',
  '村(社区)代码': 'region_code',
  年度: 'survey_year',
  人员状态: 'person_status',
  户主身份证号码: 'householder_id',
  备注: 'remarks',
  残疾人证号码: 'certificate_no',
  残疾证号码: 'certificate_no',
  身份证: 'resident_id',
  公民身份证号: 'resident_id',
  公民身份证号码: 'resident_id',
  残疾类型: 'disability_category',
};

/**
 * Answers written in a short form that exports use, per code list: the category short names of
 * the certificate (`肢体` for 肢体残疾, @canji/id's `DISABILITY_CATEGORIES`) and `1级`–`4级`.
 * Each is an exact alias of one official label, so reading it guesses nothing.
 */
const ANSWER_ALIASES: Record<string, Record<string, number>> = {
  disabilityCategory: Object.fromEntries(DISABILITY_CATEGORIES.map((c) => [c.short, c.code])),
  disabilityLevel: { '1级': 1, '2级': 2, '3级': 3, '4级': 4 },
  // R4 婚姻状况 written with the labels of GB/T 2261.2-2003 (what civil-affairs and public-security
  // exports carry): 已婚 (20) and its sub-codes 初婚 / 再婚 / 复婚 (21–23) are the form's 已婚有配偶
  // (20), 离婚 (40) its 离异, 未说明的婚姻状况 (90) its 其他; 有配偶 is the form label's short form.
  maritalStatusForm: { 已婚: 20, 有配偶: 20, 初婚: 20, 再婚: 20, 复婚: 20, 离婚: 40, 未说明的婚姻状况: 90 },
  // 户口性质 with the word 户口 (农业户口, 非农业户口), as household registers print it.
  hukou: { 农业户口: 1, 非农业户口: 2 },
};

function headerIndex(form: FormDefinition): HeaderIndex {
  const hit = headerCache.get(form);
  if (hit) return hit;
  const exact = new Map<string, ItemDef>();
  const byCode = new Map<string, ItemDef>();
  const byLabel = new Map<string, ItemDef | null>();
  for (const it of form.items) {
    exact.set(it.key.toLowerCase(), it);
    if (it.code) {
      const c = norm(it.code).replace(/[-_.]/g, '-');
      byCode.set(c, it);
      // R1 / R2 are stored under `name` / `certificate_no`: `r1`, `r2` are aliases.
      if (!exact.has(it.code.toLowerCase().replace('-', '_'))) exact.set(it.code.toLowerCase().replace('-', '_'), it);
    }
    const l = norm(it.label);
    byLabel.set(l, byLabel.has(l) ? null : it);
  }
  // Labels without their trailing qualifier (`家庭住房状况（城镇）` → `家庭住房状况`), when that is unambiguous.
  const short = new Map<string, ItemDef | null>();
  for (const it of form.items) {
    const l = norm(it.label.replace(/[（(][^（）()]*[）)]$/, ''));
    if (l === norm(it.label)) continue;
    short.set(l, short.has(l) ? null : it);
  }
  for (const [l, it] of short) if (!byLabel.has(l)) byLabel.set(l, it);
  for (const [alias, key] of Object.entries(EXTRA_ALIASES)) {
    const it = form.items.find((i) => i.key === key);
    if (it && !byLabel.has(norm(alias))) byLabel.set(norm(alias), it);
  }
  const plan = new Map<ItemDef, ItemPlan>();
  form.items.forEach((it, slot) => plan.set(it, itemPlan(it, slot)));
  const slotOf = (key: string) => form.items.findIndex((i) => i.key === key);
  const idx: HeaderIndex = {
    plan,
    stamp: new Int32Array(form.items.length),
    stampColumn: new Array<string>(form.items.length),
    gen: 0,
    exact,
    byCode,
    byLabel,
    resolved: new Map(),
    ridSlot: slotOf('resident_id'),
    certSlot: slotOf('certificate_no'),
  };
  headerCache.set(form, idx);
  return idx;
}

type Resolved = { item: ItemDef; issue?: Omit<FlatIssue, 'column'>; plan?: ItemPlan } | { item: undefined; issue: Omit<FlatIssue, 'column'>; plan?: undefined };

/** How a cell already written the canonical way reads (no trim, no full-width, no label, no issue). */
const enum Fast {
  /** single / yesno: `1`, `12` (no leading zero). */
  Code,
  /** multiple: `1`, `1,3` (ascending, no leading zeros, no spaces). */
  Codes,
  /** number: `12`, `3.5`. */
  Number,
  /** date: `2019-06-30` (a real date). */
  Date,
  /** sex: `male` / `female`. */
  Sex,
  /** certificate number: 20 characters, 17 digits, digit or X, two digits. */
  Certificate,
  /** resident ID: 17 digits and a digit or X. */
  ResidentId,
  /** region code and other coded text: digits. */
  Digits,
  /** free text: no surrounding white space. */
  Free,
  /** no fast path. */
  None,
}

interface ItemPlan {
  slot: number;
  fast: Fast;
  /** `ext.<id>.<key>` split once; undefined for a plain key. */
  ext?: [string, string];
}

function itemPlan(item: ItemDef, slot: number): ItemPlan {
  const parts = item.key.split('.');
  const p: ItemPlan = { slot, fast: Fast.None };
  if (parts.length > 1) p.ext = [parts[1]!, parts[2]!];
  switch (item.type) {
    case 'single':
    case 'yesno':
      p.fast = Fast.Code;
      break;
    case 'multiple':
      p.fast = Fast.Codes;
      break;
    case 'number':
      p.fast = Fast.Number;
      break;
    case 'date':
      p.fast = Fast.Date;
      break;
    case 'text':
      if (item.key === 'sex') p.fast = Fast.Sex;
      else if (item.key === 'certificate_no') p.fast = Fast.Certificate;
      else if (item.key.endsWith('_id')) p.fast = Fast.ResidentId;
      else if (/(_id|certificate_no|region_code)$/.test(item.key)) p.fast = Fast.Digits;
      else p.fast = Fast.Free;
      break;
    default:
      return item.type satisfies never;
  }
  return p;
}

const MISS: unique symbol = Symbol('miss');

const isDigit = (c: number) => c >= 48 && c <= 57;

/** A run of ASCII digits from `from` to `to` (exclusive), non-empty, without a leading zero unless it is `0`. */
function plainInt(s: string, from: number, to: number): boolean {
  if (to <= from || to - from > 15) return false;
  if (s.charCodeAt(from) === 48 && to - from > 1) return false;
  for (let i = from; i < to; i++) if (!isDigit(s.charCodeAt(i))) return false;
  return true;
}

/** `YYYY-MM-DD`, a real calendar date, read from character codes (no slices, no arrays). */
function canonicalDate(s: string): boolean {
  if (s.length !== 10 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return false;
  let y = 0;
  for (let i = 0; i < 4; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return false;
    y = y * 10 + c;
  }
  const m1 = s.charCodeAt(5) - 48;
  const m2 = s.charCodeAt(6) - 48;
  const d1 = s.charCodeAt(8) - 48;
  const d2 = s.charCodeAt(9) - 48;
  if (m1 < 0 || m1 > 9 || m2 < 0 || m2 > 9 || d1 < 0 || d1 > 9 || d2 < 0 || d2 > 9) return false;
  return isCalendarDate(y, m1 * 10 + m2, d1 * 10 + d2);
}

/** 17 digits and a digit or X after `n` characters in all (resident IDs, certificate numbers). */
function idShape(s: string, n: number): boolean {
  if (s.length !== n) return false;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (!isDigit(c) && !(i === 17 && c === 88)) return false;
  }
  return true;
}

/**
 * Blank markers of database and spreadsheet exports: `NULL`, `\N` (MySQL / PostgreSQL COPY),
 * `(null)`, `<NULL>`, `#N/A`, `N/A`, dashes. A cell holding only one of them is unanswered, and
 * reported (`FLAT_BLANK_MARKER`). `无` is not among them: it is an answer label on some items.
 */
const BLANK_MARKERS = new Set(['NULL', '\\N', '(NULL)', '<NULL>', '#N/A', 'N/A', '-', '--', '—', '——', '－']);

/** Whether a trimmed cell is a blank marker (see {@link BLANK_MARKERS}); cheap for ordinary text. */
function isBlankMarker(s: string): boolean {
  if (s.length > 6) return false;
  const c = s.charCodeAt(0);
  // N n \ ( < # - — －
  if (c !== 78 && c !== 110 && c !== 92 && c !== 40 && c !== 60 && c !== 35 && c !== 45 && c !== 0x2014 && c !== 0xff0d) return false;
  return BLANK_MARKERS.has(s.toUpperCase());
}

/*
 * How each kind of canonical cell reads: exactly what {@link readCell} returns for it, with no
 * issue, or `MISS` when the cell needs the full reading. One function per kind, so a reader
 * made for a header calls the right one directly.
 */
const FAST_READERS: Record<Fast, (s: string) => unknown> = {
  [Fast.Code]: (s) => (plainInt(s, 0, s.length) ? Number(s) : MISS),
  [Fast.Codes]: (s) => {
    const n = s.length;
    const out: number[] = [];
    let from = 0;
    let last = -1;
    for (let i = 0; i <= n; i++) {
      if (i < n && s.charCodeAt(i) !== 44) continue;
      if (!plainInt(s, from, i)) return MISS;
      const c = Number(s.slice(from, i));
      if (c < last) return MISS;
      out.push(c);
      last = c;
      from = i + 1;
    }
    return out;
  },
  [Fast.Number]: (s) => {
    const n = s.length;
    let dot = -1;
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c === 46 && dot < 0 && i > 0 && i < n - 1) dot = i;
      else if (!isDigit(c)) return MISS;
    }
    return n > 0 && n <= 15 ? Number(s) : MISS;
  },
  [Fast.Date]: (s) => (canonicalDate(s) ? s : MISS),
  [Fast.Sex]: (s) => (s === 'male' || s === 'female' ? s : MISS),
  [Fast.Certificate]: (s) => (idShape(s, 20) ? s : MISS),
  [Fast.ResidentId]: (s) => (idShape(s, 18) ? s : MISS),
  [Fast.Digits]: (s) => {
    const n = s.length;
    if (n === 0) return MISS;
    for (let i = 0; i < n; i++) if (!isDigit(s.charCodeAt(i))) return MISS;
    return s;
  },
  [Fast.Free]: (s) => {
    const n = s.length;
    if (n === 0) return MISS;
    const a = s.charCodeAt(0);
    const z = s.charCodeAt(n - 1);
    // Not white space at either end (ASCII printable or CJK): trim() would keep it as it is.
    if (!((a > 32 && a < 127) || (a >= 0x3400 && a <= 0x9fff)) || !((z > 32 && z < 127) || (z >= 0x3400 && z <= 0x9fff))) return MISS;
    return isBlankMarker(s) ? MISS : s;
  },
  [Fast.None]: () => MISS,
};

/** The value of a text cell already written the canonical way, or `MISS` (see {@link FAST_READERS}). */
function fastCell(fast: Fast, s: string): unknown {
  return FAST_READERS[fast](s);
}

function resolveHeader(idx: HeaderIndex, header: string): Resolved {
  let r = idx.resolved.get(header);
  if (!r) {
    r = resolveHeaderUncached(idx, header);
    if (r.item) r.plan = idx.plan.get(r.item);
    if (idx.resolved.size < 10_000) idx.resolved.set(header, r);
  }
  return r;
}

/**
 * @internal What one header names in a form (the item, or why none), for `resolveFlatHeaders`
 * (header.ts); `undefined` for an unknown form version.
 */
export function flatHeaderItem(header: string, options: FlatRowOptions = {}): { item: ItemDef | undefined; issue?: Omit<FlatIssue, 'column'> } | undefined {
  if (!options.form && options.version !== undefined && !PERSON_FORM_VERSIONS.includes(options.version)) return undefined;
  return resolveHeader(headerIndex(options.form ?? personForm(options.version ?? '2017')), header);
}

function resolveHeaderUncached(idx: HeaderIndex, header: string): Resolved {
  const h = header.trim();
  const direct = idx.exact.get(h.toLowerCase());
  if (direct) return { item: direct };
  let n = norm(h);
  // `(R13)受教育程度`, `【R13】受教育程度`, `受教育程度(R13)`: move the bracketed item code to the front.
  const lead = /^[(\[【]([a-z]{1,3}\d+(?:[-_.]\d+)?)[)\]】](.*)$/.exec(n);
  const trail = lead ? null : /^(.+?)[(\[【]([a-z]{1,3}\d+(?:[-_.]\d+)?)[)\]】]$/.exec(n);
  if (lead) n = `${lead[1]}${lead[2]}`;
  else if (trail) n = `${trail[2]}${trail[1]}`;
  // `13.受教育程度` (item number without the R): only when the rest is exactly that item's label.
  const bare = /^(\d+)(?:[-_](\d+))?[.、:：]?(\D.*)$/.exec(n);
  if (bare) {
    const item = idx.byCode.get(`r${bare[1]}${bare[2] ? `-${bare[2]}` : ''}`);
    if (item && norm(item.label) === bare[3]) return { item };
  }
  // Sub-item numbers written R16-2, R16_2, R16.2, R16—2, R16–2, R16(2), R16（2）.
  const m = /^([a-z]{1,3})(\d+)(?:[-_.‐‑‒–—―−](\d+)|\((\d+)\))?(.*)$/i.exec(n);
  if (m) {
    const sub = m[3] ?? m[4];
    const code = `${m[1]}${m[2]}${sub ? `-${sub}` : ''}`;
    const item = idx.byCode.get(code);
    if (item) {
      const rest = m[5]!.replace(/^[.、:：]/, '');
      // A number left after the item code names a sub-item this form does not have (R16-2-1,
      // R16之2): reading it as the item itself would file a sub-item's answers under its parent.
      if (rest && /\d/.test(rest) && !/\d/.test(item.label)) {
        return { item: undefined, issue: { code: 'FLAT_UNKNOWN_COLUMN', severity: 'warning', message: `表头“${header}”像是 ${item.code} 的子题，本表没有该子题，已忽略` } };
      }
      if (rest && norm(item.label) !== rest) {
        return { item, issue: { code: 'FLAT_HEADER_LABEL_MISMATCH', key: item.key, severity: 'warning', message: `表头“${header}”的题号 ${item.code} 与题目名称不符（应为“${item.label}”），按题号读取` } };
      }
      return { item };
    }
  }
  const byLabel = idx.byLabel.get(n);
  if (byLabel) return { item: byLabel };
  if (byLabel === null) return { item: undefined, issue: { code: 'FLAT_AMBIGUOUS_COLUMN', severity: 'error', message: `表头“${header}”对应多个题目，请加题号（如 R9）` } };
  return { item: undefined, issue: { code: 'FLAT_UNKNOWN_COLUMN', severity: 'warning', message: `表头“${header}”不是本表的列，已忽略` } };
}

interface CellResult {
  value: unknown;
  issues: Omit<FlatIssue, 'column' | 'key'>[];
}

function labelToCode(list: CodeList | undefined, label: string): number | undefined {
  if (!list) return undefined;
  const n = norm(label);
  const found = list.entries.filter((e) => e.label !== null && norm(e.label) === n);
  return found.length === 1 ? found[0]!.code : undefined;
}

function readCode(item: ItemDef, list: CodeList | undefined, token: string): { code?: number; issue?: Omit<FlatIssue, 'column' | 'key'> } {
  if (/^\d+$/.test(token)) {
    const code = Number(token);
    if (token.length > 1 && token.startsWith('0')) {
      return { code, issue: { code: 'FLAT_LEADING_ZERO', severity: 'info', message: `“${token}”去掉前导零读作 ${code}`, from: token, to: code } };
    }
    return { code };
  }
  if (/^\d+\.0+$/.test(token)) {
    // `1.0`: a code written by a tool that stores every number as a float.
    const code = Number(token);
    return { code, issue: { code: 'FLAT_DECIMAL_CODE', severity: 'info', message: `“${token}”读作代码 ${code}`, from: token, to: code } };
  }
  const alias = list ? ANSWER_ALIASES[list.id]?.[norm(token)] : undefined;
  if (alias !== undefined) return { code: alias, issue: { code: 'FLAT_LABEL_TO_CODE', severity: 'info', message: `“${token}”读作代码 ${alias}`, from: token, to: alias } };
  // `1.农业`, `1、农业`, `1 农业`, `1农业`, `(1)农业`, `①农业` (NFKC made it `1农业`).
  const m = /^\(?(\d+)\s*(?:[.、:：\-)）]\s*)?(\D.*)$/.exec(token);
  if (m) {
    const code = Number(m[1]);
    const label = m[2]!;
    const entry = list?.entries.find((e) => e.code === code);
    if (entry && entry.label !== null && norm(entry.label) !== norm(label)) {
      return { issue: { code: 'FLAT_CODE_LABEL_MISMATCH', severity: 'error', message: `“${token}”的代码 ${code} 对应“${entry.label}”，与所写名称不符，未采用`, from: token } };
    }
    return { code, issue: { code: 'FLAT_CODE_WITH_LABEL', severity: 'info', message: `“${token}”读作代码 ${code}${entry?.label ? '' : entry || list?.open ? '（该代码的官方名称未知，未核对名称）' : '（该代码不在代码表中，未核对名称）'}`, from: token, to: code } };
  }
  if (item.type === 'yesno') {
    const yn = token === '是' ? 1 : token === '否' ? 2 : undefined;
    if (yn !== undefined) return { code: yn, issue: { code: 'FLAT_LABEL_TO_CODE', severity: 'info', message: `“${token}”读作代码 ${yn}`, from: token, to: yn } };
  }
  const byLabel = labelToCode(list, token);
  if (byLabel !== undefined) return { code: byLabel, issue: { code: 'FLAT_LABEL_TO_CODE', severity: 'info', message: `“${token}”读作代码 ${byLabel}`, from: token, to: byLabel } };
  return { issue: { code: 'FLAT_VALUE_INVALID', severity: 'error', message: `无法把“${token}”读作“${list?.title ?? item.label}”的代码，按原样保留`, from: token } };
}

const SEX: Record<string, 'male' | 'female'> = { 男: 'male', 女: 'female', 男性: 'male', 女性: 'female', '1': 'male', '2': 'female', m: 'male', f: 'female', male: 'male', female: 'female' };

/** What kind of value a cell that is not text, a number or a boolean holds, for a message (never throws). */
function kindOf(v: unknown): string {
  if (Array.isArray(v)) return '含非文本元素的数组';
  if (typeof v === 'object') return '对象';
  if (typeof v === 'symbol') return 'Symbol';
  if (typeof v === 'function') return '函数';
  return typeof v;
}

function readCell(item: ItemDef, form: FormDefinition, cell: FlatCell | unknown[]): CellResult | undefined {
  const issues: CellResult['issues'] = [];
  if (cell === undefined || cell === null) return undefined;
  if (Array.isArray(cell) && cell.every((x) => typeof x === 'string' || typeof x === 'number')) cell = cell.join(',');
  const t = typeof cell;
  if (t !== 'string' && t !== 'number' && t !== 'boolean' && t !== 'bigint') {
    // An object, a symbol, a function: nothing a file holds. Kept as given, so the validator reports its type.
    return { value: cell, issues: [{ code: 'FLAT_VALUE_INVALID', severity: 'error', message: `单元格的值不是文本、数值或布尔值（${kindOf(cell)}），按原样保留` }] };
  }
  if (typeof cell === 'boolean') {
    if (item.type === 'yesno') {
      const v = cell ? 1 : 2;
      return { value: v, issues: [{ code: 'FLAT_LABEL_TO_CODE', severity: 'info', message: `${String(cell)} 读作代码 ${v}`, from: cell, to: v }] };
    }
    return { value: cell, issues: [{ code: 'FLAT_VALUE_INVALID', severity: 'error', message: `不能把布尔值 ${String(cell)} 读作“${item.label}”`, from: cell }] };
  }
  if (typeof cell === 'number') {
    // 性别 as 1 / 2 (GB/T 2261.1) from a numeric column reads like the text '1' / '2'.
    if (item.key === 'sex' && Number.isInteger(cell)) return readCell(item, form, String(cell));
    if (item.type === 'multiple') return { value: [cell], issues };
    if (item.type === 'date') {
      const asDate = readDate(String(cell)) ?? excelSerialDate(cell);
      if (asDate !== undefined) {
        const serial = readDate(String(cell)) === undefined;
        return { value: asDate, issues: [{ code: serial ? 'FLAT_EXCEL_SERIAL_DATE' : 'FLAT_DATE_FORMAT', severity: 'info', message: serial ? `电子表格日期序列号 ${cell} 读作 ${asDate}（1900 日期系统）` : `日期 ${cell} 读作 ${asDate}`, from: cell, to: asDate }] };
      }
      return { value: String(cell), issues: [{ code: 'FLAT_VALUE_INVALID', severity: 'error', message: `无法把数值 ${cell} 读作日期，按原样保留`, from: cell }] };
    }
    if (item.type === 'text') {
      // Spreadsheet readers turn digit strings into numbers; an 18-digit ID has lost precision.
      return { value: String(cell), issues: [{ code: 'FLAT_NUMBER_AS_TEXT', severity: item.key.endsWith('_id') || item.key === 'certificate_no' ? 'error' : 'info', message: `数值 ${cell} 按文本读取${Number.isSafeInteger(cell) ? '' : '（超出数值精度，可能已失真）'}`, from: cell, to: String(cell) }] };
    }
    return { value: cell, issues };
  }
  const raw = String(cell as string | number | bigint);
  const trimmed = raw.trim();
  if (trimmed === '') return undefined;
  if (trimmed !== raw) issues.push({ code: 'FLAT_TRIMMED', severity: 'info', message: '去掉首尾空白', from: raw, to: trimmed });
  if (item.type === 'text' && item.key !== 'sex' && !/(_id|certificate_no|region_code)$/.test(item.key)) {
    // Free text (names, phones, remarks) is kept as written apart from the trim.
    return { value: trimmed, issues };
  }
  if (/(_id|certificate_no|region_code)$/.test(item.key) && /^\d(?:\.\d+)?e\+?\d+$/i.test(trimmed)) {
    // Excel's General format shows long numbers as 4.30104E+17 and saves a CSV as shown.
    issues.push({ code: 'FLAT_SCIENTIFIC_NOTATION', severity: 'error', message: `“${trimmed}”是电子表格的科学计数法显示，原号码的后几位已经丢失，无法恢复；请把该列设为文本后重新导出`, from: trimmed });
    return { value: trimmed, issues };
  }
  const s = trimmed.normalize('NFKC');
  if (s !== trimmed) issues.push({ code: 'FLAT_FULLWIDTH', severity: 'info', message: `全角字符转为半角：“${trimmed}” → “${s}”`, from: trimmed, to: s });
  const list = item.codeList ? form.codeLists[item.codeList] : undefined;
  switch (item.type) {
    case 'single':
    case 'yesno': {
      const r = readCode(item, list, s);
      if (r.issue) issues.push(r.issue);
      return { value: r.code ?? trimmed, issues };
    }
    case 'multiple': {
      let tokens = splitTopLevel(s, ',，;；|');
      if (tokens.length === 1 && /^\d+([、\s/]+\d+)+$/.test(tokens[0]!)) tokens = tokens[0]!.split(/[、\s/]+/);
      else if (tokens.length === 1) {
        // Answers joined with 、 or / (职工基本养老保险、职工基本医疗保险, 1.xx、3.yy), as WPS / Excel
        // multi-selects write them; a 、 inside brackets belongs to the label (其他职工保险（失业、工伤、生育）).
        const parts = splitTopLevel(tokens[0]!, '、/');
        if (parts.length > 1 && (parts.every((p) => /^\(?\d/.test(p)) || readCode(item, list, tokens[0]!).code === undefined)) tokens = parts;
      }
      if (tokens.length > 1 && /[，;；|、\s/]/.test(s.replace(/\s*,\s*/g, ','))) {
        issues.push({ code: 'FLAT_SEPARATOR', severity: 'info', message: `多选分隔符统一为英文逗号：“${s}”`, from: s });
      }
      const out: unknown[] = [];
      let bad = false;
      for (const t of tokens) {
        const r = readCode(item, list, t);
        if (r.issue) issues.push(r.issue);
        if (r.code === undefined) bad = true;
        out.push(r.code ?? t);
      }
      if (bad) return { value: trimmed, issues };
      const sorted = [...(out as number[])].sort((a, b) => a - b);
      if (sorted.some((c, i) => c !== out[i])) issues.push({ code: 'FLAT_SORTED', severity: 'info', message: `多选代码按升序排列：${out.join(',')} → ${sorted.join(',')}`, from: out, to: sorted });
      return { value: sorted, issues };
    }
    case 'number': {
      let t = s.replace(/,/g, '');
      if (item.key === 'survey_year' && /^\d{4}年度?$/.test(t)) {
        t = t.slice(0, 4);
        issues.push({ code: 'FLAT_YEAR_SUFFIX', severity: 'info', message: `“${trimmed}”读作 ${t}`, from: trimmed, to: Number(t) });
      }
      const v = /^[-+]?\d+(\.\d+)?$/.test(t) ? Number(t) : NaN;
      if (Number.isFinite(v)) return { value: v, issues };
      issues.push({ code: 'FLAT_VALUE_INVALID', severity: 'error', message: `无法把“${trimmed}”读作数值，按原样保留`, from: trimmed });
      return { value: trimmed, issues };
    }
    case 'date': {
      const v = readDate(s);
      if (v === s) return { value: v, issues };
      if (v !== undefined) {
        issues.push({ code: 'FLAT_DATE_FORMAT', severity: 'info', message: `日期“${s}”读作 ${v}`, from: s, to: v });
        return { value: v, issues };
      }
      // A date column saved from a spreadsheet as its serial number (`29221`): five digits have no
      // other reading as a date (1927-05-18 … 2173-10-13). Four digits or fewer could be a year, so
      // they are not guessed.
      const serial = /^\d{5}(?:\.\d+)?$/.test(s) ? excelSerialDate(Number(s)) : undefined;
      if (serial !== undefined) {
        issues.push({ code: 'FLAT_EXCEL_SERIAL_DATE', severity: 'info', message: `“${s}”是电子表格的日期序列号，读作 ${serial}（1900 日期系统）`, from: s, to: serial });
        return { value: serial, issues };
      }
      issues.push({ code: 'FLAT_VALUE_INVALID', severity: 'error', message: `无法把“${trimmed}”读作日期，按原样保留`, from: trimmed });
      return { value: trimmed, issues };
    }
    case 'text': {
      if (item.key === 'sex') {
        const v = SEX[s.toLowerCase()];
        if (v === undefined) {
          issues.push({ code: 'FLAT_VALUE_INVALID', severity: 'error', message: `无法把“${trimmed}”读作性别，按原样保留`, from: trimmed });
          return { value: trimmed, issues };
        }
        if (v !== s) issues.push({ code: 'FLAT_LABEL_TO_CODE', severity: 'info', message: `性别“${s}”读作 ${v}`, from: s, to: v });
        return { value: v, issues };
      }
      if (item.key === 'certificate_no') {
        const r = parseDisabilityCertificateNo(trimmed);
        if (r.ok && r.value.certificateNo !== trimmed) {
          issues.push({ code: 'FLAT_IDENTIFIER_NORMALISED', severity: 'info', message: `证号规范为 ${r.value.certificateNo}（${r.changes.map((c) => c.message).join('；')}）`, from: trimmed, to: r.value.certificateNo });
          return { value: r.value.certificateNo, issues: issues.filter((i) => i.code !== 'FLAT_FULLWIDTH') };
        }
        return { value: trimmed, issues: issues.filter((i) => i.code !== 'FLAT_FULLWIDTH') };
      }
      if (item.key.endsWith('_id')) {
        const c = canonicalResidentId(trimmed);
        if (c !== undefined && c !== trimmed) {
          issues.push({ code: 'FLAT_IDENTIFIER_NORMALISED', severity: 'info', message: `身份证号规范为 ${c}`, from: trimmed, to: c });
          return { value: c, issues: issues.filter((i) => i.code !== 'FLAT_FULLWIDTH') };
        }
        return { value: trimmed, issues: issues.filter((i) => i.code !== 'FLAT_FULLWIDTH') };
      }
      return { value: s, issues };
    }
    default:
      return item.type satisfies never;
  }
}

/**
 * An Excel / WPS serial date (1900 date system: day 1 = 1900-01-01, with the Lotus 1-2-3 leap-day
 * bug that counts a 1900-02-29, serial 60) as `YYYY-MM-DD`; spreadsheet readers hand dates over
 * as these numbers unless told otherwise. From 1 (1900-01-01) to 2958465 (9999-12-31), a fraction
 * being the time of day; the 1904 system of old Mac workbooks is not guessed.
 */
function excelSerialDate(n: number): string | undefined {
  // A fraction is the time of day (`44986.5` = 2023-03-01 12:00): the date is the whole part.
  const whole = Math.floor(n);
  if (!Number.isFinite(n) || whole < 1 || whole > 2958465 || whole === 60) return undefined;
  const days = whole < 60 ? whole - 1 : whole - 2;
  const d = new Date(Date.UTC(1900, 0, 1) + days * 86400000);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth() + 1;
  const day = d.getUTCDate();
  return `${String(y).padStart(4, '0')}-${m < 10 ? '0' : ''}${m}-${day < 10 ? '0' : ''}${day}`;
}

/** Splits on any of `seps` outside brackets, trimming and dropping empty parts. */
function splitTopLevel(s: string, seps: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const c of s) {
    if (c === '(' || c === '（' || c === '[' || c === '【') depth++;
    else if ((c === ')' || c === '）' || c === ']' || c === '】') && depth > 0) depth--;
    if (depth === 0 && seps.includes(c)) {
      out.push(cur.trim());
      cur = '';
    } else cur += c;
  }
  out.push(cur.trim());
  return out.filter((t) => t !== '');
}

function readDate(s: string): string | undefined {
  if (parseYmd(s)) return s;
  const m =
    /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$/.exec(s) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(s);
  if (!m) return undefined;
  const v = `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`;
  return parseYmd(v) ? v : undefined;
}

function setExt(rec: Record<string, unknown>, [id, k]: [string, string], value: unknown) {
  const ext = (rec.ext ??= {}) as Record<string, Record<string, unknown>>;
  (ext[id] ??= {})[k] = value;
}

/**
 * Reads one flat row (CSV / spreadsheet) into a person record. Headers may be machine names
 * (`r13`), item numbers (`R13`, `R16-2`), numbered labels (`R13 受教育程度`) or labels
 * (`受教育程度`, `残疾人证号`). Every normalisation is an `info` issue; unknown columns with a value
 * are `warning`s; unreadable values are kept as written and reported as `error`s.
 *
 * @example
 * const { record, issues } = fromFlatRow({ 'R3 户口性质': '1.农业', r22: '１、２', 出生日期: '1980/5/6' });
 * record //=> { r3: 1, r22: [1, 2], birth_date: '1980-05-06' }
 * issues.map((i) => i.code) //=> ['FLAT_CODE_WITH_LABEL', 'FLAT_FULLWIDTH', 'FLAT_SEPARATOR', 'FLAT_DATE_FORMAT']
 */
export function fromFlatRow(row: Readonly<Record<string, FlatCell | unknown[]>>, options: FlatRowOptions = {}): FromFlatRowResult {
  try {
    return readFlatRow(row, options);
  } catch (e) {
    // A getter or proxy that throws while its cells are read: the row cannot be read, said as a result.
    return { record: {}, issues: [{ code: 'FLAT_ROW_UNREADABLE', column: '', severity: 'error', message: `无法读取该行：读取单元格时出错（${errorText(e)}）` }] };
  }
}

/** The message of something thrown, for a zh-CN message (never throws). */
function errorText(e: unknown): string {
  try {
    return e instanceof Error ? e.message : typeof e === 'string' ? e : typeof e;
  } catch {
    return '未知错误';
  }
}

/** Result codes of a resident ID cell that could not be read as a number (the digits are lost): recovered from the certificate number. */
const ID_CELL_UNREADABLE: ReadonlySet<string> = new Set(['FLAT_SCIENTIFIC_NOTATION', 'FLAT_NUMBER_AS_TEXT']);

/** The resident ID in the first 18 characters of a certificate number (R2 = ID + category + level), when they are a valid ID. */
function certificateResidentId(cert: unknown): string | undefined {
  if (typeof cert !== 'string' || cert.length < 18 || cert.length > 22) return undefined;
  return canonicalResidentId(cert.slice(0, 18));
}

/**
 * The identity of a row from its certificate number: an ID cell that could not be read
 * (scientific notation, a number past its precision) is replaced by the certificate's first 18
 * characters (`warning`: the ID column is to be fixed at the source); with `idFromCertificate`, a
 * row without an ID gets them too (`info`). Nothing happens when the certificate holds no valid ID.
 */
function identityFromCertificate(idx: HeaderIndex, gen: number, record: Record<string, unknown>, issues: FlatIssue[], derive: boolean): void {
  if (idx.ridSlot < 0 || idx.certSlot < 0 || idx.stamp[idx.certSlot] !== gen) return;
  let bad = -1;
  if (record.resident_id !== undefined) {
    for (let i = 0; i < issues.length; i++) {
      const x = issues[i]!;
      if (x.key === 'resident_id' && x.severity === 'error' && ID_CELL_UNREADABLE.has(x.code)) bad = i;
    }
    if (bad < 0) return;
  } else if (!derive) return;
  const id = certificateResidentId(record.certificate_no);
  if (id === undefined) return;
  const certColumn = idx.stampColumn[idx.certSlot]!;
  if (bad >= 0) {
    const was = issues[bad]!;
    issues.splice(bad, 1);
    issues.push({ code: 'FLAT_ID_FROM_CERTIFICATE', column: was.column, key: 'resident_id', severity: 'warning', message: `公民身份号码“${String(was.from)}”无法读取（${was.code === 'FLAT_SCIENTIFIC_NOTATION' ? '电子表格的科学计数法' : '超出数值精度的数值'}），取残疾人证号的前 18 位 ${id}；请把该列设为文本后重新导出`, from: was.from, to: id });
  } else {
    issues.push({ code: 'FLAT_ID_FROM_CERTIFICATE', column: certColumn, key: 'resident_id', severity: 'info', message: `没有公民身份号码，取残疾人证号的前 18 位 ${id}`, from: record.certificate_no, to: id });
  }
  record.resident_id = id;
}

function readFlatRow(row: Readonly<Record<string, FlatCell | unknown[]>>, options: FlatRowOptions): FromFlatRowResult {
  if (!options.form && options.version !== undefined && !PERSON_FORM_VERSIONS.includes(options.version)) {
    return { record: {}, issues: [{ code: 'FLAT_VERSION_UNKNOWN', column: '', severity: 'error', message: `未知的登记表版本：${String(options.version)}` }] };
  }
  const form = options.form ?? personForm(options.version ?? '2017');
  const idx = headerIndex(form);
  const record: Record<string, unknown> = {};
  const issues: FlatIssue[] = [];
  if (row === null || typeof row !== 'object') {
    return { record, issues: [{ code: 'FLAT_NOT_OBJECT', column: '', severity: 'error', message: '行应为“表头 → 值”的对象' }] };
  }
  // A new stamp for this row: an item whose stamp is this one was already filled by an earlier column.
  const gen = idx.gen = idx.gen === 0x7fffffff ? 1 : idx.gen + 1;
  if (gen === 1) idx.stamp.fill(0);
  for (const column in row) {
    if (!Object.prototype.hasOwnProperty.call(row, column)) continue;
    const cell = row[column];
    const r = resolveHeader(idx, column);
    const item = r.item;
    if (typeof cell === 'string' && item && !r.issue) {
      // Canonical cells (codes, `1,3`, dates, IDs as written by machine exports): no issue to report.
      const plan = r.plan ?? idx.plan.get(item)!;
      if (cell.length === 0) continue;
      const v = fastCell(plan.fast, cell);
      if (v !== MISS) {
        if (idx.stamp[plan.slot] === gen) {
          issues.push({ code: 'FLAT_DUPLICATE_COLUMN', column, key: item.key, severity: 'error', message: `列“${column}”与列“${idx.stampColumn[plan.slot]}”都对应 ${item.code || item.key}，保留前者`, from: cell });
          continue;
        }
        idx.stamp[plan.slot] = gen;
        idx.stampColumn[plan.slot] = column;
        if (plan.ext) setExt(record, plan.ext, v);
        else record[item.key] = v;
        continue;
      }
    }
    let empty = cell === undefined || cell === null || (typeof cell === 'string' && cell.trim() === '');
    if (!empty && typeof cell === 'string' && isBlankMarker(cell.trim())) {
      empty = true;
      if (item) issues.push({ code: 'FLAT_BLANK_MARKER', column, key: item.key, severity: 'info', message: `“${cell.trim()}”是导出文件的空值标记，按未填写处理`, from: cell });
    }
    if (!item) {
      if (!empty) issues.push({ ...r.issue, column, from: cell });
      continue;
    }
    if (r.issue && !empty) issues.push({ ...r.issue, column });
    if (empty) continue;
    const plan = r.plan ?? idx.plan.get(item)!;
    if (idx.stamp[plan.slot] === gen) {
      issues.push({ code: 'FLAT_DUPLICATE_COLUMN', column, key: item.key, severity: 'error', message: `列“${column}”与列“${idx.stampColumn[plan.slot]}”都对应 ${item.code || item.key}，保留前者`, from: cell });
      continue;
    }
    idx.stamp[plan.slot] = gen;
    idx.stampColumn[plan.slot] = column;
    const res = readCell(item, form, cell as FlatCell | unknown[]);
    if (!res) continue;
    for (const i of res.issues) issues.push({ ...i, column, key: item.key });
    if (plan.ext) setExt(record, plan.ext, res.value);
    else record[item.key] = res.value;
  }
  if (options.idFromCertificate || issues.length > 0) identityFromCertificate(idx, gen, record, issues, options.idFromCertificate === true);
  return { record, issues };
}

/** Options of the flat-row reader: whether every row has the same columns in the same order (`fixedShape`, the fast path). */
export interface FlatRowReaderOptions extends FlatRowOptions {
  /**
   * Every column's key is in every record, `undefined` when its cell is blank (default false: the
   * keys `fromFlatRow` gives). All records of the file then share one object shape, which makes
   * reading and checking millions of them markedly faster; `validatePerson` and the rules of
   * `@canji/rules` treat an `undefined` value as unanswered. Rows that need normalising are read by
   * `fromFlatRow` and keep its keys.
   */
  fixedShape?: boolean;
}

/** A reader of one file's rows given as cells (see {@link flatRowReader}). */
export type FlatRowReader = (cells: readonly string[]) => FromFlatRowResult;

/**
 * A reader for rows given as cells in a fixed column order (one CSV file): the headers are
 * resolved once, and each row is read by column index by a function written for this header
 * (named property stores, the right cell reader called directly) without building a
 * `header → value` object. The result is the same as `fromFlatRow` on the row object made from
 * `headers` and `cells` (with `fixedShape`, plus the blank columns' keys as `undefined`). A `null`
 * header is a column to ignore. Returns `undefined` when a header is not a clean, distinct column
 * of the form (unknown, ambiguous, normalised or repeated): read those rows with `fromFlatRow`.
 *
 * @example
 * const read = flatRowReader(['r3', 'r22', null])!;
 * read(['1', '1,2', '备注']).record //=> { r3: 1, r22: [1, 2] }
 * read(['', '1.是', '']).record //=> { r22: [1] } (read by fromFlatRow: issue FLAT_CODE_WITH_LABEL)
 * flatRowReader(['r3', 'r22'], { fixedShape: true })!(['', '2']).record //=> { r3: undefined, r22: [2] }
 */
export function flatRowReader(headers: readonly (string | null)[], options: FlatRowReaderOptions = {}): FlatRowReader | undefined {
  if (!options.form && options.version !== undefined && !PERSON_FORM_VERSIONS.includes(options.version)) return undefined;
  const form = options.form ?? personForm(options.version ?? '2017');
  const idx = headerIndex(form);
  const cols: { at: number; key: string; plan: ItemPlan }[] = [];
  const slots = new Set<number>();
  for (let i = 0; i < headers.length; i++) {
    const column = headers[i];
    if (column === null || column === undefined) continue;
    const r = resolveHeader(idx, column);
    if (!r.item || r.issue) return undefined;
    const plan = r.plan ?? idx.plan.get(r.item)!;
    if (slots.has(plan.slot)) return undefined;
    slots.add(plan.slot);
    cols.push({ at: i, key: r.item.key, plan });
  }
  const { fixedShape = false } = options;
  const flatOptions: FlatRowOptions = {
    ...(options.form ? { form: options.form } : options.version ? { version: options.version } : {}),
    ...(options.idFromCertificate ? { idFromCertificate: true } : {}),
  };
  // A cell that needs normalising (or is not text): the whole row is read the general way (same result).
  const slow = (cells: readonly string[]): FromFlatRowResult => {
    const row: Record<string, string> = {};
    for (const { at } of cols) row[headers[at]!] = cells[at] ?? '';
    return fromFlatRow(row, flatOptions);
  };
  // The reader, written for this header: one object literal (one shape) or stores by name, and
  // the cell reader of each column called directly. Keys come from the form definition and are
  // embedded as JSON string literals.
  const kinds = [...new Set(cols.map((c) => c.plan.fast))];
  const lit = (k: string) => JSON.stringify(k);
  const plainKeys = [...new Set(cols.filter((c) => !c.plan.ext).map((c) => c.key))];
  const init = fixedShape ? `{ ${[...plainKeys.map((k) => `${lit(k)}: undefined`), ...(cols.some((c) => c.plan.ext) ? ['"ext": undefined'] : [])].join(', ')} }` : '{}';
  const body = cols
    .map(({ at, key, plan }, j) => {
      const store = plan.ext ? `setExt(o, ext${j}, x);` : `o[${lit(key)}] = x;`;
      return `v = c[${at}]; if (typeof v === 'string') { if (v.length !== 0) { x = read${plan.fast}(v); if (x === MISS) return slow(c); ${store} } } else if (v !== undefined) return slow(c);`;
    })
    .join('\n');
  const params = ['MISS', 'notCells', 'slow', 'setExt', ...kinds.map((k) => `read${k}`), ...cols.flatMap((c, j) => (c.plan.ext ? [`ext${j}`] : []))];
  const args = [MISS, notCells, slow, setExt, ...kinds.map((k) => FAST_READERS[k]), ...cols.flatMap((c) => (c.plan.ext ? [c.plan.ext] : []))];
  try {
    // eslint-disable-next-line @typescript-eslint/no-implied-eval
    const make = new Function(...params, `return function readCells(c) { if (!Array.isArray(c)) return notCells(); const o = ${init}; let v, x;\n${body}\nreturn { record: o, issues: [] }; };`) as (...a: unknown[]) => FlatRowReader;
    return withIdFromCertificate(make(...args), cols, headers, idx, options.idFromCertificate === true);
  } catch {
    // A page whose Content-Security-Policy forbids eval: the same reader as a loop.
    return withIdFromCertificate(loopReader(cols, fixedShape ? [...plainKeys, ...(cols.some((c) => c.plan.ext) ? ['ext'] : [])] : [], slow), cols, headers, idx, options.idFromCertificate === true);
  }
}

/**
 * With `idFromCertificate` and no resident ID column, the fast reader derives each record's ID
 * from its certificate number as `fromFlatRow` does (rows read by `fromFlatRow` already have it).
 */
function withIdFromCertificate(read: FlatRowReader, cols: readonly { at: number; key: string }[], headers: readonly (string | null)[], idx: HeaderIndex, derive: boolean): FlatRowReader {
  if (!derive || cols.some((c) => c.key === 'resident_id')) return read;
  const cert = cols.find((c) => c.key === 'certificate_no');
  if (!cert || idx.ridSlot < 0) return read;
  const column = headers[cert.at]!;
  return (cells) => {
    const r = read(cells);
    if (r.record.resident_id !== undefined) return r;
    const id = certificateResidentId(r.record.certificate_no);
    if (id === undefined) return r;
    r.record.resident_id = id;
    r.issues.push({ code: 'FLAT_ID_FROM_CERTIFICATE', column, key: 'resident_id', severity: 'info', message: `没有公民身份号码，取残疾人证号的前 18 位 ${id}`, from: r.record.certificate_no, to: id });
    return r;
  };
}

/** What a reader for cells returns for something that is not an array of cells. */
function notCells(): FromFlatRowResult {
  return { record: {}, issues: [{ code: 'FLAT_NOT_OBJECT', column: '', severity: 'error', message: '行应为单元格数组' }] };
}

/** {@link flatRowReader} without generated code (same records, slower). */
function loopReader(cols: readonly { at: number; key: string; plan: ItemPlan }[], fixedKeys: readonly string[], slow: FlatRowReader): FlatRowReader {
  return (cells) => {
    if (!Array.isArray(cells)) return notCells();
    const record: Record<string, unknown> = {};
    for (const k of fixedKeys) record[k] = undefined;
    for (const { at, key, plan } of cols) {
      const cell: unknown = cells[at];
      if (cell === undefined) continue;
      if (typeof cell !== 'string') return slow(cells);
      if (cell.length === 0) continue;
      const v = FAST_READERS[plan.fast](cell);
      if (v === MISS) return slow(cells);
      if (plan.ext) setExt(record, plan.ext, v);
      else record[key] = v;
    }
    return { record, issues: [] };
  };
}

/** Options of `toFlatRow`: the form, and whether headers are machine names (`r13`) or labels (`R13 受教育程度`). */
export interface ToFlatRowOptions extends FlatRowOptions {
  /** `machine` (default): `r13`; `label`: `R13 受教育程度`. */
  headers?: 'machine' | 'label';
}

function header(item: ItemDef, mode: 'machine' | 'label'): string {
  if (mode === 'machine') return item.key;
  return item.code ? `${item.code} ${item.label}` : item.label;
}

/**
 * The flat columns of a form, in form order.
 *
 * @example
 * flatColumns().slice(0, 3) //=> ['region_code', 'survey_year', 'reference_date']
 */
export function flatColumns(options: ToFlatRowOptions = {}): string[] {
  const form = options.form ?? personForm(options.version ?? '2017');
  return form.items.map((i) => header(i, options.headers ?? 'machine'));
}

function cellText(v: unknown): string {
  if (Array.isArray(v)) return v.map(String).join(',');
  if (v === undefined || v === null) return '';
  return String(v);
}

/**
 * Writes a person record as a flat row: machine column names (or `R13 受教育程度` headers), in form
 * order, multiple choices joined by `,`, extension items as `ext.<id>.<key>`. Only answered items
 * appear; keys the form does not know are kept at the end under their own name.
 * `fromFlatRow(toFlatRow(r))` gives `r` back, except free text that is only a blank marker
 * (`NULL`, `-` …), which reads back as unanswered (reported as `FLAT_BLANK_MARKER`).
 *
 * @example
 * toFlatRow({ r3: 1, r22: [1, 2] }) //=> { r3: '1', r22: '1,2' }
 */
export function toFlatRow(record: Readonly<Record<string, unknown>>, options: ToFlatRowOptions = {}): Record<string, string> {
  const form = options.form ?? personForm(options.version ?? '2017');
  const mode = options.headers ?? 'machine';
  const out: Record<string, string> = {};
  const known = new Set<string>();
  for (const item of form.items) {
    const parts = item.key.split('.');
    known.add(parts[0]!);
    const v = parts.length === 1 ? record[item.key] : (record.ext as Record<string, Record<string, unknown>> | undefined)?.[parts[1]!]?.[parts[2]!];
    if (v === undefined || v === null || v === '') continue;
    out[header(item, mode)] = cellText(v);
  }
  const ext = record.ext;
  if (ext && typeof ext === 'object' && !Array.isArray(ext)) {
    for (const [id, inner] of Object.entries(ext as Record<string, unknown>)) {
      if (!inner || typeof inner !== 'object') continue;
      for (const [k, v] of Object.entries(inner as Record<string, unknown>)) {
        const col = `ext.${id}.${k}`;
        if (v === undefined || v === null || v === '' || form.items.some((i) => i.key === col)) continue;
        out[col] = cellText(v);
      }
    }
  }
  for (const k of Object.keys(record)) {
    if (known.has(k) || k === 'ext' || record[k] === undefined) continue;
    out[k] = typeof record[k] === 'object' && !Array.isArray(record[k]) ? JSON.stringify(record[k]) : cellText(record[k]);
  }
  return out;
}

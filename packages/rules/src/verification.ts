/**
 * Verification of department discrepancies (对不一致的数据要再次核查): the lists sent to the
 * partner departments come back with a 核实结果 per row. This module is the pure part of that
 * loop — the answer vocabulary, the manifest a check run leaves beside the lists, validation of
 * the returned answers, closure figures, the corrections to apply and the items still open. No
 * file access: the CLI reads the returned spreadsheets and hands the rows here.
 */
import { z } from 'zod';
import { DEPARTMENT_IDS } from '@canji/form';
import type { DepartmentId } from './model.js';
import type { DiscrepancyCorrection } from './report.js';

/** The four answers a department may give, in the order of the drop-down. */
export const VERIFICATION_ANSWERS = ['以残联数据为准', '以部门数据为准', '双方均需更正', '无法核实'] as const;
/** One of {@link VERIFICATION_ANSWERS}. */
export type VerificationAnswer = (typeof VERIFICATION_ANSWERS)[number];

/**
 * The column headers of a department list, shared by the writer and the reader: the columns
 * canji fills, then the four the department fills.
 */
export const LIST_HEADERS = {
  id: '核查编号',
  township: '乡镇（街道）',
  village: '村（社区）',
  row: '原表行号',
  name: '姓名',
  residentId: '公民身份号码',
  item: '比对项目',
  recorded: '残联登记值',
  department: '部门数据值',
  rule: '不一致情况',
  answer: '核实结果',
  remark: '备注',
  person: '核实人',
  date: '核实日期',
} as const;

/** Columns canji fills whose edits are reported (by header: the entry's field). */
const SHOWN_FIELDS: Readonly<Record<string, 'name' | 'recordedLabel' | 'departmentLabel' | 'shownId'>> = {
  [LIST_HEADERS.name]: 'name',
  [LIST_HEADERS.residentId]: 'shownId',
  [LIST_HEADERS.recorded]: 'recordedLabel',
  [LIST_HEADERS.department]: 'departmentLabel',
};

/** Department names as they write them in "以…数据为准" (以公安数据为准 = 以部门数据为准). */
const DEPARTMENT_WORDS = ['部门', '公安', '民政', '教育', '人社', '社保', '医保', '住建', '卫健', '卫生', '扶贫', '乡村振兴', '学籍', '户籍'];
const FEDERATION_WORDS = ['残联', '残疾人联合会', '残疾人数据', '残联登记', '登记表'];

/** Text as typed: NFKC (full-width → half-width), spaces and trailing punctuation removed. */
function squash(text: string): string {
  return text.normalize('NFKC').replace(/[\s\u3000]+/g, '').replace(/[。．.，,；;！!、]+$/u, '');
}

/** The result of reading one answer cell. */
export type AnswerParse =
  | { ok: true; value: VerificationAnswer | undefined; normalized: boolean }
  | { ok: false; error: { code: 'VERIFY_INVALID_ANSWER'; message: string } };

/**
 * Reads a typed-in 核实结果: blank is "not answered"; one of the four answers as written; an
 * obvious variant (full-width letters, spaces, a final 。, `以残联为准`, `以公安数据为准`,
 * `不能核实` …) is read as the answer it means and `normalized: true` says so; anything else is
 * `VERIFY_INVALID_ANSWER`.
 *
 * @example
 * ```ts
 * parseVerificationAnswer(' 以部门数据为准 '); //=> { ok: true, value: '以部门数据为准', normalized: true }
 * parseVerificationAnswer('以公安数据为准'); //=> { ok: true, value: '以部门数据为准', normalized: true }
 * parseVerificationAnswer('同意').ok; //=> false
 * ```
 */
export function parseVerificationAnswer(raw: unknown): AnswerParse {
  if (raw === undefined || raw === null) return { ok: true, value: undefined, normalized: false };
  const text = typeof raw === 'string' ? raw : typeof raw === 'number' || typeof raw === 'boolean' ? String(raw) : '';
  if (typeof raw !== 'string' && typeof raw !== 'number' && typeof raw !== 'boolean') {
    return { ok: false, error: { code: 'VERIFY_INVALID_ANSWER', message: `核实结果无法读取，应为 ${VERIFICATION_ANSWERS.join('、')} 之一` } };
  }
  if (text.trim() === '') return { ok: true, value: undefined, normalized: text !== '' };
  if ((VERIFICATION_ANSWERS as readonly string[]).includes(text)) return { ok: true, value: text as VerificationAnswer, normalized: false };
  const s = squash(text).replace(/^'/, '');
  const found = (v: VerificationAnswer): AnswerParse => ({ ok: true, value: v, normalized: true });
  if ((VERIFICATION_ANSWERS as readonly string[]).includes(s)) return found(s as VerificationAnswer);
  const m = /^以?(.+?)(?:的)?(?:数据|记录|登记|信息)?(?:为准|正确)$/u.exec(s);
  if (m) {
    const who = m[1]!.replace(/部门$/u, '') || '部门';
    if (FEDERATION_WORDS.some((w) => who === w || who === w.replace(/数据$/u, ''))) return found('以残联数据为准');
    if (DEPARTMENT_WORDS.some((w) => who === w || who === `${w}部门`) || who === '部门') return found('以部门数据为准');
  }
  if (/^(双方|两方|双方数据|两边)(均|都)?(需|需要|要)?(更正|修改|修正)$/u.test(s) || /^(均|都)(需|需要)?(更正|修改)$/u.test(s)) return found('双方均需更正');
  if (/^(无法|不能|未能|无从)(核实|核查|确认|查实)$/u.test(s)) return found('无法核实');
  return {
    ok: false,
    error: { code: 'VERIFY_INVALID_ANSWER', message: `核实结果“${text}”不是可选的答复：应为 ${VERIFICATION_ANSWERS.join('、')} 之一（请从下拉列表中选择）` },
  };
}

/** The result of reading a 核实日期 cell. */
export type DateParse =
  | { ok: true; value: string | undefined; normalized: boolean }
  | { ok: false; error: { code: 'VERIFY_INVALID_DATE'; message: string } };

const pad = (n: number) => String(n).padStart(2, '0');
function isoOf(y: number, m: number, d: number): string | undefined {
  const t = new Date(Date.UTC(y, m - 1, d));
  return y >= 2000 && y <= 2100 && t.getUTCMonth() === m - 1 && t.getUTCDate() === d ? `${y}-${pad(m)}-${pad(d)}` : undefined;
}

/**
 * Reads a 核实日期: a date cell, an Excel serial number, or text `2024-05-06`, `2024/5/6`,
 * `2024.5.6`, `2024年5月6日`, `20240506` — as `YYYY-MM-DD` (`normalized` when it was not written
 * so). Years 2000–2100 only.
 *
 * @example
 * ```ts
 * parseVerificationDate('2024年5月6日'); //=> { ok: true, value: '2024-05-06', normalized: true }
 * parseVerificationDate('5月6日').ok; //=> false
 * ```
 */
export function parseVerificationDate(raw: unknown): DateParse {
  const bad = (shown: string): DateParse => ({ ok: false, error: { code: 'VERIFY_INVALID_DATE', message: `核实日期“${shown}”无法识别：请写成 2024-05-06 这样的日期` } });
  if (raw === undefined || raw === null) return { ok: true, value: undefined, normalized: false };
  if (raw instanceof Date) {
    if (Number.isNaN(raw.getTime())) return bad('无效日期');
    const v = isoOf(raw.getUTCFullYear(), raw.getUTCMonth() + 1, raw.getUTCDate());
    return v ? { ok: true, value: v, normalized: false } : bad(raw.toISOString().slice(0, 10));
  }
  if (typeof raw === 'number') {
    // An Excel serial day number (1900 date system): day 25569 is 1970-01-01.
    if (!Number.isInteger(raw) || raw < 36526 || raw > 73051) return bad(String(raw));
    const t = new Date((raw - 25569) * 86400000);
    return { ok: true, value: isoOf(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate())!, normalized: true };
  }
  if (typeof raw !== 'string') return bad(typeof raw === 'boolean' || typeof raw === 'bigint' ? String(raw) : '无法读取的单元格');
  if (raw.trim() === '') return { ok: true, value: undefined, normalized: false };
  const s = raw.normalize('NFKC').trim();
  const m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/u.exec(s) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(s);
  const v = m ? isoOf(Number(m[1]), Number(m[2]), Number(m[3])) : undefined;
  if (!v) return bad(raw);
  return { ok: true, value: v, normalized: v !== raw };
}

const correctionSchema = z.object({ item: z.string(), op: z.enum(['set', 'add', 'remove']), value: z.unknown(), label: z.string() });

/** One row of a list sent out, as the manifest keeps it. */
export const verificationEntrySchema = z.object({
  /** 核查编号: what a returned row is matched on. */
  id: z.string().min(1),
  ruleId: z.string(),
  ruleTitle: z.string(),
  item: z.string().optional(),
  itemTitle: z.string().optional(),
  field: z.string().optional(),
  townshipCode: z.string().optional(),
  townshipName: z.string().optional(),
  villageCode: z.string().optional(),
  villageName: z.string().optional(),
  /** Spreadsheet row of the record in the checked file, when known. */
  rowNumber: z.number().int().optional(),
  /** Position of the record in the checked file (0-based). */
  index: z.number().int().nonnegative(),
  name: z.string().optional(),
  /** The ID as the list shows it: masked unless the lists were written with full IDs. */
  shownId: z.string(),
  /** The full match key, only when the lists were written with full IDs. */
  key: z.string().optional(),
  recordedLabel: z.string(),
  departmentLabel: z.string(),
  recorded: z.unknown().optional(),
  departmentValue: z.unknown().optional(),
  correction: correctionSchema.optional(),
});
/** See {@link verificationEntrySchema}. */
export type VerificationEntry = z.infer<typeof verificationEntrySchema>;

/** One department's list as sent out. */
export const verificationListSchema = z.object({
  listId: z.string().min(1),
  department: z.enum(DEPARTMENT_IDS),
  departmentName: z.string(),
  /** File names (in the manifest's directory) and their SHA-256, as written. */
  files: z.array(z.object({ name: z.string(), sha256: z.string().regex(/^[0-9a-f]{64}$/) })),
  compared: z.number().int().nonnegative().optional(),
  agreed: z.number().int().nonnegative().optional(),
  agreementFindings: z.number().int().nonnegative().optional(),
  entries: z.array(verificationEntrySchema),
});
/** See {@link verificationListSchema}. */
export type VerificationList = z.infer<typeof verificationListSchema>;

/** The manifest a check run writes beside the department lists (`清单.json`). */
export const verificationManifestSchema = z.object({
  format: z.literal('canji-verification-manifest'),
  version: z.literal(1),
  createdAt: z.string(),
  /** The checked file (its name) and its SHA-256 when known. */
  source: z.object({ file: z.string(), sha256: z.string().optional() }),
  /** True when the lists hold full ID numbers (`--full-ids`). */
  fullIds: z.boolean(),
  lists: z.array(verificationListSchema),
});
/** See {@link verificationManifestSchema}. */
export type VerificationManifest = z.infer<typeof verificationManifestSchema>;

/**
 * Reads a manifest (parsed JSON): `{ ok: true, value }` or `VERIFY_MANIFEST_INVALID` with where.
 *
 * @example
 * ```ts
 * const m = parseVerificationManifest(JSON.parse(text));
 * if (m.ok) m.value.lists.map((l) => l.department);
 * ```
 */
export function parseVerificationManifest(data: unknown): { ok: true; value: VerificationManifest } | { ok: false; error: { code: 'VERIFY_MANIFEST_INVALID'; message: string } } {
  const r = verificationManifestSchema.safeParse(data);
  if (r.success) return { ok: true, value: r.data };
  const i = r.error.issues[0];
  return { ok: false, error: { code: 'VERIFY_MANIFEST_INVALID', message: `清单说明文件（清单.json）格式不对：${i ? `${i.path.join('.') || '（根）'}：${i.message}` : ''}` } };
}

/** Where a returned row was read. */
export interface ReturnedLocation {
  file: string;
  sheet?: string;
  /** Spreadsheet row (1-based) or CSV line. */
  row: number;
}

/** One row of a returned list, as read from the spreadsheet (values as in the cells). */
export interface ReturnedRow {
  /** 核查编号 as written (trimmed by the reader). */
  id: string;
  answer?: unknown;
  remark?: unknown;
  person?: unknown;
  date?: unknown;
  /** The department the returned file is for (from its manifest entry or file name), when known. */
  fileDepartment?: DepartmentId;
  location: ReturnedLocation;
  /** Cells of the columns canji wrote (姓名, 部门数据值 …) as returned, by header, to see edits. */
  shown?: Readonly<Record<string, string>>;
}

/** Stable codes of the findings on returned lists. */
export const VERIFICATION_FINDING_CODES = [
  'VERIFY_INVALID_ANSWER',
  'VERIFY_INVALID_DATE',
  'VERIFY_MISSING_DATE',
  'VERIFY_MISSING_PERSON',
  'VERIFY_UNKNOWN_ID',
  'VERIFY_DUPLICATE_ID',
  'VERIFY_OTHER_LIST',
  'VERIFY_ROW_WITHOUT_ID',
  'VERIFY_NOT_RETURNED',
  'VERIFY_LIST_NOT_RETURNED',
  'VERIFY_ANSWER_NORMALIZED',
  'VERIFY_DATE_NORMALIZED',
  'VERIFY_CELL_CHANGED',
  'VERIFY_EXTRA_COLUMN',
  'VERIFY_EXTRA_SHEET',
  'VERIFY_FORMULA_CELL',
  'VERIFY_MISSING_COLUMN',
  'VERIFY_DETAILS_WITHOUT_ANSWER',
  'VERIFY_ID_NORMALIZED',
  'VERIFY_NO_TABLE',
  'VERIFY_UNCHANGED_COPY',
] as const;
/** One of {@link VERIFICATION_FINDING_CODES}. */
export type VerificationFindingCode = (typeof VERIFICATION_FINDING_CODES)[number];

/**
 * Something found in a returned list: an `error` makes the answer unusable (the item stays open),
 * a `notice` says what canji read differently from what was written, or what it did not use.
 */
export interface VerificationFinding {
  code: VerificationFindingCode;
  severity: 'error' | 'notice';
  message: string;
  location?: ReturnedLocation;
  /** 核查编号 concerned. */
  id?: string;
}

/** Why an item is still open. */
export type OpenReason = '未答复' | '答复无效' | '无法核实' | '双方均需更正';

/** One item of a list and what became of it. */
export interface VerifiedItem {
  department: DepartmentId;
  listId: string;
  entry: VerificationEntry;
  answer?: VerificationAnswer;
  person?: string;
  date?: string;
  remark?: string;
  location?: ReturnedLocation;
  /** Set when the item is still open. */
  open?: OpenReason;
}

/** Closure of one department or township: items listed, answered (validly), by answer, open. */
export interface ClosureRow {
  department?: DepartmentId;
  departmentName?: string;
  townshipCode?: string;
  townshipName?: string;
  listed: number;
  answered: number;
  byAnswer: Record<VerificationAnswer, number>;
  invalid: number;
  unanswered: number;
  /** answered / listed (1 for an empty list). */
  rate: number;
  /** Items closed (以残联数据为准 or 以部门数据为准) / listed. */
  closedRate: number;
}

/** A correction to apply to the canji data (核实结果 以部门数据为准). */
export interface VerificationCorrection {
  department: DepartmentId;
  id: string;
  entry: VerificationEntry;
  /** Absent when the change must be worked out by hand (the department's value is in `entry.departmentLabel`). */
  correction?: DiscrepancyCorrection;
  person?: string;
  date?: string;
  remark?: string;
}

/** What the returned lists say, all together. */
export interface VerificationResult {
  items: VerifiedItem[];
  findings: VerificationFinding[];
  byDepartment: ClosureRow[];
  byTownship: ClosureRow[];
  total: ClosureRow;
  corrections: VerificationCorrection[];
  open: VerifiedItem[];
}

const text = (v: unknown): string | undefined => {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'object' && !(v instanceof Date)) return undefined;
  const s = (v instanceof Date ? (Number.isNaN(v.getTime()) ? '' : v.toISOString().slice(0, 10)) : typeof v === 'symbol' || typeof v === 'function' ? '' : String(v)).trim();
  return s === '' ? undefined : s;
};
const where = (l: ReturnedLocation) => `${l.file}${l.sheet ? `（工作表“${l.sheet}”）` : ''}第 ${l.row} 行`;

function emptyClosure(): ClosureRow {
  return { listed: 0, answered: 0, byAnswer: { 以残联数据为准: 0, 以部门数据为准: 0, 双方均需更正: 0, 无法核实: 0 }, invalid: 0, unanswered: 0, rate: 1, closedRate: 1 };
}
function tallyInto(c: ClosureRow, item: VerifiedItem): void {
  c.listed++;
  if (item.answer) {
    c.answered++;
    c.byAnswer[item.answer]++;
  } else if (item.open === '答复无效') c.invalid++;
  else c.unanswered++;
}
function finishClosure(c: ClosureRow): ClosureRow {
  c.rate = c.listed === 0 ? 1 : c.answered / c.listed;
  c.closedRate = c.listed === 0 ? 1 : (c.byAnswer.以残联数据为准 + c.byAnswer.以部门数据为准) / c.listed;
  return c;
}

/**
 * Matches the returned rows with the manifest's lists and validates each answer: every listed
 * item ends up answered or open (with the reason), every returned row is used or reported.
 * Errors (`VERIFY_INVALID_ANSWER`, `VERIFY_UNKNOWN_ID`, `VERIFY_DUPLICATE_ID`, a missing 核实人
 * or 核实日期 …) leave the item open; notices say what was read differently from what was written.
 *
 * @example
 * ```ts
 * const r = verifyReturnedLists(manifest, rows);
 * r.total.rate; //=> 0.97
 * r.corrections.map((c) => c.correction?.label); //=> ['R27 … 增加“最低生活保障（1）”', …]
 * ```
 */
export function verifyReturnedLists(manifest: VerificationManifest, rows: readonly ReturnedRow[], findings: VerificationFinding[] = []): VerificationResult {
  const out = findings.slice();
  const byId = new Map<string, { list: VerificationList; entry: VerificationEntry }>();
  for (const list of manifest.lists) for (const entry of list.entries) byId.set(entry.id, { list, entry });
  const seen = new Map<string, ReturnedLocation>();
  const answers = new Map<string, { row: ReturnedRow; answer?: VerificationAnswer; person?: string; date?: string; remark?: string; invalid: boolean }>();
  for (const row of rows) {
    const loc = row.location;
    if (row.id === '') {
      out.push({ code: 'VERIFY_ROW_WITHOUT_ID', severity: 'error', location: loc, message: `${where(loc)}没有核查编号，但填有内容：这一行不在发出的清单中，未使用（如是新增的情况，请另行报送）` });
      continue;
    }
    const hit = byId.get(row.id);
    if (!hit) {
      out.push({ code: 'VERIFY_UNKNOWN_ID', severity: 'error', location: loc, id: row.id, message: `${where(loc)}的核查编号“${row.id}”不在发出的清单中（可能被改动，或来自其他批次的清单），未使用` });
      continue;
    }
    if (row.fileDepartment && row.fileDepartment !== hit.list.department) {
      out.push({ code: 'VERIFY_OTHER_LIST', severity: 'notice', location: loc, id: row.id, message: `${where(loc)}的核查编号“${row.id}”属于${hit.list.departmentName}的清单，已按该清单计入` });
    }
    const first = seen.get(row.id);
    if (first) {
      out.push({ code: 'VERIFY_DUPLICATE_ID', severity: 'error', location: loc, id: row.id, message: `核查编号“${row.id}”出现了两次：${where(first)}和${where(loc)}；两处答复都未使用，请只保留一行` });
      const prev = answers.get(row.id);
      if (prev) prev.invalid = true;
      continue;
    }
    seen.set(row.id, loc);
    answers.set(row.id, validateRow(row, hit.entry, out));
  }
  const items: VerifiedItem[] = [];
  for (const list of manifest.lists) {
    let missing = 0;
    for (const entry of list.entries) {
      const a = answers.get(entry.id);
      const item: VerifiedItem = { department: list.department, listId: list.listId, entry };
      if (!a) {
        if (seen.has(entry.id)) item.open = '答复无效';
        else {
          item.open = '未答复';
          missing++;
        }
      } else {
        item.location = a.row.location;
        if (a.person) item.person = a.person;
        if (a.date) item.date = a.date;
        if (a.remark) item.remark = a.remark;
        if (a.invalid) item.open = '答复无效';
        else if (!a.answer) item.open = '未答复';
        else {
          item.answer = a.answer;
          if (a.answer === '无法核实' || a.answer === '双方均需更正') item.open = a.answer;
        }
      }
      items.push(item);
    }
    if (missing === list.entries.length && list.entries.length > 0) {
      out.push({ code: 'VERIFY_LIST_NOT_RETURNED', severity: 'notice', message: `${list.departmentName}的清单（${list.entries.length} 条）没有返回：全部记为未答复` });
    } else if (missing > 0) {
      out.push({ code: 'VERIFY_NOT_RETURNED', severity: 'notice', message: `${list.departmentName}的清单中有 ${missing} 条在返回的文件里找不到（行被删除？）：记为未答复` });
    }
  }
  return summarize(manifest, items, out);
}

/** Validates one returned row against its entry; adds findings to `out`. */
function validateRow(row: ReturnedRow, entry: VerificationEntry, out: VerificationFinding[]) {
  const loc = row.location;
  const result: { row: ReturnedRow; answer?: VerificationAnswer; person?: string; date?: string; remark?: string; invalid: boolean } = { row, invalid: false };
  const remark = text(row.remark);
  const person = text(row.person);
  if (remark) result.remark = remark;
  if (person) result.person = person;
  for (const [header, value] of Object.entries(row.shown ?? {})) {
    const field = SHOWN_FIELDS[header];
    const was = field ? entry[field] : undefined;
    const plain = (x: string) => x.replace(/^'/, '').trim();
    if (field && was !== undefined && plain(value) !== plain(was)) {
      out.push({ code: 'VERIFY_CELL_CHANGED', severity: 'notice', location: loc, id: row.id, message: `${where(loc)}：“${header}”被改动（发出时为“${was}”，返回为“${value}”）；改动未使用，更正以发出的清单和核实结果为准，如部门数据有变请写在备注` });
    }
  }
  const a = parseVerificationAnswer(row.answer);
  if (!a.ok) {
    out.push({ code: a.error.code, severity: 'error', location: loc, id: row.id, message: `${where(loc)}：${a.error.message}` });
    result.invalid = true;
  } else if (a.value) {
    result.answer = a.value;
    if (a.normalized) out.push({ code: 'VERIFY_ANSWER_NORMALIZED', severity: 'notice', location: loc, id: row.id, message: `${where(loc)}：核实结果“${String(row.answer)}”按“${a.value}”读取` });
  }
  const d = parseVerificationDate(row.date);
  if (!d.ok) {
    out.push({ code: d.error.code, severity: 'error', location: loc, id: row.id, message: `${where(loc)}：${d.error.message}` });
    if (result.answer) result.invalid = true;
  } else if (d.value) {
    result.date = d.value;
    if (d.normalized && typeof row.date === 'string') out.push({ code: 'VERIFY_DATE_NORMALIZED', severity: 'notice', location: loc, id: row.id, message: `${where(loc)}：核实日期“${row.date}”按 ${d.value} 读取` });
  }
  if (result.answer) {
    if (!person) {
      out.push({ code: 'VERIFY_MISSING_PERSON', severity: 'error', location: loc, id: row.id, message: `${where(loc)}：已填核实结果，但没有填核实人` });
      result.invalid = true;
    }
    if (d.ok && !d.value) {
      out.push({ code: 'VERIFY_MISSING_DATE', severity: 'error', location: loc, id: row.id, message: `${where(loc)}：已填核实结果，但没有填核实日期` });
      result.invalid = true;
    }
  } else if (a.ok && (person || remark || (d.ok && d.value))) {
    out.push({ code: 'VERIFY_DETAILS_WITHOUT_ANSWER', severity: 'notice', location: loc, id: row.id, message: `${where(loc)}：填了核实人、日期或备注，但没有选核实结果：记为未答复` });
  }
  return result;
}

function summarize(manifest: VerificationManifest, items: VerifiedItem[], findings: VerificationFinding[]): VerificationResult {
  const byDept = new Map<DepartmentId, ClosureRow>();
  const byTown = new Map<string, ClosureRow>();
  const total = emptyClosure();
  for (const list of manifest.lists) byDept.set(list.department, { ...emptyClosure(), department: list.department, departmentName: list.departmentName });
  for (const item of items) {
    tallyInto(byDept.get(item.department)!, item);
    tallyInto(total, item);
    const code = item.entry.townshipCode ?? '';
    let t = byTown.get(code);
    if (!t) {
      byTown.set(code, (t = { ...emptyClosure(), ...(code ? { townshipCode: code } : {}), townshipName: item.entry.townshipName ?? (code || '（地区不详）') }));
    }
    tallyInto(t, item);
  }
  const corrections: VerificationCorrection[] = [];
  for (const item of items) {
    if (item.answer !== '以部门数据为准') continue;
    const c: VerificationCorrection = { department: item.department, id: item.entry.id, entry: item.entry };
    if (item.entry.correction) c.correction = item.entry.correction as DiscrepancyCorrection;
    if (item.person) c.person = item.person;
    if (item.date) c.date = item.date;
    if (item.remark) c.remark = item.remark;
    corrections.push(c);
  }
  return {
    items,
    findings,
    byDepartment: [...byDept.values()].map(finishClosure),
    byTownship: [...byTown.values()].sort((a, b) => (a.townshipCode ?? '').localeCompare(b.townshipCode ?? '')).map(finishClosure),
    total: finishClosure(total),
    corrections,
    open: items.filter((i) => i.open !== undefined),
  };
}

/** The open items of a verification as a later round reads them (`未结事项.json`). */
export const openItemsFileSchema = z.object({
  format: z.literal('canji-open-items'),
  version: z.literal(1),
  /** The manifest's `createdAt` and source file: the round these items come from. */
  round: z.object({ createdAt: z.string(), sourceFile: z.string() }),
  items: z.array(
    z.object({
      id: z.string(),
      department: z.enum(DEPARTMENT_IDS),
      ruleId: z.string(),
      reason: z.enum(['未答复', '答复无效', '无法核实', '双方均需更正']),
      townshipName: z.string().optional(),
      villageName: z.string().optional(),
      name: z.string().optional(),
      shownId: z.string(),
      rowNumber: z.number().int().optional(),
      remark: z.string().optional(),
    }),
  ),
});
/** See {@link openItemsFileSchema}. */
export type OpenItemsFile = z.infer<typeof openItemsFileSchema>;

/**
 * Reads an open-items file of an earlier round (parsed JSON): `{ ok: true, value }` or
 * `VERIFY_OPEN_ITEMS_INVALID`.
 *
 * @example
 * ```ts
 * const prev = parseOpenItemsFile(JSON.parse(text));
 * if (prev.ok) prev.value.items.filter((i) => i.reason === '无法核实').length;
 * ```
 */
export function parseOpenItemsFile(data: unknown): { ok: true; value: OpenItemsFile } | { ok: false; error: { code: 'VERIFY_OPEN_ITEMS_INVALID'; message: string } } {
  const r = openItemsFileSchema.safeParse(data);
  if (r.success) return { ok: true, value: r.data };
  const i = r.error.issues[0];
  return { ok: false, error: { code: 'VERIFY_OPEN_ITEMS_INVALID', message: `未结事项文件格式不对：${i ? `${i.path.join('.') || '（根）'}：${i.message}` : ''}` } };
}

/**
 * The open items to carry into the next round: unanswered, invalid, 无法核实 and 双方均需更正.
 * A later run matches them with its own discrepancies by department, rule, shown ID and name.
 *
 * @example
 * ```ts
 * openItemsFile(manifest, result).items.length; //=> result.open.length
 * ```
 */
export function openItemsFile(manifest: VerificationManifest, result: VerificationResult): OpenItemsFile {
  return {
    format: 'canji-open-items',
    version: 1,
    round: { createdAt: manifest.createdAt, sourceFile: manifest.source.file },
    items: result.open.map((i) => ({
      id: i.entry.id,
      department: i.department,
      ruleId: i.entry.ruleId,
      reason: i.open!,
      ...(i.entry.townshipName ? { townshipName: i.entry.townshipName } : {}),
      ...(i.entry.villageName ? { villageName: i.entry.villageName } : {}),
      ...(i.entry.name ? { name: i.entry.name } : {}),
      shownId: i.entry.shownId,
      ...(i.entry.rowNumber !== undefined ? { rowNumber: i.entry.rowNumber } : {}),
      ...(i.remark ? { remark: i.remark } : {}),
    })),
  };
}

/**
 * The verification status a check report prints (`核实状态.json`, written by `canji verify`): per
 * department, the items sent, validly answered, by answer and still open. Counts only — no name
 * or identifier — so the file may travel with the report.
 */
export const verificationStatusFileSchema = z.object({
  format: z.literal('canji-verification-status'),
  version: z.literal(1),
  /** The round the lists came from: the manifest's `createdAt` and checked file. */
  round: z.object({ createdAt: z.string(), sourceFile: z.string(), sha256: z.string().optional() }),
  readOn: z.string().optional(),
  files: z.array(z.string()).optional(),
  departments: z.array(
    z.object({
      department: z.enum(DEPARTMENT_IDS),
      sent: z.number().int().nonnegative(),
      answered: z.number().int().nonnegative(),
      byResult: z.record(z.string(), z.number().int().nonnegative()),
      open: z.number().int().nonnegative(),
    }),
  ),
});
/** See {@link verificationStatusFileSchema}. */
export type VerificationStatusFile = z.infer<typeof verificationStatusFileSchema>;

/**
 * The verification status of one verification, for the report (`ValidationReport.verification`)
 * and for `核实状态.json`. `open` counts what {@link verifyReturnedLists} leaves open (unanswered,
 * invalid, 无法核实, 双方均需更正), so sent − open is what was closed.
 *
 * @example
 * ```ts
 * const s = verificationStatus(manifest, verifyReturnedLists(manifest, rows), { readOn: '2024-07-15', files: ['教育部门待核实清单.xlsx'] });
 * s.departments[0]; //=> { department: 'education', sent: 33, answered: 30, byResult: { 以残联数据为准: 20, … }, open: 3 }
 * ```
 */
export function verificationStatus(manifest: VerificationManifest, result: VerificationResult, o: { readOn?: string; files?: string[] } = {}): VerificationStatusFile {
  const open = new Map<DepartmentId, number>();
  for (const i of result.open) open.set(i.department, (open.get(i.department) ?? 0) + 1);
  return {
    format: 'canji-verification-status',
    version: 1,
    round: { createdAt: manifest.createdAt, sourceFile: manifest.source.file, ...(manifest.source.sha256 ? { sha256: manifest.source.sha256 } : {}) },
    ...(o.readOn ? { readOn: o.readOn } : {}),
    ...(o.files ? { files: o.files } : {}),
    departments: result.byDepartment
      .filter((c): c is ClosureRow & { department: DepartmentId } => c.department !== undefined)
      .map((c) => ({ department: c.department, sent: c.listed, answered: c.answered, byResult: { ...c.byAnswer }, open: open.get(c.department) ?? 0 })),
  };
}

/**
 * Reads a `核实状态.json` (parsed JSON): `{ ok: true, value }` or `VERIFY_STATUS_INVALID` with where.
 *
 * @example
 * ```ts
 * const s = parseVerificationStatus(JSON.parse(text));
 * if (s.ok) report.verification = { departments: s.value.departments };
 * ```
 */
export function parseVerificationStatus(data: unknown): { ok: true; value: VerificationStatusFile } | { ok: false; error: { code: 'VERIFY_STATUS_INVALID'; message: string } } {
  const r = verificationStatusFileSchema.safeParse(data);
  if (r.success) return { ok: true, value: r.data };
  const i = r.error.issues[0];
  return { ok: false, error: { code: 'VERIFY_STATUS_INVALID', message: `核实状态文件格式不对（应为 canji verify 写出的 核实状态.json）：${i ? `${i.path.join('.') || '（根）'}：${i.message}` : ''}` } };
}

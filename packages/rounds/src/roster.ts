/**
 * The certificate roster (底册): the certificate system's list of disability certificates, the
 * base every round of the dynamic update is checked against for completeness (who holds a valid
 * certificate and was not updated; who is in the batch without one). This package owns its layout.
 *
 * PROVISIONAL: no official export format of the certificate system (智能化残疾人证系统, D6) was
 * found. The columns and the status and cancel-reason code lists are this project's design: the
 * certificate number is the 20-digit code of the second-generation certificate (D14), a certificate
 * is valid for 10 years (D13), and a certificate ends by cancellation (death, moving out, other) or
 * expiry — the status values a roster must at least tell apart for the reconciliation.
 */
import {
  DISABILITY_CATEGORIES,
  DISABILITY_LEVELS,
  parseDisabilityCertificateNo,
} from '@canji/id';
import {
  defineExtractDepartment,
  parseExtractRow,
  type ExtractCodeList,
  type ExtractIssue,
  type ExtractIssueCode,
  type ExtractIssueSeverity,
  type ExtractRecord,
} from '@canji/form';
import { normalizeRegionCode } from '@canji/regions';

/**
 * Certificate status (证件状态) in the roster. PROVISIONAL: codes and labels are this project's
 * choice (no official format found); `9 其他` is any status that is not a valid certificate.
 *
 * @example
 * ```ts
 * import { ROSTER_STATUSES } from '@canji/rounds';
 * ROSTER_STATUSES.codes.map((c) => c.label); //=> ['有效', '注销', '过期', '其他（非有效）']
 * ROSTER_STATUSES.provisional; //=> true
 * ```
 */
export const ROSTER_STATUSES = {
  id: 'roster-status',
  label: '证件状态',
  provisional: true,
  basis: '本项目拟定：未见残疾人证系统底册的官方导出格式；残疾人证有效期 10 年（D13），证件因死亡、迁出等注销或到期失效',
  codes: [
    { code: 1, label: '有效', aliases: ['正常', '在用', '有效期内', '持证'] },
    { code: 2, label: '注销', aliases: ['已注销', '注销证件', '收回'] },
    { code: 3, label: '过期', aliases: ['已过期', '失效', '到期', '超期'] },
    { code: 9, label: '其他（非有效）', aliases: ['其他', '挂失', '冻结', '待换领', '暂停'] },
  ],
} as const satisfies ExtractCodeList<number>;

/**
 * Why a certificate was cancelled (注销原因). PROVISIONAL, like {@link ROSTER_STATUSES}.
 *
 * @example
 * ```ts
 * import { ROSTER_CANCEL_REASONS } from '@canji/rounds';
 * ROSTER_CANCEL_REASONS.codes.map((c) => `${c.code} ${c.label}`); //=> ['1 死亡', '2 迁出', '9 其他']
 * ```
 */
export const ROSTER_CANCEL_REASONS = {
  id: 'roster-cancel-reason',
  label: '注销原因',
  provisional: true,
  basis: '本项目拟定：未见官方代码；死亡与迁出是动态更新区分退出原因所需的两类，其余归“其他”',
  codes: [
    { code: 1, label: '死亡', aliases: ['已死亡', '死亡注销', '去世'] },
    { code: 2, label: '迁出', aliases: ['已迁出', '迁出注销', '户口迁出', '转出', '外迁'] },
    { code: 9, label: '其他', aliases: ['其他原因', '本人申请', '不再符合条件', '重新评定'] },
  ],
} as const satisfies ExtractCodeList<number>;

/** 残疾类别 1–7 with the names of @canji/id (`DISABILITY_CATEGORIES`), short names as aliases. */
const CATEGORY_CODES = {
  id: 'roster-disability-category',
  label: '残疾类别',
  provisional: false,
  basis: 'GB/T 26341-2010（D11）；证号第19位（D14）；名称取自 @canji/id 的 DISABILITY_CATEGORIES',
  codes: DISABILITY_CATEGORIES.map((c) => ({ code: c.code, label: c.label, aliases: [c.short] })),
} satisfies ExtractCodeList<number>;

/** 残疾等级 1–4 (一级 … 四级) of @canji/id (`DISABILITY_LEVELS`). */
const LEVEL_CODES = {
  id: 'roster-disability-level',
  label: '残疾等级',
  provisional: false,
  basis: 'GB/T 26341-2010（D11）；证号第20位（D14）；名称取自 @canji/id 的 DISABILITY_LEVELS',
  codes: DISABILITY_LEVELS.map((l) => ({ code: l.code, label: l.label, aliases: [`${l.code}级`] })),
} satisfies ExtractCodeList<number>;

/**
 * The roster layout as an extract descriptor of `@canji/form` (`defineExtractDepartment`): column
 * names, Chinese headers and aliases, types, code lists, and the zod schema derived from them.
 * `parseRosterRow` reads rows with it. PROVISIONAL (see the module comment).
 *
 * @example
 * ```ts
 * import { certificateRoster } from '@canji/rounds';
 * certificateRoster.fields.map((f) => f.key);
 * //=> ['resident_id', 'certificate_no', 'name', 'region_code', 'disability_category', 'disability_level',
 * //    'status', 'issued_on', 'valid_until', 'cancel_reason', 'cancelled_on']
 * certificateRoster.provisional; //=> true
 * ```
 */
export const certificateRoster = defineExtractDepartment({
  id: 'certificate-roster',
  name: '残疾人证管理（残联）',
  extractName: '残疾人证底册',
  description:
    '残疾人证系统中的持证人名册，作为动态更新的底册：有效持证人应在本轮更新，本轮记录应有有效证件。字段和代码为本项目拟定，未见官方导出格式（临时）。',
  provisional: true,
  fields: [
    {
      key: 'resident_id',
      label: '身份证号',
      aliases: ['身份证号码', '公民身份号码', '公民身份证号码', '身份证', '证件号码', '持证人身份证号', 'id_card', 'idcard', 'sfzh', 'zjhm'],
      type: 'resident-id',
      required: true,
      description: '比对键：持证人的公民身份号码；15 位旧号升为 18 位，小写 x、全角数字规范化',
    },
    {
      key: 'certificate_no',
      label: '残疾人证号',
      aliases: ['残疾证号', '残疾人证号码', '证号', '残疾证号码', 'cert_no', 'certificate', 'czh', 'cjzh'],
      type: 'text',
      required: false,
      description: '20 位证号（18 位身份证号 + 类别 + 等级），补发证另加 B1–B9（D14）；须与身份证号一致',
    },
    { key: 'name', label: '姓名', aliases: ['持证人姓名', '持证人', '名字', 'xm'], type: 'text', required: false, description: '持证人姓名' },
    {
      key: 'region_code',
      label: '区划代码',
      aliases: ['行政区划代码', '所属区划', '区划', '户籍地区划代码', '地区代码', 'region', 'xzqh', 'qhdm'],
      type: 'text',
      required: false,
      description: '持证人所属区划：12 位统计用区划代码，或县（6 位）、乡（9 位）一级的前缀；规范为最短形式',
    },
    { key: 'disability_category', label: '残疾类别', aliases: ['类别', '残疾类型', 'cjlb'], type: 'code', required: false, codes: CATEGORY_CODES, description: '残疾类别 1–7；有证号时须与证号第19位一致' },
    { key: 'disability_level', label: '残疾等级', aliases: ['等级', '残疾级别', 'cjdj'], type: 'code', required: false, codes: LEVEL_CODES, description: '残疾等级 1–4；有证号时须与证号第20位一致' },
    {
      key: 'status',
      label: '证件状态',
      aliases: ['状态', '持证状态', '证状态', '残疾证状态', 'zt'],
      type: 'code',
      required: false,
      codes: ROSTER_STATUSES,
      description: '有效、注销、过期或其他（临时代码）；不填时按有效读（底册即有效证件名册），有效期已过者仍按过期处理',
    },
    { key: 'issued_on', label: '发证日期', aliases: ['办证日期', '发证时间', '首次发证日期', 'fzrq'], type: 'date', required: false, description: '（最近一次）发证日期' },
    { key: 'valid_until', label: '有效期至', aliases: ['有效期', '有效期截止', '有效截止日期', '到期日期', 'yxq'], type: 'date', required: false, description: '证件有效期的最后一天（残疾人证有效期 10 年，D13）' },
    { key: 'cancel_reason', label: '注销原因', aliases: ['注销类型', '注销原因类别', 'zxyy'], type: 'code', required: false, codes: ROSTER_CANCEL_REASONS, description: '死亡、迁出或其他（临时代码）；只在状态为注销时填写' },
    { key: 'cancelled_on', label: '注销日期', aliases: ['注销时间', 'zxrq'], type: 'date', required: false, description: '证件注销日期' },
  ],
});

/** A normalised roster record (keys are the machine column names). */
export type RosterRecord = ExtractRecord<typeof certificateRoster>;

/** Stable codes of the roster-specific checks of `parseRosterRow`, with their severity. */
export const ROSTER_ISSUE_CODES = {
  /** error: `certificate_no` is not a valid certificate number (`detail` = the @canji/id code). */
  ROSTER_INVALID_CERTIFICATE: 'error',
  /** error: the first 18 characters of the certificate number are not the row's ID number. */
  ROSTER_CERTIFICATE_ID_MISMATCH: 'error',
  /** error: `region_code` is not a region code (2, 4, 6, 9 or 12 digits). */
  ROSTER_INVALID_REGION: 'error',
  /** warning: the category or level column disagrees with the certificate number's digits. */
  ROSTER_CERTIFICATE_DISAGREES: 'warning',
  /** warning: the certificate is valid until a day before it was issued. */
  ROSTER_DATES_ORDER: 'warning',
  /** warning: a cancel reason or date on a certificate whose status is not 注销. */
  ROSTER_CANCEL_WITHOUT_STATUS: 'warning',
  /** info: status 有效 (or none) but the certificate's `valid_until` is before `asOf`: it counts as expired. */
  ROSTER_EXPIRED_BY_DATE: 'info',
  /** info: `region_code` was normalised (zero-padded code shortened, full-width digits). */
  ROSTER_REGION_NORMALISED: 'info',
  /** info: `certificate_no` was normalised (blanks, full-width, lower-case `x`, `b1`). */
  ROSTER_CERTIFICATE_NORMALISED: 'info',
} as const;

export type RosterIssueCode = keyof typeof ROSTER_ISSUE_CODES;

/** One problem or normalisation found in a roster row: an extract issue of `@canji/form` or a roster check. */
export interface RosterIssue extends Omit<ExtractIssue, 'code'> {
  readonly code: ExtractIssueCode | RosterIssueCode;
  readonly severity: ExtractIssueSeverity;
}

/** Options of {@link parseRosterRow}. */
export interface ParseRosterRowOptions {
  /** Reference date (ID checks; `valid_until` before it is reported as expired). No clock is read. */
  asOf?: string;
  /** Report header aliases on every row (default `true`). */
  headerIssues?: boolean;
}

/** The outcome of reading one roster row; `ok` is false when any issue is an `error`. */
export type RosterRowResult =
  | { ok: true; record: RosterRecord; extra: Record<string, unknown>; issues: RosterIssue[] }
  | { ok: false; record: Partial<RosterRecord>; extra: Record<string, unknown>; issues: RosterIssue[] };

function rosterIssue(code: RosterIssueCode, message: string, extra?: Omit<RosterIssue, 'code' | 'severity' | 'message'>): RosterIssue {
  return { code, severity: ROSTER_ISSUE_CODES[code], message, ...extra };
}

/**
 * Reads one row of the certificate roster (底册) — machine or Chinese headers, loose cells (15-digit
 * IDs upgraded, lower-case `x`, full-width digits, `有效`/`已注销`/`1`, `2023年1月5日`, `肢体`/`二级`,
 * zero-padded region codes) — into a {@link RosterRecord}. Beyond the extract reading of
 * `@canji/form` (`parseExtractRow`), it checks the certificate number against the ID number and the
 * category/level columns, normalises the region code and reports an expired `valid_until`. Every
 * problem has a stable code and a zh-CN message; never throws, for any JavaScript value.
 *
 * @summary Read one certificate-roster row
 * @example
 * ```ts
 * import { parseRosterRow } from '@canji/rounds';
 * const r = parseRosterRow({ 身份证号: '110105491231002', 残疾人证号: '11010519491231002x42', 证件状态: '已注销', 注销原因: '死亡', 区划代码: '110105000000' });
 * r.ok; //=> true
 * r.record;
 * //=> { resident_id: '11010519491231002X', certificate_no: '11010519491231002X42', status: 2, cancel_reason: 1, region_code: '110105' }
 * ```
 */
export function parseRosterRow(row: unknown, opts: ParseRosterRowOptions = {}): RosterRowResult {
  const base = parseExtractRow(certificateRoster, row, {
    ...(opts.asOf !== undefined ? { asOf: opts.asOf } : {}),
    ...(opts.headerIssues !== undefined ? { headerIssues: opts.headerIssues } : {}),
  });
  const record = base.record as Partial<RosterRecord> & Record<string, unknown>;
  const issues: RosterIssue[] = [...base.issues];
  checkCertificate(record, issues);
  checkRegion(record, issues);
  checkDates(record, issues, opts.asOf);
  const ok = !issues.some((i) => i.severity === 'error');
  return ok ? { ok: true, record: record as RosterRecord, extra: base.extra, issues } : { ok: false, record, extra: base.extra, issues };
}

function checkCertificate(record: Partial<RosterRecord> & Record<string, unknown>, issues: RosterIssue[]): void {
  const raw = record.certificate_no;
  if (raw === undefined) return;
  const parsed = parseDisabilityCertificateNo(raw, { allowUnknownLevel: true });
  if (!parsed.ok) {
    delete record.certificate_no;
    issues.push(rosterIssue('ROSTER_INVALID_CERTIFICATE', `“残疾人证号”的值“${shown(raw)}”不是有效的残疾人证号：${parsed.error.message}`, { field: 'certificate_no', value: raw, detail: parsed.error.code }));
    return;
  }
  const cert = parsed.value;
  if (cert.certificateNo !== raw) {
    record.certificate_no = cert.certificateNo;
    issues.push(rosterIssue('ROSTER_CERTIFICATE_NORMALISED', `“残疾人证号”“${shown(raw)}”规范为“${cert.certificateNo}”`, { field: 'certificate_no', value: raw, normalised: cert.certificateNo }));
  }
  if (record.resident_id !== undefined && cert.residentId.id !== record.resident_id) {
    issues.push(
      rosterIssue('ROSTER_CERTIFICATE_ID_MISMATCH', `残疾人证号前18位“${cert.residentId.id}”与身份证号“${String(record.resident_id)}”不一致`, {
        field: 'certificate_no',
        value: cert.certificateNo,
      }),
    );
  }
  if (record.disability_category !== undefined && record.disability_category !== cert.category) {
    issues.push(rosterIssue('ROSTER_CERTIFICATE_DISAGREES', `残疾类别“${String(record.disability_category)}”与证号第19位“${cert.category}”（${cert.categoryName}）不一致`, { field: 'disability_category', value: record.disability_category, normalised: cert.category }));
  }
  if (record.disability_level !== undefined && typeof cert.level === 'number' && record.disability_level !== cert.level) {
    issues.push(rosterIssue('ROSTER_CERTIFICATE_DISAGREES', `残疾等级“${String(record.disability_level)}”与证号第20位“${cert.level}”不一致`, { field: 'disability_level', value: record.disability_level, normalised: cert.level }));
  }
}

function checkRegion(record: Partial<RosterRecord> & Record<string, unknown>, issues: RosterIssue[]): void {
  const raw = record.region_code;
  if (raw === undefined) return;
  const code = normalizeRegionCode(raw);
  if (code === undefined) {
    delete record.region_code;
    issues.push(rosterIssue('ROSTER_INVALID_REGION', `“区划代码”的值“${shown(raw)}”不是区划代码（应为 2、4、6、9 或 12 位数字）`, { field: 'region_code', value: raw }));
  } else if (code !== raw) {
    record.region_code = code;
    issues.push(rosterIssue('ROSTER_REGION_NORMALISED', `“区划代码”“${shown(raw)}”规范为“${code}”`, { field: 'region_code', value: raw, normalised: code }));
  }
}

function checkDates(record: Partial<RosterRecord>, issues: RosterIssue[], asOf: string | undefined): void {
  if (record.issued_on !== undefined && record.valid_until !== undefined && record.valid_until < record.issued_on) {
    issues.push(rosterIssue('ROSTER_DATES_ORDER', `有效期至 ${record.valid_until} 早于发证日期 ${record.issued_on}`, { field: 'valid_until', value: record.valid_until }));
  }
  if ((record.cancel_reason !== undefined || record.cancelled_on !== undefined) && record.status !== undefined && record.status !== 2) {
    issues.push(rosterIssue('ROSTER_CANCEL_WITHOUT_STATUS', `填写了注销原因或注销日期，但证件状态不是“注销”（${String(record.status)}）`, { field: 'status', value: record.status }));
  }
  if (asOf !== undefined && (record.status === undefined || record.status === 1) && record.valid_until !== undefined && record.valid_until < asOf.slice(0, 10)) {
    issues.push(rosterIssue('ROSTER_EXPIRED_BY_DATE', `证件有效期至 ${record.valid_until}，早于参考日期 ${asOf.slice(0, 10)}，按过期处理`, { field: 'valid_until', value: record.valid_until }));
  }
}

function shown(raw: unknown): string {
  const s = typeof raw === 'string' ? raw : String(raw);
  return s.length > 40 ? `${s.slice(0, 39)}…` : s;
}

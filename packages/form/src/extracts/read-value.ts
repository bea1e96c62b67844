/**
 * Readers for extract cell values: each turns one loose spelling (what a department's spreadsheet
 * holds) into the typed value of its field, or says why it cannot. Whether a reading changed the
 * spelling is decided by the caller (`String(raw) !== String(value)`), so every normalisation is
 * reported in one place.
 */
import type { ExtractCodeList, ExtractField } from './types.js';
import { EXTRACT_YES_NO } from './codes.js';

export type Reading<T> = { ok: true; value: T } | { ok: false; unknownCode?: boolean };

const FAIL: Reading<never> = { ok: false };

/** Full-width ASCII (U+FF01–U+FF5E) and the ideographic space to their ASCII forms. */
export function toHalfWidth(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xff01 && c <= 0xff5e) out += String.fromCharCode(c - 0xfee0);
    else if (c === 0x3000) out += ' ';
    else out += s[i];
  }
  return out;
}

/** The form in which headers and code labels are compared: half-width, no blanks, upper case. */
export function matchForm(s: string): string {
  return toHalfWidth(s).replace(/[\s*]+/g, '').replace(/[（]/g, '(').replace(/[）]/g, ')').toUpperCase();
}

/** A cell that holds nothing: absent, null, or only blanks. */
export function isBlank(raw: unknown): boolean {
  return raw === undefined || raw === null || (typeof raw === 'string' && toHalfWidth(raw).trim() === '');
}

const codeIndexes = new WeakMap<ExtractCodeList, Map<string, number | string>>();

function codeIndex(list: ExtractCodeList): Map<string, number | string> {
  let index = codeIndexes.get(list);
  if (!index) {
    index = new Map();
    for (const c of list.codes) {
      index.set(matchForm(String(c.code)), c.code);
      index.set(matchForm(c.label), c.code);
      for (const a of c.aliases ?? []) index.set(matchForm(a), c.code);
    }
    codeIndexes.set(list, index);
  }
  return index;
}

function labelMatches(list: ExtractCodeList, code: number | string, label: string): boolean {
  const entry = list.codes.find((c) => c.code === code);
  if (!entry) return false;
  const m = matchForm(label);
  return m === matchForm(entry.label) || (entry.aliases ?? []).some((a) => matchForm(a) === m);
}

// "1.低保", "1、低保", "1 低保", "C 级" … — a code, a separator, a label.
const CODE_AND_LABEL = /^([0-9]+|[A-Z])[.、:\s]+(.+)$/;

/** A code of `list` from `1`, `１`, `01`, `1.低保`, `低保`, `c`. */
export function readCode(raw: unknown, list: ExtractCodeList): Reading<number | string> {
  if (typeof raw === 'number') {
    return list.codes.some((c) => c.code === raw) ? { ok: true, value: raw } : { ok: false, unknownCode: true };
  }
  if (typeof raw !== 'string') return FAIL;
  const index = codeIndex(list);
  const m = matchForm(raw);
  const direct = index.get(m) ?? (/^0+[1-9][0-9]*$/.test(m) ? index.get(m.replace(/^0+/, '')) : undefined);
  if (direct !== undefined) return { ok: true, value: direct };
  const parts = CODE_AND_LABEL.exec(toHalfWidth(raw).trim().toUpperCase());
  if (parts) {
    const code = index.get(parts[1]!);
    // The code must be a code (not an alias that happens to be a digit) and the label must be its own.
    if (code !== undefined && String(code) === parts[1] && labelMatches(list, code, parts[2]!)) return { ok: true, value: code };
    return { ok: false, unknownCode: true };
  }
  return { ok: false, unknownCode: true };
}

/** 1 (是) | 2 (否) from 是/否, Y/N, 有/无, 1/2, 0 (否, the 0/1 convention), true/false. */
export function readYesNo(raw: unknown): Reading<1 | 2> {
  if (typeof raw === 'boolean') return { ok: true, value: raw ? 1 : 2 };
  if (raw === 0 || (typeof raw === 'string' && matchForm(raw) === '0')) return { ok: true, value: 2 };
  const r = readCode(raw, EXTRACT_YES_NO);
  return r.ok ? { ok: true, value: r.value as 1 | 2 } : { ok: false };
}

const MALE = new Set(['男', '男性', 'M', 'MALE', '1']);
const FEMALE = new Set(['女', '女性', 'F', 'FEMALE', '2']);

/** 'male' | 'female' from 男/女, M/F, male/female, 1/2 (GB/T 2261.1). */
export function readSex(raw: unknown): Reading<'male' | 'female'> {
  if (typeof raw !== 'string' && typeof raw !== 'number') return FAIL;
  const m = matchForm(String(raw));
  if (MALE.has(m)) return { ok: true, value: 'male' };
  if (FEMALE.has(m)) return { ok: true, value: 'female' };
  return FAIL;
}

const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n));

function validYear(y: number): boolean {
  return y >= 1900 && y <= 2100;
}

function ymd(y: number, m: number, d: number): Reading<string> {
  if (!validYear(y) || m < 1 || m > 12 || d < 1) return FAIL;
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  if (d > days) return FAIL;
  return { ok: true, value: `${y}-${pad2(m)}-${pad2(d)}` };
}

// Spreadsheet serial day numbers: day 1 is 1900-01-01 and day 60 the non-existent 1900-02-29, so
// counting from 1899-12-30 is right for every date after February 1900 (all that matter here).
const EXCEL_EPOCH = Date.UTC(1899, 11, 30);
function fromSerial(serial: number): Reading<string> {
  if (!Number.isInteger(serial) || serial < 61 || serial > 73050) return FAIL;
  const d = new Date(EXCEL_EPOCH + serial * 86_400_000);
  return { ok: true, value: `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}` };
}

const DATE_SEP = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[\sT]+0{1,2}:00(?::00(?:\.0+)?)?(?:Z|[+-]0{2}:?0{2})?)?$/;

/** 'YYYY-MM-DD' from 2023-1-5, 2023/01/05, 2023.1.5, 2023年1月5日, 20230105, a midnight time, a spreadsheet serial. */
export function readDate(raw: unknown): Reading<string> {
  if (typeof raw === 'number') {
    if (raw >= 19000101 && raw <= 21001231 && Number.isInteger(raw)) return readDate(String(raw));
    return fromSerial(raw);
  }
  if (typeof raw !== 'string') return FAIL;
  const s = toHalfWidth(raw).trim();
  let m = DATE_SEP.exec(s);
  if (m) return ymd(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^(\d{4})(\d{2})(\d{2})$/.exec(s);
  if (m) return ymd(Number(m[1]), Number(m[2]), Number(m[3]));
  if (/^\d{5}$/.test(s)) return fromSerial(Number(s));
  return FAIL;
}

/** The number of {@link plainDateIndex} values. */
export const PLAIN_DATE_DAYS = 201 * 12 * 31;

/**
 * Whether `s` is a date as {@link readDate} writes it (`YYYY-MM-DD`, a year 1900–2100, a day of its
 * month): then `readDate(s)` is `s` itself. Checked without a regular expression or a copy.
 */
export function isPlainDate(s: string): boolean {
  return plainDateIndex(s) >= 0;
}

/**
 * The day of a date as {@link readDate} writes it (see {@link isPlainDate}) as a number
 * 0 … {@link PLAIN_DATE_DAYS} − 1 (one per year, month and day of 1900–2100, in order); −1 for
 * any other text.
 */
export function plainDateIndex(s: string): number {
  if (s.length !== 10 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return -1;
  let y = 0;
  for (let i = 0; i < 4; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    y = y * 10 + c;
  }
  const m1 = s.charCodeAt(5) - 48;
  const m2 = s.charCodeAt(6) - 48;
  const d1 = s.charCodeAt(8) - 48;
  const d2 = s.charCodeAt(9) - 48;
  if (m1 < 0 || m1 > 9 || m2 < 0 || m2 > 9 || d1 < 0 || d1 > 9 || d2 < 0 || d2 > 9) return -1;
  const m = m1 * 10 + m2;
  const d = d1 * 10 + d2;
  if (!validYear(y) || m < 1 || m > 12 || d < 1) return -1;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const days = m === 2 ? (leap ? 29 : 28) : m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
  return d <= days ? ((y - 1900) * 12 + m - 1) * 31 + d - 1 : -1;
}

/**
 * 'YYYY-MM' from 2023-1, 2023/01, 2023.1, 2023年1月, 202301, or a spreadsheet serial day (a cell
 * formatted `2023年1月` holds the date 2023-01-01, which readers hand over as 44927).
 */
export function readMonth(raw: unknown): Reading<string> {
  if (typeof raw !== 'string' && typeof raw !== 'number') return FAIL;
  const s = toHalfWidth(String(raw)).trim();
  if (/^\d{5}$/.test(s)) {
    const day = fromSerial(Number(s));
    return day.ok ? { ok: true, value: day.value.slice(0, 7) } : FAIL;
  }
  const m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?$/.exec(s) ?? /^(\d{4})(\d{2})$/.exec(s);
  if (!m) return FAIL;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  if (!validYear(y) || mo < 1 || mo > 12) return FAIL;
  return { ok: true, value: `${y}-${pad2(mo)}` };
}

/** A year 1900–2100 from 2023, '２０２３', '2023年', '2023年度'. */
export function readYear(raw: unknown): Reading<number> {
  if (typeof raw !== 'string' && typeof raw !== 'number') return FAIL;
  const m = /^(\d{4})\s*(?:年度?)?$/.exec(toHalfWidth(String(raw)).trim());
  if (!m) return FAIL;
  const y = Number(m[1]);
  return validYear(y) ? { ok: true, value: y } : FAIL;
}

/** 'YYYY-MM' or 'YYYY': a month when one is given, else a year. */
export function readPeriod(raw: unknown): Reading<string> {
  const month = readMonth(raw);
  if (month.ok) return month;
  const year = readYear(raw);
  return year.ok ? { ok: true, value: String(year.value) } : FAIL;
}

/** A non-negative amount of yuan from 1200, '1,200.50', '１２００', '1200元', '¥1200'. */
export function readAmount(raw: unknown): Reading<number> {
  if (typeof raw === 'number') return Number.isFinite(raw) && raw >= 0 ? { ok: true, value: raw } : FAIL;
  if (typeof raw !== 'string') return FAIL;
  const s = toHalfWidth(raw).trim().replace(/^[¥￥]\s*/, '').replace(/\s*元$/, '');
  if (!/^(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$/.test(s)) return FAIL;
  return { ok: true, value: Number(s.replace(/,/g, '')) };
}

/** A trimmed non-empty string (numbers from spreadsheets are taken as their decimal text). */
export function readText(raw: unknown): Reading<string> {
  if (typeof raw === 'number' && Number.isFinite(raw)) return { ok: true, value: String(raw) };
  if (typeof raw !== 'string') return FAIL;
  const s = raw.trim();
  return s === '' ? FAIL : { ok: true, value: s };
}

/** Read a value of any non-ID field type. */
export function readFieldValue(field: ExtractField, raw: unknown): Reading<unknown> {
  switch (field.type) {
    case 'text':
      return readText(raw);
    case 'yes-no':
      return readYesNo(raw);
    case 'code':
      return field.codes ? readCode(raw, field.codes) : FAIL;
    case 'sex':
      return readSex(raw);
    case 'date':
      return readDate(raw);
    case 'month':
      return readMonth(raw);
    case 'period':
      return readPeriod(raw);
    case 'year':
      return readYear(raw);
    case 'amount':
      return readAmount(raw);
    case 'resident-id':
      return FAIL; // read by parseExtractRow with @canji/id
    default:
      field.type satisfies never;
      return FAIL;
  }
}

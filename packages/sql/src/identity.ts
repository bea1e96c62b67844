/**
 * Resident ID and disability certificate numbers in SQL, with `@canji/id`'s verdicts: the
 * canonical resident ID (`canonicalResidentId`: spreadsheet text markers and typing noise
 * removed, full-width digits read, `x` upper-cased, 15-digit numbers upgraded — GB 11643-1999 —
 * then province, calendar date, birth year 1800–2100 and the MOD 11-2 check character), and what
 * a valid certificate number says (`parseDisabilityCertificateNo` with level 9 allowed, as
 * `readIdentity` reads it for the rules: its ID part, category and level).
 *
 * Each is a few stages of columns (a stage reads only the columns of the stages before it), so
 * the long expressions are computed once per row; `findings.ts` turns stages into CTEs.
 */
import { PROVINCE_NAMES } from '@canji/id';
import { JS_WHITESPACE, type SqlDialect } from './dialect.js';

/** One computed column: its name and SQL expression. */
export type SqlColumn = readonly [name: string, expr: string];
/** Columns computed together; a stage may read only earlier stages' columns. */
export type SqlStage = readonly SqlColumn[];

/** Deleted by `@canji/id`'s normaliser: spaces, invisible characters and hyphens (`normalizeIdentifier`). */
const DELETED = ' \t\u00a0\u3000\n\r\u200b\u200c\u200d\ufeff\u2060-\u2010\u2011\u2012\u2013\u2014\u2212\uff0d';
/** Full-width digits and X (U+FF10–FF19, U+FF38, U+FF58) and lower-case x, read as ASCII. */
const MAPPED_FROM = '０１２３４５６７８９Ｘｘx';
const MAPPED_TO = '0123456789XXX';
/** A certificate number's reissue mark `B` written full-width or in lower case. */
const CERT_FROM = 'Ｂｂb';
const CERT_TO = 'BBB';
/** What JavaScript's `.` does not match (line terminators): a text marker `="…"` spanning one is not a marker. */
const LINE_TERMINATORS = '\n\r\u2028\u2029';

const PROVINCES = Object.keys(PROVINCE_NAMES).sort();
const PROVINCE_TABLE = Array.from({ length: 100 }, (_, i) => (PROVINCES.includes(String(i).padStart(2, '0')) ? '1' : '0')).join('');

function list(d: SqlDialect, xs: readonly string[]): string[] {
  return xs.map((x) => d.text(x));
}

/**
 * The stages that read an identifier cell into `<prefix>_n`, its normalised text: trimmed,
 * spreadsheet text markers (`="…"`, a leading apostrophe) removed, spaces, invisible characters
 * and hyphens deleted, full-width digits and `x` (and, for certificates, `b`) read as ASCII.
 */
function normalisedStages(d: SqlDialect, input: string, prefix: string, certificate: boolean): SqlStage[] {
  const t = `${prefix}_t`;
  const T = d.ident(t);
  const plain = d.ident(`${prefix}_plain`);
  const inner = d.substr(T, 3, `${d.length(T)} - 3`);
  const marker =
    `${d.length(T)} >= 3 AND ${d.inList(d.substr(T, 1, 1), list(d, ['=', '＝']))} AND ${d.inList(d.substr(T, 2, 1), list(d, ['"', '＂']))}` +
    ` AND ${d.inList(d.substr(T, d.length(T), 1), list(d, ['"', '＂']))} AND ${d.length(d.translate(inner, LINE_TERMINATORS, ''))} = ${d.length(inner)}`;
  const stripped = `CASE WHEN ${marker} THEN ${d.trimChars(inner, JS_WHITESPACE)} WHEN ${d.inList(d.substr(T, 1, 1), list(d, ["'", '‘', '’', '＇']))} THEN ${d.trimChars(d.substr(T, 2), JS_WHITESPACE)} ELSE ${T} END`;
  const from = MAPPED_FROM + (certificate ? CERT_FROM : '');
  const to = MAPPED_TO + (certificate ? CERT_TO : '');
  // The usual cell is already canonical (what `@canji/id`'s parsers read without normalising): nothing to do.
  const canonical = d.regexMatch(input, certificate ? '^[0-9]{17}[0-9X][0-9]{2}(B[1-9])?$' : '^[0-9]{17}[0-9X]$');
  return [
    [
      [`${prefix}_plain`, `COALESCE(${canonical}, ${d.bool(false)})`],
      [t, `CASE WHEN ${canonical} THEN ${input} ELSE ${d.trimChars(input, JS_WHITESPACE)} END`],
    ],
    [[`${prefix}_n`, `CASE WHEN ${plain} THEN ${T} ELSE ${d.translate(stripped, from + DELETED, to)} END`]],
  ];
}

/**
 * Whether the integer `p` (0–99) is a province prefix: one character of a 100-character table
 * (`1` at the provinces of `PROVINCE_NAMES`), cheaper than an `IN` list of 34 codes, which some
 * engines turn into a join.
 */
function isProvince(d: SqlDialect, p: string): string {
  return `${d.substr(d.text(PROVINCE_TABLE), `CAST(${p} AS INTEGER) + 1`, 1)} = ${d.text('1')}`;
}

function number(d: SqlDialect, s: string, from: number, digits: number): string {
  const terms: string[] = [];
  for (let i = 0; i < digits; i++) terms.push(`${d.digitAt(s, from + i)}${digits - 1 - i > 0 ? ` * ${10 ** (digits - 1 - i)}` : ''}`);
  return `(${terms.join(' + ')})`;
}

/**
 * Whether a 17-digit number (a 64-bit integer `n`) has a valid prefix and birth date (year
 * 1800–2100): the checks of `check18` besides the check character.
 */
function valid17(d: SqlDialect, n: string): string {
  const y = d.digitsOf17(n, 7, 4);
  const prefix =
    `((${d.digitsOf17(n, 1, 1)} = 9 AND ${isProvince(d, d.digitsOf17(n, 2, 2))})` +
    ` OR (${d.inList(d.digitsOf17(n, 1, 2), ['81', '82', '83'])} AND ${d.digitsOf17(n, 3, 4)} = 0)` +
    ` OR ${isProvince(d, d.digitsOf17(n, 1, 2))})`;
  return `(${prefix} AND ${d.isCalendarDate(y, d.digitsOf17(n, 11, 2), d.digitsOf17(n, 13, 2))} AND ${y} BETWEEN 1800 AND 2100)`;
}

/**
 * The stages computing `<prefix>`: the canonical 18-character resident ID of the text column
 * `input`, NULL when it is not a valid number (`canonicalResidentId` of `@canji/id`).
 *
 * @example
 * ```ts
 * residentIdStages(sqlDialect('duckdb'), '"resident_id"', 'canji_id').at(-1)![0]![0]; //=> 'canji_id'
 * ```
 */
export function residentIdStages(d: SqlDialect, input: string, prefix: string): SqlStage[] {
  const n = d.ident(`${prefix}_n`);
  const first = d.ident(`${prefix}_17`);
  const num = d.ident(`${prefix}_17n`);
  const given = d.ident(`${prefix}_18`);
  const check = d.ident(`${prefix}_k`);
  const plain = d.ident(`${prefix}_plain`);
  const is18 = `(${plain} OR ${d.regexMatch(n, '^[0-9]{17}[0-9X]$')})`;
  // A 15-digit number was issued to someone born 19yy: its date is checked with the century, its prefix against the provinces only.
  const legacy = `${d.regexMatch(n, '^[0-9]{15}$')} AND ${isProvince(d, number(d, n, 1, 2))} AND ${d.isCalendarDate(`(1900 + ${number(d, n, 7, 2)})`, number(d, n, 9, 2), number(d, n, 11, 2))}`;
  return [
    ...normalisedStages(d, input, prefix, false),
    [
      [`${prefix}_17`, `CASE WHEN ${is18} THEN ${d.substr(n, 1, 17)} WHEN ${legacy} THEN ${d.concat([d.substr(n, 1, 6), d.text('19'), d.substr(n, 7, 9)])} END`],
      [`${prefix}_18`, `CASE WHEN ${is18} THEN ${d.substr(n, 18, 1)} END`],
    ],
    [[`${prefix}_17n`, `CASE WHEN ${first} IS NOT NULL THEN ${d.toBigInt(first)} END`]],
    [
      [`${prefix}_k`, `CASE WHEN ${num} IS NOT NULL THEN ${d.checkCharacter(num)} END`],
      [`${prefix}_v`, `COALESCE(${valid17(d, num)}, ${d.bool(false)})`],
    ],
    [[prefix, `CASE WHEN ${d.ident(`${prefix}_v`)} AND (${given} IS NULL OR ${given} = ${check}) THEN ${d.concat([first, check])} END`]],
  ];
}

/**
 * The stages computing `<prefix>` (the canonical ID part of a valid certificate number, NULL
 * when the number is not valid), `<prefix>_category` and `<prefix>_level` (its 19th and 20th
 * characters) of the text column `input` (`parseDisabilityCertificateNo` of `@canji/id` with
 * `allowUnknownLevel`: 18-character ID, category 1–7, level 1–4 or 9, an optional `B1`–`B9`).
 *
 * @example
 * ```ts
 * certificateStages(sqlDialect('duckdb'), '"certificate_no"', 'canji_cert').at(-1)!.map(([name]) => name);
 * //=> ['canji_cert', 'canji_cert_category', 'canji_cert_level']
 * ```
 */
export function certificateStages(d: SqlDialect, input: string, prefix: string): SqlStage[] {
  const n = d.ident(`${prefix}_n`);
  const first = d.ident(`${prefix}_17`);
  const num = d.ident(`${prefix}_17n`);
  const check = d.ident(`${prefix}_k`);
  const ok = d.ident(`${prefix}_ok`);
  return [
    ...normalisedStages(d, input, prefix, true),
    [[`${prefix}_17`, `CASE WHEN ${d.regexMatch(n, '^[0-9]{17}[0-9X][1-7][1-49](B[1-9])?$')} THEN ${d.substr(n, 1, 17)} END`]],
    [[`${prefix}_17n`, `CASE WHEN ${first} IS NOT NULL THEN ${d.toBigInt(first)} END`]],
    [[`${prefix}_k`, `CASE WHEN ${num} IS NOT NULL THEN ${d.checkCharacter(num)} END`]],
    [[`${prefix}_ok`, `COALESCE(${valid17(d, num)} AND ${d.substr(n, 18, 1)} = ${check}, ${d.bool(false)})`]],
    [
      [prefix, `CASE WHEN ${ok} THEN ${d.substr(n, 1, 18)} END`],
      [`${prefix}_category`, `CASE WHEN ${ok} THEN ${d.digitAt(n, 19)} END`],
      [`${prefix}_level`, `CASE WHEN ${ok} THEN ${d.digitAt(n, 20)} END`],
    ],
  ];
}

/**
 * Stages of several pipelines side by side: stage i of the result holds stage i of each (the
 * pipelines read disjoint columns).
 */
export function parallelStages(...pipelines: readonly SqlStage[][]): SqlStage[] {
  const n = Math.max(0, ...pipelines.map((p) => p.length));
  const out: SqlStage[] = [];
  for (let i = 0; i < n; i++) out.push(pipelines.flatMap((p) => p[i] ?? []));
  return out;
}

/** `yyyymmdd` of a canonical resident ID's birth date (characters 7–14). */
export function idBirthNumber(d: SqlDialect, id: string): string {
  return `CAST(${d.substr(id, 7, 8)} AS INTEGER)`;
}

/** `YYYY-MM-DD` of a canonical resident ID's birth date. */
export function idBirthText(d: SqlDialect, id: string): string {
  return d.concat([d.substr(id, 7, 4), d.text('-'), d.substr(id, 11, 2), d.text('-'), d.substr(id, 13, 2)]);
}

/** `'male'` / `'female'` from a canonical resident ID's 17th digit (odd = male). */
export function idSex(d: SqlDialect, id: string): string {
  return `CASE WHEN ${d.mod(d.digitAt(id, 17), '2')} = 1 THEN ${d.text('male')} ELSE ${d.text('female')} END`;
}

/**
 * The relations every compiled query starts from, as CTEs: the flat records with their derived
 * facts (`recordFacts` of `@canji/rules`) and each partner department's extract merged to one row
 * per canonical resident ID (`mergeDepartmentRows` of `@canji/rules`), LEFT JOINed to the records;
 * and the scope a condition is compiled in (which column a leaf reads, and as what kind of value).
 *
 * Input layouts (what `canji check` reads, as text):
 * - records: one column per item of the form, named by its machine key (`flatColumns` of
 *   `@canji/form`), cells as `toFlatRow` writes them — codes as digits, a multiple-choice answer
 *   as its codes joined by `,`, dates `YYYY-MM-DD`, an unanswered item NULL or empty — plus a
 *   record key column (default `canji_row`);
 * - a department's extract: one column per field of `@canji/form`'s extract layout, the values
 *   as `parseExtractRow` gives them, plus an order column (default `canji_row`): of two rows of one
 *   person the later one counts, as in a file.
 * Integer columns are read as their digits, so a table whose code columns are numbers works too.
 */
import { DEPARTMENT_IDS, getExtractDepartment, personForm, type ExtractField, type ExtractFieldType, type FormDefinition, type PersonFormVersion } from '@canji/form';
import { dateNumber } from '@canji/id';
import type { DepartmentId } from '@canji/rules';
import { ABSENT, SqlCompileError, type SqlConditionScope, type SqlValue } from './conditions.js';
import { JS_WHITESPACE, type SqlDialect } from './dialect.js';
import { certificateStages, idBirthNumber, idBirthText, idSex, parallelStages, residentIdStages, type SqlStage } from './identity.js';

/** Where the query reads its input. */
export interface SqlTables {
  /** Table or view of flat records (default `canji_records`); `schema.table` allowed. */
  records?: string;
  /** Column of `records` that numbers or keys each record (default `canji_row`): the findings' `record_key`. */
  recordKey?: string;
  /** Table of each department's extract (default `canji_dept_<id>`, e.g. `canji_dept_civil_affairs`). */
  departments?: Partial<Record<DepartmentId, string>>;
  /** Column of the extract tables giving each row's order (default `canji_row`): of two rows of a person the later counts. */
  departmentOrder?: string;
}

/**
 * The default table of a department's extract (what `DuckDbEngine.loadDepartment` creates and the
 * compiled queries read unless `tables.departments` says otherwise).
 *
 * @example
 * ```ts
 * defaultDepartmentTable('civil-affairs'); //=> 'canji_dept_civil_affairs'
 * ```
 */
export function defaultDepartmentTable(department: DepartmentId): string {
  return `canji_dept_${department.replace(/-/g, '_')}`;
}

/** Table alias of a department's merged rows in the joined relation. */
export function departmentAlias(department: DepartmentId): string {
  return `canji_d_${department.replace(/-/g, '_')}`;
}

/** Columns the records relation has besides the items: the facts, by fact name. */
export const FACT_COLUMNS: Readonly<Record<string, { column: string; kind: 'number' | 'text' }>> = {
  $age: { column: 'canji_age', kind: 'number' },
  $category: { column: 'canji_category', kind: 'number' },
  $level: { column: 'canji_level', kind: 'number' },
  $birthDate: { column: 'canji_birth_date', kind: 'text' },
  $idSex: { column: 'canji_id_sex', kind: 'text' },
  $idBirthDate: { column: 'canji_id_birth_date', kind: 'text' },
  $certCategory: { column: 'canji_cert_category', kind: 'number' },
  $certLevel: { column: 'canji_cert_level', kind: 'number' },
  $id: { column: 'canji_id', kind: 'text' },
  $certId: { column: 'canji_cert', kind: 'text' },
};

/** Record columns the facts read (`recordFacts` of `@canji/rules`). */
const FACT_INPUTS = ['region_code', 'resident_id', 'certificate_no', 'birth_date', 'disability_category', 'disability_level'] as const;

type ItemKind = 'code' | 'number' | 'list' | 'text';

/** How the flat layout holds an item of type `type` (see the module comment). */
function itemKind(type: string): ItemKind {
  switch (type) {
    case 'single':
    case 'yesno':
      return 'code';
    case 'number':
      return 'number';
    case 'multiple':
      return 'list';
    default:
      return 'text';
  }
}

/** How a department's extract holds a field of type `type` (numbers for codes of numeric code lists). */
function fieldKind(type: ExtractFieldType, numericCodes: boolean): ItemKind {
  switch (type) {
    case 'yes-no':
    case 'year':
      return 'code';
    case 'amount':
      return 'number';
    case 'code':
      return numericCodes ? 'code' : 'text';
    default:
      return 'text';
  }
}

const CODE_PATTERN = '^[0-9]+$';
const NUMBER_PATTERN = '^-?[0-9]+([.][0-9]+)?$';

/** Whether `expr` (text) is answered: not NULL and not blank (`isAnswered` of `@canji/form`). */
export function nonBlank(d: SqlDialect, expr: string): string {
  // A first character that is printable ASCII or CJK decides at once (as `isAnswered` does), the rest is looked at only when it is white space.
  const first = d.codePoint(expr);
  return `CASE WHEN ${expr} IS NULL THEN ${d.bool(false)} WHEN ${first} BETWEEN 33 AND 126 OR ${first} BETWEEN 13312 AND 40959 THEN ${d.bool(true)} ELSE COALESCE(${d.length(d.translate(expr, JS_WHITESPACE, ''))} > 0, ${d.bool(false)}) END`;
}

/**
 * Blank markers of database and spreadsheet exports (`NULL`, `\\N`, `#N/A`, dashes …): a cell
 * holding only one of them is unanswered (`fromFlatRow` of `@canji/form`, `FLAT_BLANK_MARKER`).
 */
const BLANK_MARKERS = ['NULL', '\\N', '(NULL)', '<NULL>', '#N/A', 'N/A', '-', '--', '—', '——', '－'];
/** First characters of a blank marker in ASCII (`N n \\ ( < # -`): a cell starting otherwise is not one. */
const MARKER_STARTS = [78, 110, 92, 40, 60, 35, 45];

/**
 * A flat cell as `fromFlatRow` reads it before its value: white space around it trimmed, a blank
 * cell or a blank marker unanswered (NULL). The usual cell — printable ASCII or CJK at both ends,
 * not starting like a marker — is taken as it is.
 */
function cellRead(d: SqlDialect, x: string): string {
  const first = d.codePoint(x);
  const last = d.codePoint(d.lastChar(x));
  const solid = (c: string) => `(${c} BETWEEN 33 AND 126 OR ${c} BETWEEN 13312 AND 40959)`;
  const t = d.trimChars(x, JS_WHITESPACE);
  // The commonest cell of all, one digit (a code), is decided by its length and first character alone.
  return (
    `CASE WHEN ${x} IS NULL THEN NULL WHEN ${d.length(x)} = 1 AND ${first} BETWEEN 48 AND 57 THEN ${x}` +
    ` WHEN ${solid(first)} AND NOT ${d.inList(first, MARKER_STARTS.map(String))} AND ${solid(last)} THEN ${x}` +
    ` WHEN ${t} = ${d.text('')} OR ${d.oneOf(`upper(${t})`, BLANK_MARKERS.map((m) => d.text(m)))} THEN NULL ELSE ${t} END`
  );
}

function typedNumber(d: SqlDialect, expr: string, kind: 'code' | 'number'): string {
  return `CASE WHEN ${d.regexMatch(expr, kind === 'code' ? CODE_PATTERN : NUMBER_PATTERN)} THEN ${d.toNumber(expr)} END`;
}

const num = (key: string) => `${key}__num`;

/** What the pipeline needs to know before it can be written. */
export interface PipelineOptions {
  dialect: SqlDialect;
  /** Form version of the records (item types and the columns read). */
  formVersion: PersonFormVersion;
  /** A form definition (e.g. from `extendForm`) instead of the built-in one. */
  form?: FormDefinition;
  /** Reference date for ages (`YYYY-MM-DD`); default: each record's `reference_date`. */
  referenceDate?: string;
  tables?: SqlTables;
  /** Departments whose extract tables exist. */
  departments: readonly DepartmentId[];
  /** Records without a resident ID take the certificate number's first 18 characters (`fromFlatRow`'s `idFromCertificate`). */
  idFromCertificate?: boolean;
}

/** Compiles conditions against the pipeline's relations, then writes the pipeline with just the columns they read. */
export class Pipeline {
  readonly d: SqlDialect;
  private readonly items = new Map<string, ItemKind>();
  private readonly used = new Set<string>();
  private readonly usedFields = new Map<DepartmentId, Set<string>>();
  private readonly fieldKinds = new Map<DepartmentId, Map<string, ItemKind>>();

  constructor(readonly options: PipelineOptions) {
    this.d = options.dialect;
    const form = options.form ?? personForm(options.formVersion);
    for (const it of form.items) this.items.set(it.key, itemKind(it.type));
    for (const dept of DEPARTMENT_IDS) {
      const desc = getExtractDepartment(dept);
      const kinds = new Map<string, ItemKind>();
      for (const f of desc.fields as readonly ExtractField[]) kinds.set(f.key, fieldKind(f.type, !!f.codes && f.codes.codes.every((c) => typeof c.code === 'number')));
      this.fieldKinds.set(dept, kinds);
    }
    // Civil affairs' rows are merged into `benefits`: the person's distinct benefit codes (`MERGED_FIELDS` of @canji/rules).
    this.fieldKinds.get('civil-affairs')!.set('benefits', 'list');
  }

  /** Whether a department's extract table is there. */
  hasDepartment(dept: DepartmentId): boolean {
    return this.options.departments.includes(dept);
  }

  private itemValue(key: string, kind: ItemKind, alias: string): SqlValue {
    const d = this.d;
    const raw = `${alias}.${d.ident(key)}`;
    const present = nonBlank(d, raw);
    if (kind === 'code' || kind === 'number') return { kind: 'number', expr: `${alias}.${d.ident(num(key))}`, present };
    return { kind: kind === 'list' ? 'list' : 'text', expr: raw, present };
  }

  /**
   * The scope of a rule: record items and facts, and, for a cross-check rule, its department's
   * merged row (a record rule sees no department row: `$matched` is false, every field absent).
   */
  scope(department: DepartmentId | undefined): SqlConditionScope {
    const d = this.d;
    return {
      dialect: d,
      item: (name) => {
        if (name.startsWith('$')) {
          const f = FACT_COLUMNS[name];
          if (!f) throw new SqlCompileError('SQL_CONDITION_REFERENCE', `未知的派生事实“${name}”`);
          const expr = `r.${d.ident(f.column)}`;
          return { kind: f.kind, expr, present: f.kind === 'number' || name === '$id' || name === '$certId' ? `(${expr} IS NOT NULL)` : nonBlank(d, expr) };
        }
        const kind = this.items.get(name);
        if (!kind) throw new SqlCompileError('SQL_CONDITION_REFERENCE', `“${name}”不是 ${this.options.formVersion} 版登记表的列`);
        this.used.add(name);
        return this.itemValue(name, kind, 'r');
      },
      dept: (name) => {
        if (department === undefined) return name === '$matched' ? { kind: 'boolean', expr: d.bool(false), present: d.bool(true) } : ABSENT;
        const alias = departmentAlias(department);
        if (name === '$matched') return { kind: 'boolean', expr: `(${alias}.${d.ident('canji_key')} IS NOT NULL)`, present: d.bool(true) };
        const kind = this.fieldKinds.get(department)!.get(name);
        // A field the department's layout does not have: the row never holds it (undefined in JavaScript).
        if (!kind) return ABSENT;
        let set = this.usedFields.get(department);
        if (!set) this.usedFields.set(department, (set = new Set()));
        set.add(name);
        return this.itemValue(name, kind, alias);
      },
    };
  }

  /** The record columns the written pipeline reads. */
  recordColumns(): string[] {
    const cols = new Set<string>(FACT_INPUTS);
    if (this.options.referenceDate === undefined) cols.add('reference_date');
    for (const k of this.used) cols.add(k);
    return [...cols];
  }

  /** Departments whose merged rows the written pipeline joins (those some compiled condition reads). */
  joinedDepartments(): DepartmentId[] {
    return DEPARTMENT_IDS.filter((d) => this.joined.has(d));
  }

  private readonly joined = new Set<DepartmentId>();
  /** Marks a department as joined (a cross-check rule of it was compiled). */
  join(dept: DepartmentId): void {
    this.joined.add(dept);
  }

  /**
   * The CTEs (`name AS (…)`) and the FROM clause of the joined relation: `r` for the records and
   * their facts, `canji_d_<dept>` for each joined department's merged row.
   */
  write(): { ctes: string[]; from: string } {
    const d = this.d;
    const t = this.options.tables ?? {};
    const ctes: string[] = [];
    const staged = (base: string, stages: readonly SqlStage[], name: (i: number) => string): string => {
      let prev = base;
      stages.forEach((stage, i) => {
        if (stage.length === 0) return;
        const cols = stage.map(([n, e]) => `${e} AS ${d.ident(n)}`).join(',\n    ');
        const nm = name(i);
        ctes.push(`${nm} AS (\n  SELECT *,\n    ${cols}\n  FROM ${prev}${d.stageFence}\n)`);
        prev = nm;
      });
      return prev;
    };

    // --- records and facts ------------------------------------------------------------------
    const columns = this.recordColumns();
    const src = `SELECT ${d.ident(t.recordKey ?? 'canji_row')} AS ${d.ident('canji_row')}, ${columns.map((c) => `${d.toText(d.ident(c))} AS ${d.ident(c)}`).join(', ')} FROM ${d.tableName(t.records ?? 'canji_records')}`;
    ctes.push(`canji_r0 AS (\n  SELECT ${d.ident('canji_row')}, ${columns.map((c) => `${cellRead(d, d.ident(c))} AS ${d.ident(c)}`).join(',\n    ')}\n  FROM (${src}) canji_s\n)`);
    const typed: [string, string][] = [];
    for (const c of columns) {
      const kind = this.items.get(c);
      if (kind === 'code' || kind === 'number') typed.push([num(c), typedNumber(d, d.ident(c), kind)]);
    }
    const id = d.ident('canji_id');
    const birth = d.ident('birth_date');
    const recorded = `(${birth} IS NOT NULL AND ${birth} <> ${d.text('')})`;
    // A reference date given once is read here, as `recordFacts` reads it (`dateNumber` of @canji/id).
    const given = this.options.referenceDate === undefined ? undefined : dateNumber(this.options.referenceDate);
    const perRecord = this.options.referenceDate === undefined;
    const ref = perRecord ? d.calendarDate(d.ident('canji_ref_c')) : given === undefined ? 'CAST(NULL AS INTEGER)' : d.num(given);
    const dates: SqlStage = [['canji_birth_c', `CASE WHEN ${recorded} THEN ${d.dateCandidate(birth)} END`]];
    if (perRecord) (dates as [string, string][]).push(['canji_ref_c', d.dateCandidate(d.ident('reference_date'))]);
    const facts: SqlStage[] = [
      [
        ['canji_id_birth', `CASE WHEN ${id} IS NOT NULL THEN ${idBirthNumber(d, id)} END`],
        ['canji_id_sex', `CASE WHEN ${id} IS NOT NULL THEN ${idSex(d, id)} END`],
        ['canji_id_birth_date', `CASE WHEN ${id} IS NOT NULL THEN ${idBirthText(d, id)} END`],
        ['canji_ref', ref],
      ],
      [
        ['canji_birth_date', `CASE WHEN ${recorded} THEN ${birth} ELSE ${d.ident('canji_id_birth_date')} END`],
        ['canji_birth', `CASE WHEN ${recorded} THEN ${d.calendarDate(d.ident('canji_birth_c'))} ELSE ${d.ident('canji_id_birth')} END`],
        // The recorded category / level when it is a code, else the certificate's (`smallCode(…) ?? who.category`).
        ['canji_category', `COALESCE(${typedNumber(d, d.ident('disability_category'), 'code')}, ${d.ident('canji_cert_category')})`],
        ['canji_level', `COALESCE(${typedNumber(d, d.ident('disability_level'), 'code')}, ${d.ident('canji_cert_level')})`],
      ],
      [['canji_age', `CASE WHEN ${d.ident('canji_birth')} <= ${d.ident('canji_ref')} THEN ${d.ageInYears(d.ident('canji_birth'), d.ident('canji_ref'))} END`]],
    ];
    // An ID cell a spreadsheet turned into scientific notation (or, with `idFromCertificate`, a
    // missing one) is read from the certificate number's first 18 characters, as `fromFlatRow`
    // reads the flat row (FLAT_ID_FROM_CERTIFICATE): the certificate as read is its canonical form
    // when valid, else the trimmed text.
    const rid = d.ident('resident_id');
    const certTrim = d.trimChars(d.ident('certificate_no'), JS_WHITESPACE);
    const identity = parallelStages(
      residentIdStages(d, rid, 'canji_rid'),
      certificateStages(d, d.ident('certificate_no'), 'canji_cert'),
      residentIdStages(d, `CASE WHEN ${d.ident('canji_lost')} THEN ${d.substr(certTrim, 1, 18)} END`, 'canji_rc'),
      [typed, dates],
    );
    const sci = d.regexMatch(d.trimChars(rid, JS_WHITESPACE), '^[0-9]([.][0-9]+)?[eE][+]?[0-9]+$');
    const lost = [`CASE WHEN ${d.regexMatch(rid, '^[0-9]{17}[0-9X]$')} THEN ${d.bool(false)} ELSE ${sci} END`];
    if (this.options.idFromCertificate) lost.push(`NOT ${nonBlank(d, rid)}`);
    const lostStage: SqlStage = [['canji_lost', `COALESCE(${lost.join(' OR ')}, ${d.bool(false)})`]];
    const recovered = `COALESCE(${d.ident('canji_cert')}, CASE WHEN ${d.length(certTrim)} BETWEEN 18 AND 22 THEN ${d.ident('canji_rc')} END)`;
    const key: SqlStage = [['canji_id', `COALESCE(${d.ident('canji_rid')}, CASE WHEN ${d.ident('canji_lost')} THEN ${recovered} END)`]];
    const records = staged('canji_r0', [lostStage, ...identity, key, ...facts], (i) => `canji_r${i + 1}`);

    // --- departments ------------------------------------------------------------------------
    let from = `${records} r`;
    for (const dept of this.joinedDepartments()) {
      const merged = this.writeDepartment(dept, ctes, staged);
      const alias = departmentAlias(dept);
      from += `\n  LEFT JOIN ${merged} ${alias} ON ${alias}.${d.ident('canji_key')} = r.${id}`;
    }
    return { ctes, from };
  }

  private writeDepartment(dept: DepartmentId, ctes: string[], staged: (base: string, stages: readonly SqlStage[], name: (i: number) => string) => string): string {
    const d = this.d;
    const t = this.options.tables ?? {};
    const short = dept.replace(/-/g, '_');
    const civil = dept === 'civil-affairs';
    const kinds = this.fieldKinds.get(dept)!;
    const used = [...(this.usedFields.get(dept) ?? [])];
    // The extract's own columns the query reads: the fields the conditions read (civil affairs'
    // `benefits` comes from `benefit`), the period that decides between two rows, the ID.
    const fields = new Set<string>(used.filter((f) => f !== 'benefits'));
    if (civil && used.includes('benefits')) fields.add('benefit');
    if (!civil) fields.add('period');
    fields.delete('resident_id');
    const table = d.tableName(t.departments?.[dept] ?? defaultDepartmentTable(dept));
    const order = d.ident(t.departmentOrder ?? 'canji_row');
    const cols = [`${order} AS ${d.ident('canji_ord')}`, `${d.toText(d.ident('resident_id'))} AS ${d.ident('resident_id')}`, ...[...fields].map((f) => `${d.toText(d.ident(f))} AS ${d.ident(f)}`)];
    const base = `canji_${short}_0`;
    ctes.push(`${base} AS (\n  SELECT ${cols.join(', ')} FROM ${table}\n)`);
    const keyedStages = staged(base, residentIdStages(d, d.ident('resident_id'), 'canji_key'), (i) => `canji_${short}_${i + 1}`);
    const key = d.ident('canji_key');
    const ord = d.ident('canji_ord');
    // Only what the merge needs goes on (not the normaliser's intermediate columns): the window sorts whole rows.
    const keyed = `canji_${short}_k`;
    ctes.push(`${keyed} AS (
  SELECT ${[key, ord, d.ident('resident_id'), ...[...fields].map((f) => d.ident(f))].join(', ')} FROM ${keyedStages}
)`);
    const merged = `canji_${short}_m`;
    if (civil) {
      // One row per person, benefit and period: the person's distinct benefit codes, and of every other field the last value given.
      const aggs = [`${key}`];
      if (used.includes('benefits')) aggs.push(`${d.listAgg(`CASE WHEN ${d.regexMatch(d.ident('benefit'), CODE_PATTERN)} THEN ${d.ident('benefit')} END`)} AS ${d.ident('benefits')}`);
      for (const f of used) if (f !== 'benefits') aggs.push(`${d.lastNonNull(d.ident(f), ord)} AS ${d.ident(f)}`);
      ctes.push(`${merged} AS (\n  SELECT ${aggs.join(', ')}\n  FROM ${keyed}\n  GROUP BY ${key}\n)`);
    } else {
      // The row with the latest period, the later row on a tie; a row without a period replaces
      // the one before it whatever its period (the fold of mergeDepartmentRows), so only the rows
      // from a person's last row without a period on compete.
      const period = d.ident('period');
      const lastNull = d.ident('canji_last_null');
      ctes.push(
        `${merged} AS (\n  SELECT * FROM (\n    SELECT *, row_number() OVER (PARTITION BY ${key} ORDER BY CASE WHEN ${period} IS NULL THEN 1 ELSE 0 END, ${d.binaryText(period)} DESC, ${ord} DESC) AS ${d.ident('canji_rank')}\n` +
          `    FROM (SELECT *, MAX(CASE WHEN ${period} IS NULL THEN ${ord} END) OVER (PARTITION BY ${key}) AS ${lastNull} FROM ${keyed}) canji_t\n` +
          `    WHERE ${lastNull} IS NULL OR ${ord} >= ${lastNull}\n  ) canji_u\n  WHERE ${d.ident('canji_rank')} = 1\n)`,
      );
    }
    const typed: [string, string][] = [];
    for (const f of used) {
      const kind = kinds.get(f);
      if (kind === 'code' || kind === 'number') typed.push([num(f), typedNumber(d, d.ident(f), kind)]);
    }
    return typed.length ? staged(merged, [typed], () => `canji_${short}_t`) : merged;
  }
}

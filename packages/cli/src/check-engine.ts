/**
 * `canji check --engine duckdb`: the same check, with the rules that compile to SQL run in an
 * embedded DuckDB (`@canji/sql`) and the rest in JavaScript, merged into the one report.
 *
 * 1. The departments' extracts are read with `@canji/form`'s reader, as `--engine js` reads them
 *    (the same rejects, normalisations and notices), and appended to DuckDB tables instead of
 *    JavaScript indexes.
 * 2. First pass over the batch: the records, read as the check reads them, are appended to a
 *    DuckDB table under their position in the file (the columns the SQL reads only).
 * 3. DuckDB runs every record and cross-check rule that compiles, the pre-filters of the
 *    cross-check rules with functions, and which department each record is matched in
 *    (`hybridFindingsWithDuckDb`); it hands back the findings by position, the match bits and the
 *    extract rows of the persons whose findings or pre-filters need their department row (indexed
 *    here, in JavaScript: a small part of the extracts).
 * 4. Second pass: the JavaScript batch checker of `--engine js`, fed as `checkFile` feeds it, with
 *    each rule SQL decided replaced by one that says what SQL found for the record (same id, title,
 *    severity, basis, items: the same issue), the pre-filtered rules' functions run only where SQL's
 *    pre-filter holds, and department indexes that answer from the match bits and the rows handed
 *    back. The tally, the examples, the department lists and the report are the JavaScript
 *    engine's own code (`createBatchChecker`), so the report is the same.
 */
import type { DuckDbEngine, HybridFindings } from '@canji/sql';
import { buildDepartmentIndexAsync, compileRules, createBatchChecker, type BatchChecker, type BatchOptions, type CrossCheckRule, type DepartmentId, type DepartmentIndex, type PersonRecord, type Rule } from '@canji/rules';
import type { PersonFormVersion } from '@canji/form';
import { CliError, EXIT, type CliIo } from './io.js';
import type { Progress } from './progress.js';
import { readPersonRecords, type ReadOptions } from './read.js';
import { checkRuleSet, type RuleSetSpec } from './rule-set.js';

/** The engines of `canji check --engine`. */
export const CHECK_ENGINES = ['js', 'duckdb'] as const;
/** An engine of `canji check --engine` (`CheckFileOptions.engine`). */
export type CheckEngineName = (typeof CHECK_ENGINES)[number];

/**
 * Reads `--engine`: `js` (the default) or `duckdb`; anything else is `USAGE_ENGINE` (exit 2).
 *
 * @example
 * ```ts
 * parseEngineOption(undefined); //=> 'js'
 * parseEngineOption('duckdb'); //=> 'duckdb'
 * parseEngineOption('postgres'); // throws CliError USAGE_ENGINE（尚未支持）
 * ```
 */
export function parseEngineOption(value: string | undefined): CheckEngineName {
  if (value === undefined) return 'js';
  const v = value.trim().toLowerCase();
  if ((CHECK_ENGINES as readonly string[]).includes(v)) return v as CheckEngineName;
  if (v === 'postgres' || v === 'postgresql') throw new CliError('USAGE_ENGINE', '--engine postgres 尚未支持（在 PostgreSQL 库内校验的规则 SQL 可用 canji sql --dialect postgres 生成）；可用 js（默认）、duckdb');
  throw new CliError('USAGE_ENGINE', `--engine 应为 js（默认，JavaScript 引擎）或 duckdb（内嵌 DuckDB 引擎）：收到“${value}”`);
}

/** The first department field a condition reads (`$matched` aside): what a cross-check rule compares when it does not say. */
function firstDeptField(c: unknown): string | undefined {
  if (!c || typeof c !== 'object') return undefined;
  const o = c as Record<string, unknown>;
  if (typeof o.dept === 'string' && !o.dept.startsWith('$')) return o.dept;
  for (const v of Object.values(o)) {
    const inner = Array.isArray(v) ? v.map(firstDeptField).find((x) => x !== undefined) : typeof v === 'object' ? firstDeptField(v) : undefined;
    if (inner !== undefined) return inner;
  }
  return undefined;
}

/**
 * The rule without its condition (SQL evaluated it), with what it compares said outright: the
 * discrepancy lists infer it from the condition when a rule does not say (`CrossCheckRule.compares`).
 */
function withoutViolation<R extends Rule>(rule: R): Omit<R, 'violation'> {
  const { violation, ...rest } = rule as R & { violation?: unknown };
  if (rule.scope !== 'cross-check' || (rule as CrossCheckRule).compares) return rest;
  const item = rule.items[0];
  const field = firstDeptField(violation);
  return item !== undefined && field !== undefined ? { ...rest, compares: { item, field } } : rest;
}

/**
 * A department's extract as the DuckDB engine holds it, seen by the JavaScript checker: whether
 * the record being checked is in it comes from SQL's match bits, its row from the rows SQL handed
 * back (the persons whose findings or pre-filters read it).
 */
class SqlDepartmentIndex implements DepartmentIndex {
  rowsRead: number;
  rowsWithoutKey: number;
  duplicateKeys: number;
  size: number;
  /** The rows handed back, indexed as `--engine js` indexes a whole extract. */
  rows: DepartmentIndex | undefined;
  /** Bit of this department in the match bits. */
  bit = 0;

  constructor(
    readonly department: DepartmentId,
    counts: { rows: number; rowsWithoutKey: number; people: number },
    private readonly check: DuckDbCheck,
  ) {
    this.rowsRead = counts.rows;
    this.rowsWithoutKey = counts.rowsWithoutKey;
    this.size = counts.people;
    this.duplicateKeys = counts.rows - counts.rowsWithoutKey - counts.people;
  }

  get(key: string): Readonly<Record<string, unknown>> | undefined {
    return this.rows?.get(key);
  }

  /** Whether the record being checked (its `key`) is in the extract: SQL's answer. */
  has(_key: string): boolean {
    return this.check.matchedNow(this.bit);
  }
}

/** What the first pass needs: the batch, read as the second pass will read it. */
export interface DuckDbCheckPrepare {
  input: string;
  /** The form version given (`--form`), else the one recognised from the header. */
  given: PersonFormVersion | undefined;
  /** The reading options of the check (encoding, format, sheet; `onReject` is left to the second pass). */
  reading: Pick<ReadOptions, 'encoding' | 'format' | 'sheet'>;
  spec: RuleSetSpec;
  /** `--as-of`. */
  referenceDate: string | undefined;
  progress?: (totalBytes: number) => Progress;
}

/**
 * The DuckDB side of one `canji check --engine duckdb` (see the module comment): open, load the
 * departments through {@link indexer}, {@link prepare} (first pass and SQL), then {@link checker}
 * for the second pass, and {@link close}.
 */
export class DuckDbCheck {
  private found: HybridFindings | undefined;
  private formVersion: PersonFormVersion | undefined;
  private readonly indexes = new Map<DepartmentId, SqlDepartmentIndex>();
  /** Position of the item being checked, and its hits in `found.hits` (`lo` … `hi` − 1). */
  private cursor = -1;
  private lo = 0;
  private hi = 0;
  /** Records the JavaScript checker matched with the departments (it had a key) and, of those, ones SQL found no key for. */
  private jsKeyed = 0;
  private keyMismatch = 0;
  private lastKeyed = -1;

  private constructor(private readonly engine: DuckDbEngine) {}

  /** Opens an in-memory DuckDB; `ENGINE_UNAVAILABLE` (exit 3) when it cannot be loaded on this machine. */
  static async open(): Promise<DuckDbCheck> {
    const { DuckDbEngine } = await import('@canji/sql');
    try {
      return new DuckDbCheck(await DuckDbEngine.open());
    } catch (e) {
      throw new CliError('ENGINE_UNAVAILABLE', `无法启动 DuckDB 引擎（${e instanceof Error ? e.message : String(e)}）；可改用默认的 --engine js`, EXIT.FAILURE);
    }
  }

  /** Where `loadDepartment` puts a department's rows: a DuckDB table; the index it returns answers as described at {@link SqlDepartmentIndex}. */
  indexer(department: DepartmentId): (rows: AsyncIterable<Record<string, unknown>[]>) => Promise<DepartmentIndex> {
    return async (rows) => {
      const writer = await this.engine.departmentWriter(department);
      try {
        for await (const batch of rows) for (let i = 0; i < batch.length; i++) writer.add(batch[i]!);
      } finally {
        writer.close();
      }
      const index = new SqlDepartmentIndex(department, await this.engine.departmentCounts(department), this);
      this.indexes.set(department, index);
      return index;
    };
  }

  /** The rules of the check for the form version, as the JavaScript engine compiles them. */
  private rulesFor(form: PersonFormVersion, spec: RuleSetSpec): readonly Rule[] {
    return checkRuleSet({ ...spec, form }).rules;
  }

  /**
   * The first pass and the SQL: reads the batch (as the check reads it, quietly), appends the
   * records under their positions, runs the SQL part and indexes the extract rows it hands back.
   * Returns the notice for the user (how the rules were shared).
   */
  async prepare(io: CliIo, p: DuckDbCheckPrepare): Promise<string> {
    const quiet: CliIo = { ...io, stderr: () => {} };
    const reader = await readPersonRecords(quiet, p.input, { quiet: true, label: '装入', requiredKeys: ['resident_id'], unreadableCells: 'keep', ...(p.given ? { formVersion: p.given } : {}), ...(p.progress ? { progress: p.progress } : {}), ...p.reading });
    const engine = this.engine;
    const departments = engine.loadedDepartments();
    const open = async (form: PersonFormVersion) => {
      this.formVersion = form;
      const { planHybridCheck } = await import('@canji/sql');
      const plan = planHybridCheck(this.rulesFor(form, p.spec), { formVersion: form, departments, ...(p.referenceDate ? { referenceDate: p.referenceDate } : {}) });
      return engine.recordWriter({ formVersion: form, columns: plan.compiled.recordColumns });
    };
    // The form version is known once the header is read, in the first call; the table is made
    // then, and the rows read meanwhile wait for it (the reader awaits between chunks).
    let writer: Awaited<ReturnType<DuckDbEngine['recordWriter']>> | undefined;
    let opening: Promise<void> | undefined;
    let failure: unknown;
    const waiting: [number, PersonRecord][] = [];
    const start = () =>
      (opening ??= open(reader.formVersion() ?? p.given ?? '2017').then(
        (w) => {
          writer = w;
          for (const [i, r] of waiting) w.add(i, r);
          waiting.length = 0;
        },
        (e) => void (failure = e),
      ));
    let index = 0;
    try {
      await reader.forEach((item) => {
        const i = index++;
        if (!('record' in item)) return;
        if (writer) writer.add(i, item.record);
        else {
          waiting.push([i, item.record]);
          void start();
        }
      });
      await start();
      if (failure) throw failure;
    } finally {
      writer?.close();
    }
    const found = await engine.hybridFindings(this.rulesFor(this.formVersion!, p.spec), p.referenceDate ? { referenceDate: p.referenceDate } : {});
    this.found = found;
    for (const [d, index] of this.indexes) {
      index.bit = 1 << found.departments.indexOf(d);
      index.rows = await buildDepartmentIndexAsync(d, found.rows(d), { canonicalIds: true });
    }
    // The second pass needs nothing more of DuckDB: its memory goes back before the JavaScript checker runs.
    engine.close();
    const { plan } = found;
    const inJs = plan.inJs.length;
    return `DuckDB 引擎：${plan.inSql.length} 条规则在 SQL 中判断${plan.preFiltered.length ? `，${plan.preFiltered.length} 条部门比对规则由 SQL 预筛后在 JavaScript 中判断` : ''}${inJs ? `，${inJs} 条（登记表校验、批次规则、带函数的规则等）在 JavaScript 中运行` : ''}\n`;
  }

  /** Moves to the next item of the second pass (the checker's position). */
  private next(): void {
    const i = ++this.cursor;
    const records = this.found!.hits.records;
    let lo = this.hi;
    while (lo < records.length && records[lo]! < i) lo++;
    let hi = lo;
    while (hi < records.length && records[hi] === i) hi++;
    this.lo = lo;
    this.hi = hi;
  }

  /** Whether SQL found the rule (or pre-filter) at `position` for the item being checked. */
  private fires(position: number): boolean {
    const rules = this.found!.hits.rules;
    for (let k = this.lo; k < this.hi; k++) if (rules[k] === position) return true;
    return false;
  }

  /** Whether the item being checked has a match key and is in the department of `bit` (asked by the checker only for records it has a key for). */
  matchedNow(bit: number): boolean {
    const m = this.found!.matched[this.cursor] ?? 0;
    if (this.lastKeyed !== this.cursor) {
      this.lastKeyed = this.cursor;
      this.jsKeyed++;
      if (!(m & 0x80)) this.keyMismatch++;
    }
    return (m & bit) !== 0;
  }

  /** The rules of the second pass: each rule SQL decided or pre-filtered replaced (same id, title, severity, basis, items). */
  private secondPassRules(rules: readonly Rule[]): Rule[] {
    const found = this.found!;
    const position = new Map(found.ruleIds.map((id, i) => [id, i]));
    const filter = new Map(found.plan.preFiltered.map((p) => [p.rule.id, p.filter]));
    return rules.map((rule): Rule => {
      const at = position.get(rule.id);
      if (at === undefined) return rule;
      const fires = () => this.fires(at);
      if (rule.scope === 'record') return { ...withoutViolation(rule), check: fires };
      if (rule.scope !== 'cross-check') return rule;
      const pre = filter.get(rule.id);
      // Pre-filtered by "has a key": the rule runs as it is, on the rows of every matched person.
      if (pre === 'always') return rule;
      if (pre === 'violation') {
        const check = rule.check!;
        const gated: CrossCheckRule['check'] = (record, row, facts, ctx) => fires() && check(record, row, facts, ctx);
        return { ...withoutViolation(rule), check: gated };
      }
      return { ...withoutViolation(rule), check: fires };
    });
  }

  /**
   * The batch checker of the second pass: `--engine js`'s (`createBatchChecker` over the check's
   * rule set) with the rules of {@link secondPassRules}. Each `add` is the next item of the file,
   * as in the first pass. Its report throws `ENGINE_MISMATCH` (exit 3) should SQL and JavaScript
   * have read a resident ID differently (they are tested to agree; this keeps a difference loud).
   */
  checker(form: PersonFormVersion, spec: RuleSetSpec, options: Omit<BatchOptions, 'rules'>): BatchChecker {
    if (!this.found || form !== this.formVersion) throw new Error(`DuckDbCheck: checker(${form}) before prepare, or for another form version (${this.formVersion})`);
    const rules = compileRules(this.secondPassRules(this.rulesFor(form, spec)), { formVersion: form });
    const checker = createBatchChecker({ ...options, rules, context: { ...options.context, formVersion: form } });
    return {
      add: (item) => {
        this.next();
        return checker.add(item);
      },
      addShard: () => {
        throw new Error('DuckDbCheck: no shards (one thread reads the second pass)');
      },
      progress: () => checker.progress(),
      report: () => {
        const found = this.found!;
        if (this.indexes.size && (this.keyMismatch > 0 || this.jsKeyed !== found.keyed)) {
          throw new CliError('ENGINE_MISMATCH', `DuckDB 引擎与 JavaScript 引擎读出的身份证号不一致（JavaScript ${this.jsKeyed} 条记录有可比对的身份证号，SQL ${found.keyed} 条）：报告未生成；请改用 --engine js，并报告此问题`, EXIT.FAILURE);
        }
        return checker.report();
      },
    };
  }

  close(): void {
    this.engine.close();
  }
}

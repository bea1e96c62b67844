/**
 * The observers of the batch pipeline: the rules that must see the records in file order, in one
 * place — the batch rules (duplicates across the file …) and the partner-department cross-checks
 * (matched counts, the discrepancy lists). Each sees every readable record after the record
 * checker, adds its issues to the record's, and contributes its own part to the report at the end.
 */
import { matchKey, runCrossCheckRules, toIssue, type CompiledRule, type CompiledRuleSet } from '../compile.js';
import type { Scope } from '../conditions.js';
import { DEPARTMENT_NAMES } from '@canji/form';
import { maskIdentifier } from '@canji/id';
import { type BatchRule, type CheckResult, type DepartmentId, type Issue, type PersonRecord, type RecordFacts, type RuleContext } from '../model.js';
import type { Discrepancy, ReportDepartment } from '../report.js';
import type { IssueSink } from './record-checker.js';

/**
 * The batch rules of a compiled set, each started once for the batch.
 *
 * @example
 * ```ts
 * const batch = new BatchRulesObserver(compiled, context);
 * batch.see(record, facts, 0, emit); // for each record, in file order
 * ```
 */
export class BatchRulesObserver {
  private readonly observers: { c: CompiledRule<BatchRule>; see: ReturnType<BatchRule['start']> }[];

  constructor(compiled: CompiledRuleSet, context: RuleContext) {
    this.observers = compiled.batch.map((c) => ({ c, see: c.rule.start(context) }));
  }

  /** Shows the rules the record at `index`; their issues go to `emit`. */
  see(record: PersonRecord, facts: RecordFacts, index: number, emit: IssueSink): void {
    const list = this.observers;
    for (let i = 0; i < list.length; i++) {
      const { c, see } = list[i]!;
      const r: CheckResult = see(record, facts, index);
      if (r) emit(c, toIssue(c.rule, r)!);
    }
  }
}

export interface CrossCheckObserverOptions {
  /** Discrepancies kept per department (default: all). */
  maxDiscrepancies?: number;
  /** Replace discrepancy keys by masked ones. */
  maskDiscrepancyKeys?: boolean;
  /** Called for every discrepancy found. */
  onDiscrepancy?: (d: Discrepancy) => void;
}

/**
 * The cross-check rules against the departments' extracts in `context.departments`: per
 * department the records matched, and the discrepancies to send back, in file order.
 *
 * @example
 * ```ts
 * const xc = new CrossCheckObserver(compiled, context, {});
 * if (xc.active) xc.see(scope, 0, emit); // for each record, in file order
 * xc.finish(); //=> [{ department: 'education', matched: …, discrepancies: […], … }]
 * ```
 */
export class CrossCheckObserver {
  /** False when no department's extract is given (nothing to see). */
  readonly active: boolean;
  private readonly depts = new Map<DepartmentId, { matched: number; count: number; list: Discrepancy[] }>();
  private readonly maxDiscrepancies: number;
  private index = 0;
  private key: string | undefined;
  private regionCode: string | undefined;
  private out: IssueSink = () => {};
  private readonly emit: IssueSink;

  constructor(
    private readonly compiled: CompiledRuleSet,
    private readonly context: RuleContext,
    private readonly opts: CrossCheckObserverOptions,
  ) {
    for (const d of Object.keys(context.departments ?? {}) as DepartmentId[]) {
      if (context.departments?.[d]) this.depts.set(d, { matched: 0, count: 0, list: [] });
    }
    this.active = this.depts.size > 0;
    this.maxDiscrepancies = opts.maxDiscrepancies ?? Infinity;
    this.emit = (c, issue) => {
      this.discrepancy(issue);
      this.out(c, issue);
    };
  }

  /** Matches the record in `scope` (at `index`) with each department and runs the cross-check rules; issues go to `emit`. */
  see(scope: Scope, index: number, emit: IssueSink): void {
    const record = scope.record;
    const key = matchKey(record, scope.facts, this.context);
    if (key !== undefined) {
      for (const [d, s] of this.depts) if (this.context.departments![d]!.get(key) !== undefined) s.matched++;
    }
    const rc = scope.values ? scope.values[0] : record.region_code; // region_code: the first base key
    this.regionCode = typeof rc === 'string' && rc !== '' ? rc : undefined;
    this.index = index;
    this.key = key;
    this.out = emit;
    runCrossCheckRules(this.compiled, scope, this.context, this.emit);
  }

  private discrepancy(issue: Issue): void {
    if (!issue.department) return;
    const d = this.depts.get(issue.department);
    const key = this.key;
    if (!d || key === undefined) return;
    d.count++;
    const disc: Discrepancy = {
      department: issue.department,
      ruleId: issue.ruleId,
      message: issue.message,
      key: this.opts.maskDiscrepancyKeys ? (maskIdentifier(key) ?? '') : key,
      index: this.index,
    };
    if (this.regionCode) disc.regionCode = this.regionCode;
    if (issue.recorded !== undefined) disc.recorded = issue.recorded;
    if (issue.departmentValue !== undefined) disc.departmentValue = issue.departmentValue;
    if (d.list.length < this.maxDiscrepancies) d.list.push(disc);
    this.opts.onDiscrepancy?.(disc);
  }

  /** The departments' part of the report. */
  finish(): ReportDepartment[] {
    return [...this.depts].map(([d, s]) => ({
      department: d,
      name: DEPARTMENT_NAMES[d],
      indexSize: this.context.departments![d]!.size,
      matched: s.matched,
      discrepancyCount: s.count,
      discrepancies: s.list.slice(),
      truncated: s.count > s.list.length,
    }));
  }
}

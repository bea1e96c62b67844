/**
 * The observers of the batch pipeline: the rules that must see the records in file order, in one
 * place — the batch rules (duplicates across the file …) and the partner-department cross-checks
 * (matched counts, the discrepancy lists). Each sees every readable record after the record
 * checker, adds its issues to the record's, and contributes its own part to the report at the end.
 */
import { matchKey, runCrossCheckRules, runYearOnYearRules, toIssue, type CompiledRule, type CompiledRuleSet } from '../compile.js';
import type { Scope } from '../conditions.js';
import { DEPARTMENT_NAMES, PERSON_FORM_VERSIONS, itemTitle, personForm, type FormDefinition, type PersonFormVersion } from '@canji/form';
import { maskIdentifier } from '@canji/id';
import { correctionOf, departmentValueLabel, recordedValueLabel } from '../discrepancy-values.js';
import { type BatchRule, type CheckResult, type CrossCheckRule, type DepartmentId, type Issue, type PersonRecord, type RecordFacts, type RuleContext } from '../model.js';
import type { Discrepancy, ReportDepartment, ReportPreviousRound } from '../report.js';
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

/** Options of the cross-check observer: discrepancies kept, masking, the discrepancy callback. */
export interface CrossCheckObserverOptions {
  /** Discrepancies kept per department (default: all). */
  maxDiscrepancies?: number;
  /** Replace the report's discrepancy keys by masked ones (and leave out names); `onDiscrepancy` still gets them whole. */
  maskDiscrepancyKeys?: boolean;
  /** Called for every discrepancy found (disagreements only: see `CrossCheckRule.comparison`). */
  onDiscrepancy?: (d: Discrepancy) => void;
}

interface DepartmentTally {
  matched: number;
  compared: number;
  /** Records with at least one disagreement with this department. */
  disagreed: number;
  /** Index of the last record counted in `disagreed`. */
  lastDisagreed: number;
  count: number;
  agreementFindings: number;
  list: Discrepancy[];
}

/** The first department field a condition reads (`$matched` aside). */
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
 * What a cross-check rule compares (see `CrossCheckRule.compares`): as declared, or inferred from
 * the rule — its first item and the first department field its condition reads. The discrepancy
 * lists show these two values side by side.
 *
 * @example
 * ```ts
 * const rule = crossCheckRules('2017').find((r) => r.id === 'XC_EDU_STAGE_DIFFERS')!;
 * crossCheckCompares(rule); //=> { item: 'r14', field: 'school_stage' } (declared, or read off `{ dept: 'school_stage', present: true }`)
 * ```
 */
export function crossCheckCompares(rule: CrossCheckRule): { item: string; field: string; detail?: string } | undefined {
  if (rule.compares) return rule.compares;
  const item = rule.items[0];
  const field = firstDeptField(rule.violation);
  return item !== undefined && field !== undefined ? { item, field } : undefined;
}

/**
 * The cross-check rules against the departments' extracts in `context.departments`: per
 * department the records compared, matched and agreed, and the discrepancies to send back (real
 * disagreements only, with both values labelled), in file order.
 *
 * @example
 * ```ts
 * const xc = new CrossCheckObserver(compiled, context, {});
 * if (xc.active) xc.see(scope, 0, emit); // for each record, in file order
 * xc.finish(); //=> [{ department: 'education', matched: …, compared: …, agreed: …, discrepancies: […], … }]
 * ```
 */
export class CrossCheckObserver {
  /** False when no department's extract is given (nothing to see). */
  readonly active: boolean;
  private readonly depts = new Map<DepartmentId, DepartmentTally>();
  /** The tallies of {@link depts} in order, and whether each department's index holds a key. */
  private readonly tallies: DepartmentTally[] = [];
  private readonly found: ((key: string) => boolean)[] = [];
  private readonly maxDiscrepancies: number;
  private readonly form: FormDefinition;
  private index = 0;
  private key: string | undefined;
  private regionCode: string | undefined;
  private scope: Scope | undefined;
  private out: IssueSink = () => {};
  private readonly emit: IssueSink;

  constructor(
    private readonly compiled: CompiledRuleSet,
    private readonly context: RuleContext,
    private readonly opts: CrossCheckObserverOptions,
  ) {
    for (const d of Object.keys(context.departments ?? {}) as DepartmentId[]) {
      if (context.departments?.[d]) this.depts.set(d, { matched: 0, compared: 0, disagreed: 0, lastDisagreed: -1, count: 0, agreementFindings: 0, list: [] });
    }
    this.active = this.depts.size > 0;
    for (const [d, s] of this.depts) {
      const index = context.departments![d]!;
      const has = (index as { has?: unknown }).has;
      this.tallies.push(s);
      // A flat index says whether it holds a key without building the row.
      this.found.push(typeof has === 'function' ? (key) => (has as (k: string) => boolean).call(index, key) : (key) => index.get(key) !== undefined);
    }
    this.maxDiscrepancies = opts.maxDiscrepancies ?? Infinity;
    const v = context.formVersion ?? '2017';
    this.form = (PERSON_FORM_VERSIONS as readonly string[]).includes(v) ? personForm(v as PersonFormVersion) : personForm('2017');
    this.emit = (c, issue) => {
      this.discrepancy(c, issue);
      this.out(c, issue);
    };
  }

  /** Matches the record in `scope` (at `index`) with each department and runs the cross-check rules; issues go to `emit`. */
  see(scope: Scope, index: number, emit: IssueSink): void {
    const record = scope.record;
    const key = matchKey(record, scope.facts, this.context);
    if (key !== undefined) {
      const tallies = this.tallies;
      const found = this.found;
      for (let i = 0; i < tallies.length; i++) {
        const s = tallies[i]!;
        s.compared++;
        if (found[i]!(key)) s.matched++;
      }
    }
    const rc = scope.values ? scope.values[0] : record.region_code; // region_code: the first base key
    this.regionCode = typeof rc === 'string' && rc !== '' ? rc : undefined;
    this.index = index;
    this.key = key;
    this.scope = scope;
    this.out = emit;
    runCrossCheckRules(this.compiled, scope, this.context, this.emit);
    this.scope = undefined;
  }

  private discrepancy(c: CompiledRule, issue: Issue): void {
    if (!issue.department || c.rule.scope !== 'cross-check') return;
    const d = this.depts.get(issue.department);
    const key = this.key;
    if (!d || key === undefined) return;
    const rule = c.rule;
    if (rule.comparison === 'agrees') {
      d.agreementFindings++;
      return;
    }
    d.count++;
    if (d.lastDisagreed !== this.index) {
      d.disagreed++;
      d.lastDisagreed = this.index;
    }
    const disc = this.describe(rule, issue, key, false);
    if (d.list.length < this.maxDiscrepancies) d.list.push(this.opts.maskDiscrepancyKeys ? this.describe(rule, issue, key, true) : disc);
    // The lists sent to the departments need the real key and name, whatever the report keeps.
    this.opts.onDiscrepancy?.(disc);
  }

  /** The discrepancy of `issue`: who, where, and both values with their labels; `mask`: as a report keeps it. */
  private describe(rule: CrossCheckRule, issue: Issue, key: string, mask: boolean): Discrepancy {
    const record = this.scope!.record;
    const row = this.context.departments![rule.department]!.get(key);
    const disc: Discrepancy = {
      department: rule.department,
      ruleId: issue.ruleId,
      message: issue.message,
      key: mask ? (maskIdentifier(key) ?? '') : key,
      index: this.index,
      matched: row !== undefined,
    };
    if (this.regionCode) disc.regionCode = this.regionCode;
    if (!mask && typeof record.name === 'string' && record.name.trim() !== '') disc.name = record.name.trim();
    const cmp = crossCheckCompares(rule);
    const recorded = issue.recorded !== undefined ? issue.recorded : cmp ? record[cmp.item] : undefined;
    const departmentValue = issue.departmentValue !== undefined ? issue.departmentValue : cmp && row ? row[cmp.field] : undefined;
    // Names are personal data: a masked report shows neither side of a name mismatch.
    const hide = mask && cmp?.item === 'name';
    if (recorded !== undefined && !hide) disc.recorded = recorded;
    if (departmentValue !== undefined && !hide) disc.departmentValue = departmentValue;
    if (cmp) {
      disc.item = cmp.item;
      disc.field = cmp.field;
      if (!hide) {
        let label = recordedValueLabel(this.form, cmp.item, recorded);
        const more = cmp.detail !== undefined ? record[cmp.detail] : undefined;
        if (cmp.detail !== undefined && more !== undefined && more !== null && more !== '') label += `；${itemTitle(this.form, cmp.detail)}：${recordedValueLabel(this.form, cmp.detail, more)}`;
        disc.recordedLabel = label;
        disc.departmentLabel = departmentValueLabel(rule.department, cmp.field, departmentValue, row !== undefined);
      }
    }
    if (rule.corrects && !hide) {
      const fix = correctionOf(this.form, rule.corrects, departmentValue, row !== undefined);
      if (fix) disc.correction = fix;
    }
    return disc;
  }

  /** The departments' part of the report. */
  finish(): ReportDepartment[] {
    return [...this.depts].map(([d, s]) => ({
      department: d,
      name: DEPARTMENT_NAMES[d],
      indexSize: this.context.departments![d]!.size,
      matched: s.matched,
      discrepancyCount: s.count,
      compared: s.compared,
      agreed: s.compared - s.disagreed,
      agreementFindings: s.agreementFindings,
      discrepancies: s.list.slice(),
      truncated: s.count > s.list.length,
    }));
  }
}

/**
 * The year-on-year rules against `context.previousRound`: each record is looked up by its key
 * and compared with the same person's previous-round record; counts the persons compared.
 *
 * @example
 * ```ts
 * const yoy = new YearOnYearObserver(compiled, context);
 * if (yoy.active) yoy.see(scope, emit); // for each record
 * yoy.finish(); //=> { formVersion: '2017', persons: …, keyed: …, matched: … }
 * ```
 */
export class YearOnYearObserver {
  /** False without a previous round or without year-on-year rules. */
  readonly active: boolean;
  private keyed = 0;
  private matched = 0;

  constructor(
    private readonly compiled: CompiledRuleSet,
    private readonly context: RuleContext,
  ) {
    this.active = compiled.yearOnYear.length > 0 && context.previousRound !== undefined;
  }

  see(scope: Scope, emit: IssueSink): void {
    const found = runYearOnYearRules(this.compiled, scope, this.context, emit);
    if (found === undefined) return;
    this.keyed++;
    if (found) this.matched++;
  }

  finish(): ReportPreviousRound | undefined {
    const p = this.context.previousRound;
    if (!this.active || !p) return undefined;
    return { formVersion: p.formVersion, persons: p.size, keyed: this.keyed, matched: this.matched };
  }
}

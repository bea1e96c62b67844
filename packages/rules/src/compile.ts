import { compileCondition, type Condition, type Scope } from './conditions.js';
import { recordFacts } from './facts.js';
import {
  RuleDefinitionError,
  defineRule,
  ruleAppliesTo,
  type BatchRule,
  type CheckResult,
  type CrossCheckRule,
  type DepartmentId,
  type FormVersion,
  type Issue,
  type PersonRecord,
  type RecordFacts,
  type RecordColumns,
  type RecordRule,
  type Rule,
  type RuleContext,
  type YearOnYearRule,
} from './model.js';
import { viewAs2017, viewFrom2017, type PersonFormVersion } from '@canji/form';

type Test = (scope: Scope, context: RuleContext) => CheckResult;

/**
 * Columns the runner itself reads (facts, regions, masking). They come first in every compiled
 * set's keys, so their positions are fixed (see `recordFacts`).
 */
export const BASE_KEYS = ['region_code', 'reference_date', 'survey_year', 'person_status', 'name', 'resident_id', 'certificate_no', 'sex', 'birth_date', 'disability_category', 'disability_level'];

/**
 * @internal The record keys `rules` read: the base keys, each rule's `items` and the items its
 * `violation` condition tests (batch rules have none).
 */
export function ruleKeys(rules: readonly Rule[]): string[] {
  const keys = new Set<string>(BASE_KEYS);
  const addCond = (c: Condition | undefined): void => {
    if (!c) return;
    if ('all' in c) c.all.forEach(addCond);
    else if ('any' in c) c.any.forEach(addCond);
    else if ('not' in c) addCond(c.not);
    else if ('xor' in c) c.xor.forEach(addCond);
    else if ('item' in c && !c.item.startsWith('$')) keys.add(c.item);
  };
  for (const r of rules) {
    for (const k of r.items) keys.add(k);
    if (r.scope !== 'batch') addCond(r.violation);
  }
  return [...keys];
}

/**
 * Reads a record's values into a dense array in the order of `keys` (one for-in pass; the
 * buffer is reused, so the result is valid until the next call). Columns outside `keys` are left
 * out and flagged.
 */
function makeColumns(keys: readonly string[]): (record: PersonRecord) => RecordColumns {
  // A prototype-less object as the key → position table: cheaper than a Map for string keys here.
  const position: Record<string, number> = Object.create(null);
  keys.forEach((k, i) => (position[k] = i));
  const values: unknown[] = new Array(keys.length).fill(undefined);
  const out: RecordColumns = { keys, values, unknownKeys: false };
  const set: number[] = [];
  return (record) => {
    for (let i = 0; i < set.length; i++) values[set[i]!] = undefined;
    set.length = 0;
    let unknown = false;
    // Object.keys + Object.values: reading records of many shapes key by key is the slow part.
    const ks = Object.keys(record);
    const vs = Object.values(record);
    for (let i = 0; i < ks.length; i++) {
      const v = vs[i];
      if (v === undefined) continue;
      const p = position[ks[i]!];
      if (p === undefined) {
        unknown = true;
        continue;
      }
      values[p] = v;
      set.push(p);
    }
    out.unknownKeys = unknown;
    return out;
  };
}

/** A rule as compiled into a {@link CompiledRuleSet}: the rule, its position and what it reads (read-only for callers). */
export interface CompiledRule<R extends Rule = Rule> {
  rule: R;
  /** Position in {@link CompiledRuleSet.rules}, used for counters. */
  index: number;
  test: Test;
  /** The rule's gate (record rules), copied here so the runner reads one object shape. */
  gate: RecordRule['gate'];
  /** For the first rule of a gated group: the position after the group's last rule. */
  groupEnd: number;
  /** Severity and department, copied for the same reason. */
  error: boolean;
}

/**
 * A rule set prepared for fast evaluation: conditions compiled to functions, rules filtered to
 * one form version and grouped by scope. Compile once, run on millions of records.
 */
export interface CompiledRuleSet {
  formVersion: FormVersion;
  rules: readonly Rule[];
  /**
   * @internal Every record key a rule reads (its `items` and condition items). Records are read
   * through a view object with exactly these keys, so every rule sees one object shape: reading
   * ~80 keys from records of thousands of different shapes is what makes naive rule engines slow.
   */
  keys: readonly string[];
  /** @internal Reads a record into dense columns (one reusable buffer per compiled set). */
  columns: (record: PersonRecord) => RecordColumns;
  /** @internal */ record: readonly CompiledRule<RecordRule>[];
  /** @internal */ crossCheck: readonly CompiledRule<CrossCheckRule>[];
  /** @internal */ batch: readonly CompiledRule<BatchRule>[];
  /** @internal */ yearOnYear: readonly CompiledRule<YearOnYearRule>[];
}

function compileTest(rule: RecordRule | CrossCheckRule | YearOnYearRule, positions: ReadonlyMap<string, number>): Test {
  const cond = rule.violation ? compileCondition(rule.violation, positions) : undefined;
  if (rule.scope === 'year-on-year') {
    const check = rule.check;
    if (cond && check) return (s, ctx) => (cond(s) ? check(s.record, s.previous!, s.facts, s.previousFacts!, ctx) : false);
    if (check) return (s, ctx) => check(s.record, s.previous!, s.facts, s.previousFacts!, ctx);
    return cond!;
  }
  if (rule.scope === 'record') {
    const check = rule.check;
    if (cond && check) return (s, ctx) => (cond(s) ? check(s.record, s.facts, ctx) : false);
    if (check) return (s, ctx) => check(s.record, s.facts, ctx);
    return cond!;
  }
  const check = rule.check;
  if (cond && check) return (s, ctx) => (cond(s) ? check(s.record, s.row, s.facts, ctx) : false);
  if (check) return (s, ctx) => check(s.record, s.row, s.facts, ctx);
  return cond!;
}

/**
 * Validates and compiles rules for one form version (default `'2017'`). Rules that do not apply
 * to the version are left out; ids must be unique. When a rule has both `violation` and `check`,
 * `check` runs only on records where `violation` holds.
 *
 * @example
 * ```ts
 * const compiled = compileRules([...formRules('2017'), ...consistencyRules('2017')], { formVersion: '2017' });
 * compiled.rules.length > 0; //=> true
 * ```
 */
export function compileRules(rules: readonly Rule[], opts: { formVersion?: FormVersion } = {}): CompiledRuleSet {
  const formVersion = opts.formVersion ?? '2017';
  const kept: Rule[] = [];
  const seen = new Set<string>();
  for (const r of rules) {
    defineRule(r);
    if (seen.has(r.id)) throw new RuleDefinitionError('RULE_DUPLICATE_ID', `duplicate rule id ${r.id}`);
    seen.add(r.id);
    if (ruleAppliesTo(r, formVersion)) kept.push(r);
  }
  const keys = ruleKeys(kept);
  const positions = new Map(keys.map((k, i) => [k, i]));
  const record: CompiledRule<RecordRule>[] = [];
  const crossCheck: CompiledRule<CrossCheckRule>[] = [];
  const batch: CompiledRule<BatchRule>[] = [];
  const yearOnYear: CompiledRule<YearOnYearRule>[] = [];
  kept.forEach((rule, index) => {
    switch (rule.scope) {
      case 'record':
        record.push({ rule, index, test: compileTest(rule, positions), gate: rule.gate, groupEnd: 0, error: rule.severity === 'error' });
        break;
      case 'cross-check':
        crossCheck.push({ rule, index, test: compileTest(rule, positions), gate: undefined, groupEnd: 0, error: rule.severity === 'error' });
        break;
      case 'batch':
        batch.push({ rule, index, test: () => false, gate: undefined, groupEnd: 0, error: rule.severity === 'error' });
        break;
      case 'year-on-year':
        yearOnYear.push({ rule, index, test: compileTest(rule, positions), gate: undefined, groupEnd: 0, error: rule.severity === 'error' });
        break;
      default:
        rule satisfies never;
    }
  });
  for (let i = 0; i < record.length; i++) {
    const g = record[i]!.gate;
    if (!g || (i > 0 && record[i - 1]!.gate === g)) continue;
    let j = i + 1;
    while (j < record.length && record[j]!.gate === g) j++;
    record[i]!.groupEnd = j;
  }

  // Grouped by department so each record looks its key up once per department.
  crossCheck.sort((a, b) => (a.rule.department < b.rule.department ? -1 : a.rule.department > b.rule.department ? 1 : a.index - b.index));
  return { formVersion, rules: kept, keys, columns: makeColumns(keys), record, crossCheck, batch, yearOnYear };
}

const cache = new WeakMap<readonly Rule[], Map<string, CompiledRuleSet>>();

/** @internal Compiles once per (rules array, version). */
export function compiledFor(rules: readonly Rule[] | CompiledRuleSet, formVersion: FormVersion | undefined): CompiledRuleSet {
  if (!Array.isArray(rules)) return rules as CompiledRuleSet;
  const list = rules as readonly Rule[];
  const v = formVersion ?? '2017';
  let byVersion = cache.get(list);
  if (!byVersion) cache.set(list, (byVersion = new Map()));
  let c = byVersion.get(v);
  if (!c) byVersion.set(v, (c = compileRules(list, { formVersion: v })));
  return c;
}

/** @internal Turns a check result into an issue (or undefined). */
export function toIssue(rule: Rule, result: CheckResult): Issue | undefined {
  if (!result) return undefined;
  const issue: Issue = { ruleId: rule.id, severity: rule.severity, message: rule.title, items: rule.items };
  if (rule.scope === 'cross-check') issue.department = rule.department;
  if (typeof result === 'string') issue.message = result;
  else if (typeof result === 'object') {
    if (result.message) issue.message = result.message;
    if ('recorded' in result) issue.recorded = result.recorded;
    if ('departmentValue' in result) issue.departmentValue = result.departmentValue;
    if (result.findings?.length) issue.findings = result.findings;
  }
  return issue;
}

/** @internal The record's key for department matching. */
export function matchKey(record: PersonRecord, facts: RecordFacts, context: RuleContext): string | undefined {
  return context.recordKey ? context.recordKey(record, facts) : facts.id;
}

/**
 * @internal Runs record and cross-check rules on one record, calling `emit` for each issue.
 * `scope` is a reusable object (no allocation per record).
 */
export function runRecordRules(
  compiled: CompiledRuleSet,
  scope: Scope,
  context: RuleContext,
  emit: (c: CompiledRule, issue: Issue) => void,
): void {
  runRecordScopeRules(compiled, scope, context, emit);
  runCrossCheckRules(compiled, scope, context, emit);
}

/** @internal The record-scope rules of {@link runRecordRules} (what needs nothing but the record). */
export function runRecordScopeRules(
  compiled: CompiledRuleSet,
  scope: Scope,
  context: RuleContext,
  emit: (c: CompiledRule, issue: Issue) => void,
): void {
  const list = compiled.record;
  for (let i = 0; i < list.length; i++) {
    const c = list[i]!;
    // First rule of a gated group whose gate says "none of us fires": skip the group.
    if (c.groupEnd !== 0 && !c.gate!(scope.record, scope.facts, context)) {
      i = c.groupEnd - 1;
      continue;
    }
    const r = c.test(scope, context);
    if (r) emit(c, toIssue(c.rule, r)!);
  }
}

/** @internal The cross-check rules of {@link runRecordRules}, against `context.departments`. */
export function runCrossCheckRules(
  compiled: CompiledRuleSet,
  scope: Scope,
  context: RuleContext,
  emit: (c: CompiledRule, issue: Issue) => void,
): void {
  if (compiled.crossCheck.length === 0 || !context.departments) return;
  const key = matchKey(scope.record, scope.facts, context);
  let lastDept: DepartmentId | undefined;
  for (const c of compiled.crossCheck) {
    const dept = c.rule.department;
    const index = context.departments[dept];
    if (!index) continue;
    if (dept !== lastDept) {
      scope.row = key === undefined ? undefined : index.get(key);
      lastDept = dept;
    }
    // Without a key the person cannot be matched: no claim about the department's records.
    if (key === undefined) continue;
    const r = c.test(scope, context);
    if (r) emit(c, toIssue(c.rule, r)!);
  }
  scope.row = undefined;
}

/**
 * @internal The previous round's record in the numbering of `to` (2017 ↔ 2021 through the item
 * correspondence; items without a counterpart are left out).
 */
export function previousInVersion(record: PersonRecord, from: FormVersion, to: FormVersion): PersonRecord {
  if (from === to) return record;
  const as2017 = from === '2017' ? record : viewAs2017(record, from as PersonFormVersion);
  return to === '2017' ? as2017 : viewFrom2017(as2017, to as PersonFormVersion);
}

/**
 * @internal Runs the year-on-year rules on one record against `context.previousRound`; returns
 * whether the person was found there (`undefined`: no previous round, no rules or no key).
 */
export function runYearOnYearRules(
  compiled: CompiledRuleSet,
  scope: Scope,
  context: RuleContext,
  emit: (c: CompiledRule, issue: Issue) => void,
): boolean | undefined {
  const prevRound = context.previousRound;
  if (compiled.yearOnYear.length === 0 || !prevRound) return undefined;
  const key = matchKey(scope.record, scope.facts, context);
  if (key === undefined) return undefined;
  const raw = prevRound.get(key);
  if (raw === undefined) return false;
  const previous = previousInVersion(raw, prevRound.formVersion, compiled.formVersion);
  scope.previous = previous;
  scope.previousFacts = recordFacts(previous, {});
  // Dense values are the current record's: previous leaves read the previous record by key.
  for (const c of compiled.yearOnYear) {
    const r = c.test(scope, context);
    if (r) emit(c, toIssue(c.rule, r)!);
  }
  scope.previous = undefined;
  scope.previousFacts = undefined;
  return true;
}

/**
 * Checks one record (entry time): record rules and, where `context.departments` holds the
 * department's index, cross-check rules. Batch rules are skipped (they need the whole batch).
 * Issues come in rule order.
 *
 * @example
 * ```ts
 * const issues = checkRecord(record, consistencyRules('2017'), { referenceDate: '2017-06-30' });
 * issues.filter((i) => i.severity === 'error').length; //=> 0
 * ```
 */
export function checkRecord(
  record: PersonRecord,
  rules: readonly Rule[] | CompiledRuleSet,
  context: RuleContext = {},
): Issue[] {
  const compiled = compiledFor(rules, context.formVersion);
  // checkRecord may be called re-entrantly (from a caller's callback): no shared view here.
  const rec = record;
  const facts = recordFacts(rec, context);
  const scope: Scope = { record: rec, facts, row: undefined };
  const out: Issue[] = [];
  runRecordRules(compiled, scope, context, (_c, issue) => out.push(issue));
  runYearOnYearRules(compiled, scope, context, (_c, issue) => out.push(issue));
  return out;
}

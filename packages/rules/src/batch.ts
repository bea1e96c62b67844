import { DEPARTMENT_NAMES } from '@canji/form';
import { normalizeRegionLevel } from '@canji/regions';
import { compiledFor, matchKey, ruleKeys, runCrossCheckRules, runRecordScopeRules, toIssue, type CompiledRule, type CompiledRuleSet } from './compile.js';
import type { Scope } from './conditions.js';
import { recordFacts } from './facts.js';
import { maskIdentifier } from '@canji/id';
import { IDENTIFYING_COLUMNS, maskExampleName, maskMessage, maskValue } from './mask.js';
import {
  type CheckResult,
  type DepartmentId,
  type Issue,
  type PersonRecord,
  type RecordColumns,
  type RecordFacts,
  type Rule,
  type RuleContext,
} from './model.js';
import {
  REGION_PREFIX_LENGTH,
  type Discrepancy,
  type RegionLevel,
  type ReportDepartment,
  type ReportExample,
  type ReportRegion,
  type ValidationReport,
} from './report.js';
import { RULES_VERSION } from './version.js';

/**
 * What a batch source yields: a record, or a parse result from a reader
 * (`{ ok: true, value }` / `{ ok: false, error }`); anything else counts as unreadable.
 */
export type BatchItem = PersonRecord | { ok: true; value: PersonRecord } | { ok: false; error: unknown };

export interface BatchProgress {
  read: number;
  withErrors: number;
  withWarnings: number;
  unreadable: number;
}

export interface BatchOptions {
  rules: readonly Rule[] | CompiledRuleSet;
  context?: RuleContext;
  /** Level the report counts by (default `'county'`). */
  regionLevel?: RegionLevel;
  /** Region names for the report (e.g. from `@canji/regions`), by code prefix. */
  regionName?: (code: string) => string | undefined;
  /** Masked examples kept per rule (default 5). */
  examplesPerRule?: number;
  /** Discrepancies kept per department in the report (default: all). Use `onDiscrepancy` to stream them instead. */
  maxDiscrepancies?: number;
  /** Replace discrepancy keys by masked ones in the report (default false: the department needs them to verify). */
  maskDiscrepancyKeys?: boolean;
  /** Called for every discrepancy found, e.g. to write the per-department lists to files as the batch runs. */
  onDiscrepancy?: (d: Discrepancy) => void;
  /** Called for every record with issues (its 0-based index, the record, the issues). */
  onIssues?: (index: number, record: PersonRecord, issues: Issue[]) => void;
  /** Called every `progressEvery` records (default 100 000) and at the end. */
  onProgress?: (p: BatchProgress) => void;
  progressEvery?: number;
  /** Report metadata the runner cannot know. */
  meta?: { title?: string; ruleSetVersion?: string; regionTableVersion?: string; generatedAt?: string };
}

interface RegionStats {
  read: number;
  withErrors: number;
  withWarnings: number;
  ruleCounts: Uint32Array;
}

/** A batch check fed one item at a time; see {@link checkBatch}. */
export interface BatchChecker {
  /** Checks one item; returns its issues (empty for a clean or unreadable record). */
  add(item: BatchItem): readonly Issue[];
  /**
   * Adds the items a {@link ShardChecker} checked, in their order, running the cross-check and
   * batch rules on them here (see {@link createShardChecker}). `onIssues` is not called for them.
   * Throws `RULES_SHARD_MISMATCH` when the shard used another rule set.
   */
  addShard(part: ShardResult): void;
  /** Progress so far. */
  progress(): BatchProgress;
  /** Builds the report (the checker can still take items afterwards). */
  report(): ValidationReport;
}

export type ShardOptions = Pick<BatchOptions, 'rules' | 'context' | 'regionLevel' | 'examplesPerRule'>;

/** The record-scope part of a batch check (see {@link createShardChecker}). */
export interface ShardChecker {
  /** Runs the record rules on one item (a record, or a reader's parse result). */
  add(item: BatchItem): void;
  /** The results of the items added since the last `take`, as plain (structured-clonable) data. */
  take(): ShardResult;
}

/**
 * What a {@link ShardChecker} hands over for a run of items, in their order: plain data, to be
 * posted to another thread and given to {@link BatchChecker.addShard}.
 */
export interface ShardResult {
  /** The rule set it was checked with (must be the main checker's). */
  ruleSet: string;
  /** Per item: 1 record rules found an error, 2 a warning, 4 unreadable. */
  flags: Uint8Array;
  /** Per item: what the main checker's cross-check and batch rules read (`null` when unreadable). */
  records: (PersonRecord | null)[];
  /** The unreadable items (index within the part) and why. */
  unreadable: { index: number; reason: string }[];
  /** Issues by rule (position in the compiled rule set) and region key. */
  ruleCounts: { region: string; counts: Uint32Array }[];
  /** The first examples per rule, indexes within the part. */
  examples: { rule: number; examples: ReportExample[] }[];
  errors: number;
  warnings: number;
}

const ERROR = 1;
const WARNING = 2;
const UNREADABLE = 4;

function newPart(): Omit<ShardResult, 'flags'> & { flags: number[] } {
  return { ruleSet: '', flags: [], records: [], unreadable: [], ruleCounts: [], examples: [], errors: 0, warnings: 0 };
}

/** Rule ids, severities and the form version of a compiled set: two checkers agree on rule positions when these agree. */
function ruleSetFingerprint(c: CompiledRuleSet): string {
  return `${c.formVersion}|${c.rules.map((r) => `${r.id}:${r.severity[0]}`).join(',')}`;
}

/** The record keys a shard hands over: base columns and whatever cross-check and batch rules declare or test. */
function handedOverKeys(c: CompiledRuleSet): string[] {
  return ruleKeys([...c.crossCheck, ...c.batch].map((x) => x.rule));
}

function handOver(record: PersonRecord, keys: readonly string[]): PersonRecord {
  const o: Record<string, unknown> = {};
  for (const k of keys) {
    const v = (record as Record<string, unknown>)[k];
    if (v !== undefined) o[k] = v;
  }
  return o;
}

function unreadableReason(item: unknown): string | undefined {
  if (item === null || typeof item !== 'object' || Array.isArray(item)) return '不是记录对象';
  const o = item as Record<string, unknown>;
  if (o.ok === false && 'error' in o) {
    const e = o.error as { code?: unknown; message?: unknown } | undefined;
    if (e && typeof e === 'object') return [e.code, e.message].filter((x) => typeof x === 'string').join(' ') || '无法读取';
    return typeof e === 'string' ? e : '无法读取';
  }
  return undefined;
}

/**
 * Creates a batch checker: feed it records one by one (`add`) and ask for the report at the
 * end. Memory stays flat: counters per rule and region, capped examples, the discrepancy lists
 * (capped by `maxDiscrepancies`) and whatever the batch rules keep per distinct person.
 *
 * @example
 * ```ts
 * const checker = createBatchChecker({ rules: [...consistencyRules('2017'), ...batchRules()] });
 * for (const r of records) checker.add(r);
 * checker.report().counts.withErrors; //=> 0
 * ```
 */
export function createBatchChecker(opts: BatchOptions): BatchChecker {
  const core = checkerCore(opts, false);
  return { add: core.add, addShard: core.addShard, progress: core.progress, report: core.report };
}

/**
 * Creates the record-scope part of a batch check, to run where the records are read (a worker
 * thread, another process): it runs the record rules only, and {@link ShardChecker.take} hands
 * the results over as plain data for the main checker's {@link BatchChecker.addShard}, which runs
 * the cross-check and batch rules in file order and counts everything — the report is the same as
 * one checker's over all records. Give both the same `rules` (and form version); departments stay
 * with the main checker. What a shard hands over per record is small: the base columns and the
 * items its cross-check and batch rules declare (they see only those).
 *
 * @example
 * ```ts
 * const rules = [...formRules('2017'), ...consistencyRules('2017'), ...batchRules()];
 * const shard = createShardChecker({ rules, context: { referenceDate: '2017-06-30' } });
 * for (const r of chunkOfRecords) shard.add(r);
 * const part = shard.take(); // postMessage(part) …
 * const main = createBatchChecker({ rules, context: { referenceDate: '2017-06-30' } });
 * main.addShard(part);
 * main.report().counts.read; //=> chunkOfRecords.length
 * ```
 */
export function createShardChecker(opts: ShardOptions): ShardChecker {
  const core = checkerCore(opts, true);
  return { add: (item) => void core.add(item), take: core.take };
}

function checkerCore(opts: BatchOptions, shard: boolean) {
  const context = opts.context ?? {};
  const compiled = compiledFor(opts.rules, context.formVersion);
  const nRules = compiled.rules.length;
  const regionLevel = normalizeRegionLevel(opts.regionLevel) ?? 'county';
  const prefixLen = REGION_PREFIX_LENGTH[regionLevel];
  const examplesPerRule = opts.examplesPerRule ?? 5;
  const maxDisc = opts.maxDiscrepancies ?? Infinity;
  const progressEvery = opts.progressEvery ?? 100_000;
  const observers = shard ? [] : compiled.batch.map((c) => ({ c, see: c.rule.start(context) }));
  const fingerprint = ruleSetFingerprint(compiled);
  const handedOver = shard ? handedOverKeys(compiled) : [];

  const identifyingRule = compiled.rules.map((r) => r.items.some((k) => IDENTIFYING_COLUMNS.has(k)));
  const regions = new Map<string, RegionStats>();
  // Shard side: what `take` hands over.
  let part = newPart();
  const totals = new Uint32Array(nRules);
  const examples: ReportExample[][] = Array.from({ length: nRules }, () => []);
  const unreadable: { index: number; reason: string }[] = [];
  const depts = new Map<DepartmentId, { matched: number; count: number; list: Discrepancy[] }>();
  if (!shard) {
    for (const d of Object.keys(context.departments ?? {}) as DepartmentId[]) {
      if (context.departments?.[d]) depts.set(d, { matched: 0, count: 0, list: [] });
    }
  }
  const counts = { read: 0, clean: 0, warningsOnly: 0, withErrors: 0, withWarnings: 0, unreadable: 0, errors: 0, warnings: 0 };
  const scope: Scope = { record: {}, facts: undefined as unknown as RecordFacts, row: undefined };

  // Per-record state, reset for each record (no closure allocated per record).
  const NONE: readonly Issue[] = [];
  let curIssues: readonly Issue[] = NONE;
  let curStats: RegionStats | undefined;
  let curIndex = 0;
  let curRegion: string | undefined;
  let curKey: string | undefined;
  let hasError = false;
  let hasWarning = false;

  const emit = (c: CompiledRule, issue: Issue): void => {
    if (curIssues === NONE) curIssues = [];
    (curIssues as Issue[]).push(issue);
    if (issue.severity === 'error') {
      hasError = true;
      counts.errors++;
    } else {
      hasWarning = true;
      counts.warnings++;
    }
    totals[c.index]!++;
    curStats!.ruleCounts[c.index]!++;
    const ex = examples[c.index]!;
    if (ex.length < examplesPerRule) {
      // Examples are for a printed report: identifiers masked, in the message too.
      const e: ReportExample = { index: curIndex, message: maskMessage(issue.message) };
      const identifying = identifyingRule[c.index]!;
      if (curRegion) e.regionCode = curRegion;
      const id = maskIdentifier(scope.record.resident_id);
      if (id) e.residentId = id;
      const name = maskExampleName(scope.record.name);
      if (name) e.name = name;
      if (issue.recorded !== undefined) e.recorded = identifying ? maskValue(issue.recorded) : issue.recorded;
      if (issue.departmentValue !== undefined) e.departmentValue = identifying ? maskValue(issue.departmentValue) : issue.departmentValue;
      ex.push(e);
    }
    if (issue.department) {
      const d = depts.get(issue.department);
      if (d && curKey !== undefined) {
        d.count++;
        const disc: Discrepancy = {
          department: issue.department,
          ruleId: issue.ruleId,
          message: issue.message,
          key: opts.maskDiscrepancyKeys ? (maskIdentifier(curKey) ?? '') : curKey,
          index: curIndex,
        };
        if (curRegion) disc.regionCode = curRegion;
        if (issue.recorded !== undefined) disc.recorded = issue.recorded;
        if (issue.departmentValue !== undefined) disc.departmentValue = issue.departmentValue;
        if (d.list.length < maxDisc) d.list.push(disc);
        opts.onDiscrepancy?.(disc);
      }
    }
  };

  const progress = (): BatchProgress => ({
    read: counts.read,
    withErrors: counts.withErrors,
    withWarnings: counts.withWarnings,
    unreadable: counts.unreadable,
  });

  const markUnreadable = (index: number, reason: string): readonly Issue[] => {
    if (shard) {
      part.flags.push(UNREADABLE);
      part.records.push(null);
      part.unreadable.push({ index, reason });
      return NONE;
    }
    counts.unreadable++;
    if (unreadable.length < examplesPerRule * 20) unreadable.push({ index, reason });
    return NONE;
  };

  /** Region stats and per-record state for the record about to be checked. */
  const begin = (index: number, record: PersonRecord, columns: RecordColumns): RecordFacts => {
    const facts = recordFacts(record, context, columns);
    const rc = columns.values[0]; // region_code: the first base key
    curRegion = typeof rc === 'string' && rc !== '' ? rc : undefined;
    const regionKey = curRegion && curRegion.length >= prefixLen ? curRegion.slice(0, prefixLen) : '';
    let stats = regions.get(regionKey);
    if (!stats) regions.set(regionKey, (stats = { read: 0, withErrors: 0, withWarnings: 0, ruleCounts: new Uint32Array(nRules) }));
    stats.read++;
    curStats = stats;
    curIndex = index;
    curIssues = NONE;
    hasError = false;
    hasWarning = false;
    scope.record = record;
    scope.facts = facts;
    scope.row = undefined;
    scope.values = columns.values;
    return facts;
  };

  /** Cross-check and batch rules (file order), then the record's counts. */
  const finish = (index: number, record: PersonRecord, facts: RecordFacts): void => {
    curKey = depts.size ? matchKey(record, facts, context) : undefined;
    if (curKey !== undefined) {
      for (const [d, s] of depts) if (context.departments![d]!.get(curKey) !== undefined) s.matched++;
    }
    runCrossCheckRules(compiled, scope, context, emit);
    for (const { c, see } of observers) {
      const r: CheckResult = see(record, facts, index);
      if (r) emit(c, toIssue(c.rule, r)!);
    }
    const stats = curStats!;
    if (hasError) {
      counts.withErrors++;
      stats.withErrors++;
    } else if (hasWarning) counts.warningsOnly++;
    else counts.clean++;
    if (hasWarning) {
      counts.withWarnings++;
      stats.withWarnings++;
    }
  };

  const add = (item: BatchItem): readonly Issue[] => {
    const index = shard ? part.flags.length : counts.read++;
    if (!shard && opts.onProgress && counts.read % progressEvery === 0) opts.onProgress(progress());
    if (item === null || typeof item !== 'object' || Array.isArray(item)) return markUnreadable(index, '不是记录对象');
    const original = item as PersonRecord;
    let record = original;
    let columns = compiled.columns(record);
    // Columns no rule reads: perhaps a parse result from a reader ({ ok: false, error } is
    // unreadable, { ok: true, value } holds the record).
    if (columns.unknownKeys) {
      const o = original as Record<string, unknown>;
      const reason = unreadableReason(o);
      if (reason !== undefined) return markUnreadable(index, reason);
      if (o.ok === true && 'value' in o) {
        if (unreadableReason(o.value) !== undefined) return markUnreadable(index, '不是记录对象');
        record = o.value as PersonRecord;
        columns = compiled.columns(record);
      }
    }
    const facts = begin(index, record, columns);
    runRecordScopeRules(compiled, scope, context, emit);
    if (shard) {
      part.flags.push((hasError ? ERROR : 0) | (hasWarning ? WARNING : 0));
      part.records.push(handOver(record, handedOver));
      return curIssues;
    }
    finish(index, record, facts);
    if (curIssues.length && opts.onIssues) opts.onIssues(index, original, curIssues as Issue[]);
    return curIssues;
  };

  const take = (): ShardResult => {
    const out = part;
    out.ruleSet = fingerprint;
    const rc: ShardResult['ruleCounts'] = [];
    for (const [region, s] of regions) rc.push({ region, counts: s.ruleCounts });
    regions.clear();
    out.ruleCounts = rc;
    out.errors = counts.errors;
    out.warnings = counts.warnings;
    counts.errors = 0;
    counts.warnings = 0;
    out.examples = [];
    examples.forEach((ex, i) => {
      if (ex.length) out.examples.push({ rule: i, examples: ex.splice(0) });
    });
    part = newPart();
    return { ...out, flags: Uint8Array.from(out.flags) } as unknown as ShardResult;
  };

  const addShard = (p: ShardResult): void => {
    if (p.ruleSet !== fingerprint) {
      throw new RangeError('RULES_SHARD_MISMATCH: 分片结果来自另一套规则（规则或登记表版本与本校验器不同），不能合并');
    }
    const base = counts.read;
    let u = 0;
    for (let i = 0; i < p.flags.length; i++) {
      const index = counts.read++;
      if (opts.onProgress && counts.read % progressEvery === 0) opts.onProgress(progress());
      const f = p.flags[i]!;
      if (f & UNREADABLE) {
        markUnreadable(index, p.unreadable[u++]!.reason);
        continue;
      }
      const record = p.records[i]!;
      const facts = begin(index, record, compiled.columns(record));
      hasError = (f & ERROR) !== 0;
      hasWarning = (f & WARNING) !== 0;
      finish(index, record, facts);
    }
    counts.errors += p.errors;
    counts.warnings += p.warnings;
    for (const { region, counts: rc } of p.ruleCounts) {
      let stats = regions.get(region);
      if (!stats) regions.set(region, (stats = { read: 0, withErrors: 0, withWarnings: 0, ruleCounts: new Uint32Array(nRules) }));
      for (let r = 0; r < rc.length; r++) {
        const n = rc[r]!;
        if (n === 0) continue;
        stats.ruleCounts[r]! += n;
        totals[r]! += n;
      }
    }
    for (const { rule, examples: exs } of p.examples) {
      const ex = examples[rule]!;
      for (const e of exs) if (ex.length < examplesPerRule) ex.push({ ...e, index: e.index + base });
    }
  };

  const report = (): ValidationReport => {
    opts.onProgress?.(progress());
    const regionCodes = [...regions.keys()].sort();
    const regionRows: ReportRegion[] = regionCodes.map((code) => {
      const s = regions.get(code)!;
      const row: ReportRegion = {
        code,
        read: s.read,
        withErrors: s.withErrors,
        withWarnings: s.withWarnings,
        errorRate: s.read ? s.withErrors / s.read : 0,
        warningRate: s.read ? s.withWarnings / s.read : 0,
      };
      const name = code ? opts.regionName?.(code) : '地区不详';
      if (name) row.name = name;
      return row;
    });
    const rules = compiled.rules.map((rule, i) => {
      const byRegion: Record<string, number> = {};
      for (const code of regionCodes) {
        const n = regions.get(code)!.ruleCounts[i]!;
        if (n) byRegion[code] = n;
      }
      return {
        id: rule.id,
        title: rule.title,
        severity: rule.severity,
        scope: rule.scope,
        ...(rule.scope === 'cross-check' ? { department: rule.department } : {}),
        certainty: rule.basis.certainty,
        basis: rule.basis,
        records: totals[i]!,
        byRegion,
      };
    });
    const ex: Record<string, ReportExample[]> = {};
    compiled.rules.forEach((rule, i) => {
      if (examples[i]!.length) ex[rule.id] = examples[i]!.slice();
    });
    const departments: ReportDepartment[] = [...depts].map(([d, s]) => ({
      department: d,
      name: DEPARTMENT_NAMES[d],
      indexSize: context.departments![d]!.size,
      matched: s.matched,
      discrepancyCount: s.count,
      discrepancies: s.list.slice(),
      truncated: s.count > s.list.length,
    }));
    const meta: ValidationReport['meta'] = {
      title: opts.meta?.title ?? '残疾人基本服务状况和需求信息数据动态更新 数据校验报告',
      ruleSetVersion: opts.meta?.ruleSetVersion ?? `@canji/rules ${RULES_VERSION}`,
      formVersion: compiled.formVersion,
      regionLevel,
      examplesPerRule,
    };
    if (opts.meta?.regionTableVersion) meta.regionTableVersion = opts.meta.regionTableVersion;
    if (context.referenceDate) meta.referenceDate = context.referenceDate;
    if (context.batchRegion) meta.batchRegion = context.batchRegion;
    if (opts.meta?.generatedAt) meta.generatedAt = opts.meta.generatedAt;
    return {
      meta,
      counts: { ...counts, valid: counts.clean + counts.warningsOnly },
      rules,
      regions: regionRows,
      examples: ex,
      unreadable: unreadable.slice(),
      departments,
    };
  };

  return { add, addShard, take, progress, report };
}

function isAsyncIterable(x: unknown): x is AsyncIterable<BatchItem> {
  return x != null && typeof (x as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function';
}

/**
 * Checks a batch — an array, any iterable or an async iterable (a file being read, a database
 * cursor) of millions of records — in constant memory apart from the department indexes and the
 * batch rules' per-person keys, and returns the {@link ValidationReport}.
 * Sync iterables run without awaiting per record.
 *
 * @example
 * ```ts
 * const report = await checkBatch(records, {
 *   rules: [...formRules('2017'), ...consistencyRules('2017'), ...batchRules()],
 *   context: { referenceDate: '2017-06-30', batchRegion: '430102' },
 * });
 * report.counts.read === report.counts.clean + report.counts.warningsOnly + report.counts.withErrors + report.counts.unreadable; //=> true
 * ```
 */
export async function checkBatch(
  source: Iterable<BatchItem> | AsyncIterable<BatchItem>,
  opts: BatchOptions,
): Promise<ValidationReport> {
  const checker = createBatchChecker(opts);
  if (isAsyncIterable(source)) {
    for await (const item of source) checker.add(item);
  } else {
    for (const item of source) checker.add(item);
  }
  return checker.report();
}

/**
 * The synchronous form of {@link checkBatch} for arrays and other sync iterables.
 *
 * @example
 * ```ts
 * checkBatchSync(records, { rules: consistencyRules('2017') }).counts.read; //=> records.length
 * ```
 */
export function checkBatchSync(source: Iterable<BatchItem>, opts: BatchOptions): ValidationReport {
  const checker = createBatchChecker(opts);
  for (const item of source) checker.add(item);
  return checker.report();
}

/**
 * The batch pipeline: each item goes through the record checker (`batch/record-checker.ts`:
 * record-scope rules, per record), then the observers (`batch/observers.ts`: cross-check and
 * batch rules, in file order), and is counted by the report accumulator (`batch/tally.ts`: a
 * mergeable tally); the report is built from the tally and the observers' parts
 * (`batch/build-report.ts`). With worker threads, a shard checker (record checker + accumulator)
 * runs where the records are read, and the main checker merges its tallies in file order and
 * runs the observers.
 */
import { normalizeRegionLevel } from '@canji/regions';
import { compiledFor, ruleKeys, type CompiledRuleSet } from './compile.js';
import { buildReport } from './batch/build-report.js';
import { BatchRulesObserver, CrossCheckObserver, YearOnYearObserver } from './batch/observers.js';
import { RecordChecker, type IssueSink } from './batch/record-checker.js';
import { ReportAccumulator, type ReportTally } from './batch/tally.js';
import { IDENTIFYING_COLUMNS } from './mask.js';
import type { Issue, PersonRecord, RecordFacts, Rule, RuleContext } from './model.js';
import { REGION_PREFIX_LENGTH, type Discrepancy, type RegionLevel, type ReportMetaOptions, type ValidationReport } from './report.js';

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

/** Options of `checkBatch` / `createBatchChecker`: context, region level, examples kept, region names, report metadata and the callbacks. */
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
  meta?: ReportMetaOptions;
}

/** A batch check fed one item at a time; see {@link checkBatch}. */
export interface BatchChecker {
  /** Checks one item; returns its issues (empty for a clean or unreadable record). */
  add(item: BatchItem): readonly Issue[];
  /**
   * Adds the items a {@link ShardChecker} checked, in their order, running the cross-check and
   * batch rules on them here (see {@link createShardChecker}). `onIssues` is called for them with
   * the record rules' issues when the shard kept them (`keepIssues`), else with the cross-check
   * and batch rules' issues only.
   * Throws `RULES_SHARD_MISMATCH` when the shard used another rule set.
   */
  addShard(part: ShardResult): void;
  /** Progress so far. */
  progress(): BatchProgress;
  /** Builds the report (the checker can still take items afterwards). */
  report(): ValidationReport;
}

/** Options of `createShardChecker` (a worker thread's part of a batch): the batch options that shape the record rules, and whether each record's issues are handed over. */
export type ShardOptions = Pick<BatchOptions, 'rules' | 'context' | 'regionLevel' | 'examplesPerRule'> & {
  /**
   * Hand over each record's issues too ({@link ShardResult.issues}), with the columns a list of
   * records to fix shows (name, IDs, region): the main checker's `onIssues` then sees every
   * record with issues, as with one checker. Default false (only the tallies).
   */
  keepIssues?: boolean;
};

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
  /**
   * What the record rules counted over the run (issues by rule and region, examples, unreadable
   * items; indexes within the run). The records are counted as clean, with warnings or with
   * errors by the main checker, once its cross-check and batch rules have seen them.
   */
  tally: ReportTally;
  /** With `keepIssues`: the record rules' issues of each item that has any (`at`: position in the run). */
  issues?: { at: number; issues: Issue[] }[];
}

const UNREADABLE = 4;

/** Columns a shard hands over with `keepIssues`, for the list of records to fix. */
const LIST_KEYS = ['region_code', 'name', 'resident_id', 'certificate_no'];

/** Rule ids, severities and the form version of a compiled set: two checkers agree on rule positions when these agree. */
function ruleSetFingerprint(c: CompiledRuleSet): string {
  return `${c.formVersion}|${c.rules.map((r) => `${r.id}:${r.severity[0]}`).join(',')}`;
}

/** The record keys a shard hands over: base columns and whatever cross-check and batch rules declare or test. */
function handedOverKeys(c: CompiledRuleSet): string[] {
  return ruleKeys([...c.crossCheck, ...c.batch, ...c.yearOnYear].map((x) => x.rule));
}

function handOver(record: PersonRecord, keys: readonly string[]): PersonRecord {
  const o: Record<string, unknown> = {};
  for (const k of keys) {
    const v = (record as Record<string, unknown>)[k];
    if (v !== undefined) o[k] = v;
  }
  return o;
}

/** What a checker and a shard checker share: the compiled set, the record checker and the accumulator. */
function pipelineParts(opts: ShardOptions) {
  const context = opts.context ?? {};
  const compiled = compiledFor(opts.rules, context.formVersion);
  const regionLevel = normalizeRegionLevel(opts.regionLevel) ?? 'county';
  const examplesPerRule = opts.examplesPerRule ?? 5;
  const identifying = compiled.rules.map((r) => r.items.some((k) => IDENTIFYING_COLUMNS.has(k)));
  const acc = new ReportAccumulator(compiled.rules.length, REGION_PREFIX_LENGTH[regionLevel], identifying, { examplesPerRule, unreadableKept: examplesPerRule * 20 });
  return { context, compiled, regionLevel, examplesPerRule, checker: new RecordChecker(compiled, context), acc, fingerprint: ruleSetFingerprint(compiled) };
}

/**
 * Creates a batch checker: feed it records one by one (`add`) and ask for the report at the
 * end. Memory stays flat: counters per rule and region, capped examples, the discrepancy lists
 * (capped by `maxDiscrepancies`) and whatever the batch rules keep per distinct person.
 *
 * Each item goes through the record checker (record rules), then the observers in file order
 * (cross-check and batch rules), and is counted by the report accumulator.
 *
 * @example
 * ```ts
 * const checker = createBatchChecker({ rules: [...consistencyRules('2017'), ...batchRules()] });
 * for (const r of records) checker.add(r);
 * checker.report().counts.withErrors; //=> 0
 * ```
 */
export function createBatchChecker(opts: BatchOptions): BatchChecker {
  const { context, compiled, regionLevel, examplesPerRule, checker, acc, fingerprint } = pipelineParts(opts);
  const crossCheck = new CrossCheckObserver(compiled, context, opts);
  const batch = new BatchRulesObserver(compiled, context);
  const yearOnYear = new YearOnYearObserver(compiled, context);
  const progressEvery = opts.progressEvery ?? 100_000;
  const { onIssues, onProgress } = opts;
  const scope = checker.scope;

  // The issues of the record being checked (no array for a clean record).
  const NONE: readonly Issue[] = [];
  let issues: readonly Issue[] = NONE;
  const emit: IssueSink = (c, issue) => {
    if (issues === NONE) issues = [];
    (issues as Issue[]).push(issue);
    acc.issue(c, issue, scope.record);
  };
  /** The observers see the record begun, at `index` in file order. */
  const observe = (index: number, facts: RecordFacts): void => {
    if (crossCheck.active) crossCheck.see(scope, index, emit);
    if (yearOnYear.active) yearOnYear.see(scope, emit);
    batch.see(scope.record, facts, index, emit);
  };

  const progress = (read = acc.tally.read): BatchProgress => ({
    read,
    withErrors: acc.tally.withErrors,
    withWarnings: acc.tally.withWarnings,
    unreadable: acc.tally.unreadable,
  });

  const add = (item: BatchItem): readonly Issue[] => {
    const record = checker.read(item);
    if (typeof record === 'string') {
      acc.unreadable(record);
      if (onProgress && acc.tally.read % progressEvery === 0) onProgress(progress());
      return NONE;
    }
    const facts = checker.begin(record);
    const index = acc.beginRecord(scope.values![0], scope.record); // region_code: the first base key
    if (onProgress && acc.tally.read % progressEvery === 0) onProgress(progress());
    issues = NONE;
    checker.check(emit);
    observe(index, facts);
    acc.endRecord(acc.flags);
    if (issues.length && onIssues) onIssues(index, item as PersonRecord, issues as Issue[]);
    return issues;
  };

  const addShard = (p: ShardResult): void => {
    if (p.ruleSet !== fingerprint) {
      throw new RangeError('RULES_SHARD_MISMATCH: 分片结果来自另一套规则（规则或登记表版本与本校验器不同），不能合并');
    }
    const base = acc.tally.read;
    acc.merge(p.tally);
    const flags = p.flags;
    const kept = p.issues ?? [];
    let k = 0;
    for (let i = 0; i < flags.length; i++) {
      const index = base + i;
      if (onProgress && (index + 1) % progressEvery === 0) onProgress(progress(index + 1));
      const f = flags[i]!;
      if (f & UNREADABLE) continue;
      const record = p.records[i]!;
      const facts = checker.begin(record, compiled.columns(record));
      acc.resumeRecord(index, scope.values![0]);
      while (k < kept.length && kept[k]!.at < i) k++;
      issues = k < kept.length && kept[k]!.at === i ? kept[k]!.issues : NONE;
      observe(index, facts);
      acc.endRecord(f | acc.flags);
      if (issues.length && onIssues) onIssues(index, record, issues as Issue[]);
    }
  };

  const report = (): ValidationReport => {
    onProgress?.(progress());
    return buildReport({ compiled, context, regionLevel, examplesPerRule, regionName: opts.regionName, meta: opts.meta, tally: acc.tally, departments: crossCheck.finish(), previousRound: yearOnYear.finish() });
  };

  return { add, addShard, progress: () => progress(), report };
}

/**
 * Creates the record-scope part of a batch check, to run where the records are read (a worker
 * thread, another process): the record checker and a report accumulator. It runs the record
 * rules only, and {@link ShardChecker.take} hands the results over as plain data for the main
 * checker's {@link BatchChecker.addShard}, which merges the tallies in file order and runs the
 * cross-check and batch rules (the observers) — the report is the same as one checker's over
 * all records. Give both the same `rules` (and form version); departments stay with the main
 * checker. What a shard hands over per record is small: the base columns and the items its
 * cross-check and batch rules declare (they see only those).
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
  const { compiled, checker, acc, fingerprint } = pipelineParts(opts);
  const keepIssues = opts.keepIssues === true;
  const handedOver = keepIssues ? [...new Set([...handedOverKeys(compiled), ...LIST_KEYS])] : handedOverKeys(compiled);
  const scope = checker.scope;
  let flags: number[] = [];
  let records: (PersonRecord | null)[] = [];
  let kept: { at: number; issues: Issue[] }[] = [];
  let current: Issue[] | undefined;
  const emit: IssueSink = keepIssues
    ? (c, issue) => {
        acc.issue(c, issue, scope.record);
        (current ??= []).push(issue);
      }
    : (c, issue) => acc.issue(c, issue, scope.record);
  return {
    add(item) {
      const record = checker.read(item);
      if (typeof record === 'string') {
        acc.unreadable(record);
        flags.push(UNREADABLE);
        records.push(null);
        return;
      }
      checker.begin(record);
      acc.beginRecord(scope.values![0], scope.record);
      current = undefined;
      checker.check(emit);
      if (current) kept.push({ at: flags.length, issues: current });
      // Counted as clean / with errors by the main checker, after its observers. A record with
      // issues is handed over whole when they are kept: the list shows the values its rules read.
      flags.push(acc.flags);
      records.push(current ? record : handOver(record, handedOver));
    },
    take() {
      const out: ShardResult = { ruleSet: fingerprint, flags: Uint8Array.from(flags), records, tally: acc.take(), ...(keepIssues ? { issues: kept } : {}) };
      flags = [];
      records = [];
      kept = [];
      return out;
    },
  };
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

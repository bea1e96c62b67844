/**
 * The report accumulator of the batch pipeline: what a validation report counts, kept as plain
 * data (a {@link ReportTally}) that two runs over consecutive parts of a batch can merge —
 * `mergeTallies(tally(a), tally(b))` is the tally of `a` followed by `b`. A worker thread counts
 * its chunks into a tally of its own and the main thread merges them in file order.
 */
import type { CompiledRule } from '../compile.js';
import { maskIdentifier } from '@canji/id';
import { maskExampleName, maskMessage, maskValue } from '../mask.js';
import type { Issue, PersonRecord } from '../model.js';
import type { ReportExample, ValidationReport } from '../report.js';

/** Counts of one region (code prefix at the report's level) in a {@link ReportTally}. */
export interface RegionTally {
  read: number;
  withErrors: number;
  withWarnings: number;
  /** Issues by rule (position in the compiled set). */
  ruleCounts: Uint32Array;
  /** Records by 调查方式 code (`''` = not filled), see {@link collectionCode}. */
  modes: Record<string, number>;
  /** Records by 采集渠道 code (`''` = not filled). */
  channels: Record<string, number>;
}

/**
 * A code cell as the key the report counts it under: the code as a string, `''` when not filled
 * (absent, blank), and a value that is not a code (an object, a non-integer) as its text.
 */
export function collectionCode(v: unknown): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  if (typeof v === 'string') return v.trim();
  return typeof v === 'object' ? '' : String(v);
}

function count(into: Record<string, number>, key: string, n = 1): void {
  into[key] = (Object.hasOwn(into, key) ? into[key]! : 0) + n;
}

/**
 * What a report counts over a run of items, as plain (structured-clonable) data: the report's
 * counts (`read` = items counted, records and unreadable items) and what its tables are made of.
 * Indexes (examples, unreadable items) are positions within the run: `0 … read - 1`.
 */
export interface ReportTally extends Omit<ValidationReport['counts'], 'valid'> {
  /** By region code prefix (`''` = region unknown). */
  regions: Map<string, RegionTally>;
  /** The first examples of each rule (position in the compiled set), in item order. */
  examples: ReportExample[][];
  /** The first unreadable items, in item order. */
  unreadableItems: { index: number; reason: string }[];
}

/** How many examples and unreadable items a tally keeps. */
export interface TallyLimits {
  examplesPerRule: number;
  unreadableKept: number;
}

/** Record flags: rules found an error, a warning. */
export const FLAG_ERROR = 1;
export const FLAG_WARNING = 2;

/** An empty tally for a compiled set of `nRules` rules. */
export function emptyTally(nRules: number): ReportTally {
  return {
    read: 0,
    clean: 0,
    warningsOnly: 0,
    withErrors: 0,
    withWarnings: 0,
    unreadable: 0,
    errors: 0,
    warnings: 0,
    regions: new Map(),
    examples: Array.from({ length: nRules }, () => []),
    unreadableItems: [],
  };
}

function regionOf(t: ReportTally, key: string, nRules: number): RegionTally {
  let r = t.regions.get(key);
  if (!r) t.regions.set(key, (r = { read: 0, withErrors: 0, withWarnings: 0, ruleCounts: new Uint32Array(nRules), modes: {}, channels: {} }));
  return r;
}

/** Adds `from` (the items after `into`'s) to `into`, keeping `into`'s limits. */
export function addTally(into: ReportTally, from: ReportTally, limits: TallyLimits): void {
  const base = into.read;
  into.read += from.read;
  into.clean += from.clean;
  into.warningsOnly += from.warningsOnly;
  into.withErrors += from.withErrors;
  into.withWarnings += from.withWarnings;
  into.unreadable += from.unreadable;
  into.errors += from.errors;
  into.warnings += from.warnings;
  const nRules = into.examples.length;
  for (const [key, r] of from.regions) {
    const s = regionOf(into, key, nRules);
    s.read += r.read;
    s.withErrors += r.withErrors;
    s.withWarnings += r.withWarnings;
    const counts = r.ruleCounts;
    for (let i = 0; i < counts.length; i++) if (counts[i] !== 0) s.ruleCounts[i]! += counts[i]!;
    for (const [k, n] of Object.entries(r.modes)) count(s.modes, k, n);
    for (const [k, n] of Object.entries(r.channels)) count(s.channels, k, n);
  }
  from.examples.forEach((exs, rule) => {
    const ex = into.examples[rule]!;
    for (const e of exs) if (ex.length < limits.examplesPerRule) ex.push({ ...e, index: e.index + base });
  });
  for (const u of from.unreadableItems) if (into.unreadableItems.length < limits.unreadableKept) into.unreadableItems.push({ index: u.index + base, reason: u.reason });
}

/**
 * The tally of the items of `a` followed by those of `b` (neither is changed).
 *
 * @example
 * ```ts
 * const whole = mergeTallies(first.tally, second.tally, limits);
 * whole.read === first.tally.read + second.tally.read; //=> true
 * ```
 */
export function mergeTallies(a: ReportTally, b: ReportTally, limits: TallyLimits): ReportTally {
  const out = emptyTally(a.examples.length);
  addTally(out, a, limits);
  addTally(out, b, limits);
  return out;
}

/**
 * Counts items into a {@link ReportTally}, one record at a time: `beginRecord` (or
 * `resumeRecord` for a record counted elsewhere), `issue` for each of its issues, `endRecord`
 * with its flags; `unreadable` for an item that is not a record. No allocation per record but
 * a kept example.
 *
 * @example
 * ```ts
 * const acc = new ReportAccumulator(compiled.rules.length, 6, identifying, { examplesPerRule: 5, unreadableKept: 100 });
 * acc.beginRecord(record.region_code);
 * checker.check((c, issue) => acc.issue(c, issue, record));
 * acc.endRecord(acc.flags);
 * acc.tally.read; //=> 1
 * ```
 */
export class ReportAccumulator {
  tally: ReportTally;
  /** Flags of the record being counted: {@link FLAG_ERROR}, {@link FLAG_WARNING}. */
  flags = 0;
  /** Position of the record being counted. */
  index = 0;
  private region: RegionTally | undefined;
  private regionCode: string | undefined;

  constructor(
    private readonly nRules: number,
    /** Length of the region code prefix the report counts by. */
    private readonly prefixLength: number,
    /** Per rule: whether it reads an identifying column (its values are masked in examples). */
    private readonly identifying: readonly boolean[],
    readonly limits: TallyLimits,
  ) {
    this.tally = emptyTally(nRules);
  }

  /**
   * Starts counting a record (in region `regionCode`, read or not); returns its position. With the
   * record, its 调查方式 and 采集渠道 are counted for the region.
   */
  beginRecord(regionCode: unknown, record?: PersonRecord): number {
    const index = this.tally.read++;
    this.resumeRecord(index, regionCode);
    const r = this.region!;
    r.read++;
    if (record) {
      count(r.modes, collectionCode(record.collection_mode));
      count(r.channels, collectionCode(record.collection_channel));
    }
    return index;
  }

  /** Goes on counting the record at `index` (already counted as read), e.g. for the issues the batch rules find in it. */
  resumeRecord(index: number, regionCode: unknown): void {
    const code = typeof regionCode === 'string' && regionCode !== '' ? regionCode : undefined;
    const key = code && code.length >= this.prefixLength ? code.slice(0, this.prefixLength) : '';
    this.regionCode = code;
    this.region = regionOf(this.tally, key, this.nRules);
    this.index = index;
    this.flags = 0;
  }

  /** Counts an issue of the record, and keeps it (masked) as an example while the rule has fewer than the limit. */
  issue(c: CompiledRule, issue: Issue, record: PersonRecord): void {
    const t = this.tally;
    if (issue.severity === 'error') {
      this.flags |= FLAG_ERROR;
      t.errors++;
    } else {
      this.flags |= FLAG_WARNING;
      t.warnings++;
    }
    this.region!.ruleCounts[c.index]!++;
    const ex = t.examples[c.index]!;
    if (ex.length < this.limits.examplesPerRule) ex.push(this.example(c.index, issue, record));
  }

  /** Examples are for a printed report: identifiers masked, in the message too. */
  private example(rule: number, issue: Issue, record: PersonRecord): ReportExample {
    const e: ReportExample = { index: this.index, message: maskMessage(issue.message) };
    const identifying = this.identifying[rule]!;
    if (this.regionCode) e.regionCode = this.regionCode;
    const id = maskIdentifier(record.resident_id);
    if (id) e.residentId = id;
    const name = maskExampleName(record.name);
    if (name) e.name = name;
    if (issue.recorded !== undefined) e.recorded = identifying ? maskValue(issue.recorded) : issue.recorded;
    if (issue.departmentValue !== undefined) e.departmentValue = identifying ? maskValue(issue.departmentValue) : issue.departmentValue;
    return e;
  }

  /** Counts the record as clean, with warnings only or with errors, by `flags` (its issues' and others'). */
  endRecord(flags: number): void {
    const t = this.tally;
    const r = this.region!;
    if (flags & FLAG_ERROR) {
      t.withErrors++;
      r.withErrors++;
    } else if (flags & FLAG_WARNING) t.warningsOnly++;
    else t.clean++;
    if (flags & FLAG_WARNING) {
      t.withWarnings++;
      r.withWarnings++;
    }
  }

  /** Counts an item that is not a record; returns its position. */
  unreadable(reason: string): number {
    const t = this.tally;
    const index = t.read++;
    t.unreadable++;
    if (t.unreadableItems.length < this.limits.unreadableKept) t.unreadableItems.push({ index, reason });
    return index;
  }

  /** Adds a tally of the items that follow (see {@link addTally}). */
  merge(part: ReportTally): void {
    addTally(this.tally, part, this.limits);
  }

  /** The tally so far, and a fresh one to go on with. */
  take(): ReportTally {
    const t = this.tally;
    this.tally = emptyTally(this.nRules);
    return t;
  }
}

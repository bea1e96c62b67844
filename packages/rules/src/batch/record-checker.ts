/**
 * The record checker of the batch pipeline: reads one item into the compiled set's dense columns
 * and runs the record-scope rules on it. It keeps nothing from one record to the next (the scope
 * object and the column buffer are reused, not carried over), so records can be checked in any
 * order, in any thread, and their issues counted by a report accumulator (see `tally.ts`).
 */
import { runRecordScopeRules, type CompiledRule, type CompiledRuleSet } from '../compile.js';
import type { Scope } from '../conditions.js';
import { recordFacts } from '../facts.js';
import type { Issue, PersonRecord, RecordColumns, RecordFacts, RuleContext } from '../model.js';

/** Where a checker's issues go: the rule (its position in the compiled set) and the issue. */
export type IssueSink = (c: CompiledRule, issue: Issue) => void;

/** Why an item is not a record (zh-CN), or undefined when it is an object. */
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
 * Checks one record at a time against the record-scope rules of a compiled set. `read` resolves a
 * batch item (a record, or a reader's `{ ok, value | error }`), `begin` derives the facts, `check`
 * runs the rules — each a plain function of the record and the context.
 *
 * @example
 * ```ts
 * const checker = new RecordChecker(compileRules(consistencyRules('2017')), { referenceDate: '2017-06-30' });
 * const record = checker.read(person);
 * if (typeof record !== 'string') {
 *   checker.begin(record);
 *   checker.check((c, issue) => console.log(issue.ruleId));
 * }
 * ```
 */
export class RecordChecker {
  /** The record being checked, as the compiled conditions read it (reused for every record). */
  readonly scope: Scope = { record: {}, facts: undefined as unknown as RecordFacts, row: undefined, values: undefined };
  /** The dense columns of the last item read (the compiled set's reusable buffer). */
  columns: RecordColumns | undefined;

  constructor(
    readonly compiled: CompiledRuleSet,
    readonly context: RuleContext,
  ) {}

  /**
   * The record an item holds, read into {@link columns}; the reason (zh-CN) when the item is not
   * a record or is a reader's parse failure.
   */
  read(item: unknown): PersonRecord | string {
    if (item === null || typeof item !== 'object' || Array.isArray(item)) return '不是记录对象';
    let record = item as PersonRecord;
    let columns = this.compiled.columns(record);
    // Columns no rule reads: perhaps a parse result from a reader ({ ok: false, error } is
    // unreadable, { ok: true, value } holds the record).
    if (columns.unknownKeys) {
      const o = item as Record<string, unknown>;
      const reason = unreadableReason(o);
      if (reason !== undefined) return reason;
      if (o.ok === true && 'value' in o) {
        if (unreadableReason(o.value) !== undefined) return '不是记录对象';
        record = o.value as PersonRecord;
        columns = this.compiled.columns(record);
      }
    }
    this.columns = columns;
    return record;
  }

  /** Sets the scope to `record` (read by {@link read}, or `columns` given) and derives its facts. */
  begin(record: PersonRecord, columns: RecordColumns = this.columns!): RecordFacts {
    const facts = recordFacts(record, this.context, columns);
    const scope = this.scope;
    scope.record = record;
    scope.facts = facts;
    scope.row = undefined;
    scope.values = columns.values;
    return facts;
  }

  /** Runs the record-scope rules on the record begun, in rule order. */
  check(emit: IssueSink): void {
    runRecordScopeRules(this.compiled, this.scope, this.context, emit);
  }
}

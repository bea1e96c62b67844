/**
 * The register above its store: loading the base, applying events (duplicates, conflicts,
 * validation, batches made durable), and the reads (current, history, snapshot, audit, not
 * updated). One implementation for both stores, so they behave the same by construction.
 */
import type { PersonFormVersion } from '@canji/form';
import type { Issue, PersonRecord } from '@canji/rules';
import { EXIT_REASON_LABELS } from '../classes.js';
import { parseChangeEvent, type ChangeEvent, type SetEvent } from '../events.js';
import type { OpenedStore, RegisterMeta, StoreBackend } from './backend.js';
import { RegisterError, type RegisterEventCode, type RegisterLoadCode } from './codes.js';
import { applyEntry, toChange, toPerson, type JournalEntry, type PersonState } from './state.js';
import type {
  ApplyOptions,
  ApplyReport,
  AuditFilter,
  LoadOptions,
  LoadReport,
  Register,
  RegisterChange,
  RegisterConflict,
  RegisterDetail,
  RegisterInfo,
  RegisterOutcome,
  RegisterPerson,
  RegisterRejection,
  RegisterRecovery,
  RegisterWarning,
} from './types.js';
import { issueDetails, RecordValidator, signatures } from './validate.js';
import { cellText, toEventValue, ValueReader, valueAt } from './values.js';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
function isDate(s: unknown): s is string {
  if (typeof s !== 'string' || !DATE.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

const EMPTY: ReadonlySet<string> = new Set();
const shown = (v: unknown) => (cellText(v) === '' ? '（空）' : `“${cellText(v)}”`);

/** An event of the stream with its position. */
interface Pending {
  readonly index: number;
  readonly event: ChangeEvent;
}

/** A decision on one event of an edit, before its `seq` is given. */
type Decision =
  | { readonly kind: 'duplicate' }
  | { readonly kind: 'rejected'; readonly index: number; readonly event: ChangeEvent; readonly code: Exclude<RegisterEventCode, 'REGISTER_CONFLICT'>; readonly message: string; readonly details: readonly RegisterDetail[] }
  | { readonly kind: 'conflict'; readonly index: number; readonly event: SetEvent; readonly item: string; readonly actual: unknown; readonly expected: unknown; readonly next: unknown }
  | { readonly kind: 'applied'; readonly index: number; readonly event: ChangeEvent; readonly entry: Omit<JournalEntry, 'seq' | 'outcome'>; readonly conflict?: { readonly expected: unknown } };

type AppliedDecision = Extract<Decision, { kind: 'applied' }>;

/** What validating an edit found: the failure that rejects it, and the issues of the record after it. */
interface EditCheck {
  readonly failure?: { readonly code: 'REGISTER_RECORD_INVALID' | 'REGISTER_KEY_CHANGED'; readonly message: string; readonly details: readonly RegisterDetail[] };
  readonly issues: readonly Issue[];
  /** The edit made errors and was applied anyway (`onInvalid: 'apply'`). */
  readonly invalid: boolean;
}

/** The report being built by one `apply`. */
class ReportBuilder {
  read = 0;
  applied = 0;
  duplicates = 0;
  readonly conflicts: RegisterConflict[] = [];
  readonly rejected: RegisterRejection[] = [];
  readonly warnings: RegisterWarning[] = [];
  reject(index: number, e: Partial<ChangeEvent> | undefined, code: RegisterRejection['code'], message: string, details: readonly RegisterDetail[] = []): void {
    const item = e && e.op === 'set' ? (e as SetEvent).item : undefined;
    this.rejected.push({
      index,
      ...(e?.id !== undefined ? { id: e.id } : {}),
      ...(e?.person !== undefined ? { person: e.person } : {}),
      ...(e?.op !== undefined ? { op: e.op } : {}),
      ...(item !== undefined ? { item } : {}),
      code,
      message,
      details,
    });
  }
  result(): ApplyReport {
    const byIndex = <T extends { index: number }>(a: T, b: T) => a.index - b.index;
    return { read: this.read, applied: this.applied, duplicates: this.duplicates, conflicts: this.conflicts.sort(byIndex), rejected: this.rejected.sort(byIndex), warnings: this.warnings.sort(byIndex) };
  }
}

/** Whether two events are one edit (see {@link ApplyOptions.validate}). */
const sameEdit = (a: ChangeEvent, b: ChangeEvent) => a.person === b.person && a.effective === b.effective && a.source === b.source && (a.collector ?? '') === (b.collector ?? '');

/** What a raw stream item says about itself, for a rejection of something that is not an event. */
function rawFields(raw: unknown): Partial<ChangeEvent> | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const o = raw as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  if (typeof o.id === 'string') out.id = o.id;
  if (typeof o.person === 'string') out.person = o.person;
  if (o.op === 'set' || o.op === 'add' || o.op === 'exit') out.op = o.op;
  if (typeof o.item === 'string') out.item = o.item;
  return out as Partial<ChangeEvent>;
}

/** @internal The register over a store (see {@link openRegister}). */
export class StoredRegister implements Register {
  readonly recovery: readonly RegisterRecovery[];
  private readonly persons: Map<string, PersonState>;
  private readonly seen: Map<string, RegisterOutcome>;
  private seq: number;
  private readonly values: ValueReader;
  private validatorOnce: RecordValidator | undefined;
  /** Errors of each person's current record, computed when first needed. */
  private readonly errors = new Map<string, ReadonlySet<string>>();
  private queue: Promise<unknown> = Promise.resolve();
  private closedBy: RegisterError | undefined;

  constructor(
    private readonly backend: StoreBackend,
    opened: OpenedStore,
    private meta: RegisterMeta,
    private readonly keyOf: ((record: PersonRecord) => string | undefined) | undefined,
    private readonly path: string,
  ) {
    this.persons = opened.persons;
    this.seen = opened.seen;
    this.seq = opened.seq;
    this.recovery = opened.recovery;
    this.values = new ValueReader(meta.formVersion);
  }

  private get validator(): RecordValidator {
    return (this.validatorOnce ??= new RecordValidator(this.meta.formVersion));
  }

  private get formVersion(): PersonFormVersion {
    return this.meta.formVersion;
  }

  info(): RegisterInfo {
    return { store: this.meta.store, path: this.path, formVersion: this.formVersion, key: this.meta.key, ...(this.meta.base ? { base: this.meta.base } : {}), events: this.seq, persons: this.persons.size };
  }

  private assertOpen(): void {
    if (this.closedBy) throw this.closedBy;
  }

  /** Runs `fn` after every earlier call has finished: one writer at a time. */
  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }

  // ------------------------------------------------------------------------------ load

  load(records: Iterable<Readonly<Record<string, unknown>>> | AsyncIterable<Readonly<Record<string, unknown>>>, options: LoadOptions): Promise<LoadReport> {
    return this.exclusive(() => this.loadNow(records, options));
  }

  private async loadNow(records: Iterable<Readonly<Record<string, unknown>>> | AsyncIterable<Readonly<Record<string, unknown>>>, o: LoadOptions): Promise<LoadReport> {
    this.assertOpen();
    const fail = (code: RegisterLoadCode, message: string): LoadReport => ({ ok: false, code, message });
    if (!isDate(o?.asOf)) return fail('REGISTER_AS_OF_INVALID', `基准日期 asOf 应为有效的 YYYY-MM-DD 日期，实际为 ${JSON.stringify(o?.asOf)}`);
    if (typeof o.source !== 'string' || o.source.trim() === '') return fail('REGISTER_SOURCE_MISSING', '载入基准数据须注明来源 source（如“2019 年度动态更新”或文件名）');
    if (this.meta.base || this.seq > 0 || this.persons.size > 0) return fail('REGISTER_ALREADY_LOADED', '登记库已有基准数据或已应用变更事件：基准数据只能载入一个空的登记库');
    const keyOf = this.keyOf;
    if (!keyOf) return fail('REGISTER_KEY_UNAVAILABLE', '登记库按调用方的函数（如带密钥的假名）标识人员，打开时未提供该函数（key），无法载入');
    const base = new Map<string, PersonRecord>();
    let read = 0;
    let duplicates = 0;
    let unkeyed = 0;
    let unreadableCells = 0;
    for await (const row of records) {
      read++;
      const { record, unreadable } = this.values.record(row);
      const k = keyOf(record);
      if (k === undefined) unkeyed++;
      else if (base.has(k)) duplicates++;
      else {
        base.set(k, record);
        unreadableCells += unreadable;
      }
    }
    const meta: RegisterMeta = { ...this.meta, base: { asOf: o.asOf, source: o.source, persons: base.size } };
    await this.write(() => this.backend.writeBase(meta, base));
    this.meta = meta;
    for (const [k, record] of base) this.persons.set(k, { record, inBase: true, lastUpdated: o.asOf });
    return { ok: true, read, loaded: base.size, duplicates, unkeyed, unreadableCells };
  }

  /** A store write; a failure closes the register (memory may be ahead of the store). */
  private async write(fn: () => Promise<void>): Promise<void> {
    try {
      await fn();
    } catch (e) {
      const err = e instanceof RegisterError ? e : new RegisterError('REGISTER_WRITE_FAILED', `登记库写入失败，本批次未提交（${(e as Error)?.message ?? String(e)}）；已关闭登记库，重新打开即为最后一次提交的状态`);
      this.closedBy = err;
      await this.backend.close().catch(() => undefined);
      throw err;
    }
  }

  // ------------------------------------------------------------------------------ apply

  apply(events: Iterable<unknown> | AsyncIterable<unknown>, options: ApplyOptions = {}): Promise<ApplyReport> {
    return this.exclusive(() => this.applyNow(events, options));
  }

  private async applyNow(events: Iterable<unknown> | AsyncIterable<unknown>, o: ApplyOptions): Promise<ApplyReport> {
    this.assertOpen();
    const report = new ReportBuilder();
    const batchSize = Math.max(1, Math.floor(o.batchSize ?? 1000));
    const byEdit = (o.validate ?? 'edit') === 'edit';
    const applyConflicts = o.onConflict === 'apply';
    const applyInvalid = o.onInvalid === 'apply';
    let batch: JournalEntry[] = [];
    let touched = new Map<string, PersonState>();
    let group: Pending[] = [];
    let decided = 0;
    let journaled = 0;
    const commit = async () => {
      if (batch.length === 0) return;
      const entries = batch;
      const persons = touched;
      batch = [];
      touched = new Map();
      await this.write(() => this.backend.commit(entries, persons));
      journaled += entries.length;
      o.onCommit?.({ events: decided, journaled });
    };
    const flush = () => {
      if (group.length === 0) return;
      this.decideEdit(group, { applyConflicts, applyInvalid }, report, batch, touched);
      // Every event up to the edit's last one is decided (invalid ones need no journal).
      decided = group[group.length - 1]!.index + 1;
      group = [];
    };
    let index = 0;
    for await (const raw of events) {
      const i = index++;
      report.read++;
      const parsed = parseChangeEvent(raw);
      if (!parsed.ok) {
        const details = parsed.issues.map((x) => ({ code: x.code, item: x.field, message: x.message }));
        report.reject(i, rawFields(raw), 'REGISTER_EVENT_INVALID', `不是有效的变更事件：${parsed.issues.map((x) => x.message).join('；')}`, details);
        continue;
      }
      const e = parsed.event;
      if (group.length > 0 && (!byEdit || !sameEdit(group[0]!.event, e))) {
        flush();
        if (batch.length >= batchSize) await commit();
      }
      group.push({ index: i, event: e });
    }
    flush();
    await commit();
    return report.result();
  }

  /** Errors of the person's current record (computed once, then kept up to date). */
  private errorsOf(person: string, s: PersonState | undefined): ReadonlySet<string> {
    if (!s || s.exited) return EMPTY;
    let e = this.errors.get(person);
    if (!e) this.errors.set(person, (e = this.validator.errorSignatures(this.validator.check(s.record))));
    return e;
  }

  /** Decides one edit (consecutive events of one person), then journals it and updates the state. */
  private decideEdit(group: readonly Pending[], how: { applyConflicts: boolean; applyInvalid: boolean }, report: ReportBuilder, batch: JournalEntry[], touched: Map<string, PersonState>): void {
    const person = group[0]!.event.person;
    const before = this.persons.get(person);
    const { decisions, work, recordChanged } = this.decideEvents(group, before, how.applyConflicts);
    const check = recordChanged && work ? this.validateEdit(person, before, work, decisions, how.applyInvalid) : { issues: [], invalid: false };
    this.journalEdit(person, decisions, check.failure, report, batch);
    const applied = decisions.filter((d): d is AppliedDecision => d.kind === 'applied');
    if (check.failure || applied.length === 0 || !work) return;
    this.persons.set(person, work);
    touched.set(person, work);
    if (recordChanged) this.errors.set(person, this.validator.errorSignatures(check.issues));
    // Warnings, errors the record already had before the edit, and (onInvalid: 'apply') the errors it made.
    if (check.issues.length > 0) {
      report.warnings.push({ index: applied[0]!.index, ids: applied.map((d) => d.event.id), person, invalid: check.invalid, details: check.issues.flatMap(issueDetails) });
    }
  }

  /** Each event of an edit against the person's state so far: duplicates, rejections, conflicts and changes. */
  private decideEvents(group: readonly Pending[], before: PersonState | undefined, applyConflicts: boolean): { decisions: Decision[]; work: PersonState | undefined; recordChanged: boolean } {
    let work = before;
    let recordChanged = false;
    const decisions: Decision[] = [];
    const seenHere = new Set<string>();
    for (const { index, event } of group) {
      if (this.seen.has(event.id) || seenHere.has(event.id)) {
        decisions.push({ kind: 'duplicate' });
        continue;
      }
      seenHere.add(event.id);
      const d = this.decideEvent(index, event, work, applyConflicts);
      decisions.push(d);
      if (d.kind === 'applied') {
        work = applyEntry(work, { ...d.entry, seq: 0, outcome: 'applied' });
        if (event.op !== 'exit') recordChanged = true;
      }
    }
    return { decisions, work, recordChanged };
  }

  /**
   * The record after an edit, validated once after all its events: the key unchanged, and no error
   * that the record before did not have (that one is validated only when there are errors at all).
   */
  private validateEdit(person: string, before: PersonState | undefined, work: PersonState, decisions: readonly Decision[], applyInvalid: boolean): EditCheck {
    if (this.keyOf && this.keyOf(work.record) !== person) {
      return { failure: { code: 'REGISTER_KEY_CHANGED', message: '修改后人员标识会改变（身份证号或残疾人证号被修改）：请对原标识用 exit 退出，再用 add 新增新标识的记录', details: [] }, issues: [], invalid: false };
    }
    const issues = this.validator.check(work.record);
    const errors = issues.filter((i) => i.severity === 'error');
    const added = decisions.some((d) => d.kind === 'applied' && d.event.op === 'add');
    const baseline = errors.length > 0 && before && !before.exited && !added ? this.errorsOf(person, before) : EMPTY;
    const fresh = errors.filter((i) => signatures(i).some((sig) => !baseline.has(sig)));
    if (fresh.length === 0) return { issues, invalid: false };
    if (applyInvalid) return { issues, invalid: true };
    const details = fresh.flatMap(issueDetails);
    const applied = decisions.filter((d) => d.kind === 'applied').length;
    const scope = applied > 1 ? `本次修改（同一人、同一生效日期的 ${applied} 个事件）后` : '修改后';
    return { failure: { code: 'REGISTER_RECORD_INVALID', message: `${scope}的记录有错误：${details[0]!.message}${details.length > 1 ? ` 等 ${details.length} 处` : ''}`, details }, issues, invalid: false };
  }

  /** Reports and journals the decisions of an edit, in stream order (an edit that failed validation: every change rejected). */
  private journalEdit(person: string, decisions: readonly Decision[], failure: EditCheck['failure'], report: ReportBuilder, batch: JournalEntry[]): void {
    const journal = (d: Exclude<Decision, { kind: 'duplicate' }>, outcome: RegisterOutcome, extra: Partial<JournalEntry>): void => {
      batch.push({ ...('entry' in d ? d.entry : baseEntry(d.event)), ...extra, seq: ++this.seq, outcome });
      this.seen.set(d.event.id, outcome);
    };
    for (const d of decisions) {
      switch (d.kind) {
        case 'duplicate':
          report.duplicates++;
          break;
        case 'rejected':
          report.reject(d.index, d.event, d.code, d.message, d.details);
          journal(d, 'rejected', { code: d.code, message: d.message });
          break;
        case 'conflict': {
          const message = conflictMessage(d.item, d.expected, d.actual, false);
          report.conflicts.push({ index: d.index, id: d.event.id, person, item: d.item, expected: toEventValue(d.expected), actual: toEventValue(d.actual), new: toEventValue(d.next), applied: false, code: 'REGISTER_CONFLICT', message });
          journal(d, 'conflict', { item: d.item, old: d.actual, new: d.next, expected: d.expected ?? null, code: 'REGISTER_CONFLICT', message });
          break;
        }
        case 'applied':
          if (failure) {
            report.reject(d.index, d.event, failure.code, failure.message, failure.details);
            journal(d, 'rejected', { code: failure.code, message: failure.message });
          } else if (d.conflict) {
            report.applied++;
            const message = conflictMessage(d.entry.item!, d.conflict.expected, d.entry.old, true);
            report.conflicts.push({ index: d.index, id: d.event.id, person, item: d.entry.item!, expected: toEventValue(d.conflict.expected), actual: toEventValue(d.entry.old), new: toEventValue(d.entry.new), applied: true, code: 'REGISTER_CONFLICT', message });
            journal(d, 'applied', { code: 'REGISTER_CONFLICT', message });
          } else {
            report.applied++;
            journal(d, 'applied', {});
          }
          break;
        default:
          d satisfies never;
      }
    }
  }

  /** One event against the person's state so far in its edit. */
  private decideEvent(index: number, event: ChangeEvent, s: PersonState | undefined, applyConflicts: boolean): Exclude<Decision, { kind: 'duplicate' }> {
    const reject = (code: Extract<Decision, { kind: 'rejected' }>['code'], message: string): Decision & { kind: 'rejected' } => ({ kind: 'rejected', index, event, code, message, details: [] });
    switch (event.op) {
      case 'add': {
        if (s && !s.exited) return reject('REGISTER_PERSON_EXISTS', '登记库中已有此人（且未退出）：不能重复新增；修改请用 set');
        const { record } = this.values.record(event.record);
        if (this.keyOf && this.keyOf(record) !== event.person) return reject('REGISTER_KEY_MISMATCH', '新增记录的人员标识（身份证号、残疾人证号或假名）与事件的 person 不一致');
        return { kind: 'applied', index, event, entry: { ...baseEntry(event), record } };
      }
      case 'set': {
        if (!s) return reject('REGISTER_PERSON_UNKNOWN', '登记库中没有此人：set 和 exit 只能用于已有人员，新增人员用 add');
        if (s.exited) return reject('REGISTER_PERSON_EXITED', `此人已于 ${s.exited.effective} 退出（${EXIT_REASON_LABELS[s.exited.reason]}）：不能再修改`);
        const item = this.values.itemKey(event.item);
        if (item === undefined) return reject('REGISTER_ITEM_UNKNOWN', `登记表（${this.formVersion} 版）没有指标项“${event.item}”`);
        const actual = valueAt(s.record, item);
        const expected = this.values.value(item, event.old);
        const next = this.values.value(item, event.new);
        const conflict = cellText(actual) !== cellText(expected);
        if (conflict && !applyConflicts) return { kind: 'conflict', index, event, item, actual, expected, next };
        const entry = { ...baseEntry(event), item, ...(actual !== undefined ? { old: actual } : {}), ...(next !== undefined ? { new: next } : {}), ...(conflict ? { expected: expected ?? null } : {}) };
        return { kind: 'applied', index, event, entry, ...(conflict ? { conflict: { expected } } : {}) };
      }
      case 'exit':
        if (!s) return reject('REGISTER_PERSON_UNKNOWN', '登记库中没有此人：set 和 exit 只能用于已有人员，新增人员用 add');
        if (s.exited) return reject('REGISTER_PERSON_EXITED', `此人已于 ${s.exited.effective} 退出（${EXIT_REASON_LABELS[s.exited.reason]}）：不能再次退出`);
        return { kind: 'applied', index, event, entry: { ...baseEntry(event), reason: event.reason } };
      default:
        return event satisfies never;
    }
  }

  // ------------------------------------------------------------------------------ reads

  async current(person: string): Promise<RegisterPerson | undefined> {
    this.assertOpen();
    const s = this.persons.get(person);
    return s ? toPerson(person, s) : undefined;
  }

  async history(person: string): Promise<RegisterChange[]> {
    this.assertOpen();
    const out: RegisterChange[] = [];
    for await (const e of this.backend.entries({ person, appliedOnly: true })) out.push(toChange(e));
    return out;
  }

  async *audit(filter: AuditFilter = {}): AsyncIterable<RegisterChange> {
    this.assertOpen();
    if (filter.since !== undefined && !isDate(filter.since)) throw dateError('since', filter.since);
    for await (const e of this.backend.entries(filter)) yield toChange(e);
  }

  async *snapshot(asOf: string): AsyncIterable<PersonRecord> {
    this.assertOpen();
    if (!isDate(asOf)) throw dateError('asOf', asOf);
    // The applied entries up to the date, by person, in the order they were applied.
    const byPerson = new Map<string, JournalEntry[]>();
    for await (const e of this.backend.entries({ appliedOnly: true, effectiveUpTo: asOf })) {
      const list = byPerson.get(e.person);
      if (list) list.push(e);
      else byPerson.set(e.person, [e]);
    }
    const baseAsOf = this.meta.base?.asOf ?? asOf;
    for await (const [person, record] of this.backend.base()) {
      let s: PersonState | undefined = { record, inBase: true, lastUpdated: baseAsOf };
      const list = byPerson.get(person);
      if (list) {
        for (const e of list) s = applyEntry(s, e);
        byPerson.delete(person);
      }
      if (s && !s.exited) yield s.record;
    }
    for (const list of byPerson.values()) {
      let s: PersonState | undefined;
      for (const e of list) s = applyEntry(s, e);
      if (s && !s.exited) yield s.record;
    }
  }

  async *notUpdatedSince(date: string): AsyncIterable<RegisterPerson> {
    this.assertOpen();
    if (!isDate(date)) throw dateError('date', date);
    for (const [person, s] of [...this.persons]) if (!s.exited && s.lastUpdated < date) yield toPerson(person, s);
  }

  close(): Promise<void> {
    return this.exclusive(async () => {
      if (this.closedBy) return;
      this.closedBy = new RegisterError('REGISTER_CLOSED', '登记库已关闭');
      await this.backend.close();
    });
  }
}

function dateError(name: string, value: unknown): RegisterError {
  return new RegisterError('REGISTER_DATE_INVALID', `${name} 应为有效的 YYYY-MM-DD 日期，实际为 ${JSON.stringify(value)}`);
}

function conflictMessage(item: string, expected: unknown, actual: unknown, applied: boolean): string {
  return `原值不符：事件的原值 ${item} 为${shown(expected)}，登记库中为${shown(actual)}（可能有两台设备同时修改了此人）${applied ? '；已按新值覆盖' : '；未修改'}`;
}

/** The journal fields every event has. */
function baseEntry(e: ChangeEvent): Omit<JournalEntry, 'seq' | 'outcome'> {
  return {
    id: e.id,
    op: e.op,
    person: e.person,
    ...(e.op === 'set' ? { item: e.item } : {}),
    ...(e.op === 'exit' ? { reason: e.reason } : {}),
    effective: e.effective,
    ...(e.recorded !== undefined ? { recorded: e.recorded } : {}),
    mode: e.mode,
    source: e.source,
    ...(e.collector !== undefined ? { collector: e.collector } : {}),
  };
}

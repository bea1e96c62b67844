/**
 * The register's public types: what `openRegister` takes and returns, what `load` and `apply`
 * report, and the rows of a person's history and of the audit trail.
 */
import type { PersonFormVersion } from '@canji/form';
import type { PersonRecord } from '@canji/rules';
import type { ExitReason } from '../classes.js';
import type { EventMode, EventOp, EventValue } from '../events.js';
import type { PersonKey } from '../keys.js';
import type { RegisterEventCode, RegisterLoadCode, RegisterRecoveryCode } from './codes.js';

/**
 * Where a register keeps its state:
 * - `'duckdb'` (default) — one DuckDB database file (`@duckdb/node-api`); each batch of events is
 *   one transaction; the tables (`base`, `current`, `events`, `meta`) can be queried with SQL;
 * - `'file'` — a directory: the base (`base.jsonl`) and an append-only journal (`journal.jsonl`),
 *   JSON Lines with a checksum on every line, fsynced per batch.
 */
export type RegisterStore = 'file' | 'duckdb';

/** Options of {@link openRegister}. */
export interface OpenRegisterOptions {
  /** The register: a DuckDB file (`county.duckdb`) or, for the file store, a directory. Created when absent. */
  readonly path: string;
  /** Which store (default `'duckdb'`). Opening a path that holds the other store is `REGISTER_STORE_MISMATCH`. */
  readonly store?: RegisterStore;
  /**
   * How persons are keyed (default `'resident-id'`: the canonical resident ID, or the first 18
   * characters of the certificate number). `'certificate-no'`: by certificate number. A function:
   * a keyed pseudonym (it must be given every time the register is opened, since a function is not stored).
   */
  readonly key?: PersonKey;
  /** Form version of the records (default: the register's, else `'2017'`). */
  readonly formVersion?: PersonFormVersion;
}

/** Options of {@link Register.load}. */
export interface LoadOptions {
  /** The date the batch describes (`YYYY-MM-DD`, the round's reference date): the base holds from then. */
  readonly asOf: string;
  /** Where the batch comes from (e.g. `2019 年度动态更新`, a file name): kept in the register. */
  readonly source: string;
}

/** What {@link Register.load} did: `read === loaded + duplicates + unkeyed`. */
export type LoadReport =
  | {
      readonly ok: true;
      readonly read: number;
      /** Persons in the base. */
      readonly loaded: number;
      /** Records whose key was seen before in the batch (the first one is kept). */
      readonly duplicates: number;
      /** Records without a usable key. */
      readonly unkeyed: number;
      /** Cells that could not be read (kept as written, as `canji check` keeps them; the rules report them when the person is edited). */
      readonly unreadableCells: number;
    }
  | { readonly ok: false; readonly code: RegisterLoadCode; readonly message: string };

/** Options of {@link Register.apply}. */
export interface ApplyOptions {
  /**
   * What to do with a conflict (a `set` whose `old` is not the register's value): `'skip'` (default)
   * leaves the register as it is and reports both values; `'apply'` applies the new value anyway
   * and reports the conflict too.
   */
  readonly onConflict?: 'skip' | 'apply';
  /**
   * What to do with an edit after which the record has an error it did not have: `'reject'`
   * (default) rejects the edit's events (`REGISTER_RECORD_INVALID`, with the rules' issues);
   * `'apply'` applies it and reports it among the warnings with `invalid: true` — for a source
   * that is the authority on its items (the certificate system changing a level before the next
   * visit updates the answers that depend on it).
   */
  readonly onInvalid?: 'reject' | 'apply';
  /** Events per commit (default 1000): each batch is fsynced (file) or one transaction (DuckDB). */
  readonly batchSize?: number;
  /**
   * How events are validated: `'edit'` (default) — consecutive events of one person with the same
   * `effective`, `source` and `collector` are one edit (a visit's answers), validated together and
   * applied or rejected together; `'event'` — each event alone.
   */
  readonly validate?: 'edit' | 'event';
  /** Called after each batch is durable, with the events processed so far in this call. */
  readonly onCommit?: (progress: { readonly events: number; readonly journaled: number }) => void;
}

/** One thing wrong with an event: an `EVENT_*` format code, or a rule id with the item it concerns. */
export interface RegisterDetail {
  readonly code: string;
  /** The field of the event or the item of the record. */
  readonly item?: string;
  /** zh-CN. */
  readonly message: string;
}

/** An event that was not applied. */
export interface RegisterRejection {
  /** 0-based position of the event in the stream given to `apply`. */
  readonly index: number;
  readonly id?: string;
  readonly person?: string;
  readonly op?: EventOp;
  readonly item?: string;
  readonly code: Exclude<RegisterEventCode, 'REGISTER_CONFLICT'>;
  /** zh-CN. */
  readonly message: string;
  readonly details: readonly RegisterDetail[];
}

/** A `set` whose `old` was not the register's value. */
export interface RegisterConflict {
  readonly index: number;
  readonly id: string;
  readonly person: string;
  readonly item: string;
  /** What the sender believed the register held (the event's `old`). */
  readonly expected: EventValue;
  /** What the register held. */
  readonly actual: EventValue;
  /** The event's new value. */
  readonly new: EventValue;
  /** Whether the new value was applied (`onConflict: 'apply'`). */
  readonly applied: boolean;
  readonly code: 'REGISTER_CONFLICT';
  /** zh-CN. */
  readonly message: string;
}

/**
 * An applied edit whose record has warnings, errors it already had before the edit, or — with
 * `onInvalid: 'apply'` — errors the edit made (`invalid: true`).
 */
export interface RegisterWarning {
  /** Position of the edit's first event. */
  readonly index: number;
  /** The events of the edit. */
  readonly ids: readonly string[];
  readonly person: string;
  /** The edit made the record invalid and was applied because of `onInvalid: 'apply'`. */
  readonly invalid: boolean;
  readonly details: readonly RegisterDetail[];
}

/**
 * What {@link Register.apply} did. Every event is counted once:
 * `read === applied + duplicates + rejected.length + (conflicts not applied)`.
 */
export interface ApplyReport {
  readonly read: number;
  readonly applied: number;
  /** Events whose id the register had already processed (whatever the outcome then): nothing done. */
  readonly duplicates: number;
  readonly conflicts: readonly RegisterConflict[];
  readonly rejected: readonly RegisterRejection[];
  readonly warnings: readonly RegisterWarning[];
}

/** A person as the register holds them now. */
export interface RegisterPerson {
  readonly person: string;
  /** The record (machine column names, typed values as `fromFlatRow` reads them). */
  readonly record: PersonRecord;
  /** Whether the person came with the base. */
  readonly inBase: boolean;
  /** The person's exit, when they have exited. */
  readonly exited?: { readonly reason: ExitReason; readonly effective: string; readonly event: string };
  /** The latest effective date of the base or an applied event for the person. */
  readonly lastUpdated: string;
}

/** What happened to one event, in the order the register processed it. */
export type RegisterOutcome = 'applied' | 'conflict' | 'rejected';

/**
 * One processed event, as the history and the audit trail give it: who changed what, when, how
 * and from where (全程质量控制，责任到人).
 */
export interface RegisterChange {
  /** Position in the register (1, 2, …): the order events were processed in. */
  readonly seq: number;
  /** The event's id. */
  readonly event: string;
  readonly outcome: RegisterOutcome;
  readonly op: EventOp;
  readonly person: string;
  /** `set`: the item (machine column name). */
  readonly item?: string;
  /** `set`: the register's value before (what was overwritten). */
  readonly old?: EventValue;
  /** `set`: the new value. */
  readonly new?: EventValue;
  /** `set` in conflict: the value the sender believed the register held. */
  readonly expected?: EventValue;
  /** `add`: the record. */
  readonly record?: PersonRecord;
  /** `exit`: why. */
  readonly reason?: ExitReason;
  readonly effective: string;
  readonly recorded?: string;
  readonly mode: EventMode;
  readonly source: string;
  readonly collector?: string;
  /** Conflicts and rejections: the code and the zh-CN message. */
  readonly code?: RegisterEventCode;
  readonly message?: string;
}

/** Filter of {@link Register.audit}. */
export interface AuditFilter {
  /** Events recorded (or, without `recorded`, effective) on or after this date `YYYY-MM-DD`. */
  readonly since?: string;
  readonly collector?: string;
  readonly person?: string;
}

/** Something opening the register found and repaired. */
export interface RegisterRecovery {
  readonly code: RegisterRecoveryCode;
  /** zh-CN. */
  readonly message: string;
  /** Lines dropped. */
  readonly lines: number;
}

/** Facts of a register. */
export interface RegisterInfo {
  readonly store: RegisterStore;
  readonly path: string;
  readonly formVersion: PersonFormVersion;
  /** `'resident-id'`, `'certificate-no'` or `'custom'` (a caller's function). */
  readonly key: 'resident-id' | 'certificate-no' | 'custom';
  /** The base, once loaded. */
  readonly base?: { readonly asOf: string; readonly source: string; readonly persons: number };
  /** Events processed (journaled) so far. */
  readonly events: number;
  /** Persons held now (exited ones included). */
  readonly persons: number;
}

/**
 * A register of persons: a base loaded from a round's batch, change events applied to it in
 * order, each person's history, snapshots as of any date and the audit trail. Get one with
 * {@link openRegister}; both stores behave the same.
 */
export interface Register {
  /** What opening it found and repaired (a torn last line, an uncommitted batch): empty when nothing. */
  readonly recovery: readonly RegisterRecovery[];
  info(): RegisterInfo;
  /** Loads a round's batch as the base state (an empty register only). */
  load(records: Iterable<Readonly<Record<string, unknown>>> | AsyncIterable<Readonly<Record<string, unknown>>>, options: LoadOptions): Promise<LoadReport>;
  /** Applies a stream of change events (decoded JSON objects; each is checked by `parseChangeEvent`). */
  apply(events: Iterable<unknown> | AsyncIterable<unknown>, options?: ApplyOptions): Promise<ApplyReport>;
  /** The person now, or `undefined` when the register never held them. */
  current(person: string): Promise<RegisterPerson | undefined>;
  /** Every applied change of the person, in order. */
  history(person: string): Promise<RegisterChange[]>;
  /**
   * The register as of a date: the base with the applied events whose `effective` is on or before
   * `asOf`, in the order they were applied; persons who exited by then are left out. Before the
   * base's date it is the base (the register knows nothing earlier).
   */
  snapshot(asOf: string): AsyncIterable<PersonRecord>;
  /** Every processed event (conflicts and rejections too), in order, filtered. */
  audit(filter?: AuditFilter): AsyncIterable<RegisterChange>;
  /** Persons (not exited) whose last update is before `date`: neither the base nor any applied event on or after it. */
  notUpdatedSince(date: string): AsyncIterable<RegisterPerson>;
  /** Closes the store (and releases its lock). */
  close(): Promise<void>;
}

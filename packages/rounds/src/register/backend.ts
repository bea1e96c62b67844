/**
 * The store interface behind a register: what the file store and the DuckDB store each implement.
 * The register itself (validation, conflicts, duplicates, replay) is one piece of code above it;
 * a store only keeps the base, the journal of processed events and, to open fast, the persons.
 */
import type { PersonFormVersion } from '@canji/form';
import type { PersonRecord } from '@canji/rules';
import type { PersonState, JournalEntry } from './state.js';
import type { AuditFilter, RegisterOutcome, RegisterRecovery, RegisterStore } from './types.js';

/** The register's own facts, kept in the store. @internal */
export interface RegisterMeta {
  readonly format: 'canji-register';
  /** Version of the stored layout; a newer one is `REGISTER_FORMAT_UNSUPPORTED`. */
  readonly formatVersion: 1;
  readonly store: RegisterStore;
  readonly formVersion: PersonFormVersion;
  readonly key: 'resident-id' | 'certificate-no' | 'custom';
  readonly base?: { readonly asOf: string; readonly source: string; readonly persons: number };
}

/** What a store holds when opened. @internal */
export interface OpenedStore {
  /** `undefined`: a new register (nothing stored yet). */
  readonly meta: RegisterMeta | undefined;
  readonly persons: Map<string, PersonState>;
  /** Every processed event id with its outcome. */
  readonly seen: Map<string, RegisterOutcome>;
  /** The last entry's `seq` (0 when none). */
  readonly seq: number;
  readonly recovery: RegisterRecovery[];
}

/** Entries a store reads back, in `seq` order. @internal */
export interface EntryFilter extends AuditFilter {
  /** Only applied entries. */
  readonly appliedOnly?: boolean;
  /** Only entries effective on or before this date. */
  readonly effectiveUpTo?: string;
}

/** A store of a register. @internal */
export interface StoreBackend {
  /** Opens (and locks) the store; creates nothing yet. */
  open(): Promise<OpenedStore>;
  /** Writes the meta of a new register. */
  init(meta: RegisterMeta): Promise<void>;
  /** Writes the base and the meta naming it, atomically. */
  writeBase(meta: RegisterMeta, base: ReadonlyMap<string, PersonRecord>): Promise<void>;
  /** Makes a batch durable: the entries, and the persons they changed (their states after the batch). All or nothing. */
  commit(entries: readonly JournalEntry[], touched: ReadonlyMap<string, PersonState>): Promise<void>;
  entries(filter: EntryFilter): AsyncIterable<JournalEntry>;
  /** The base's records, in the order loaded. */
  base(): AsyncIterable<readonly [string, PersonRecord]>;
  close(): Promise<void>;
}

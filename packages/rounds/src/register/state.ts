/**
 * The register's state and its one transition: a person's state, the journal entry of a processed
 * event, and `applyEntry`, which every path uses — applying live, rebuilding the state from the
 * journal when a register is opened, and replaying up to a date for a snapshot — so the three can
 * never disagree.
 */
import type { PersonRecord } from '@canji/rules';
import type { ExitReason } from '../classes.js';
import type { EventMode, EventOp } from '../events.js';
import type { RegisterEventCode } from './codes.js';
import type { AuditFilter, RegisterChange, RegisterOutcome, RegisterPerson } from './types.js';
import { toEventValue, withValue } from './values.js';

/** A person in the register. @internal */
export interface PersonState {
  readonly record: PersonRecord;
  readonly inBase: boolean;
  readonly exited?: { readonly reason: ExitReason; readonly effective: string; readonly event: string };
  readonly lastUpdated: string;
}

/**
 * One processed event as the stores keep it (values typed, as in the record; `old`/`new` absent
 * means unanswered). @internal
 */
export interface JournalEntry {
  readonly seq: number;
  readonly id: string;
  readonly outcome: RegisterOutcome;
  readonly op: EventOp;
  readonly person: string;
  readonly item?: string;
  readonly old?: unknown;
  readonly new?: unknown;
  readonly expected?: unknown;
  readonly record?: PersonRecord;
  readonly reason?: ExitReason;
  readonly effective: string;
  readonly recorded?: string;
  readonly mode: EventMode;
  readonly source: string;
  readonly collector?: string;
  readonly code?: RegisterEventCode;
  readonly message?: string;
}

const later = (a: string | undefined, b: string): string => (a === undefined || b > a ? b : a);

/**
 * The person's state after an applied entry (`undefined` before: not in the register). Entries of
 * other outcomes change nothing. @internal
 */
export function applyEntry(state: PersonState | undefined, e: JournalEntry): PersonState | undefined {
  if (e.outcome !== 'applied') return state;
  switch (e.op) {
    case 'add':
      return { record: e.record ?? {}, inBase: state?.inBase ?? false, lastUpdated: later(state?.lastUpdated, e.effective) };
    case 'set':
      if (!state) return state;
      return { ...state, record: withValue(state.record, e.item!, e.new), lastUpdated: later(state.lastUpdated, e.effective) };
    case 'exit':
      if (!state) return state;
      return { ...state, exited: { reason: e.reason!, effective: e.effective, event: e.id }, lastUpdated: later(state.lastUpdated, e.effective) };
    default:
      return e.op satisfies never;
  }
}

/** The public row of an entry. @internal */
export function toChange(e: JournalEntry): RegisterChange {
  const out: Record<string, unknown> = { seq: e.seq, event: e.id, outcome: e.outcome, op: e.op, person: e.person };
  if (e.op === 'set') {
    out.item = e.item;
    out.old = toEventValue(e.old);
    out.new = toEventValue(e.new);
    if ('expected' in e) out.expected = toEventValue(e.expected);
  }
  if (e.record !== undefined) out.record = e.record;
  if (e.reason !== undefined) out.reason = e.reason;
  out.effective = e.effective;
  if (e.recorded !== undefined) out.recorded = e.recorded;
  out.mode = e.mode;
  out.source = e.source;
  if (e.collector !== undefined) out.collector = e.collector;
  if (e.code !== undefined) out.code = e.code;
  if (e.message !== undefined) out.message = e.message;
  return out as unknown as RegisterChange;
}

/** The date an audit filter's `since` compares: the day recorded, else the effective date. @internal */
export const auditDate = (e: Pick<JournalEntry, 'recorded' | 'effective'>): string => (e.recorded ? e.recorded.slice(0, 10) : e.effective);

/** Whether an entry passes an audit filter. @internal */
export function auditMatches(e: JournalEntry, f: AuditFilter): boolean {
  if (f.person !== undefined && e.person !== f.person) return false;
  if (f.collector !== undefined && e.collector !== f.collector) return false;
  if (f.since !== undefined && auditDate(e) < f.since) return false;
  return true;
}

/** The public view of a person. @internal */
export function toPerson(person: string, s: PersonState): RegisterPerson {
  return { person, record: s.record, inBase: s.inBase, ...(s.exited ? { exited: s.exited } : {}), lastUpdated: s.lastUpdated };
}

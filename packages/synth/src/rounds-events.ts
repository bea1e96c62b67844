/**
 * The change events between two synthetic rounds: what a register holding round r − 1 must apply to
 * hold round r. The objects have the shape of `@canji/rounds`' change-event format (`ChangeEvent`,
 * checked by its `parseChangeEvent`); they are declared here structurally because `@canji/synth`
 * does not depend on `@canji/rounds` (whose tests use this package).
 */
import { FORM_KEYS, isAnswered } from './rounds-record.js';
import type { SynthPersonRecord } from './person.js';

/** A value in an event: a scalar of the flat layout; multiple choice as the flat cell text (`'1,3'`, as `toFlatRow` writes it); `null` = not answered. */
export type SynthEventValue = string | number | null;

/** Collection modes of `@canji/rounds`' `EVENT_MODES` that synthetic events use. */
export type SynthEventMode = 'home-visit' | 'phone' | 'face-to-face' | 'window-service' | 'certificate-system' | 'department-data' | 'self-report';

/** Exit reasons of `@canji/rounds`' `EXIT_REASONS`. */
export type SynthExitReason = 'died' | 'moved-out' | 'certificate-cancelled' | 'certificate-expired' | 'unknown';

interface SynthEventBase {
  /** Unique across all rounds of one call: `r<round>-<n>`. */
  readonly id: string;
  /** The person's canonical resident ID. */
  readonly person: string;
  /** `YYYY-MM-DD`. */
  readonly effective: string;
  readonly mode: SynthEventMode;
  /** `app`, `paper`, `certificate-system` or `dept:public-security`. */
  readonly source: string;
  readonly collector?: string;
}

/**
 * One synthetic change event, in the shape of `@canji/rounds`' `ChangeEvent`: `set` (one item, old
 * and new value), `add` (a new person's whole record, flat values) or `exit` (with the reason).
 *
 * @example
 * ```ts
 * const e: SynthChangeEvent = { id: 'r1-000001', op: 'set', person: '430121197107201566', item: 'r35', old: '6', new: '2,3',
 *   effective: '2020-07-21', mode: 'home-visit', source: 'app', collector: '杨萍' };
 * ```
 */
export type SynthChangeEvent =
  | (SynthEventBase & { readonly op: 'set'; readonly item: string; readonly old: SynthEventValue; readonly new: SynthEventValue })
  | (SynthEventBase & { readonly op: 'add'; readonly record: Readonly<Record<string, SynthEventValue>> })
  | (SynthEventBase & { readonly op: 'exit'; readonly reason: SynthExitReason });

/** A record's value as an event value (multiple choice → `'1,3'`, unanswered → `null`). */
export function eventValue(v: SynthPersonRecord[string]): SynthEventValue {
  if (!isAnswered(v)) return null;
  return Array.isArray(v) ? v.join(',') : (v as string | number);
}

/** A whole record as event values (answered items only). */
export function eventRecord(r: SynthPersonRecord): Record<string, SynthEventValue> {
  const out: Record<string, SynthEventValue> = {};
  for (const k of keysOf(r)) {
    const v = eventValue(r[k]);
    if (v !== null) out[k] = v;
  }
  return out;
}

/** Keys of a record in form order, then any others in their own order. */
function keysOf(...records: SynthPersonRecord[]): string[] {
  const present = new Set<string>();
  for (const r of records) for (const k in r) if (r[k] !== undefined) present.add(k);
  const ordered = FORM_KEYS.filter((k) => present.has(k));
  if (ordered.length < present.size) for (const k of present) if (!FORM_KEY_SET.has(k)) ordered.push(k);
  return ordered;
}

const FORM_KEY_SET: ReadonlySet<string> = new Set(FORM_KEYS);

/** The items whose values differ between two records of one person, in form order. */
export function changedItems(before: SynthPersonRecord, after: SynthPersonRecord): { item: string; old: SynthEventValue; new: SynthEventValue }[] {
  const out: { item: string; old: SynthEventValue; new: SynthEventValue }[] = [];
  for (const k of keysOf(before, after)) {
    const a = eventValue(before[k]);
    const b = eventValue(after[k]);
    if (a !== b) out.push({ item: k, old: a, new: b });
  }
  return out;
}

const MODES: Readonly<Record<number, SynthEventMode>> = { 1: 'home-visit', 2: 'phone', 3: 'face-to-face' };

/** Mode, source and collector of the visit that produced a record (collection_mode, collection_channel, collector). */
export function visitOf(r: SynthPersonRecord): { mode: SynthEventMode; source: string; collector?: string } {
  const mode = MODES[r.collection_mode as number] ?? 'home-visit';
  const source = r.collection_channel === 1 ? 'paper' : 'app';
  return typeof r.collector === 'string' && r.collector !== '' ? { mode, source, collector: r.collector } : { mode, source };
}

import { toFlatRow, type PersonFormVersion } from '@canji/form';
import type { ExitReason } from '../classes.js';
import type { ChangeEvent, EventMode, EventValue } from '../events.js';
import { keyReader, type PersonKey } from '../keys.js';

type Rec = Readonly<Record<string, unknown>>;

/** Options of {@link changeEventsBetween}. */
export interface ChangeEventsBetweenOptions {
  /** Effective date of every event (`YYYY-MM-DD`). */
  readonly effective: string;
  readonly mode: EventMode;
  readonly source: string;
  /** Event ids are `<idPrefix><n>` (default `'e'`), n = 1, 2, … in the order the events come. */
  readonly idPrefix?: string;
  /** How persons are matched (default `'resident-id'`). */
  readonly key?: PersonKey;
  /** Form version of both batches (default `'2017'`). */
  readonly formVersion?: PersonFormVersion;
  /** Why a person of `previous` missing from `next` exited (default `'unknown'`). */
  readonly exitReason?: (previous: Rec) => ExitReason;
  /** `recorded` of every event (ISO 8601), when given. */
  readonly recorded?: string;
}

/**
 * The change events that turn one batch into another: for each person of `next` also in
 * `previous`, a `set` per flat column whose cell differs (`old` = the previous cell); an `add` per
 * person only in `next`; an `exit` per person only in `previous`. Values are the flat layout's
 * cells (`toFlatRow`), so the events say what a CSV file would. The collector of a person's events
 * is the `collector` of their record in `next`. Applied to a register holding `previous`, they
 * give `next` (persons without a key are left out).
 *
 * @example
 * ```ts
 * import { changeEventsBetween } from '@canji/rounds';
 * const events = [...changeEventsBetween(round2019, round2020, { effective: '2020-06-30', mode: 'home-visit', source: 'app' })];
 * events.filter((e) => e.op === 'exit').length; //=> persons no longer in the batch
 * ```
 */
export function* changeEventsBetween(previous: Iterable<Rec>, next: Iterable<Rec>, options: ChangeEventsBetweenOptions): Generator<ChangeEvent> {
  const keyOf = keyReader(options.key ?? 'resident-id');
  const version = options.formVersion ?? '2017';
  const prefix = options.idPrefix ?? 'e';
  let n = 0;
  const base = (person: string, collector: unknown) => ({
    id: `${prefix}${++n}`,
    person,
    effective: options.effective,
    ...(options.recorded !== undefined ? { recorded: options.recorded } : {}),
    mode: options.mode,
    source: options.source,
    ...(typeof collector === 'string' && collector !== '' ? { collector } : {}),
  });
  const before = new Map<string, Rec>();
  for (const r of previous) {
    const k = keyOf(r, 'previous');
    if (k && !before.has(k)) before.set(k, r);
  }
  const inNext = new Set<string>();
  for (const r of next) {
    const k = keyOf(r, 'current');
    if (!k || inNext.has(k)) continue;
    inNext.add(k);
    const cells = toFlatRow(r, { version });
    const was = before.get(k);
    if (!was) {
      yield { ...base(k, r.collector), op: 'add', record: cells };
      continue;
    }
    const old = toFlatRow(was, { version });
    const columns = [...new Set([...Object.keys(old), ...Object.keys(cells)])];
    for (const c of columns) {
      const a: EventValue = old[c] ?? null;
      const b: EventValue = cells[c] ?? null;
      if (a !== b) yield { ...base(k, r.collector), op: 'set', item: c, old: a, new: b };
    }
  }
  for (const [k, r] of before) if (!inNext.has(k)) yield { ...base(k, undefined), op: 'exit', reason: options.exitReason?.(r) ?? 'unknown' };
}

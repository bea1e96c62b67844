/**
 * Round-to-round reconciliation over whole sources (iterables, or async iterables for files).
 */
import { createReconciler, type ReconcileOptions, type RoundReconciliation, type SourceRecord } from './reconciler.js';

/** The sources of a reconciliation, with its options. */
export interface ReconcileInput extends ReconcileOptions {
  /** This round's batch (person records). */
  current: Iterable<SourceRecord>;
  /** The previous round's records. */
  previous?: Iterable<SourceRecord>;
  /** The certificate roster (底册), as `parseRosterRow` records. */
  roster?: Iterable<SourceRecord>;
  /** The public-security extract (`registration_status`: 1 正常, 2 迁出, 3 死亡, 4 注销). */
  publicSecurity?: Iterable<SourceRecord>;
}

/** {@link ReconcileInput} with sources that may be async iterables (file readers). */
export interface ReconcileAsyncInput extends ReconcileOptions {
  current: Iterable<SourceRecord> | AsyncIterable<SourceRecord>;
  previous?: Iterable<SourceRecord> | AsyncIterable<SourceRecord>;
  roster?: Iterable<SourceRecord> | AsyncIterable<SourceRecord>;
  publicSecurity?: Iterable<SourceRecord> | AsyncIterable<SourceRecord>;
}

function optionsOf(input: ReconcileAsyncInput): ReconcileOptions {
  const { current: _c, previous, roster, publicSecurity, ...options } = input;
  return { ...options, sources: { previous: previous !== undefined, roster: roster !== undefined, publicSecurity: publicSecurity !== undefined, ...options.sources } };
}

/**
 * Reconciles this round's batch with the previous round, the certificate roster (底册) and,
 * optionally, the public-security extract: every person of the union is classified exactly once
 * (`continuing`, `new`, `exited` with its reason, `moved-within`, `not-updated`, `not-in-roster`,
 * `updated`; rules in `classifyPerson`), counted per unit at `regionLevel` (township by default) so
 * that every unit's classes add up to its persons, listed when there is something to act on (keys
 * masked unless `fullIdentifiers`), and, for the persons in both rounds, the change rates by
 * section of the form with outlying units flagged. Records are matched by canonical resident ID
 * (15-digit, lower-case `x` and full-width spellings are one person), by certificate number, or by
 * a caller's key (pseudonyms). The result is plain JSON data with zh-CN labels. Nothing reads the
 * clock: `asOf` is the reference date of this round.
 *
 * @summary Reconcile this round with the previous one and the roster
 * @example
 * ```ts
 * import { reconcileRounds } from '@canji/rounds';
 * const r = reconcileRounds({
 *   asOf: '2020-06-30',
 *   previous: [
 *     { resident_id: '11010519491231002X', region_code: '110105001001' },
 *     { resident_id: '110105195003011246', region_code: '110105001001' },
 *   ],
 *   current: [{ resident_id: '110105491231002', region_code: '110105002003', person_status: 6 }],
 *   roster: [{ resident_id: '11010519491231002X' }, { resident_id: '110105195003011246' }],
 * });
 * r.total.byClass['moved-within']; //=> 1   (the 15-digit spelling is the same person)
 * r.total.byClass['not-updated'];  //=> 1
 * r.lists.map((e) => e.key);       //=> ['110105********002X', '110105********1246']
 * ```
 */
export function reconcileRounds(input: ReconcileInput): RoundReconciliation {
  const r = createReconciler(optionsOf(input));
  if (input.previous) for (const x of input.previous) r.addPrevious(x);
  for (const x of input.current) r.addCurrent(x);
  if (input.roster) for (const x of input.roster) r.addRoster(x);
  if (input.publicSecurity) for (const x of input.publicSecurity) r.addPublicSecurity(x);
  return r.result();
}

/**
 * {@link reconcileRounds} over sources that may be async iterables (records read from files),
 * read one after the other; memory holds a few numbers per person, never the records.
 *
 * @example
 * ```ts
 * import { reconcileRoundsAsync } from '@canji/rounds';
 * const r = await reconcileRoundsAsync({ asOf: '2020-06-30', current: readPersons('本轮.csv'), roster: readRoster('底册.xlsx') });
 * r.total.byClass['not-in-roster']; // persons of this round without a valid certificate
 * ```
 */
export async function reconcileRoundsAsync(input: ReconcileAsyncInput): Promise<RoundReconciliation> {
  const r = createReconciler(optionsOf(input));
  if (input.previous) for await (const x of input.previous) r.addPrevious(x);
  for await (const x of input.current) r.addCurrent(x);
  if (input.roster) for await (const x of input.roster) r.addRoster(x);
  if (input.publicSecurity) for await (const x of input.publicSecurity) r.addPublicSecurity(x);
  return r.result();
}

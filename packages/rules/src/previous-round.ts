import { canonicalResidentId } from '@canji/id';
import { PERSON_FORM_VERSIONS } from '@canji/form';
import type { FormVersion, PersonRecord, PreviousRound } from './model.js';
import { RowStore } from './row-store.js';

/** Options of {@link buildPreviousRound}. */
export interface PreviousRoundOptions {
  /** Form version of the previous round's records (`'2017'` …; `'2016'` is not supported: convert it to 2017 first). */
  formVersion: FormVersion;
  /**
   * Key of a previous-round record (default: its canonical `resident_id`). Must give the same key
   * as this round's `context.recordKey` (e.g. the keyed pseudonym both rounds were released with).
   */
  key?: (record: PersonRecord) => string | undefined;
}

/** The previous round's records by key, in flat memory (see `RowStore`): no `Map` key limit. */
class PackedRound implements PreviousRound {
  rowsRead = 0;
  rowsWithoutKey = 0;
  duplicateKeys = 0;
  private readonly store = new RowStore({ keyField: 'resident_id' });
  constructor(
    readonly formVersion: FormVersion,
    private readonly keyOf: (record: PersonRecord) => string | undefined,
  ) {}
  get size(): number {
    return this.store.size;
  }
  get(key: string): PersonRecord | undefined {
    return this.store.get(key);
  }
  add(record: PersonRecord): void {
    this.rowsRead++;
    const k = this.keyOf(record);
    if (k === undefined) {
      this.rowsWithoutKey++;
      return;
    }
    const { entry, added } = this.store.entryFor(k);
    if (!added) this.duplicateKeys++;
    // Only the answered values are kept (a record of the previous round is read, never changed).
    this.store.write(entry, record, k);
  }
}

function start(opts: PreviousRoundOptions): PackedRound {
  const v = opts.formVersion;
  if (v !== '2017' && v !== '2021') {
    const known = (PERSON_FORM_VERSIONS as readonly string[]).includes(v);
    throw new RangeError(
      known
        ? `PREVIOUS_ROUND_VERSION: 上一轮为 ${v} 版登记表，年度比对只支持 2017 版和 2021 版（请先转换为 2017 版）`
        : `PREVIOUS_ROUND_VERSION: 未知的登记表版本“${String(v)}”`,
    );
  }
  const keyOf =
    opts.key ??
    ((r: PersonRecord) => {
      const id = r.resident_id;
      return typeof id === 'string' && id !== '' ? canonicalResidentId(id) : undefined;
    });
  return new PackedRound(v, keyOf);
}

/**
 * Indexes the previous round's records by the canonical resident ID (15-digit numbers upgraded,
 * case and width normalised) or by a caller's key, for the year-on-year rules
 * (`context.previousRound`). A person twice in the previous round: the later record is kept
 * (counted in `duplicateKeys`). The index holds the previous round's records in flat memory
 * (typed arrays and per-column dictionaries, no `Map` key limit).
 *
 * @example
 * ```ts
 * const previousRound = buildPreviousRound(lastYear, { formVersion: '2017' });
 * checkRecord(record, yearOnYearRules('2017'), { previousRound }).map((i) => i.ruleId); //=> ['YOY_SEX_CHANGED']
 * ```
 */
export function buildPreviousRound(records: Iterable<PersonRecord>, opts: PreviousRoundOptions): PreviousRound {
  const round = start(opts);
  for (const r of records) round.add(r);
  return round;
}

/**
 * Same as {@link buildPreviousRound} over an async iterable (a file being read).
 *
 * @example
 * ```ts
 * const previousRound = await buildPreviousRoundAsync(readRecords('2022.csv'), { formVersion: '2021' });
 * ```
 */
export async function buildPreviousRoundAsync(records: AsyncIterable<PersonRecord> | Iterable<PersonRecord>, opts: PreviousRoundOptions): Promise<PreviousRound> {
  const round = start(opts);
  for await (const r of records) round.add(r);
  return round;
}

/**
 * Planted errors on the 2021/22 form: the errors are planted in the 2017 truth (so the same
 * persons get the same mistakes whatever the form), then shown on the 2021 record of the same
 * person. An error whose items the 2021 form does not ask, or asks of other people, cannot be
 * shown: it is left out and counted, never labelled.
 */
import { itemFrom2017, personForm } from '@canji/form';
import { injectErrorsLazily, type ErrorKind, type ErrorLabel, type InjectErrorsOptions } from './errors.js';
import type { SynthPersonRecord } from './person.js';

/** A planted 2017 error that the 2021 form cannot show (counted by kind, items and reason). */
export interface NotPlantedError {
  kind: ErrorKind;
  /** The 2017 items of the error. */
  items2017: string[];
  /** zh-CN: why the 2021 record cannot show it. */
  reason: string;
  count: number;
}

/** Result of {@link injectErrorsAs2021}. */
export interface InjectErrorsAs2021Result {
  /** The 2021 records with the errors that the 2021 form can show (re-iterable: each pass starts afresh). */
  records: Iterable<SynthPersonRecord>;
  /** Labels in 2021 keys (`items`, `changed`, `before`, R-numbers in `message`), complete once `records` is read through. */
  labels: ErrorLabel[];
  /** The planted 2017 errors left out, complete once `records` is read through. */
  notPlanted: NotPlantedError[];
}

const same = (a: unknown, b: unknown) => a === b || (Array.isArray(a) && Array.isArray(b) && a.join() === b.join());

const ITEMS_2021 = new Map(personForm('2021').items.map((i) => [i.key, i]));
const LABELS_2017 = new Map(personForm('2017').items.map((i) => [i.key, i]));

/** `R40` → `R26`, `R3` → `户口性质`: a 2017 item number in a message, as the 2021 form numbers it. */
function renumber(message: string): string {
  return message.replace(/\bR(\d+)(?:-(\d+))?\b/g, (whole, n: string, sub?: string) => {
    const k = itemFrom2017(`r${n}${sub ? `_${sub}` : ''}`, '2021');
    const item = k ? ITEMS_2021.get(k) : undefined;
    return item ? item.code || item.label : whole;
  });
}

const describe2017 = (k: string) => {
  const i = LABELS_2017.get(k);
  return i ? `${i.code || k} ${i.label}` : k;
};

/**
 * The 2021 view of one planted 2017 error, or why there is none. `truth` is the clean 2017 record,
 * `planted` the 2017 record with the error, `clean` the clean 2021 record of the same person.
 */
function view(label: ErrorLabel, truth: SynthPersonRecord, planted: SynthPersonRecord, clean: SynthPersonRecord): { record: SynthPersonRecord; label: ErrorLabel } | { reason: string } {
  const items: string[] = [];
  for (const k of label.items) {
    const k21 = itemFrom2017(k, '2021');
    if (k21 === null) return { reason: `2021 版无对应题目：${describe2017(k)}` };
    items.push(k21);
  }
  const record: SynthPersonRecord = { ...clean };
  const changed: string[] = [];
  for (const k of label.changed) {
    const k21 = itemFrom2017(k, '2021');
    if (k21 === null) continue; // a follow-up the error dragged along (e.g. R14 removed with R13), not on the 2021 form
    // The 2021 item must hold the 2017 answer for this person, else it is asked of other people
    // (2021 R11, R12: correspondence `changed`) and the error would not mean the same.
    if (!same(clean[k21], truth[k])) return { reason: `2021 版 ${ITEMS_2021.get(k21)?.code || k21} 的询问范围与 2017 版 ${describe2017(k)} 不同` };
    if (planted[k] === undefined) delete record[k21];
    else record[k21] = planted[k];
    changed.push(k21);
  }
  const shows = label.kind === 'deceased-as-normal' || changed.some((k) => !same(record[k], clean[k]));
  if (!shows) return { reason: '在 2021 版记录上看不出' };
  const before: Record<string, unknown> = {};
  for (const k of items) before[k] = clean[k];
  return { record, label: { ...label, items, message: renumber(label.message), before, changed } };
}

/**
 * {@link injectErrorsLazily} for records on the 2021/22 form. The errors are planted in `truth`
 * (the 2017 records, `synthesizePersons` without `version`) with the same seed and rate as for a
 * 2017 batch, then shown on `persons` (the same persons on the 2021 form, `synthesizePersons` with
 * `version: '2021'` and the same options): the changed items are renamed with `@canji/form`'s item
 * correspondence. An error about an item the 2021 form does not ask (2017 R14 在校, R17 就业形式,
 * R23 居民养老 …) or asks of other people (2021 R11, R12) is left out and counted in `notPlanted`;
 * its record stays clean. Record indices are those of the 2017 batch (duplicates are kept).
 *
 * @example
 * ```ts
 * const opts = { seed: 1, count: 1000, asOf: '2021-06-30' };
 * const { records, labels, notPlanted } = injectErrorsAs2021(synthesizePersons(opts), synthesizePersons({ ...opts, version: '2021' }), { seed: 2, rate: 0.05 });
 * await writeJsonLines(records, 'persons-2021.jsonl');
 * labels[0]; //=> { record: 17, kind: 'exclusive-option', items: ['r15'], message: 'R15 的“无”类选项 6 与其他选项同选：1;6', … }
 * notPlanted[0]; //=> { kind: 'skip-answered', items2017: ['r17'], reason: '2021 版无对应题目：R17 就业形式', count: 3 }
 * ```
 */
export function injectErrorsAs2021(
  truth: Iterable<Readonly<Record<string, unknown>>>,
  persons: Iterable<Readonly<Record<string, unknown>>>,
  options: InjectErrorsOptions,
): InjectErrorsAs2021Result {
  const labels: ErrorLabel[] = [];
  const notPlanted: NotPlantedError[] = [];
  return {
    labels,
    notPlanted,
    records: {
      [Symbol.iterator]() {
        labels.length = 0;
        notPlanted.length = 0;
        return plantAs2021(truth, persons, options, labels, notPlanted);
      },
    },
  };
}

function* plantAs2021(
  truth: Iterable<Readonly<Record<string, unknown>>>,
  persons: Iterable<Readonly<Record<string, unknown>>>,
  options: InjectErrorsOptions,
  labels: ErrorLabel[],
  notPlanted: NotPlantedError[],
): Generator<SynthPersonRecord> {
  const skipped = new Map<string, NotPlantedError>();
  // The planter reads the 2017 records one at a time: `current` is the one it is on (index `at`).
  let current: SynthPersonRecord | undefined;
  let at = -1;
  const source = (function* () {
    for (const r of truth) {
      at++;
      yield (current = r as SynthPersonRecord);
    }
  })();
  const lazy = injectErrorsLazily({ [Symbol.iterator]: () => source }, options);
  const views = persons[Symbol.iterator]();
  let clean: SynthPersonRecord | undefined;
  let viewedAt = -1; // index of the person `clean` is
  let seen = 0; // labels of the planter handled so far
  for (const planted of lazy.records) {
    while (viewedAt < at) {
      const next = views.next();
      if (next.done) throw new RangeError('injectErrorsAs2021: persons 比 truth 少');
      clean = next.value as SynthPersonRecord;
      viewedAt++;
    }
    // The planter passes a record without an error (and the original of a duplicate) through as
    // the same object; a record with an error, or a duplicate's copy, is a new one with a label.
    if (planted === current) {
      yield clean!;
      continue;
    }
    const mine = lazy.labels[seen++]!;
    if (mine.kind === 'duplicate-person') {
      labels.push(mine);
      yield { ...clean! };
      continue;
    }
    const shown = view(mine, current!, planted, clean!);
    if ('reason' in shown) {
      const key = `${mine.kind}|${mine.items.join('+')}|${shown.reason}`;
      let e = skipped.get(key);
      if (!e) skipped.set(key, (e = { kind: mine.kind, items2017: mine.items, reason: shown.reason, count: 0 })), notPlanted.push(e);
      e.count++;
      yield clean!;
    } else {
      labels.push(shown.label);
      yield shown.record;
    }
  }
}

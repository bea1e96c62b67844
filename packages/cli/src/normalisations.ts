/**
 * What canji changed in the input as it read it — IDs with spaces or full-width digits, `是`/`否`
 * and labels turned into codes, `2019/6/30` into `2019-06-30`, multi-select separators, numbers
 * stored as text — counted by kind and column, with the first examples (identifiers masked), so
 * that nothing is altered without saying so. A tally merges: a worker thread counts its chunks
 * and the main thread adds them in file order.
 */
import { maskIdentifier } from '@canji/id';
import { maskMessage } from '@canji/rules';
import type { FlatIssue } from '@canji/form';
import type { ReportNormalisation } from '@canji/rules';

/** Normalisations by code and column, in the order first seen (plain data: structured-clonable; `@canji/rules`' `ReportNormalisation`). */
export type NormalisationTally = ReportNormalisation[];

/** Examples kept per kind and column. */
export const NORMALISATION_EXAMPLES = 3;

/** Columns whose values are identifiers: their examples are masked. */
const IDENTIFYING = /resident_id|certificate_no|householder_id|身份证|证号|身份号码|id$/i;

const show = (v: unknown, mask: boolean): string => {
  const s = v === undefined || v === null ? '' : Array.isArray(v) ? v.join(',') : typeof v === 'object' ? JSON.stringify(v) : String(v);
  return mask ? (maskIdentifier(s) ?? s) : s;
};

/**
 * Counts normalisations into a tally.
 *
 * @example
 * ```ts
 * const t = new NormalisationCounter();
 * t.add(12, [{ code: 'FLAT_FULLWIDTH', column: 'r3', severity: 'info', message: '全角数字已转为半角', from: '１', to: 1 }]);
 * t.tally[0].count; //=> 1
 * ```
 */
export class NormalisationCounter {
  readonly tally: NormalisationTally = [];
  private readonly at = new Map<string, ReportNormalisation>();

  /** Adds the non-error issues of one row (errors are not normalisations and are skipped). */
  add(rowNumber: number, issues: readonly FlatIssue[]): void {
    for (const i of issues) {
      if (i.severity === 'error') continue;
      const key = `${i.code}\u0000${i.column}`;
      let n = this.at.get(key);
      if (!n) {
        n = { code: i.code, column: i.column, message: maskMessage(i.message), count: 0, examples: [] };
        this.at.set(key, n);
        this.tally.push(n);
      }
      n.count++;
      if (n.examples.length < NORMALISATION_EXAMPLES) {
        const mask = IDENTIFYING.test(i.column) || IDENTIFYING.test(i.key ?? '');
        n.examples.push({ rowNumber, from: show(i.from, mask), to: show(i.to, mask) });
      }
    }
  }

  /** Adds a tally counted elsewhere (the rows after this one's). */
  merge(other: NormalisationTally): void {
    for (const o of other) {
      const key = `${o.code}\u0000${o.column}`;
      const n = this.at.get(key);
      if (!n) {
        const copy = { ...o, examples: o.examples.slice() };
        this.at.set(key, copy);
        this.tally.push(copy);
        continue;
      }
      n.count += o.count;
      for (const e of o.examples) if (n.examples.length < NORMALISATION_EXAMPLES) n.examples.push(e);
    }
  }

  /** Cells changed, over every kind. */
  get cells(): number {
    let c = 0;
    for (const n of this.tally) c += n.count;
    return c;
  }
}

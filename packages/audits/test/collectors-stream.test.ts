/**
 * The collector figures built a record at a time keep a hash of each record's answers, not the
 * record: the counts must be those of an exact comparison of the answers, for any batch.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { collectorFigures, createCollectorFigures } from '@canji/audits';
import { itemClasses } from '../src/item-classes.js';
import { answerText } from '../src/values.js';
import { synthesizePersons } from '@canji/synth';

const base = [...synthesizePersons({ seed: 31, count: 400, region: '430121', asOf: '2019-06-30' })];
const items = itemClasses('2017').filter((i) => i.section !== 'identity').map((i) => i.key);

/** Identical-to-previous counts per collector by exact comparison of the answers, in date order. */
function exactIdentical(records: Record<string, unknown>[]): Map<string, number> {
  const by = new Map<string, { i: number; date: string; sig: string | undefined }[]>();
  records.forEach((r, i) => {
    const parts = items.map((k) => answerText(r[k]) ?? '');
    const c = String(r.collector ?? '').trim() || '（未填采集员）';
    (by.get(c) ?? by.set(c, []).get(c)!).push({ i, date: String(r.collected_on ?? '').slice(0, 10), sig: parts.some((p) => p) ? parts.join('\u0001') : undefined });
  });
  const out = new Map<string, number>();
  for (const [c, rows] of by) {
    rows.sort((a, b) => (a.date === b.date ? a.i - b.i : a.date < b.date ? -1 : 1));
    let n = 0;
    for (let k = 1; k < rows.length; k++) if (rows[k]!.sig !== undefined && rows[k]!.sig === rows[k - 1]!.sig) n++;
    out.set(c, n);
  }
  return out;
}

describe('collector figures a record at a time', () => {
  it('count identical answers as an exact comparison does, and equal collectorFigures over the same records', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(base.length - 1), fc.nat(base.length - 1)), { maxLength: 60 }), fc.array(fc.nat(base.length - 1), { maxLength: 20 }), (copies, blanks) => {
        const records = base.map((r) => ({ ...r }) as Record<string, unknown>);
        // Copy all answers of one record onto another (what a copier does), and blank some records' answers.
        for (const [from, to] of copies) for (const k of items) records[to]![k] = records[from]![k];
        for (const b of blanks) for (const k of items) delete records[b]![k];
        const built = createCollectorFigures({ version: '2017' });
        for (const r of records) built.add(r);
        const streamed = built.result();
        expect(streamed).toEqual(collectorFigures(records, { version: '2017' }));
        expect(streamed.ok).toBe(true);
        if (!streamed.ok) return;
        const exact = exactIdentical(records);
        for (const f of streamed.value) expect(f.identical.count, f.collector).toBe(exact.get(f.collector));
      }),
      { numRuns: 25 },
    );
  });

  it('hash an answer by what it means: a number, its text, padded text and a reordered choice list are one answer', () => {
    /** The same answer written another way (as `answerText` reads it), chosen by `how`. */
    const respell = (v: unknown, how: number): unknown => {
      if (typeof v === 'number') return [String(v), ` ${v}\u3000`, Number.isInteger(v) && v >= 0 ? `0${v}` : v, v][how % 4];
      if (typeof v === 'string') return [` ${v}`, `${v}\u00a0`, `\t${v}\n`, v][how % 4];
      if (Array.isArray(v) && v.length > 0) return [[...v].reverse(), [...v, v[0]], v.map((x) => String(x)), v][how % 4];
      return v;
    };
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(base.length - 1), fc.nat(base.length - 1), fc.nat(15)), { maxLength: 60 }), fc.array(fc.tuple(fc.nat(base.length - 1), fc.nat(items.length - 1), fc.integer({ min: -20, max: 20 })), { maxLength: 30 }), (copies, edits) => {
        const records = base.map((r) => ({ ...r }) as Record<string, unknown>);
        // Copies of another record's answers, written another way; and single answers changed (a number, or a choice list).
        for (const [from, to, how] of copies) items.forEach((k, j) => (records[to]![k] = respell(records[from]![k], how + j)));
        for (const [at, j, v] of edits) records[at]![items[j]!] = v % 3 === 0 ? [Math.abs(v), Math.abs(v) + 1] : v;
        const built = createCollectorFigures({ version: '2017' });
        for (const r of records) built.add(r);
        const streamed = built.result();
        expect(streamed.ok).toBe(true);
        if (!streamed.ok) return;
        const exact = exactIdentical(records);
        for (const f of streamed.value) expect(f.identical.count, f.collector).toBe(exact.get(f.collector));
      }),
      { numRuns: 40 },
    );
  });
});

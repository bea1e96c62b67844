/**
 * The report accumulator is a monoid over runs of items: checking records into one accumulator
 * gives the tally of checking any split of them into several accumulators and merging those in
 * order — what lets worker threads count their chunks and the main thread merge them.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { injectErrors, synthesizePersons } from '@canji/synth';
import { compileRules, consistencyRules, formRules, IDENTIFYING_COLUMNS, type PersonRecord } from '@canji/rules';
import { RecordChecker, type IssueSink } from '../src/batch/record-checker.js';
import { emptyTally, mergeTallies, ReportAccumulator, type ReportTally, type TallyLimits } from '../src/batch/tally.js';

const AS_OF = '2019-06-30';
const compiled = compileRules([...formRules('2017'), ...consistencyRules('2017')]);
const context = { referenceDate: AS_OF, batchRegion: '430121' };
const identifying = compiled.rules.map((r) => r.items.some((k) => IDENTIFYING_COLUMNS.has(k)));

const clean = [...synthesizePersons({ seed: 51, count: 300, region: '430121', asOf: AS_OF })] as PersonRecord[];
const { records } = injectErrors(clean, { seed: 52, rate: 0.4, asOf: AS_OF });
// Unreadable items among the records, as a reader hands them on.
const items: unknown[] = (records as PersonRecord[]).map((r, i) => (i % 37 === 4 ? { ok: false, error: { code: 'FLAT_VALUE_INVALID', message: `第 ${i} 行无法读取` } } : i % 53 === 9 ? null : r));

/** One accumulator over `part`: the record checker's issues, each record counted by its own flags. */
function tallyOf(part: readonly unknown[], limits: TallyLimits, prefixLength = 6): ReportTally {
  const checker = new RecordChecker(compiled, context);
  const acc = new ReportAccumulator(compiled.rules.length, prefixLength, identifying, limits);
  const emit: IssueSink = (c, issue) => acc.issue(c, issue, checker.scope.record);
  for (const item of part) {
    const record = checker.read(item);
    if (typeof record === 'string') {
      acc.unreadable(record);
      continue;
    }
    checker.begin(record);
    acc.beginRecord(checker.scope.values![0], checker.scope.record);
    checker.check(emit);
    acc.endRecord(acc.flags);
  }
  return acc.take();
}

function split<T>(xs: readonly T[], cuts: number[]): T[][] {
  const out: T[][] = [];
  let from = 0;
  for (const to of [...cuts.sort((a, b) => a - b), xs.length]) {
    out.push(xs.slice(from, to));
    from = to;
  }
  return out;
}

describe('report tallies', () => {
  const limits: TallyLimits = { examplesPerRule: 3, unreadableKept: 4 };
  const whole = tallyOf(items, limits);

  it('the batch has what the comparison needs: errors, warnings, capped examples and unreadable items', () => {
    expect(whole.read).toBe(items.length);
    expect(whole.withErrors).toBeGreaterThan(30);
    expect(whole.warnings).toBeGreaterThan(0);
    expect(whole.unreadable).toBeGreaterThan(limits.unreadableKept);
    expect(whole.unreadableItems.length).toBe(limits.unreadableKept);
    expect(whole.examples.some((e) => e.length === limits.examplesPerRule)).toBe(true);
    expect(whole.read).toBe(whole.clean + whole.warningsOnly + whole.withErrors + whole.unreadable);
  });

  it('checking records in one accumulator equals checking any split of them in several and merging in order', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 0, max: items.length }), { maxLength: 10 }), (cuts) => {
        const merged = split(items, cuts)
          .map((part) => tallyOf(part, limits))
          .reduce((a, b) => mergeTallies(a, b, limits), emptyTally(compiled.rules.length));
        expect(merged).toEqual(whole);
      }),
      { numRuns: 30 },
    );
  });

  it('merging is associative, with the empty tally as identity', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: items.length }), fc.integer({ min: 0, max: items.length }), (x, y) => {
        const [a, b, c] = split(items, [x, y]).map((part) => tallyOf(part, limits, 9));
        expect(mergeTallies(mergeTallies(a!, b!, limits), c!, limits)).toEqual(mergeTallies(a!, mergeTallies(b!, c!, limits), limits));
        expect(mergeTallies(emptyTally(compiled.rules.length), a!, limits)).toEqual(a);
        expect(mergeTallies(a!, emptyTally(compiled.rules.length), limits)).toEqual(a);
      }),
      { numRuns: 20 },
    );
  });

  it('merging leaves its inputs unchanged', () => {
    const [a, b] = split(items, [100]).map((part) => tallyOf(part, limits));
    const before = structuredClone([a, b]);
    mergeTallies(a!, b!, limits);
    expect([a, b]).toEqual(before);
  });
});

/**
 * A batch checked in shards (record rules where the records are read, cross-check and batch rules
 * in the main checker) gives the report of one checker over all records — for any way of cutting
 * the batch into parts.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseExtractRow, type ExtractDepartmentId } from '@canji/form';
import { injectErrors, synthesizeDepartmentExtracts, synthesizePersons } from '@canji/synth';
import {
  batchRules,
  buildDepartmentIndex,
  checkBatchSync,
  consistencyRules,
  createBatchChecker,
  createShardChecker,
  crossCheckRules,
  formRules,
  type BatchItem,
  type DepartmentId,
  type DepartmentIndex,
  type Discrepancy,
  type PersonRecord,
  type ShardResult,
} from '@canji/rules';

const AS_OF = '2019-06-30';
const rules = [...formRules('2017'), ...consistencyRules('2017'), ...batchRules(), ...crossCheckRules('2017')];
const context = { referenceDate: AS_OF, batchRegion: '430121' };

const clean = [...synthesizePersons({ seed: 41, count: 600, region: '430121', asOf: AS_OF })] as PersonRecord[];
const { records: withErrors } = injectErrors(clean, { seed: 42, rate: 0.3, asOf: AS_OF });
const departments: Partial<Record<DepartmentId, DepartmentIndex>> = {};
{
  const { extracts } = synthesizeDepartmentExtracts(clean, { seed: 43, agreement: 0.8 });
  for (const d of ['education', 'civil-affairs', 'social-security', 'housing', 'health', 'poverty-relief', 'public-security'] as ExtractDepartmentId[]) {
    const rows = extracts[d].rows.map((raw) => parseExtractRow(d, raw, { asOf: AS_OF, headerIssues: false })).filter((r) => r.ok).map((r) => r.record as Record<string, unknown>);
    departments[d] = buildDepartmentIndex(d, rows);
  }
}
// Unreadable items and parse results among the records, as a reader hands them on.
const items: BatchItem[] = (withErrors as PersonRecord[]).map((r, i) =>
  i % 97 === 5 ? { ok: false, error: { code: 'FLAT_VALUE_INVALID', message: `第 ${i} 行无法读取` } } : i % 89 === 3 ? { ok: true, value: r } : i % 151 === 7 ? (null as unknown as BatchItem) : r,
);

/** Structured clone, as postMessage does it. */
const overTheWire = (p: ShardResult): ShardResult => structuredClone(p);

function sharded(cuts: number[], opts: { examplesPerRule?: number; regionLevel?: 'county' | 'township' } = {}) {
  const main = createBatchChecker({ rules, context: { ...context, departments }, ...opts });
  const shards = [createShardChecker({ rules, context, ...opts }), createShardChecker({ rules, context, ...opts })];
  let from = 0;
  let k = 0;
  for (const to of [...cuts, items.length]) {
    const s = shards[k++ % 2]!;
    for (const it of items.slice(from, to)) s.add(it);
    main.addShard(overTheWire(s.take()));
    from = to;
  }
  return main.report();
}

describe('createShardChecker + addShard', () => {
  const discs: Discrepancy[] = [];
  const whole = checkBatchSync(items, { rules, context: { ...context, departments }, onDiscrepancy: (d) => discs.push(d) });

  it('the batch has what the comparison needs: errors of every scope, unreadable items, discrepancies', () => {
    expect(whole.counts.withErrors).toBeGreaterThan(50);
    expect(whole.counts.unreadable).toBeGreaterThan(5);
    expect(whole.rules.filter((r) => r.scope === 'batch' && r.records > 0).length).toBeGreaterThan(0);
    // Every department's cross-check rules run in the main checker on the handed-over columns.
    expect(whole.departments.length).toBe(7);
    expect(whole.departments.filter((d) => d.discrepancyCount > 0).length).toBeGreaterThanOrEqual(5);
  });

  it('gives the same report as one checker, however the batch is cut', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: items.length - 1 }), { maxLength: 12 }), (cuts) => {
        expect(sharded(cuts.sort((a, b) => a - b))).toEqual(whole);
      }),
      { numRuns: 25 },
    );
  });

  it('also with other example counts and region levels', () => {
    const opts = { examplesPerRule: 2, regionLevel: 'township' as const };
    expect(sharded([1, 100, 101, 350], opts)).toEqual(checkBatchSync(items, { rules, context: { ...context, departments }, ...opts }));
  });

  it('hands over only the columns the main checker reads', () => {
    const s = createShardChecker({ rules, context });
    s.add(clean[0]!);
    const part = s.take();
    const keys = Object.keys(part.records[0]!);
    expect(keys.length).toBeLessThan(Object.keys(clean[0]!).length);
    expect(keys).toContain('resident_id');
    expect(keys).toContain('householder_name');
    expect(s.take().flags.length).toBe(0);
  });

  it('refuses a part checked with another rule set', () => {
    const s = createShardChecker({ rules: [...formRules('2017')], context });
    s.add(clean[0]!);
    const main = createBatchChecker({ rules, context });
    expect(() => main.addShard(s.take())).toThrow(/RULES_SHARD_MISMATCH/);
  });
});

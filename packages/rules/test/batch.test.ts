import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { batchRules, checkBatch, checkBatchSync, checkRecord, consistencyRules, createBatchChecker, formRules, type BatchItem } from '@canji/rules';
import { ids, person } from './fixtures.js';

const rules = [...formRules('2017'), ...consistencyRules('2017'), ...batchRules()];
const context = { referenceDate: '2017-06-30', batchRegion: '430102' };

function clean(n: number, region = (i: number) => `4301020010${String((i % 3) + 1).padStart(2, '0')}`): Record<string, unknown>[] {
  return Array.from({ length: n }, (_, i) => person({ seq: i + 1, region: region(i) }));
}

describe('checkBatch', () => {
  it('reports zero errors on clean data, and read = clean + warnings only + with errors + unreadable', async () => {
    const report = await checkBatch(clean(30), { rules, context });
    expect(report.counts).toMatchObject({ read: 30, clean: 30, withErrors: 0, warningsOnly: 0, unreadable: 0, valid: 30 });
    expect(report.rules.every((r) => r.records === 0)).toBe(true);
  });

  it('finds the batch-level problems on the record that causes them', () => {
    const recs = clean(6);
    recs.push({ ...recs[1]! }); // 6: the same person again
    const other = person({ seq: 40 });
    recs.push({ ...other, certificate_no: recs[2]!.certificate_no, disability_category: recs[2]!.disability_category, disability_level: recs[2]!.disability_level }); // 7: someone else's certificate
    recs.push(person({ seq: 41, region: '430103001001' })); // 8: outside the batch's region
    const h = person({ seq: 42 });
    recs.push({ ...h, householder_id: recs[3]!.resident_id, householder_name: '另一个名字' }); // 9: householder ID with a second name
    const seen: Record<number, string[]> = {};
    const report = checkBatchSync(recs, { rules, context, onIssues: (i, _r, issues) => (seen[i] = ids(issues)) });
    expect(seen[6]).toEqual(['BATCH_DUPLICATE_PERSON']);
    expect(seen[7]).toContain('BATCH_SHARED_CERTIFICATE');
    expect(seen[8]).toEqual(['BATCH_OUTSIDE_REGION']);
    expect(seen[9]).toEqual(['BATCH_HOUSEHOLDER_INCONSISTENT']);
    expect(Object.keys(seen).map(Number).sort()).toEqual([6, 7, 8, 9]);
    expect(report.counts.withErrors).toBe(4);
    const dup = report.rules.find((r) => r.id === 'BATCH_DUPLICATE_PERSON')!;
    expect(dup.records).toBe(1);
    expect(dup.byRegion).toEqual({ '430102': 1 });
  });

  it('counts unreadable items and parse failures, and unwraps parse successes', () => {
    const items: BatchItem[] = [person({ seq: 1 }), { ok: true, value: person({ seq: 2 }) }, { ok: false, error: { code: 'CSV_COLUMNS', message: '列数不对' } }];
    const report = checkBatchSync([...items, null as unknown as BatchItem, 'x' as unknown as BatchItem], { rules, context });
    expect(report.counts).toMatchObject({ read: 5, clean: 2, unreadable: 3 });
    expect(report.unreadable[0]).toEqual({ index: 2, reason: 'CSV_COLUMNS 列数不对' });
  });

  it('gives the same report for an async iterable as for an array', async () => {
    const recs = clean(12);
    recs[4] = { ...recs[4]!, r3: 9 };
    async function* gen() {
      for (const r of recs) yield r;
    }
    const a = await checkBatch(gen(), { rules, context });
    const b = await checkBatch(recs, { rules, context });
    expect(a).toEqual(b);
    expect(a.counts.withErrors).toBe(1);
  });

  it('counts by region at the chosen level, with error rates', () => {
    const recs = clean(9, (i) => (i < 6 ? '430102001001' : '430102002001'));
    recs[0] = { ...recs[0]!, r3: 9 };
    recs[7] = { ...recs[7]!, r3: 9 };
    const report = checkBatchSync(recs, { rules, context, regionLevel: 'township', regionName: (c) => ({ '430102001': '甲街道', '430102002': '乙街道' })[c] });
    expect(report.regions).toEqual([
      { code: '430102001', name: '甲街道', read: 6, withErrors: 1, withWarnings: 0, errorRate: 1 / 6, warningRate: 0, collectionModes: { '1': 6 }, collectionChannels: { '2': 6 } },
      { code: '430102002', name: '乙街道', read: 3, withErrors: 1, withWarnings: 0, errorRate: 1 / 3, warningRate: 0, collectionModes: { '1': 3 }, collectionChannels: { '2': 3 } },
    ]);
    expect(report.rules.find((r) => r.id === 'FORM_CODE_UNKNOWN')!.byRegion).toEqual({ '430102001': 1, '430102002': 1 });
  });

  it('keeps at most N masked examples per rule', () => {
    const recs: Record<string, unknown>[] = clean(8).map((r) => ({ ...r, r3: 9 }));
    const report = checkBatchSync(recs, { rules, context, examplesPerRule: 3 });
    const ex = report.examples.FORM_CODE_UNKNOWN!;
    expect(ex).toHaveLength(3);
    for (const e of ex) {
      expect(e.residentId).toMatch(/^\d{6}\*{8}[\dX]{4}$/);
      expect(e.name).toMatch(/^测\*+$/);
    }
    expect(JSON.stringify(report)).not.toContain(String(recs[0]!.resident_id));
  });

  it('masks identifiers in examples: messages, recorded values, names', () => {
    const recs = clean(4);
    const other = person({ seq: 30 });
    recs.push({ ...recs[0]!, certificate_no: other.certificate_no, disability_category: other.disability_category, disability_level: other.disability_level }); // ID mismatch, message names both numbers
    const h = person({ seq: 31 });
    recs.push({ ...h, householder_id: recs[1]!.resident_id, householder_name: '另一个名字' });
    const report = checkBatchSync(recs, { rules, context });
    const text = JSON.stringify({ examples: report.examples, rules: report.rules });
    expect(report.examples.FORM_IDENTITY_CERT_ID).toHaveLength(1);
    expect(report.examples.BATCH_HOUSEHOLDER_INCONSISTENT![0]!.recorded).toBe('另****');
    for (const r of [...recs, other]) {
      expect(text).not.toContain(String(r.resident_id));
      expect(text).not.toContain(String(r.certificate_no));
    }
    expect(text).not.toContain('另一个名字');
    expect(text).not.toContain(String(recs[1]!.householder_name));
  });

  // Entry time (checkRecord: reads the record) and batch time (reads dense columns) must agree.
  it('finds the same issues per record as checkRecord', () => {
    const base = clean(3);
    const recs: Record<string, unknown>[] = [
      ...base,
      { ...base[0]!, r3: 9 },
      { ...base[1]!, r12: 2, r28: [2] },
      { ...base[2]!, birth_date: '1980-03-16', sex: 'female' },
      { ...base[0]!, extra_column: 'x' },
      { ...base[1]!, collected_on: '2016-01-01', householder_name: '另一人' },
    ];
    const perRecord = (rs: readonly Record<string, unknown>[]) => rs.map((r) => checkRecord(r, rules.filter((x) => x.scope !== 'batch'), context).map((i) => i.ruleId).sort());
    const fromBatch: string[][] = recs.map(() => []);
    checkBatchSync(recs, { rules: rules.filter((x) => x.scope !== 'batch'), context, onIssues: (i, _r, list) => (fromBatch[i] = list.map((x) => x.ruleId).sort()) });
    expect(fromBatch).toEqual(perRecord(recs));
    expect(fromBatch.slice(3).every((l) => l.length > 0)).toBe(true);
  });

  it('reports progress', () => {
    const seen: number[] = [];
    const checker = createBatchChecker({ rules, context, progressEvery: 4, onProgress: (p) => seen.push(p.read) });
    for (const r of clean(10)) checker.add(r);
    checker.report();
    expect(seen).toEqual([4, 8, 10]);
  });

  // Nothing is lost: whatever the mix of clean, broken and unreadable items.
  it('read = clean + warningsOnly + withErrors + unreadable for any mix', () => {
    const base = clean(4);
    const item = fc.oneof(
      fc.constantFrom(...base),
      fc.constantFrom(...base).map((r) => ({ ...r, r3: 9 })),
      fc.constantFrom(...base).map((r) => ({ ...r, r12: 2 })),
      fc.constant(null),
      fc.constant({ ok: false, error: 'x' }),
    );
    fc.assert(
      fc.property(fc.array(item, { maxLength: 20 }), (items) => {
        const c = checkBatchSync(items as BatchItem[], { rules, context }).counts;
        expect(c.read).toBe(items.length);
        expect(c.clean + c.warningsOnly + c.withErrors + c.unreadable).toBe(c.read);
        expect(c.valid).toBe(c.clean + c.warningsOnly);
      }),
      { numRuns: 60, seed: 7 },
    );
  });
});

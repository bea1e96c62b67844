/**
 * The gaps and the allocation tables against an independent recount: the built-in 2017 pairs
 * rewritten by hand in plain JavaScript and run over unedited synthetic batches (their needs and
 * services as generated); and laws of the read-back that hold for any returned table.
 */
import { readFileSync } from 'node:fs';
import { canonicalResidentId } from '@canji/id';
import { buildDepartmentIndex, recordFacts } from '@canji/rules';
import { synthesizePersons } from '@canji/synth';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ACTION_RESULTS,
  BUILT_IN_PAIRS,
  allocateServices,
  compileServicePairs,
  findServiceGaps,
  parseActionResult,
  readBackWorklists,
  type WorklistManifest,
} from '../src/index.js';

type Rec = Record<string, unknown>;
const has = (v: unknown, c: number) => (Array.isArray(v) ? v.includes(c) : v === c);
const hasAny = (v: unknown, cs: number[]) => cs.some((c) => has(v, c));
const normal = (r: Rec) => ![1, 2, 3, 4, 5].includes(r.person_status as number);
const answered = (v: unknown) => v !== undefined && v !== null && v !== '' && !(Array.isArray(v) && v.length === 0);

/** The built-in 2017 pairs by hand: gap(record, facts, roster) per pair id. */
const BY_HAND: Record<string, (r: Rec, age: number, level: number | undefined, onRoster: number[] | undefined) => boolean> = {
  REHAB_NOT_RECEIVED: (r) => normal(r) && hasAny(r.r37, [1, 2, 3, 5]) && [1, 2, 3, 5].some((c) => has(r.r37, c) && !has(r.r35, c)),
  ASSISTIVE_DEVICE_NOT_RECEIVED: (r) => normal(r) && has(r.r37, 4) && !has(r.r35, 4),
  CARE_SUBSIDY_NOT_RECEIVED: (r, _a, level, roster) => normal(r) && (level === 1 || level === 2) && !has(r.r27, 2) && !roster?.includes(2) && !roster?.includes(4) && !has(r.r28, 2),
  SCHOOL_NOT_ENROLLED: (r, age) => normal(r) && age >= 6 && age <= 14 && !answered(r.r14),
  HOME_ADAPTATION_NEEDED: (r) => normal(r) && hasAny(r.r39, [1, 2, 3, 4, 5, 6, 7, 8]) && r.r38 !== 1,
  EMPLOYMENT_HELP_NOT_RECEIVED: (r, age) => normal(r) && age >= 16 && age <= 59 && hasAny(r.r21, [1, 2, 3, 4, 5]) && [1, 2, 3, 4, 5].some((c) => has(r.r21, c) && !has(r.r20, c)),
};

function batchWithRoster(seed: number, count: number) {
  const records = [...synthesizePersons({ seed, count, region: '430121' })] as Rec[];
  // A roster: every third grade 1–2 person receives the care subsidy, every fifth is 特困 on the roster.
  const rows: Rec[] = [];
  records.forEach((r, i) => {
    if (i % 3 === 0) rows.push({ resident_id: r.resident_id, benefit: 4 });
    if (i % 5 === 0) rows.push({ resident_id: r.resident_id, benefit: 2 });
  });
  const civil = buildDepartmentIndex('civil-affairs', rows);
  const roster = (r: Rec) => civil.get(canonicalResidentId(r.resident_id as string)!)?.benefits as number[] | undefined;
  return { records, civil, roster };
}

describe('independent recount on unedited synthetic batches', () => {
  for (const seed of [31, 32]) {
    it(`finds exactly the gaps the hand-written pairs find (seed ${seed})`, () => {
      const { records, civil, roster } = batchWithRoster(seed, 1500);
      const set = compileServicePairs(BUILT_IN_PAIRS, { version: '2017', departments: { 'civil-affairs': civil } });
      const got = findServiceGaps(records, set).map((g) => `${g.pairId}#${g.index}`);
      const want: string[] = [];
      records.forEach((r, i) => {
        const f = recordFacts(r);
        for (const p of BUILT_IN_PAIRS) if (BY_HAND[p.id]!(r, f.age ?? -1, f.level, roster(r))) want.push(`${p.id}#${i}`);
      });
      expect(new Set(got).size).toBe(got.length);
      expect(got.sort()).toEqual(want.sort());
      expect(got.length).toBeGreaterThan(100);
      for (const id of Object.keys(BY_HAND)) expect(got.some((g) => g.startsWith(`${id}#`)), id).toBe(true);
    });
  }

  it('allocation counts equal the recount at every level; shares add up to 1; intervals contain the share', () => {
    const { records, civil, roster } = batchWithRoster(33, 1500);
    const set = compileServicePairs(BUILT_IN_PAIRS, { version: '2017', departments: { 'civil-affairs': civil } });
    const table = allocateServices(records, set, { by: 'township' });
    const recount = new Map<string, number>();
    for (const r of records) {
      const f = recordFacts(r);
      const code = String(r.region_code);
      for (const p of BUILT_IN_PAIRS) {
        if (!BY_HAND[p.id]!(r, f.age ?? -1, f.level, roster(r))) continue;
        for (const k of [`township:${code.slice(0, 9)}`, `county:${code.slice(0, 6)}`, `prefecture:${code.slice(0, 4)}`, `province:${code.slice(0, 2)}`, 'total:all']) recount.set(`${p.id}|${k}`, (recount.get(`${p.id}|${k}`) ?? 0) + 1);
      }
    }
    expect(table.units.at(-1)!.level).toBe('total');
    expect(table.units.at(-1)!.registered).toBe(records.length);
    for (const s of table.services) {
      let shares = 0;
      for (const u of table.units) {
        const c = u.cells[s.pairId]!;
        expect(c.persons, `${s.pairId} ${u.level} ${u.code}`).toBe(recount.get(`${s.pairId}|${u.level}:${u.code}`) ?? 0);
        if (u.level === 'township') shares += c.share ?? 0;
        if (c.share !== null) {
          expect(c.interval![0]).toBeLessThanOrEqual(c.share);
          expect(c.interval![1]).toBeGreaterThanOrEqual(c.share);
        }
      }
      expect(shares).toBeCloseTo(1, 10);
    }
    const need = allocateServices(records, set, { by: 'county', count: 'need' });
    for (const s of need.services) expect(need.units.at(-1)!.cells[s.pairId]!.persons).toBeGreaterThanOrEqual(table.units.at(-1)!.cells[s.pairId]!.persons);
  });
});

const manifest: WorklistManifest = {
  format: 'canji-service-worklist',
  version: 1,
  batch: 'b.csv',
  formVersion: '2017',
  by: 'township',
  pairs: [],
  files: [],
  entries: ['FWA', 'FWB', 'FWC', 'FWD', 'FWE'].map((entryId) => ({ entryId, pairId: 'REHAB_NOT_RECEIVED', unit: '430121001', file: 'a.xlsx', fingerprint: 'X' })),
  history: [],
};

describe('read-back laws', () => {
  it('every result, padded or with full-width spaces and a final 。, reads as itself', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ACTION_RESULTS), fc.constantFrom('', ' ', '\u3000', '  '), fc.constantFrom('', '。', ' '), (r, pad, end) => {
        const p = parseActionResult(`${pad}${r}${end}`);
        return p.ok && p.value === r;
      }),
    );
  });

  it('rows read = acted + pending + rejected + duplicates, for any returned table', () => {
    const cell = fc.oneof(fc.constantFrom<unknown>(undefined, '', '已办理', '无法联系', '本人不需要', '好的', '2020-01-02', 'FWA', 'FWB', 'FWZ', 45000), fc.string({ maxLength: 4 }));
    const row = fc.tuple(fc.constantFrom<unknown>('FWA', 'FWB', 'FWC', 'FWD', 'FWE', 'FWZ', '', undefined), cell, cell, cell);
    fc.assert(
      fc.property(fc.array(row, { maxLength: 30 }), fc.shuffledSubarray([0, 1, 2, 3], { minLength: 4, maxLength: 4 }), (rows, order) => {
        const headers = ['编号', '采取的措施', '办理日期', '办理结果'];
        const t = { file: 'a.xlsx', headers: order.map((i) => headers[i]!), rows: rows.map((r, n) => ({ row: n + 2, cells: order.map((i) => r[i]) })) };
        const r = readBackWorklists(manifest, [t]);
        const c = r.counts;
        const nonBlank = rows.filter((x) => x.some((v) => v !== undefined && !(typeof v === 'string' && v.trim() === ''))).length;
        return c.rows === nonBlank && c.rows === c.acted + c.pending + c.rejected + c.duplicates && r.actions.length === c.acted && r.findings.filter((f) => f.severity === 'error').length === c.rejected;
      }),
    );
  });
});

it('the README example runs and gives what it says', () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  expect(readme).toContain("compileServicePairs(BUILT_IN_PAIRS, { version: '2017' })");
  const records = [...synthesizePersons({ seed: 1, count: 500 })];
  const set = compileServicePairs(BUILT_IN_PAIRS, { version: '2017' });
  const gaps = findServiceGaps(records, set);
  expect(gaps.length).toBeGreaterThan(0);
  expect(gaps[0]!.entryId).toMatch(/^FW[0-9A-Z]{12}$/);
  const table = allocateServices(records, set, { by: 'township' });
  expect(table.units.at(-1)!.cells.REHAB_NOT_RECEIVED!.persons).toBe(gaps.filter((g) => g.pairId === 'REHAB_NOT_RECEIVED').length);
});

it('the pair file schema converts to JSON Schema (for editors; scripts/schemas/build.ts can add it)', async () => {
  const { z } = await import('zod');
  const { pairFileSchema } = await import('../src/index.js');
  const json = z.toJSONSchema(pairFileSchema, { target: 'draft-2020-12' }) as { properties: Record<string, unknown>; required: string[] };
  expect(json.required).toEqual(expect.arrayContaining(['version', 'name', 'pairs']));
  expect(Object.keys(json.properties)).toContain('useBuiltIn');
});

describe('laws of the built-in 2017 pairs', () => {
  const base = [...synthesizePersons({ seed: 41, count: 40, region: '430121' })].filter((r) => r.person_status === 6) as Rec[];
  const set = compileServicePairs(BUILT_IN_PAIRS, { version: '2017', departments: { 'civil-affairs': buildDepartmentIndex('civil-affairs', []) } });
  const codes = (max: number) => fc.oneof(fc.constant(undefined), fc.uniqueArray(fc.integer({ min: 1, max }), { maxLength: 4 }));
  it('for any answers, a person is on the list of a pair exactly when the hand-written reading says so', () => {
    fc.assert(
      fc.property(fc.nat({ max: base.length - 1 }), codes(6), codes(6), codes(9), fc.constantFrom(1, 2, undefined), codes(6), codes(6), fc.constantFrom(2, 8, undefined), fc.constantFrom(1, 2, 3, 6), (i, r37, r35, r39, r38, r21, r20, r14, status) => {
        const r: Rec = { ...base[i]!, r37, r35, r39, r38, r21, r20, r14, person_status: status, r27: [6], r28: [4] };
        const got = new Set(findServiceGaps([r], set).map((g) => g.pairId));
        const f = recordFacts(r);
        return BUILT_IN_PAIRS.every((p) => got.has(p.id) === BY_HAND[p.id]!(r, f.age ?? -1, f.level, undefined));
      }),
      { numRuns: 300 },
    );
  });

  it('an entry keeps its number from a 2017 round to a 2021 round of the same person', () => {
    const p17 = [...synthesizePersons({ seed: 42, count: 60, region: '430121' })] as Rec[];
    const p21 = [...synthesizePersons({ seed: 42, count: 60, region: '430121', version: '2021' })] as Rec[];
    const i = p17.findIndex((r) => r.person_status === 6);
    const a = findServiceGaps([{ ...p17[i]!, r37: [4], r35: [6] }], compileServicePairs(BUILT_IN_PAIRS, { version: '2017' })).find((g) => g.pairId === 'ASSISTIVE_DEVICE_NOT_RECEIVED')!;
    const b = findServiceGaps([{ ...p21[i]!, r22: [4], r21: [6] }], compileServicePairs(BUILT_IN_PAIRS, { version: '2021' })).find((g) => g.pairId === 'ASSISTIVE_DEVICE_NOT_RECEIVED')!;
    expect(p21[i]!.resident_id).toBe(p17[i]!.resident_id);
    expect(b.entryId).toBe(a.entryId);
    // The items differ, so an action on the 2017 entry relists it once in 2021 (data changed).
    expect(b.fingerprint).not.toBe(a.fingerprint);
  });
});

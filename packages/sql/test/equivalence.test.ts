/**
 * Equivalence is the contract: for every rule the SQL engine compiles, the (record, rule) pairs
 * DuckDB finds equal those the JavaScript engine finds (`checkRecord` of `@canji/rules`, same
 * reference date, departments through `buildDepartmentIndex`) on synthetic batches with planted
 * errors and department extracts with planted disagreements — the records as `canji check` reads
 * the flat layout (`fromFlatRow` of the cells `toFlatRow` writes). And the condition language
 * itself: for generated conditions over generated records, the SQL expression evaluated in DuckDB
 * equals `compileCondition`; the departments' merge equals `buildDepartmentIndex`.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DEPARTMENT_IDS, fromFlatRow, toFlatRow, type Condition } from '@canji/form';
import { residentIdCheckCharacter } from '@canji/id';
import {
  buildDepartmentIndex,
  checkRecord,
  compileCondition,
  consistencyRules,
  crossCheckRules,
  recordFacts,
  type DepartmentId,
  type DepartmentIndex,
  type Rule,
} from '@canji/rules';
import { writePersonsCsv } from '@canji/synth';
import { DuckDbEngine, compileRulesToSql } from '../src/index.js';
import { plantedBatch, type PlantedBatch } from './planted.js';

let engine: DuckDbEngine;
let dir: string;
beforeAll(async () => {
  engine = await DuckDbEngine.open();
  dir = await mkdtemp(join(tmpdir(), 'canji-sql-'));
});
afterAll(async () => {
  engine.close();
  await rm(dir, { recursive: true, force: true });
});

type Batch = PlantedBatch;

/** The JavaScript engine's (record, rule) pairs on the records as `canji check` reads them. */
function jsPairs(b: Batch, rules: readonly Rule[], departments: readonly DepartmentId[]): Set<string> {
  const index: Partial<Record<DepartmentId, DepartmentIndex>> = {};
  for (const d of departments) index[d] = buildDepartmentIndex(d, b.extracts[d]);
  const ctx = { referenceDate: b.referenceDate, formVersion: b.version, departments: index };
  const out = new Set<string>();
  b.records.forEach((r, i) => {
    const read = fromFlatRow(toFlatRow(r, { version: b.version }), { version: b.version }).record;
    for (const issue of checkRecord(read, rules, ctx)) out.add(`${i} ${issue.ruleId}`);
  });
  return out;
}

async function sqlPairs(b: Batch, rules: readonly Rule[], departments: readonly DepartmentId[]) {
  await engine.loadRecords(b.records, { formVersion: b.version });
  await engine.dropDepartments();
  for (const d of departments) await engine.loadDepartment(d, b.extracts[d]);
  const { findings, compiled } = await engine.findings(rules, { referenceDate: b.referenceDate });
  return { pairs: new Set(findings.map((f) => `${f.record} ${f.ruleId}`)), compiled, findings };
}

/** Per compiled rule: the pairs only one engine found (empty when they agree). */
function differences(js: Set<string>, sql: Set<string>, compiledIds: readonly string[]): Record<string, { onlyJs: string[]; onlySql: string[] }> {
  const out: Record<string, { onlyJs: string[]; onlySql: string[] }> = {};
  for (const id of compiledIds) {
    const a = [...js].filter((k) => k.endsWith(` ${id}`));
    const b = [...sql].filter((k) => k.endsWith(` ${id}`));
    const onlyJs = a.filter((k) => !sql.has(k));
    const onlySql = b.filter((k) => !js.has(k));
    if (onlyJs.length || onlySql.length) out[id] = { onlyJs: onlyJs.slice(0, 5), onlySql: onlySql.slice(0, 5) };
  }
  return out;
}

describe('findings: DuckDB equals the JavaScript engine on synthetic batches', () => {
  it('2017, every error kind and department disagreement planted: the same (record, rule) pairs for every compiled rule', async () => {
    const b = plantedBatch('2017', 2500, 11);
    const rules = [...consistencyRules('2017'), ...crossCheckRules('2017')];
    const { pairs, compiled, findings } = await sqlPairs(b, rules, DEPARTMENT_IDS);
    const ids = compiled.rules.map((r) => r.id);
    const js = jsPairs(b, rules, DEPARTMENT_IDS);
    expect(differences(js, pairs, ids)).toEqual({});
    // Not vacuous: most compiled rules fire somewhere, and the pairs are many.
    const fired = new Set(findings.map((f) => f.ruleId));
    expect(fired.size).toBeGreaterThanOrEqual(25);
    expect(pairs.size).toBeGreaterThan(1000);
    // The findings carry what the JavaScript issue carries.
    const byRule = new Map(rules.map((r) => [r.id, r]));
    for (const f of findings) {
      const r = byRule.get(f.ruleId)!;
      expect(f.severity).toBe(r.severity);
      expect(f.department).toBe(r.scope === 'cross-check' ? r.department : undefined);
      expect(f.regionCode).toBe(b.records[f.record]!.region_code);
    }
  });

  it('2021 (the provisional R1–R27 form): the same pairs for every compiled rule', async () => {
    const b = plantedBatch('2021', 2500, 21);
    const rules = [...consistencyRules('2021'), ...crossCheckRules('2021')];
    const { pairs, compiled } = await sqlPairs(b, rules, DEPARTMENT_IDS);
    expect(compiled.formVersion).toBe('2021');
    expect(differences(jsPairs(b, rules, DEPARTMENT_IDS), pairs, compiled.rules.map((r) => r.id))).toEqual({});
    expect(pairs.size).toBeGreaterThan(300);
  });

  it('with only some departments: their rules run, the others are skipped (as without an index)', async () => {
    const b = plantedBatch('2017', 1500, 31);
    const rules = crossCheckRules('2017');
    const some: DepartmentId[] = ['civil-affairs', 'public-security'];
    const { pairs, compiled } = await sqlPairs(b, rules, some);
    expect(new Set(compiled.rules.map((r) => r.department))).toEqual(new Set(some));
    expect(compiled.skipped.map((s) => s.department).every((d) => !some.includes(d))).toBe(true);
    expect(differences(jsPairs(b, rules, some), pairs, compiled.rules.map((r) => r.id))).toEqual({});
  });

  it('a flat CSV written by canji synth (writePersonsCsv, machine or label headers) gives the same findings as the loaded records', async () => {
    const b = plantedBatch('2017', 800, 41);
    const rules = [...consistencyRules('2017'), ...crossCheckRules('2017')];
    const fromRecords = await sqlPairs(b, rules, ['civil-affairs']);
    for (const headers of ['machine', 'label'] as const) {
      const path = join(dir, `persons-${headers}.csv`);
      await writePersonsCsv(b.records, path, { headers });
      expect(await engine.loadRecordsCsv(path)).toBe(b.records.length);
      const { findings } = await engine.findings(rules, { referenceDate: b.referenceDate });
      expect(new Set(findings.map((f) => `${f.record} ${f.ruleId}`))).toEqual(fromRecords.pairs);
    }
  });

  it('compiles 14 of the 16 consistency and 24 of the 28 cross-check rules of 2017; the others are listed with a reason', () => {
    const con = compileRulesToSql(consistencyRules('2017'));
    expect([con.rules.length, consistencyRules('2017').length]).toEqual([14, 16]);
    expect(con.notCompiled.map((r) => [r.id, r.code])).toEqual([
      ['CON_COLLECTED_OUTSIDE_PERIOD', 'SQL_RULE_CHECK_FUNCTION'],
      ['CON_HOUSEHOLDER_SELF_NAME', 'SQL_RULE_CHECK_FUNCTION'],
    ]);
    const xc = compileRulesToSql(crossCheckRules('2017'), { departments: DEPARTMENT_IDS });
    expect([xc.rules.length, crossCheckRules('2017').length]).toEqual([24, 28]);
    expect(xc.notCompiled.map((r) => r.id)).toEqual(['XC_EDU_STAGE_DIFFERS', 'XC_PUBSEC_NAME_DIFFERS', 'XC_PUBSEC_SEX_DIFFERS', 'XC_PUBSEC_BIRTH_DATE_DIFFERS']);
    for (const r of [...con.notCompiled, ...xc.notCompiled]) expect(r.reason).toMatch(/JavaScript/);
  });
});

// --- the condition language, property-tested ------------------------------------------------

const REFERENCE = '2019-06-30';
/** Items of every kind the flat layout holds, and their code values. */
const CODE_ITEMS = { person_status: [1, 5, 6], r3: [1, 2], r13: [1, 3, 5, 7], r16: [1, 2], r25: [1, 2] } as const;
const LIST_ITEMS = { r22: [1, 2, 3, 4], r27: [1, 2, 3, 5, 6], r28: [1, 2, 4] } as const;
const TEXT_ITEMS = ['name', 'sex', 'collected_on'] as const;
const FACTS = ['$age', '$category', '$level', '$certCategory', '$certLevel', '$idSex', '$birthDate', '$idBirthDate', '$id', '$certId'] as const;

function idOf(birth: string, seq: number): string {
  const first17 = `430121${birth.replace(/-/g, '')}${String(seq).padStart(3, '0')}`;
  return first17 + residentIdCheckCharacter(first17);
}

const birthArb = fc.date({ min: new Date('1930-01-01T00:00:00Z'), max: new Date('2019-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
const recordArb: fc.Arbitrary<Record<string, unknown>> = fc
  .record(
    {
      birth: birthArb,
      seq: fc.integer({ min: 0, max: 999 }),
      idForm: fc.constantFrom('plain', 'lower', 'bad', 'none', 'sci'),
      cert: fc.constantFrom('none', 'same', 'bad-category', 'level9'),
      category: fc.constantFrom(undefined, 1, 3, 6),
      level: fc.constantFrom(undefined, 1, 4),
      birthRecorded: fc.constantFrom(true, false, 'invalid'),
      codes: fc.record(Object.fromEntries(Object.entries(CODE_ITEMS).map(([k, v]) => [k, fc.option(fc.constantFrom(...v), { nil: undefined })])), { requiredKeys: [] }),
      lists: fc.record(
        Object.fromEntries(Object.entries(LIST_ITEMS).map(([k, v]) => [k, fc.option(fc.uniqueArray(fc.constantFrom(...v), { minLength: 1, maxLength: 3 }).map((a) => [...a].sort((x, y) => x - y)), { nil: undefined })])),
        { requiredKeys: [] },
      ),
      name: fc.option(fc.constantFrom('张三', 'Li Si', ' 王五 ', '无'), { nil: undefined }),
      sex: fc.option(fc.constantFrom('male', 'female'), { nil: undefined }),
    },
    { requiredKeys: ['birth', 'seq', 'idForm', 'cert', 'birthRecorded', 'codes', 'lists'] },
  )
  .map((g) => {
    const id = idOf(g.birth, g.seq);
    const r: Record<string, unknown> = { region_code: '430121001001', reference_date: REFERENCE, ...g.codes, ...g.lists };
    if (g.idForm === 'plain') r.resident_id = id;
    else if (g.idForm === 'lower') r.resident_id = id.toLowerCase();
    else if (g.idForm === 'bad') r.resident_id = id.slice(0, 17) + (id[17] === '0' ? '1' : '0');
    else if (g.idForm === 'sci') r.resident_id = '4.30121E+17';
    if (g.cert === 'same') r.certificate_no = `${id}42`;
    else if (g.cert === 'bad-category') r.certificate_no = `${id}82`;
    else if (g.cert === 'level9') r.certificate_no = `${id}59`;
    if (g.category !== undefined) r.disability_category = g.category;
    if (g.level !== undefined) r.disability_level = g.level;
    if (g.birthRecorded === true) r.birth_date = g.birth;
    else if (g.birthRecorded === 'invalid') r.birth_date = '2019-02-30';
    if (g.name !== undefined) r.name = g.name;
    if (g.sex !== undefined) r.sex = g.sex;
    if (g.seq % 3 === 0) r.collected_on = '2019-07-15';
    return r;
  });

const anyScalar = fc.oneof(fc.integer({ min: 0, max: 8 }), fc.constantFrom('male', 'female', '张三', '2019-07-15', '', 'x'), fc.boolean());
const comparisonArb = (values: fc.Arbitrary<unknown>, codes: fc.Arbitrary<number>) => {
  const arbs: Record<string, fc.Arbitrary<unknown>> = {
    eq: values,
    ne: values,
    in: fc.array(values, { minLength: 1, maxLength: 3 }),
    notIn: fc.array(values, { minLength: 1, maxLength: 3 }),
    lt: fc.integer({ min: 0, max: 90 }),
    lte: fc.integer({ min: 0, max: 90 }),
    gt: fc.integer({ min: 0, max: 90 }),
    gte: fc.integer({ min: 0, max: 90 }),
    present: fc.boolean(),
    includes: codes,
    includesAny: fc.array(codes, { minLength: 1, maxLength: 3 }),
    includesNone: fc.array(codes, { minLength: 1, maxLength: 3 }),
  };
  // One or two comparisons in a leaf (all must hold).
  return fc.subarray(Object.keys(arbs), { minLength: 1, maxLength: 2 }).chain((keys) => fc.record(Object.fromEntries(keys.map((k) => [k, arbs[k]!]))));
};

const code = fc.integer({ min: 0, max: 8 });
const leafArb: fc.Arbitrary<Condition> = fc.oneof(
  fc.tuple(fc.constantFrom(...Object.keys(CODE_ITEMS)), comparisonArb(fc.oneof(code, anyScalar), code)).map(([item, c]) => ({ item, ...c }) as Condition),
  fc.tuple(fc.constantFrom(...Object.keys(LIST_ITEMS)), comparisonArb(fc.oneof(code, anyScalar), code)).map(([item, c]) => ({ item, ...c }) as Condition),
  fc.tuple(fc.constantFrom(...TEXT_ITEMS), comparisonArb(anyScalar, code)).map(([item, c]) => ({ item, ...c }) as Condition),
  fc.tuple(fc.constantFrom(...FACTS), comparisonArb(fc.oneof(fc.integer({ min: 0, max: 90 }), anyScalar), code)).map(([item, c]) => ({ item, ...c }) as Condition),
  fc.record({ age: fc.record({ min: fc.integer({ min: 0, max: 60 }), max: fc.integer({ min: 0, max: 90 }) }, { requiredKeys: [] }) }) as fc.Arbitrary<Condition>,
  fc.record({ category: fc.array(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 3 }) }) as fc.Arbitrary<Condition>,
  fc.record({ item: fc.constantFrom('r13', 'r27', '$age'), answered: fc.boolean() }) as fc.Arbitrary<Condition>,
  fc.record({ dept: fc.constantFrom('$matched', 'enrolled'), eq: fc.oneof(fc.boolean(), code) }) as fc.Arbitrary<Condition>,
);
const conditionArb: fc.Arbitrary<Condition> = fc.letrec<{ c: Condition }>((tie) => ({
  c: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leafArb,
    fc.array(tie('c'), { maxLength: 3 }).map((all) => ({ all })),
    fc.array(tie('c'), { maxLength: 3 }).map((any) => ({ any })),
    tie('c').map((not) => ({ not })),
    fc.tuple(tie('c'), tie('c')).map((xor) => ({ xor })),
  ),
})).c;

describe('conditions: the SQL expression equals compileCondition', () => {
  it('for generated conditions over generated records (items of every kind, facts, legacy shapes, unanswered values) (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(recordArb, { minLength: 80, maxLength: 120 }), fc.array(conditionArb, { minLength: 40, maxLength: 60 }), async (records, conditions) => {
        await engine.loadRecords(records);
        await engine.dropDepartments();
        const got = await engine.evaluate(conditions, { referenceDate: REFERENCE });
        const compiled = conditions.map((c) => compileCondition(c));
        const want = records.map((raw) => {
          const record = fromFlatRow(toFlatRow(raw)).record;
          const scope = { record, facts: recordFacts(record, { referenceDate: REFERENCE }), row: undefined };
          return compiled.map((f) => f(scope));
        });
        expect(got).toEqual(want);
      }),
      { numRuns: 8 },
    );
  });

  it('never gives NULL: an unanswered value makes eq / in / includes / ordering false and ne / notIn / includesNone true', async () => {
    await engine.loadRecords([{ region_code: '430121001001' }]);
    const conditions: Condition[] = [
      { item: 'r13', eq: 1 },
      { item: 'r13', ne: 1 },
      { item: 'r13', in: [1, 2] },
      { item: 'r13', notIn: [1, 2] },
      { item: 'r27', includes: 1 },
      { item: 'r27', includesNone: [1] },
      { item: '$age', lt: 200 },
      { item: '$age', gte: 0 },
      { not: { item: '$age', lt: 200 } },
      { item: 'r27', present: false },
    ];
    expect(await engine.evaluate(conditions, { referenceDate: REFERENCE })).toEqual([[false, true, false, true, false, true, false, false, true, true]]);
  });
});

describe("departments: SQL's merge of an extract's rows equals buildDepartmentIndex", () => {
  // Many persons per run, each with a few rows: every run covers many merges.
  const persons = Array.from({ length: 24 }, (_, i) => idOf(i % 3 === 0 ? '2000-01-01' : i % 3 === 1 ? '1980-01-01' : '1949-12-31', 10 + i));
  const idCell = fc.constantFrom(...persons).chain((id) => fc.constantFrom(id, id.toLowerCase(), `${id.slice(0, 6)}${id.slice(8, 17)}`, ` ${id} `, 'bad', ''));
  const periodArb = fc.option(fc.constantFrom('2019', '2019-05', '2019-06', '2018-12'), { nil: undefined });

  /** For generated rows of `department`'s extract: DuckDB's merged rows satisfy `conditions` exactly where `buildDepartmentIndex`'s do. */
  async function mergesAgree(department: DepartmentId, row: fc.Arbitrary<Record<string, unknown>>, conditions: Condition[]): Promise<void> {
    await fc.assert(
      fc.asyncProperty(fc.array(row, { maxLength: 90 }), async (rows) => {
        const clean = rows.map((r) => Object.fromEntries(Object.entries(r).filter(([, v]) => v !== undefined)));
        const records = persons.map((id) => ({ region_code: '430121001001', resident_id: id }));
        await engine.loadRecords(records);
        await engine.loadDepartment(department, clean);
        const got = await engine.evaluate(conditions, { referenceDate: REFERENCE, department });
        const index = buildDepartmentIndex(department, clean);
        const want = records.map((record) => {
          const facts = recordFacts(record, { referenceDate: REFERENCE });
          const scope = { record, facts, row: index.get(facts.id!) };
          return conditions.map((c) => compileCondition(c)(scope));
        });
        expect(got).toEqual(want);
      }),
      { numRuns: 8 },
    );
  }

  it('other departments: the row with the latest period, the later one on a tie; a row without a period replaces the one before (property)', async () => {
    const row = fc.record({ resident_id: idCell, period: periodArb, enrolled: fc.constantFrom(1, 2), school_stage: fc.option(fc.constantFrom(1, 2, 3), { nil: undefined }) }, { requiredKeys: ['resident_id', 'enrolled'] });
    const conditions: Condition[] = [
      { dept: '$matched', eq: true },
      { dept: 'enrolled', eq: 1 },
      { dept: 'enrolled', ne: 2 },
      { dept: 'school_stage', present: true },
      { dept: 'school_stage', gte: 2 },
      { dept: 'period', eq: '2019' },
    ];
    await mergesAgree('education', row, conditions);
  });

  it("civil affairs: a person's rows gathered into the distinct benefits; other fields the last given (property)", async () => {
    const row = fc.record({ resident_id: idCell, benefit: fc.option(fc.constantFrom(1, 2, 3, 4, 5), { nil: undefined }), period: periodArb, amount: fc.option(fc.constantFrom(100, 250.5), { nil: undefined }) }, { requiredKeys: ['resident_id'] });
    const conditions: Condition[] = [
      { dept: '$matched', eq: true },
      { dept: 'benefits', includes: 1 },
      { dept: 'benefits', includesAny: [2, 3] },
      { dept: 'benefits', includesNone: [4] },
      { dept: 'benefits', present: true },
      { dept: 'amount', gt: 200 },
      { dept: 'period', eq: '2019-05' },
      { dept: 'benefit', eq: 3 },
    ];
    await mergesAgree('civil-affairs', row, conditions);
  });
});

/**
 * The hybrid check's SQL part (`hybridFindingsWithDuckDb`): how the rules are shared between SQL
 * and JavaScript, the findings by position against the JavaScript engine's, the match bits
 * against the departments' indexes, and the extract rows handed back — typed as `parseExtractRow`
 * gave them and merged by `buildDepartmentIndex` into the same row as the whole extract gives.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEPARTMENT_IDS, fromFlatRow, getExtractDepartment, toFlatRow } from '@canji/form';
import {
  batchRules,
  buildDepartmentIndex,
  buildDepartmentIndexAsync,
  checkRecord,
  consistencyRules,
  crossCheckRules,
  formRules,
  recordFacts,
  type CrossCheckRule,
  type DepartmentId,
  type DepartmentIndex,
  type Rule,
} from '@canji/rules';
import { DuckDbEngine, HYBRID_KEYED, extractRowFromCells, planHybridCheck } from '../src/index.js';
import { plantedBatch, type PlantedBatch } from './planted.js';

let engine: DuckDbEngine;
beforeAll(async () => {
  engine = await DuckDbEngine.open();
});
afterAll(() => engine.close());

const cellText = (v: unknown) => (v === undefined || v === null || v === '' ? null : String(v));

describe('extractRowFromCells: the loaded text cells back in parseExtractRow’s values', () => {
  it.each(['2017', '2021'] as const)('every row of the seven planted extracts (%s) reads back as it was loaded', (version) => {
    const b = plantedBatch(version, 600, 41);
    let rows = 0;
    for (const d of DEPARTMENT_IDS) {
      const fields = getExtractDepartment(d).fields.map((f) => f.key);
      for (const row of b.extracts[d]) {
        expect(extractRowFromCells(d, fields.map((f) => cellText(row[f])))).toEqual(row);
        rows++;
      }
    }
    expect(rows).toBeGreaterThan(1500);
  });
});

describe('planHybridCheck', () => {
  const all = (v: '2017' | '2021'): Rule[] => [...formRules(v), ...consistencyRules(v), ...batchRules(), ...crossCheckRules(v)];

  it('2017 with the seven departments: conditions in SQL, the four cross-checks with functions pre-filtered by their conditions, the rest in JavaScript', () => {
    const plan = planHybridCheck(all('2017'), { formVersion: '2017', departments: DEPARTMENT_IDS });
    expect(plan.inSql.filter((r) => r.scope === 'record')).toHaveLength(14);
    expect(plan.inSql.filter((r) => r.scope === 'cross-check')).toHaveLength(24);
    expect(plan.preFiltered.map((p) => [p.rule.id, p.filter])).toEqual([
      ['XC_EDU_STAGE_DIFFERS', 'violation'],
      ['XC_PUBSEC_NAME_DIFFERS', 'violation'],
      ['XC_PUBSEC_SEX_DIFFERS', 'violation'],
      ['XC_PUBSEC_BIRTH_DATE_DIFFERS', 'violation'],
    ]);
    expect(plan.inJs.every((n) => n.scope !== 'cross-check')).toBe(true);
    expect(plan.inJs.filter((n) => n.scope === 'batch').map((n) => n.code)).toEqual(['SQL_RULE_BATCH', 'SQL_RULE_BATCH', 'SQL_RULE_BATCH']);
    expect(plan.compiled.sql).toContain('match_key');
    expect(plan.compiled.sql).not.toMatch(/ORDER BY h\.canji_row/);
  });

  it('a cross-check rule whose condition SQL cannot read, or with a function and no condition, needs every keyed row ("always")', () => {
    const base = crossCheckRules('2017').find((r) => r.id === 'XC_EDU_STAGE_DIFFERS')! as CrossCheckRule;
    const unreadable: CrossCheckRule = { ...base, id: 'XC_LOCAL_UNREADABLE', check: undefined, violation: { item: 'no_such_item', eq: 1 } };
    const { violation: _v, ...noCondition } = base;
    const onlyCheck: CrossCheckRule = { ...noCondition, id: 'XC_LOCAL_ONLY_CHECK' };
    const plan = planHybridCheck([unreadable, onlyCheck], { formVersion: '2017', departments: ['education'] });
    expect(plan.inSql).toEqual([]);
    expect(plan.preFiltered.map((p) => [p.rule.id, p.filter])).toEqual([
      ['XC_LOCAL_UNREADABLE', 'always'],
      ['XC_LOCAL_ONLY_CHECK', 'always'],
    ]);
    expect(plan.compiled.notCompiled).toEqual([]);
  });

  it('without the department loaded, its rules are skipped, as the JavaScript engine skips them', () => {
    const plan = planHybridCheck(crossCheckRules('2017'), { formVersion: '2017', departments: ['education'] });
    expect(plan.inSql.every((r) => r.scope === 'cross-check' && r.department === 'education')).toBe(true);
    expect(plan.skipped).toContain('XC_CIVIL_DIBAO_DIFFERS');
  });
});

/** Loads the batch as `canji check --engine duckdb` does: records under their positions (a gap at `gap`: a rejected row), extracts row by row. */
async function load(b: PlantedBatch, gap: number): Promise<void> {
  await engine.dropDepartments();
  for (const d of DEPARTMENT_IDS) {
    const w = await engine.departmentWriter(d);
    for (const row of b.extracts[d]) w.add(row);
    expect(await w.close()).toBe(b.extracts[d].length);
  }
  const plan = planHybridCheck([...consistencyRules(b.version), ...crossCheckRules(b.version)], { formVersion: b.version, departments: DEPARTMENT_IDS });
  const writer = await engine.recordWriter({ formVersion: b.version, columns: plan.compiled.recordColumns });
  b.records.forEach((r, i) => writer.add(i >= gap ? i + 1 : i, r));
  expect(await writer.close()).toBe(b.records.length);
}

describe.each(['2017', '2021'] as const)('hybridFindingsWithDuckDb (%s, seven extracts, errors planted)', (version) => {
  const b = plantedBatch(version, 1500, version === '2017' ? 51 : 52);
  const GAP = 7; // a row the reader rejected: no record, the positions after it shift by one
  const at = (i: number) => (i >= GAP ? i + 1 : i);
  const rules: Rule[] = [...consistencyRules(version), ...crossCheckRules(version)];
  const indexes: Partial<Record<DepartmentId, DepartmentIndex>> = {};
  for (const d of DEPARTMENT_IDS) indexes[d] = buildDepartmentIndex(d, b.extracts[d], { canonicalIds: true });
  const ctx = { referenceDate: b.referenceDate, formVersion: version, departments: indexes };
  const read = b.records.map((r) => fromFlatRow(toFlatRow(r, { version }), { version }).record);

  it('findings by position equal checkRecord’s for the rules in SQL and the pre-filters’ conditions; match bits equal the indexes; rows merge to the same row', async () => {
    await load(b, GAP);
    const found = await engine.hybridFindings(rules, { referenceDate: b.referenceDate });
    const { plan } = found;
    const inSql = new Set(plan.inSql.map((r) => r.id));
    const sqlPairs = new Set<string>();
    const preHits = new Map<string, Set<number>>();
    for (let k = 0; k < found.hits.records.length; k++) {
      const id = found.ruleIds[found.hits.rules[k]!]!;
      const rec = found.hits.records[k]!;
      if (k > 0) expect(rec >= found.hits.records[k - 1]!).toBe(true);
      if (inSql.has(id)) sqlPairs.add(`${rec} ${id}`);
      else (preHits.get(id) ?? preHits.set(id, new Set()).get(id)!).add(rec);
    }
    const jsPairs = new Set<string>();
    const keyed = new Set<number>();
    read.forEach((r, i) => {
      for (const issue of checkRecord(r, rules, ctx)) if (inSql.has(issue.ruleId)) jsPairs.add(`${at(i)} ${issue.ruleId}`);
      const facts = recordFacts(r, ctx);
      const bits = found.matched[at(i)] ?? 0;
      expect(Boolean(bits & HYBRID_KEYED)).toBe(facts.id !== undefined);
      if (facts.id !== undefined) keyed.add(i);
      found.departments.forEach((d, bit) => expect(Boolean(bits & (1 << bit))).toBe(facts.id !== undefined && indexes[d]!.get(facts.id) !== undefined));
    });
    expect(found.matched[GAP]).toBe(0);
    expect(found.keyed).toBe(keyed.size);
    expect(sqlPairs.size).toBeGreaterThan(100);
    expect([...sqlPairs].filter((p) => !jsPairs.has(p))).toEqual([]);
    expect([...jsPairs].filter((p) => !sqlPairs.has(p))).toEqual([]);

    // Every record a pre-filter holds for (the rule's condition, as JavaScript evaluates it before its function) is among the hits.
    for (const { rule } of plan.preFiltered) {
      const cond = { ...rule, check: undefined } as CrossCheckRule;
      const want = new Set<number>();
      read.forEach((r, i) => {
        if (checkRecord(r, [cond], ctx).length) want.add(at(i));
      });
      expect([...(preHits.get(rule.id) ?? [])].sort((x, y) => x - y)).toEqual([...want].sort((x, y) => x - y));
    }

    // The rows handed back: every person with a finding of a department, merged as the whole extract merges them.
    for (const d of found.departments) {
      const small = await buildDepartmentIndexAsync(d, found.rows(d), { canonicalIds: true });
      const needed = new Set<string>();
      read.forEach((r, i) => {
        const id = recordFacts(r, ctx).id;
        if (id === undefined) return;
        const ids = new Set([...sqlPairs].filter((p) => p.startsWith(`${at(i)} `)).map((p) => p.split(' ')[1]!));
        for (const [pre, set] of preHits) if (set.has(at(i))) ids.add(pre);
        if (rules.some((rule) => rule.scope === 'cross-check' && rule.department === d && ids.has(rule.id))) needed.add(id);
      });
      for (const id of needed) expect(small.get(id)).toEqual(indexes[d]!.get(id));
      expect(small.size).toBeLessThanOrEqual(indexes[d]!.size);
      const counts = await engine.departmentCounts(d);
      expect(counts).toEqual({ rows: b.extracts[d].length, rowsWithoutKey: indexes[d]!.rowsWithoutKey, people: indexes[d]!.size });
    }
  }, 60_000);
});

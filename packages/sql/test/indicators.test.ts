/**
 * The indicators compiled to SQL: on synthetic batches with planted errors (and, on 2021, the seven
 * departments' extracts the 2021 built-ins read their department-sourced items from), every
 * built-in indicator of the 2017 and the 2021 form gives in DuckDB the numerator, denominator and
 * missing count per unit and disaggregation that `computeIndicators` gives on the records as canji
 * reads the flat layout — rows in the same order, with the same values, intervals, targets, checks
 * and warnings. What cannot be compiled is listed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEPARTMENT_IDS, createDepartmentSourcer, fromFlatRow, parseExtractRow, toFlatRow, type PersonFormVersion } from '@canji/form';
import {
  BUILTIN_VILLAGE_INDICATORS,
  PERSON_INDICATORS,
  PERSON_INDICATORS_2021,
  builtinPersonIndicators,
  computeIndicators,
  definePersonIndicator,
  indicatorRowsToCsv,
  type Dimension,
  type IndicatorResult,
} from '@canji/indicators';
import { buildDepartmentIndex, type DepartmentId, type DepartmentIndex, type PersonRecord } from '@canji/rules';
import { injectErrors, injectErrorsAs2021, synthesizeDepartmentExtracts, synthesizePersons } from '@canji/synth';
import { AS_OF, generatePersons } from '../../indicators/test/fixtures.js';
import { DuckDbEngine, SqlIndicatorError, compileIndicatorsToSql, indicatorsWithDuckDb } from '../src/index.js';

interface Batch {
  version: PersonFormVersion;
  records: PersonRecord[];
  extracts: Record<DepartmentId, Readonly<Record<string, unknown>>[]>;
  asOf: string;
}

function batch(version: PersonFormVersion, count: number, seed: number): Batch {
  const asOf = version === '2017' ? '2019-06-30' : '2021-06-30';
  const extracts = {} as Batch['extracts'];
  if (version === '2017') {
    const persons = [...synthesizePersons({ seed, count, asOf })];
    const { records, labels } = injectErrors(persons, { seed: seed + 1, rate: 0.15 });
    const ex = synthesizeDepartmentExtracts(persons, { seed: seed + 2, agreement: 0.85, errors: labels }).extracts;
    for (const d of DEPARTMENT_IDS) extracts[d] = ex[d].rows.map((row) => parseExtractRow(d, row).record as Record<string, unknown>);
    return { version, records, extracts, asOf };
  }
  const truth = synthesizePersons({ seed, count, asOf });
  const injected = injectErrorsAs2021(truth, synthesizePersons({ seed, count, asOf, version: '2021' }), { seed: seed + 1, rate: 0.15 });
  const ex = synthesizeDepartmentExtracts(truth, { seed: seed + 2, agreement: 0.85, errors: injected.labels, formVersion: '2021' }).extracts;
  for (const d of DEPARTMENT_IDS) extracts[d] = ex[d].records;
  return { version, records: [...injected.records], extracts, asOf };
}

/** `computeIndicators` on the records as canji reads the flat layout, enriched from the departments given (`createDepartmentSourcer`). */
export function jsIndicators(b: Batch, by: readonly Dimension[], departments: readonly DepartmentId[]): IndicatorResult {
  const index: Partial<Record<DepartmentId, DepartmentIndex>> = {};
  for (const d of departments) index[d] = buildDepartmentIndex(d, b.extracts[d]);
  const sourcer = departments.length ? createDepartmentSourcer(index) : undefined;
  const read = b.records.map((r) => {
    const flat = fromFlatRow(toFlatRow(r, { version: b.version }), { version: b.version }).record;
    return sourcer ? sourcer.apply(flat) : flat;
  });
  return computeIndicators(read, { asOf: b.asOf, formVersion: b.version, by, ...(sourcer ? { departmentSources: () => sourcer.provenance() } : {}) });
}

/** The rows as lines a reader compares: indicator, grouping, group, counts. */
const lines = (res: IndicatorResult) => res.rows.map((r) => `${r.indicator} | ${r.by.join(',')} | ${JSON.stringify(r.group)} | ${r.numerator}/${r.denominator}/${r.missing}`);

let engine: DuckDbEngine;
beforeAll(async () => {
  engine = await DuckDbEngine.open();
});
afterAll(() => engine.close());

async function sqlIndicators(b: Batch, by: readonly Dimension[], departments: readonly DepartmentId[]) {
  await engine.loadRecords(b.records, { formVersion: b.version });
  await engine.dropDepartments();
  for (const d of departments) await engine.loadDepartment(d, b.extracts[d]);
  return indicatorsWithDuckDb(engine, { asOf: b.asOf, formVersion: b.version, by: [...by] });
}

describe('indicators: DuckDB equals computeIndicators on synthetic batches with planted errors', () => {
  it('2017: every built-in, by county (roll-up province → prefecture → county), sex and age band — the same rows, values and intervals', async () => {
    const b = batch('2017', 800, 41);
    const by: Dimension[] = ['county', 'sex', 'age'];
    const js = jsIndicators(b, by, []);
    const { result, compiled } = await sqlIndicators(b, by, []);
    expect(compiled.notCompiled).toEqual([]);
    expect(compiled.indicators.map((i) => i.id)).toEqual(builtinPersonIndicators('2017').map((i) => i.id));
    expect(lines(result)).toEqual(lines(js));
    // The whole result, as the renderers read it: values, Wilson intervals, targets, small cells, checks, totals.
    expect(result.rows).toEqual(js.rows);
    expect(result.passTotals).toEqual(js.passTotals);
    expect([result.records, result.leafGroups, result.checks.ok]).toEqual([js.records, js.leafGroups, true]);
    expect(result.indicators).toEqual(js.indicators);
    expect(result.dimensions).toEqual(js.dimensions);
    expect(indicatorRowsToCsv(result)).toBe(indicatorRowsToCsv(js));
    // Not vacuous: the populations are large and the breakdowns many.
    expect(result.rows.filter((r) => r.by.length === 0).every((r) => r.denominator > 0)).toBe(true);
    expect(result.rows.length).toBeGreaterThan(1000);
  });

  it('2021: every built-in (renumbered 2017 definitions and the department-sourced ones from the seven extracts), by township, category and level', async () => {
    const b = batch('2021', 800, 51);
    const by: Dimension[] = ['township', 'category', 'level'];
    const js = jsIndicators(b, by, DEPARTMENT_IDS);
    const { result, compiled } = await sqlIndicators(b, by, DEPARTMENT_IDS);
    expect(compiled.notCompiled).toEqual([]);
    expect(compiled.indicators.some((i) => i.renumbered)).toBe(true);
    expect(compiled.departmentItems.length).toBeGreaterThanOrEqual(5);
    const a = lines(result), e = lines(js);
    const diff = a.map((x, i) => (x === e[i] ? '' : `${x}  ≠  ${e[i]}`)).filter(Boolean);
    expect(diff.slice(0, 12)).toEqual([]);
    expect(result.rows).toEqual(js.rows);
    expect(result.warnings.map((w) => [w.code, w.indicator])).toEqual(js.warnings.map((w) => [w.code, w.indicator]));
    expect(result.departmentSources?.map((s) => [s.indicator, s.item, s.populationNotInRoster])).toEqual(js.departmentSources?.map((s) => [s.indicator, s.item, s.populationNotInRoster]));
    // The department-sourced indicators are computed, not skipped.
    const computed = new Set(result.indicators.map((i) => i.id));
    for (const id of ['residents-pension-coverage', 'living-subsidy-coverage', 'nursing-subsidy-coverage', 'compulsory-education-enrollment']) expect(computed.has(id)).toBe(true);
  });

  it("@canji/indicators' own test generator (unanswered items, unknown groups, facts only in the numbers): the same rows", async () => {
    const records = generatePersons(1200, 2026) as PersonRecord[];
    const by: Dimension[] = ['prefecture', 'category', 'hukou'];
    const read = records.map((r) => fromFlatRow(toFlatRow(r, { version: '2017' }), { version: '2017' }).record);
    const js = computeIndicators(read, { asOf: AS_OF, formVersion: '2017', by });
    await engine.loadRecords(records, { formVersion: '2017' });
    await engine.dropDepartments();
    const { result } = await indicatorsWithDuckDb(engine, { asOf: AS_OF, formVersion: '2017', by });
    expect(lines(result)).toEqual(lines(js));
    expect(result.rows).toEqual(js.rows);
    // The unknown groups are there (records without a region code, or without a recorded hukou).
    expect(result.rows.some((r) => r.group.region === null)).toBe(true);
  });

  it('2021 without the extracts: the department-sourced indicators are not computed and say why (INDICATOR_DEPARTMENT_MISSING), as in JavaScript', async () => {
    const b = batch('2021', 300, 61);
    const js = jsIndicators(b, ['hukou'], []);
    const { result, compiled } = await sqlIndicators(b, ['hukou'], []);
    expect(compiled.skipped.length).toBe(6);
    expect(lines(result)).toEqual(lines(js));
    const missing = (r: IndicatorResult) => r.warnings.filter((w) => w.code === 'INDICATOR_DEPARTMENT_MISSING').map((w) => w.indicator).sort();
    expect(missing(result)).toEqual(missing(js));
    expect(missing(result).length).toBe(6);
  });

  it("'leaves' grouping sets and an empty batch: the grand total and the full combination, zeros without records", async () => {
    const b = batch('2017', 300, 71);
    const { result } = await (async () => {
      await engine.loadRecords(b.records, { formVersion: '2017' });
      return indicatorsWithDuckDb(engine, { asOf: b.asOf, formVersion: '2017', by: ['village', 'hukou'], groupingSets: 'leaves' });
    })();
    const read = b.records.map((r) => fromFlatRow(toFlatRow(r, { version: '2017' }), { version: '2017' }).record);
    const js = computeIndicators(read, { asOf: b.asOf, formVersion: '2017', by: ['village', 'hukou'], groupingSets: 'leaves' });
    expect(lines(result)).toEqual(lines(js));
    await engine.loadRecords([], { formVersion: '2017' });
    const empty = await indicatorsWithDuckDb(engine, { asOf: b.asOf, formVersion: '2017', by: ['county'] });
    const jsEmpty = computeIndicators([], { asOf: b.asOf, formVersion: '2017', by: ['county'] });
    expect(empty.result.rows).toEqual(jsEmpty.rows);
    expect([empty.result.records, empty.result.leafGroups]).toEqual([0, 0]);
  });
});

describe('what cannot be compiled is listed, never dropped', () => {
  const asOf = '2019-06-30';
  it('a part given as a function, a village indicator, a duplicate id, an indicator of another form version: each with its stable code', () => {
    const local = definePersonIndicator({
      id: 'local-adult-r31', name: '成年人家庭医生签约率', description: '分母：满 18 周岁者；分子：R31=1 者。', basis: '本地指标', formVersions: ['2017', '2021'],
      denominator: (_r, c) => c.age !== undefined && c.age >= 18, numerator: { item: 'r31', eq: 1 },
    });
    const q = compileIndicatorsToSql({ asOf, indicators: [PERSON_INDICATORS.employmentRate, local, BUILTIN_VILLAGE_INDICATORS[0]!, PERSON_INDICATORS.employmentRate], formVersion: '2021' });
    expect(q.notCompiled.map((x) => [x.id, x.code])).toEqual([
      ['local-adult-r31', 'SQL_INDICATOR_FUNCTION'],
      [BUILTIN_VILLAGE_INDICATORS[0]!.id, 'SQL_INDICATOR_VILLAGE'],
      ['employment-rate', 'SQL_INDICATOR_DUPLICATE_ID'],
    ]);
    expect(q.indicators.map((i) => [i.id, i.renumbered])).toEqual([['employment-rate', true]]);
    expect(q.notCompiled.every((x) => /[\u4e00-\u9fff]/.test(x.reason))).toBe(true);
    const on2021 = compileIndicatorsToSql({ asOf, indicators: [PERSON_INDICATORS.dangerousHouseRate], formVersion: '2021' });
    expect(on2021.notApplicable.map((i) => i.id)).toEqual(['dangerous-house-rate']);
  });

  it('a condition reading a column the form does not have: SQL_CONDITION_REFERENCE', () => {
    const local = definePersonIndicator({
      id: 'local-x', name: '本地', description: '本地', basis: '本地指标', formVersions: ['2017'], denominator: { all: [] }, numerator: { item: 'local_flag', eq: 1 },
    });
    expect(compileIndicatorsToSql({ asOf, indicators: [local] }).notCompiled.map((x) => x.code)).toEqual(['SQL_CONDITION_REFERENCE']);
  });

  it('a custom dimension (a function) or an invalid one is listed; the DuckDB runner refuses it (SQL_INDICATOR_DIMENSION) rather than return a coarser table', async () => {
    const q = compileIndicatorsToSql({ asOf, by: ['county', { id: 'collector', key: (r) => r.collector as string }, { age: [10, 5] }] });
    expect(q.dimensions.map((x) => x.id)).toEqual(['region']);
    expect(q.dimensionsNotCompiled.map((x) => [x.id, x.code])).toEqual([
      ['collector', 'SQL_DIMENSION_FUNCTION'],
      ['age', 'SQL_DIMENSION_INVALID'],
    ]);
    await expect(indicatorsWithDuckDb(engine, { asOf, by: [{ id: 'collector', key: (r) => r.collector as string }] })).rejects.toBeInstanceOf(SqlIndicatorError);
  });

  it('an invalid reference date or form version throws with a zh-CN message', () => {
    expect(() => compileIndicatorsToSql({ asOf: '2019-02-30' })).toThrow(/参考日期/);
    expect(() => compileIndicatorsToSql({ asOf, formVersion: '1999' as PersonFormVersion })).toThrow(/登记表版本/);
  });
});

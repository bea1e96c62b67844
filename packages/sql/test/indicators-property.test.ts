/**
 * A property over generated batches: for any seed, error rate, form version and choice of
 * disaggregations, the numerator, denominator and missing count of every built-in indicator in every
 * group equal `computeIndicators`' (the records as canji reads the flat layout). Few, small batches:
 * each run plans the whole query once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DEPARTMENT_IDS, createDepartmentSourcer, fromFlatRow, toFlatRow, type PersonFormVersion } from '@canji/form';
import { computeIndicators, type Dimension, type IndicatorResult } from '@canji/indicators';
import { buildDepartmentIndex, type DepartmentId, type DepartmentIndex, type PersonRecord } from '@canji/rules';
import { injectErrors, injectErrorsAs2021, synthesizeDepartmentExtracts, synthesizePersons } from '@canji/synth';
import { DuckDbEngine, indicatorsWithDuckDb } from '../src/index.js';

let engine: DuckDbEngine;
beforeAll(async () => {
  engine = await DuckDbEngine.open();
});
afterAll(() => engine.close());

const lines = (res: IndicatorResult) => res.rows.map((r) => `${r.indicator} | ${r.by.join(',')} | ${JSON.stringify(r.group)} | ${r.numerator}/${r.denominator}/${r.missing}`);

const DIMENSIONS: readonly Dimension[] = ['province', 'county', 'township', 'village', 'category', 'level', 'sex', 'hukou', 'age', { age: [0, 18, 60] }];

describe('property: DuckDB equals computeIndicators on generated batches', () => {
  it('every built-in indicator, every group, for generated seeds, error rates, forms and disaggregations', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 10_000 }),
        fc.double({ min: 0, max: 0.4, noNaN: true }),
        fc.constantFrom<PersonFormVersion>('2017', '2021'),
        fc.subarray([...DIMENSIONS.keys()], { maxLength: 2 }),
        fc.integer({ min: 20, max: 150 }),
        async (seed, rate, version, dimIdx, count) => {
          // One region dimension and one age dimension at most, as computeIndicators requires.
          const by: Dimension[] = [];
          const ids = new Set<string>();
          for (const i of dimIdx) {
            const d = DIMENSIONS[i]!;
            const id = typeof d === 'object' ? 'age' : ['province', 'county', 'township', 'village'].includes(d) ? 'region' : d;
            if (!ids.has(id)) {
              ids.add(id);
              by.push(d);
            }
          }
          const asOf = version === '2017' ? '2019-06-30' : '2021-06-30';
          let records: PersonRecord[];
          const extracts = {} as Record<DepartmentId, Readonly<Record<string, unknown>>[]>;
          if (version === '2017') records = injectErrors([...synthesizePersons({ seed, count, asOf })], { seed: seed + 1, rate }).records;
          else {
            const truth = synthesizePersons({ seed, count, asOf });
            const injected = injectErrorsAs2021(truth, synthesizePersons({ seed, count, asOf, version: '2021' }), { seed: seed + 1, rate });
            records = [...injected.records];
            const ex = synthesizeDepartmentExtracts(truth, { seed: seed + 2, agreement: 0.85, errors: injected.labels, formVersion: '2021' }).extracts;
            for (const d of DEPARTMENT_IDS) extracts[d] = ex[d].records;
          }
          const departments = version === '2021' ? DEPARTMENT_IDS : [];
          const index: Partial<Record<DepartmentId, DepartmentIndex>> = {};
          for (const d of departments) index[d] = buildDepartmentIndex(d, extracts[d]);
          const sourcer = departments.length ? createDepartmentSourcer(index) : undefined;
          const read = records.map((r) => {
            const flat = fromFlatRow(toFlatRow(r, { version }), { version }).record;
            return sourcer ? sourcer.apply(flat) : flat;
          });
          const js = computeIndicators(read, { asOf, formVersion: version, by, ...(sourcer ? { departmentSources: () => sourcer.provenance() } : {}) });

          await engine.loadRecords(records, { formVersion: version });
          await engine.dropDepartments();
          for (const d of departments) await engine.loadDepartment(d, extracts[d]);
          const { result } = await indicatorsWithDuckDb(engine, { asOf, formVersion: version, by });
          expect(lines(result)).toEqual(lines(js));
          expect(result.passTotals).toEqual(js.passTotals);
        },
      ),
      { numRuns: 8, seed: 20261203 },
    );
  }, 180_000);
});

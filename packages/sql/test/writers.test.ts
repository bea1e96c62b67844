/**
 * The writers of `canji check --engine duckdb` (`recordWriter`, `departmentWriter`), in a session
 * opened as the check opens it (memory ceiling, no insertion order kept): every cell comes back as
 * it was written — commas, quotes, line breaks, white space at either end, non-BMP characters, a
 * cell of several MB, more rows than one of DuckDB's row groups — under its position, and an
 * empty value as NULL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getExtractDepartment } from '@canji/form';
import type { PersonRecord } from '@canji/rules';
import { DuckDbEngine } from '../src/index.js';

let engine: DuckDbEngine;
beforeAll(async () => {
  engine = await DuckDbEngine.open({ memoryLimit: '512MB', preserveInsertionOrder: false });
});
afterAll(() => engine.close());

const awkward = ['a,b', 'say "hi"', 'two\nlines', 'cr\r\nlf', ' leading', 'trailing ', '\t', '"', ',', '𠀀汉字', 'x'.repeat(3_000_000), '\\N', 'NULL'];

describe('DuckDbEngine writers: cells through the CSV pieces come back as written', () => {
  it('record cells, under their positions, in a table of several row groups', async () => {
    const w = await engine.recordWriter({ formVersion: '2017', columns: ['name', 'resident_id', 'r20'] });
    const n = 70_000 + awkward.length;
    const expected: [number, string | null, string | null, string | null][] = [];
    for (let i = 0; i < n; i++) {
      const name = i < awkward.length ? awkward[i]! : i % 3 === 0 ? undefined : `名${i}`;
      const record = { name, resident_id: i % 5 === 0 ? '' : `4301${i}`, r20: i % 7 === 0 ? [1, 3] : undefined } as unknown as PersonRecord;
      w.add(2 * i, record);
      expected.push([2 * i, name ?? null, i % 5 === 0 ? null : `4301${i}`, i % 7 === 0 ? '1,3' : null]);
    }
    expect(await w.close()).toBe(n);
    const rows = await engine.query('SELECT canji_row, name, resident_id, r20 FROM canji_records ORDER BY canji_row');
    expect(rows.length).toBe(n);
    expect(rows).toEqual(expected);
  });

  it('extract cells, numbered in the order given', async () => {
    const fields = getExtractDepartment('education').fields.map((f) => f.key);
    const w = await engine.departmentWriter('education');
    const rows = awkward.map((v, i) => Object.fromEntries(fields.map((k, j) => [k, j === 0 ? `id${i}` : j === 1 ? v : j === 2 ? 2 : undefined])));
    for (const r of rows) w.add(r);
    expect(await w.close()).toBe(rows.length);
    const back = await engine.query(`SELECT canji_row, ${fields.map((k) => `"${k}"`).join(', ')} FROM canji_dept_education ORDER BY canji_row`);
    expect(back).toEqual(rows.map((r, i) => [i, ...fields.map((k) => (r[k] === undefined ? null : String(r[k])))]));
  });
});

/**
 * Parquet batches and extracts, as a big-data platform exports them (here DuckDB's `COPY … TO …
 * (FORMAT parquet)`, an independent writer: snappy pages, several row groups, typed columns):
 * `canji check` on them gives the report the same data give as CSV, and files that are not Parquet
 * (or are cut short) are clear errors with their codes.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEPARTMENT_IDS } from '@canji/form';
import { DuckDbEngine } from '@canji/sql';
import { parquetCellText } from '../src/parquet-source.js';
import { canji, removeTempDirs, tempDir } from './helpers.js';

afterAll(removeTempDirs);
const dir = tempDir();
const q = (s: string) => `'${s.replaceAll("'", "''")}'`;

beforeAll(async () => {
  const r = await canji(dir, 'synth', '--region', '430121', '--count', '2500', '--seed', '21', '--errors', '0.15', '--departments', 'depts', '--out', 'persons.csv', '-q');
  expect(r.code, r.stderr).toBe(0);
  const db = await DuckDbEngine.open();
  try {
    const csv = join(dir, 'persons.csv');
    // Every column as text; and typed as DuckDB detects them (numbers, dates), the IDs kept as text
    // as a platform keeps them; 700 rows a row group (four groups).
    await db.query(`COPY (SELECT * FROM read_csv(${q(csv)}, header = true, all_varchar = true)) TO ${q(join(dir, 'text.parquet'))} (FORMAT parquet, ROW_GROUP_SIZE 700)`);
    await db.query(
      `COPY (SELECT * FROM read_csv(${q(csv)}, header = true, types = {'resident_id': 'VARCHAR', 'certificate_no': 'VARCHAR', 'householder_id': 'VARCHAR', 'region_code': 'VARCHAR'})) TO ${q(join(dir, 'typed.parquet'))} (FORMAT parquet, ROW_GROUP_SIZE 700, COMPRESSION zstd)`,
    );
    for (const d of DEPARTMENT_IDS) {
      await db.query(`COPY (SELECT * FROM read_csv(${q(join(dir, 'depts', `${d}.csv`))}, header = true, all_varchar = true)) TO ${q(join(dir, 'depts', `${d}.parquet`))} (FORMAT parquet)`);
    }
  } finally {
    db.close();
  }
}, 180_000);

/** The report of a run without what names its input file (name, digest, size) and the time. */
function reportOf(name: string): Record<string, unknown> {
  const r = JSON.parse(readFileSync(join(dir, name), 'utf8')) as { meta: Record<string, unknown> };
  delete r.meta.generatedAt;
  delete r.meta.input;
  return r;
}

const depts = (ext: string) => DEPARTMENT_IDS.flatMap((d) => ['--dept', `${d}=depts/${d}.${ext}`]);

describe('canji check on Parquet', () => {
  it('gives the report of the same data as CSV: text columns, typed columns, and the seven extracts as Parquet', async () => {
    const runs = [
      ['persons.csv', ...depts('csv')],
      ['text.parquet', ...depts('parquet')],
      ['typed.parquet', ...depts('parquet')],
    ];
    const reports = [];
    for (const [i, args] of runs.entries()) {
      const r = await canji(dir, 'check', ...args, '--as-of', '2019-06-30', '--out', `r${i}.json`, '--fail-on', 'never', '-q');
      expect(r.code, r.stderr).toBe(0);
      reports.push(reportOf(`r${i}.json`));
    }
    const csv = reports[0] as { counts: { read: number; withErrors: number }; departments: { discrepancies: unknown[] }[] };
    expect(csv.counts.read).toBeGreaterThan(2500);
    expect(csv.counts.withErrors).toBeGreaterThan(100);
    expect(csv.departments.reduce((s, d) => s + d.discrepancies.length, 0)).toBeGreaterThan(100);
    // The same findings, at the same row numbers (the header counts as line 1).
    expect(reports[1]).toEqual(reports[0]);
    // Typed columns (numbers, dates, zstd pages): the same report.
    expect(reports[2]).toEqual(reports[0]);
  });

  it('runs with --engine duckdb as with the JavaScript engine', async () => {
    const r = await canji(dir, 'check', 'text.parquet', ...depts('parquet'), '--engine', 'duckdb', '--as-of', '2019-06-30', '--out', 'r-duckdb.json', '--fail-on', 'never', '-q');
    expect(r.code, r.stderr).toBe(0);
    expect(reportOf('r-duckdb.json')).toEqual(reportOf('r1.json'));
  }, 60_000);

  it('reads a Parquet file from stdin (told by its first bytes)', async () => {
    const { Readable } = await import('node:stream');
    const { run } = await import('@canji/cli');
    let stdout = '';
    const io = { stdout: (t: string) => void (stdout += t), stderr: () => {}, isTTY: false, cwd: dir, stdin: Readable.from([readFileSync(join(dir, 'text.parquet'))]) };
    expect(await run(['check', '-', '--as-of', '2019-06-30', '--json', '--fail-on', 'never', '-q'], io)).toBe(0);
    const csv = await canji(dir, 'check', 'persons.csv', '--as-of', '2019-06-30', '--json', '--fail-on', 'never', '-q');
    const records = (out: string) => (JSON.parse(out) as { records: unknown }).records;
    expect(records(stdout)).toEqual(records(csv.stdout));
  }, 60_000);

  it('says what a file is when it is not the Parquet its name says, or is cut short', async () => {
    writeFileSync(join(dir, 'csv-named.parquet'), readFileSync(join(dir, 'persons.csv')));
    const notParquet = await canji(dir, 'check', 'csv-named.parquet', '--as-of', '2019-06-30', '-q');
    expect(notParquet.code).not.toBe(0);
    expect(notParquet.stderr).toMatch(/INPUT_NOT_PARQUET[^\n]*不是 Parquet 文件[^\n]*\.csv/);
    writeFileSync(join(dir, 'parquet-named.csv'), readFileSync(join(dir, 'typed.parquet')));
    const named = await canji(dir, 'check', 'parquet-named.csv', '--as-of', '2019-06-30', '-q');
    expect(named.code).not.toBe(0);
    expect(named.stderr).toMatch(/INPUT_BINARY[^\n]*Parquet 文件：请把扩展名改为 \.parquet/);
    const whole = readFileSync(join(dir, 'typed.parquet'));
    writeFileSync(join(dir, 'cut.parquet'), whole.subarray(0, Math.floor(whole.length / 2)));
    const cut = await canji(dir, 'check', 'cut.parquet', '--as-of', '2019-06-30', '-q');
    expect(cut.code).not.toBe(0);
    expect(cut.stderr).toMatch(/PARQUET_CORRUPT[^\n]*无法读取/);
  });
});

describe('parquetCellText', () => {
  it('writes a value as the CSV export of the same table has it: exact integers, ID digits beyond 2^53, dates, choice lists, text bytes', () => {
    expect(parquetCellText(430121n)).toBe('430121');
    expect(parquetCellText(430121198001010012n)).toBe('430121198001010012');
    expect(parquetCellText(2)).toBe('2');
    expect(parquetCellText(new Date(Date.UTC(2019, 5, 30, 12)))).toBe('2019-06-30');
    expect(parquetCellText([1n, 3, null])).toBe('1,3');
    expect(parquetCellText(new TextEncoder().encode('长沙县'))).toBe('长沙县');
    expect(parquetCellText(Uint8Array.of(0xff, 0x00))).toBe('ff00');
    expect(parquetCellText(Number.NaN)).toBe('');
    expect(parquetCellText(null)).toBe('');
    expect(parquetCellText(true)).toBe('true');
    expect(parquetCellText({ a: 1n })).toBe('{"a":"1"}');
  });
});

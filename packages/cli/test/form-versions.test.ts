/**
 * Form versions on the command line: every command that reads person records takes
 * `--form 2016|2017|2021` or recognises the version from the header, and says which on stderr.
 * The bug: `canji deid` read 2021-form records with the 2017 columns — 2021 R4 联系人姓名 was parsed
 * as 2017 R4 婚姻状况, so most rows were rejected and the contact person's name could survive as a
 * quasi-identifier in the released extract.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flatColumns, toFlatRow } from '@canji/form';
import { computeIndicators, type IndicatorResult } from '@canji/indicators';
import { csvLine, synthesizePersons } from '@canji/synth';
import { canji, removeTempDirs, tempDir } from './helpers.js';

afterAll(removeTempDirs);

const dir = tempDir();
const persons2021 = [...synthesizePersons({ seed: 'cli-2021', count: 200, region: '430121', asOf: '2021-06-30', version: '2021' })];
/** The contact persons' names (2021 R4) and phone numbers (2021 R5) of the synthetic records. */
const contactNames = persons2021.map((p) => p.r4).filter((v): v is string => typeof v === 'string');
const phones = persons2021.map((p) => p.r5).filter((v): v is string => typeof v === 'string');

function writeCsv(name: string, headers: 'machine' | 'label'): void {
  const machine = flatColumns({ version: '2021', headers: 'machine' });
  const shown = flatColumns({ version: '2021', headers });
  const rows = persons2021.map((p) => {
    const flat = toFlatRow(p, { version: '2021' });
    return csvLine(machine.map((c) => flat[c] ?? ''));
  });
  writeFileSync(join(dir, name), csvLine(shown) + rows.join(''));
}

beforeAll(() => {
  writeCsv('persons2021.csv', 'machine');
  writeCsv('persons2021-labels.csv', 'label');
});

const readStats = (stderr: string) => {
  const m = /读取 (\d+) 行 = 处理 (\d+) 行 \+ 拒收 (\d+) 行/.exec(stderr);
  return m ? { read: Number(m[1]), processed: Number(m[2]), rejected: Number(m[3]) } : undefined;
};

/** The unreadable cells of a read summary (`无法读取 N 个（在 R 行中，…）`). */
const unreadableCells = (stderr: string, fate: string) => Number(new RegExp(`无法读取 (\\d+) 个（在 \\d+ 行中，${fate}）`).exec(stderr)?.[1] ?? 0);

describe('canji deid on 2021-form records', () => {
  it('the synthetic file has contact names in R4 (the test would prove nothing otherwise)', () => {
    expect(contactNames.length).toBeGreaterThan(50);
    expect(readFileSync(join(dir, 'persons2021.csv'), 'utf8')).toContain(contactNames[0]!);
  });

  it.each([
    ['--form 2021', ['--form', '2021'], 'persons2021.csv'],
    ['form detected from the header', [], 'persons2021.csv'],
    ['form detected from a label header', [], 'persons2021-labels.csv'],
  ])('%s: no row rejected, R4 联系人姓名 and R5 联系电话 removed from the extract', async (_name, flag, file) => {
    const r = await canji(dir, 'deid', file, ...flag, '--as-of', '2021-06-30', '--k', '2', '--max-suppression', '0.5', '--out', `deid-${flag.length}-${file}.jsonl`, '-q');
    expect(readStats(r.stderr)).toEqual({ read: 200, processed: 200, rejected: 0 });
    expect(r.code).toBe(0);
    const text = readFileSync(join(dir, `deid-${flag.length}-${file}.jsonl`), 'utf8');
    const released = text.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(released.length).toBeGreaterThan(100);
    for (const rec of released) {
      expect(rec).not.toHaveProperty('r4');
      expect(rec).not.toHaveProperty('r5');
      expect(rec).not.toHaveProperty('name');
    }
    for (const n of contactNames) expect(text).not.toContain(n);
    for (const p of phones) expect(text).not.toContain(p);
    // 2021 R3 婚姻状况, R6 住机构 and 户口性质 are quasi-identifiers: not under --quasi, they are dropped (and said so).
    for (const rec of released) for (const q of ['r3', 'r6', 'hukou']) expect(rec).not.toHaveProperty(q);
    expect(r.stderr).toMatch(/未列入 --quasi 的准标识符已删除：.*r3（婚姻状况）/);
    // Listed in --quasi they are released under the k-anonymity search, as codes read with the 2021 columns
    // (not as 2017 R3 户口 / R6 电话).
    const quasi = 'region_code,sex,birth_date,disability_category,disability_level,r3,r6,hukou';
    const out = `deid-q-${flag.length}-${file}.jsonl`;
    const q = await canji(dir, 'deid', file, ...flag, '--as-of', '2021-06-30', '--k', '2', '--max-suppression', '0.5', '--quasi', quasi, '--out', out, '-q');
    expect(q.code).toBe(0);
    const withQ = readFileSync(join(dir, out), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(withQ.some((rec) => rec.r3 === 20)).toBe(true);
    expect(withQ.some((rec) => rec.r6 === 2)).toBe(true);
    expect(withQ.some((rec) => rec.hukou === 1 || rec.hukou === 2)).toBe(true);
  });
});

const DETECTED = '按 2021 版登记表读取（由表头识别）\n';
const GIVEN = '按 2021 版登记表读取（--form 2021）\n';

describe('canji deid: --form is honoured over the header', () => {
  it('--form 2017 on a 2021 file reads it with the 2017 columns (the old behaviour, now only on request): the cells that do not read are left out, never released', async () => {
    const r = await canji(dir, 'deid', 'persons2021.csv', '--form', '2017', '--k', '2', '--out', 'deid-2017.jsonl', '-q');
    expect(r.stderr).toContain('按 2017 版登记表读取（--form 2017）');
    expect(unreadableCells(r.stderr, '未采用，按未填写处理')).toBeGreaterThan(50);
    expect(r.code).toBe(1);
    const text = readFileSync(join(dir, 'deid-2017.jsonl'), 'utf8');
    for (const n of contactNames) expect(text).not.toContain(n);
  });
});

describe('canji check on 2021-form records', () => {
  it.each([
    ['--form 2021', ['--form', '2021'], GIVEN],
    ['detected', [], DETECTED],
    ['detected, two worker threads', ['--workers', '2'], DETECTED],
  ])('%s: checked against the 2021 form, every row read, the synthetic records clean', async (name, flag, notice) => {
    const out = `check-${name.replace(/\W+/g, '-')}.json`;
    const r = await canji(dir, 'check', 'persons2021.csv', ...flag, '--out', out, '-q');
    expect(r.stderr).toContain(notice);
    expect(readStats(r.stderr)).toEqual({ read: 200, processed: 200, rejected: 0 });
    const report = JSON.parse(readFileSync(join(dir, out), 'utf8'));
    expect(report.meta.formVersion).toBe('2021');
    expect(report.counts).toMatchObject({ read: 200, clean: 200, withErrors: 0, unreadable: 0 });
    expect(r.code).toBe(0);
  });

  it('read as 2017 the same file is mostly unreadable (what the header detection prevents)', async () => {
    const r = await canji(dir, 'check', 'persons2021.csv', '--form', '2017', '--out', 'check-2017.json', '-q');
    expect(unreadableCells(r.stderr, '按原样保留，在校验结果中按问题报告')).toBeGreaterThan(50);
    expect(r.code).toBe(1);
  });
});

describe('canji indicators on 2021-form records', () => {
  const expected = computeIndicators(persons2021, { asOf: '2021-06-30', formVersion: '2021' });
  const totals = (res: IndicatorResult) => res.rows.filter((row) => row.by.length === 0).map((row) => [row.indicator, row.numerator, row.denominator, row.missing]);

  it.each([
    ['--form 2021', ['--form', '2021'], GIVEN],
    ['detected', [], DETECTED],
  ])('%s: the built-ins that apply to 2021, read through the comparable 2017 items, as the library computes them', async (name, flag, notice) => {
    const out = `ind-${name.replace(/\W+/g, '-')}.json`;
    // --unsuppressed: compared count for count with the library (publication output hides small totals).
    const r = await canji(dir, 'indicators', 'persons2021.csv', '--as-of', '2021-06-30', ...flag, '--unsuppressed', '--out', out, '-q');
    expect(r.stderr).toContain(notice);
    expect(readStats(r.stderr)).toEqual({ read: 200, processed: 200, rejected: 0 });
    const res = JSON.parse(readFileSync(join(dir, out), 'utf8')) as IndicatorResult;
    expect(totals(res)).toEqual(totals(expected));
    expect(res.indicators.map((i) => i.id)).toContain('employment-rate');
    expect(res.indicators.map((i) => i.id)).not.toContain('compulsory-education-enrollment'); // R14/R15 are not on the 2021 form
    expect(r.code).toBe(0);
  });
});

describe('canji schema --form', () => {
  it('gives the 2021 and 2016 forms too', async () => {
    const json = await canji(dir, 'schema', '--form', '2021');
    expect(json.code).toBe(0);
    const schema = JSON.parse(json.stdout) as { properties: Record<string, { title?: string }> };
    expect(schema.properties.hukou?.title).toBe('户口性质');
    expect(schema.properties.r4?.title).toBe('R4 联系人姓名');
    const md = await canji(dir, 'schema', '--form', '2016', '--format', 'markdown');
    expect(md.stdout).toContain('2016 版');
  });
});

describe('--form with a value that is not a form version', () => {
  it.each([
    ['check', ['check', 'persons2021.csv']],
    ['indicators', ['indicators', 'persons2021.csv', '--as-of', '2021-06-30']],
    ['deid', ['deid', 'persons2021.csv', '--out', 'never.jsonl']],
    ['schema', ['schema']],
  ])('%s: a usage error (USAGE_FORM, exit code 2), before anything is read', async (_cmd, args) => {
    const r = await canji(dir, ...args, '--form', '2019');
    expect(r).toEqual({ code: 2, stdout: '', stderr: '错误 [USAGE_FORM]：不支持的登记表版本“2019”：可用 2016、2017、2021\n' });
  });
});

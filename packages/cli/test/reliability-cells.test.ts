/**
 * Issue 15 (items 12 and 13) on the command line: one unreadable cell no longer rejects the whole
 * person. The cell is a finding at its item (kept as written for `canji check`, left out of
 * extracts and indicators), the rest of the person is checked and counted; an ID a spreadsheet
 * mangled is recovered from the certificate number beside it; only a row with no usable identity
 * or with shifted columns is rejected. A caption row (`填报单位：…`, `单位：人`) above the header is
 * skipped and reported, and a batch whose only identity column is R2 残疾人证号 is read with the ID
 * derived from the certificate number. Every change in what is read is counted (`ReadStats.cells`).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkFile, type CliIo } from '@canji/cli';
import { flatColumns, toFlatRow } from '@canji/form';
import { computeIndicators, type IndicatorResult } from '@canji/indicators';
import { csvLine, synthesizePersons, type SynthPersonRecord } from '@canji/synth';
import { HeaderFinder } from '../src/header-finder.js';
import { readPersonRecords } from '../src/read.js';
import { canji, removeTempDirs, tempDir } from './helpers.js';

afterAll(removeTempDirs);

const dir = tempDir();
const AS_OF = '2019-06-30';
const keys = flatColumns();
const labels = flatColumns({ headers: 'label' });
const persons = [...synthesizePersons({ seed: 'cells', count: 80, region: '430121', asOf: AS_OF })];
const normal = persons.filter((p) => p.person_status === 6);
const pick = (f: (p: SynthPersonRecord) => boolean, not: SynthPersonRecord[]) => normal.find((p) => f(p) && !not.includes(p))!;
/** The Excel serial number (1900 date system) of a `YYYY-MM-DD` date. */
const serial = (d: string) => String((Date.UTC(+d.slice(0, 4), +d.slice(5, 7) - 1, +d.slice(8, 10)) - Date.UTC(1899, 11, 30)) / 86400000);

// The planted rows, each a different person.
const chosen: SynthPersonRecord[] = [];
const take = (f: (p: SynthPersonRecord) => boolean) => {
  const p = pick(f, chosen);
  chosen.push(p);
  return p;
};
const serialDate = take((p) => typeof p.birth_date === 'string');
const married = take((p) => p.r4 === 20);
const divorced = take((p) => p.r4 === 40);
const mangledId = take((p) => typeof p.certificate_no === 'string');
const mangledHouseholder = take((p) => typeof p.householder_id === 'string' && p.householder_id !== p.resident_id);
const noIdentity = take(() => true);
const shifted = take(() => true);

function cells(p: SynthPersonRecord, change: Record<string, string> = {}): string[] {
  const flat = { ...toFlatRow(p), ...change };
  return keys.map((k) => flat[k] ?? '');
}

function rowOf(p: SynthPersonRecord): string[] {
  if (p === serialDate) return cells(p, { birth_date: serial(p.birth_date as string) });
  if (p === married) return cells(p, { r4: '已婚' });
  if (p === divorced) return cells(p, { r4: '离婚' });
  if (p === mangledId) return cells(p, { resident_id: '4.30121E+17' });
  if (p === mangledHouseholder) return cells(p, { householder_id: '4.30121E+17' });
  if (p === noIdentity) return cells(p, { resident_id: '4.30121E+17', certificate_no: '' });
  if (p === shifted) return [...cells(p), 'extra'];
  return cells(p);
}

beforeAll(() => {
  writeFileSync(join(dir, 'messy.csv'), csvLine(labels) + persons.map((p) => csvLine(rowOf(p))).join(''));
});

const rowNumberOf = (p: SynthPersonRecord) => persons.indexOf(p) + 2;
/** The row of the first planted cell of a normalisation code (the tally keeps the order first seen). */
const rowOfFirst = (code: string) =>
  ({ FLAT_EXCEL_SERIAL_DATE: rowNumberOf(serialDate), FLAT_LABEL_TO_CODE: Math.min(rowNumberOf(married), rowNumberOf(divorced)), FLAT_ID_FROM_CERTIFICATE: rowNumberOf(mangledId) })[code]!;

describe('cell-level rejection (canji check)', () => {
  it('reads every person but the one without identity and the shifted row; counts each cell', async () => {
    const { rows, report } = await checkFile(join(dir, 'messy.csv'), { asOf: AS_OF });
    expect(rows).toMatchObject({ read: 80, processed: 78, rejected: 2 });
    expect(rows.read).toBe(rows.processed + rows.rejected);
    expect(rows.firstRejects.map((r) => [r.rowNumber, r.error.code, r.error.column])).toEqual(
      [
        [rowNumberOf(noIdentity), 'ROW_NO_IDENTITY', '公民身份号码'],
        [rowNumberOf(shifted), 'ROW_FIELD_COUNT', undefined],
      ].sort((a, b) => (a[0] as number) - (b[0] as number)),
    );
    // What was changed (the normalisations) and what was recovered or not read (the cells), each counted.
    expect(rows.normalisations.map((n) => [n.code, n.column, n.count])).toEqual([
      ['FLAT_EXCEL_SERIAL_DATE', '出生日期', 1],
      ['FLAT_LABEL_TO_CODE', 'R4 婚姻状况', 2],
      ['FLAT_ID_FROM_CERTIFICATE', '公民身份号码', 1],
    ].sort((a, b) => rowOfFirst(a[0] as string) - rowOfFirst(b[0] as string)));
    expect(rows.cells.byCode).toEqual({ 'warning:FLAT_ID_FROM_CERTIFICATE': 1, 'error:FLAT_SCIENTIFIC_NOTATION': 1 });
    expect(rows.cells).toMatchObject({ unreadable: 1, rowsWithUnreadable: 1, recovered: 1, unreadableCells: 'keep' });
    expect(rows.normalised).toBe(4);
    expect(report.normalisations?.map((n) => n.code).sort()).toEqual(['FLAT_EXCEL_SERIAL_DATE', 'FLAT_ID_FROM_CERTIFICATE', 'FLAT_LABEL_TO_CODE']);
    // The report counts the person with the broken 户主身份证号 as a record with an error at that item.
    expect(report.counts).toMatchObject({ read: 80, unreadable: 2 });
    const householder = report.examples.FORM_RESIDENT_ID_INVALID ?? [];
    expect(householder.map((e) => [e.index, e.message.startsWith('户主身份证号：')])).toEqual([[persons.indexOf(mangledHouseholder), true]]);
    // The recovered, the relabelled and the serial-date persons are as clean as they were written.
    const flagged = new Set(Object.values(report.examples).flatMap((list) => list.map((e) => e.index)));
    for (const p of [serialDate, married, divorced, mangledId]) expect(flagged.has(persons.indexOf(p)), p.name as string).toBe(false);
  });

  it('stderr says what was recovered and what was not read, with row and column, and shows no full ID', async () => {
    const r = await canji(dir, 'check', 'messy.csv', '--as-of', AS_OF, '--out', 'messy.json', '--fail-on', 'never', '-q');
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('读取 80 行 = 处理 78 行 + 拒收 2 行');
    expect(r.stderr).toContain('单元格：由其他列恢复 1 个；无法读取 1 个（在 1 行中，按原样保留，在校验结果中按问题报告）');
    expect(r.stderr).toContain(`第 ${rowNumberOf(mangledId)} 行（列“公民身份号码”） FLAT_ID_FROM_CERTIFICATE：公民身份号码“4.30121E+17”无法读取`);
    expect(r.stderr).toContain(`第 ${rowNumberOf(mangledHouseholder)} 行（列“户主身份证号”） FLAT_SCIENTIFIC_NOTATION`);
    for (const p of persons) expect(r.stderr).not.toContain(p.resident_id as string);
  });

  it('two worker threads read and count the cells as one thread does', async () => {
    const one = await checkFile(join(dir, 'messy.csv'), { asOf: AS_OF });
    const two = await checkFile(join(dir, 'messy.csv'), { asOf: AS_OF, workers: 2 });
    expect(two.rows).toEqual(one.rows);
    delete (one.report.meta as { generatedAt?: string }).generatedAt;
    delete (two.report.meta as { generatedAt?: string }).generatedAt;
    expect(two.report).toEqual(one.report);
  }, 30_000);
});

describe('cell-level rejection (canji indicators, canji deid)', () => {
  it('the persons with a broken cell count in the indicators, the cell itself left out', async () => {
    // --unsuppressed: compared count for count with the library (publication output hides small cells).
    const r = await canji(dir, 'indicators', 'messy.csv', '--as-of', AS_OF, '--unsuppressed', '--out', 'ind.json', '-q');
    // Findings (an unreadable cell, rejected rows): exit 1.
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('无法读取 1 个（在 1 行中，未采用，按未填写处理）');
    const read = persons.filter((p) => p !== noIdentity && p !== shifted).map((p) => (p === mangledHouseholder ? { ...p, householder_id: undefined } : p));
    const expected = computeIndicators(read, { asOf: AS_OF });
    const got = JSON.parse(readFileSync(join(dir, 'ind.json'), 'utf8')) as IndicatorResult;
    const totals = (res: IndicatorResult) => res.rows.filter((row) => row.by.length === 0).map((row) => [row.indicator, row.numerator, row.denominator, row.missing]);
    expect(totals(got)).toEqual(totals(expected));
  });

  it('an unreadable cell never reaches a de-identified extract', async () => {
    const r = await canji(dir, 'deid', 'messy.csv', '--as-of', AS_OF, '--k', '2', '--max-suppression', '0.9', '--out', 'deid.jsonl', '-q');
    expect(r.stderr).toContain('读取 80 行 = 处理 78 行 + 拒收 2 行');
    expect(readFileSync(join(dir, 'deid.jsonl'), 'utf8')).not.toContain('4.30121E+17');
  });
});

describe('caption rows above the header', () => {
  it('HeaderFinder skips a row of two or three captions (填报单位：…, 单位：人), not a header', () => {
    const f = new HeaderFinder<number>();
    expect(f.push(1, ['某县残疾人动态更新数据表（合成数据）', '', ''], 1)).toBeUndefined();
    expect(f.push(2, ['填报单位：某县残联（合成数据）', '', '单位：人'], 2)).toBeUndefined();
    expect(f.push(3, ['姓名', '公民身份号码', 'R3 户口性质'], 3)).toMatchObject({
      rowNumber: 3,
      titles: [
        { rowNumber: 1, text: '某县残疾人动态更新数据表（合成数据）' },
        { rowNumber: 2, text: '填报单位：某县残联（合成数据） 单位：人' },
      ],
    });
    // Two-column headers, and headers that carry a colon after an item number, stay headers.
    expect(new HeaderFinder<number>().push(1, ['name', 'resident_id'], 1)?.rowNumber).toBe(1);
    expect(new HeaderFinder<number>().push(1, ['R3：户口性质', 'R4：婚姻状况'], 1)?.rowNumber).toBe(1);
  });

  it('a file with a unit row above the header is read, and the skipped rows are said', async () => {
    const blank = ','.repeat(keys.length - 1);
    const body = persons.filter((p) => p !== shifted && p !== noIdentity).map((p) => csvLine(cells(p))).join('');
    writeFileSync(join(dir, 'unit-row.csv'), `填报单位：某县残联（合成数据）,,,单位：人${blank.slice(3)}\r\n` + csvLine(labels) + body);
    const r = await canji(dir, 'check', 'unit-row.csv', '--as-of', AS_OF, '--out', 'unit-row.json', '--fail-on', 'never', '-q');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('提示：表头前的标题行已跳过：第 1 行“填报单位：某县残联（合成数据） 单位：人”');
    expect(r.stderr).toContain('读取 78 行 = 处理 78 行 + 拒收 0 行');
  });
});

describe('a batch whose only identity column is R2 残疾人证号 (GBK, Chinese headers)', () => {
  const county = persons.filter((p) => typeof p.certificate_no === 'string').slice(0, 7);
  const noId = keys.map((k, i) => [k, labels[i]!] as const).filter(([k]) => k !== 'resident_id');

  beforeAll(() => {
    const text = csvLine(noId.map(([, l]) => l)) + county.map((p) => csvLine(noId.map(([k]) => toFlatRow(p)[k] ?? ''))).join('');
    expect(text).not.toContain('公民身份号码');
    writeFileSync(join(dir, 'county-gbk.csv'), iconv.encode(text, 'gbk'));
    writeFileSync(join(dir, 'county-with-id.csv'), csvLine(labels) + county.map((p) => csvLine(cells(p))).join(''));
  });

  it('is read: each ID is the certificate number’s first 18 characters, said in a notice and counted', async () => {
    let stderr = '';
    const io: CliIo = { stdout: () => {}, stderr: (t) => void (stderr += t), isTTY: false, cwd: dir };
    const reader = await readPersonRecords(io, join(dir, 'county-gbk.csv'), { quiet: true, label: '校验', requiredKeys: ['resident_id'] });
    const records: Record<string, unknown>[] = [];
    await reader.forEach((item) => void ('record' in item && records.push(item.record)));
    expect(records.map((r) => r.resident_id)).toEqual(county.map((p) => p.resident_id));
    expect(records.map((r) => r.name)).toEqual(county.map((p) => p.name));
    expect(stderr).toContain('提示：表头没有公民身份号码列，各行的身份证号取残疾人证号（列“R2 残疾人证号”）的前 18 位');
    expect(reader.stats).toMatchObject({ read: 7, processed: 7, rejected: 0, normalised: 7, cells: { unreadable: 0, recovered: 0 } });
    expect(reader.stats.normalisations.map((n) => [n.code, n.column, n.count])).toEqual([['FLAT_ID_FROM_CERTIFICATE', 'R2 残疾人证号', 7]]);
  });

  it('canji check reads it (it refused it with 表头缺少必需的列：resident_id, exit 2) and finds what the full file would', async () => {
    const r = await canji(dir, 'check', 'county-gbk.csv', '--as-of', AS_OF, '--out', 'county.json', '--fail-on', 'never');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toContain('INPUT_HEADER_MISSING');
    expect(r.stderr).toContain('读取 7 行 = 处理 7 行 + 拒收 0 行');
    const report = JSON.parse(readFileSync(join(dir, 'county.json'), 'utf8'));
    const withId = (await checkFile(join(dir, 'county-with-id.csv'), { asOf: AS_OF })).report;
    expect(report.counts).toEqual(withId.counts);
    expect(report.counts).toMatchObject({ read: 7, unreadable: 0 });
    const byRule = (rep: { rules: { id: string; records: number }[] }) => rep.rules.filter((x) => x.records > 0).map((x) => [x.id, x.records]);
    expect(byRule(report)).toEqual(byRule(withId));
  });
});

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flatColumns, toFlatRow } from '@canji/form';
import { synthesizePersons, type SynthPersonRecord } from '@canji/synth';
import { HeaderFinder } from '../src/header-finder.js';
import { canji, removeTempDirs, tempDir } from './helpers.js';

afterAll(removeTempDirs);

describe('HeaderFinder', () => {
  it('skips leading title rows (one filled cell) when a wider row follows', () => {
    const f = new HeaderFinder<number>();
    expect(f.push(1, ['某县2023年残疾人基本服务状况和需求信息数据动态更新表', '', ''], 1)).toBeUndefined();
    expect(f.push(2, ['', '', '单位：人'], 2)).toBeUndefined();
    expect(f.push(4, ['姓名', '公民身份号码', ''], 4)).toEqual({
      rowNumber: 4,
      cells: ['姓名', '公民身份号码', ''],
      titles: [
        { rowNumber: 1, text: '某县2023年残疾人基本服务状况和需求信息数据动态更新表' },
        { rowNumber: 2, text: '单位：人' },
      ],
      replay: [],
    });
  });

  it('keeps the first row of a one-column file as its header, and its other rows as data', () => {
    const f = new HeaderFinder<number>();
    // Up to five narrow rows might be titles; the sixth decides.
    for (let i = 1; i <= 5; i++) expect(f.push(i, [i === 1 ? 'resident_id' : `43012119800101000${i}`], i)).toBeUndefined();
    const found = f.push(6, ['430121198001010006'], 6)!;
    expect(found.cells).toEqual(['resident_id']);
    expect(found.titles).toEqual([]);
    expect(found.replay.map((r) => r.rowNumber)).toEqual([2, 3, 4, 5, 6]);
    const short = new HeaderFinder<number>();
    short.push(1, ['resident_id'], 1);
    short.push(2, ['430121198001010001'], 2);
    expect(short.finish()).toMatchObject({ rowNumber: 1, cells: ['resident_id'], replay: [{ rowNumber: 2, raw: 2 }] });
  });
});

// Files as offices export them: a title and a unit line above the header.
const dir = tempDir();
let persons: SynthPersonRecord[];
const TITLE = '某县2023年残疾人基本服务状况和需求信息数据动态更新表（合成数据）';
const csvCell = (c: string) => (/[",\n]/.test(c) ? `"${c.replaceAll('"', '""')}"` : c);

beforeAll(async () => {
  persons = [...synthesizePersons({ seed: 31, count: 400, region: '430121' })];
  const keys = flatColumns();
  const labels = flatColumns({ headers: 'label' });
  const body = persons.map((p) => {
    const flat = toFlatRow(p);
    return keys.map((k) => csvCell(flat[k] ?? '')).join(',');
  });
  const blank = ','.repeat(keys.length - 1);
  writeFileSync(join(dir, 'plain.csv'), [labels.map(csvCell).join(','), ...body].join('\r\n') + '\r\n');
  writeFileSync(join(dir, 'titled.csv'), [`${TITLE}${blank}`, `${blank.slice(1)},单位：人`, blank, labels.map(csvCell).join(','), ...body].join('\r\n') + '\r\n');
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('动态1表');
  ws.addRow([TITLE]);
  ws.mergeCells(1, 1, 1, 10);
  ws.addRow([]);
  ws.addRow(labels);
  for (const p of persons) {
    const flat = toFlatRow(p);
    ws.addRow(keys.map((k) => flat[k] ?? null));
  }
  await wb.xlsx.writeFile(join(dir, 'titled.xlsx'));
}, 60_000);

async function check(file: string, ...extra: string[]) {
  const r = await canji(dir, 'check', file, '--out', `${file}.json`, '--fail-on', 'never', '-q', ...extra);
  expect(r.code, r.stderr).toBe(0);
  const report = JSON.parse(readFileSync(join(dir, `${file}.json`), 'utf8'));
  delete report.meta.generatedAt;
  delete report.meta.input; // each file's own name and SHA-256
  return { stderr: r.stderr, report };
}

describe('canji check with title rows above the header', () => {
  it('skips them, says so, and reads the file like one without them (CSV, XLSX, with workers)', async () => {
    const plain = await check('plain.csv');
    expect(plain.stderr).not.toContain('标题行');
    for (const [file, extra] of [['titled.csv', []], ['titled.csv', ['--workers', '2']], ['titled.xlsx', []]] as const) {
      const got = await check(file, ...extra);
      expect(got.stderr, file).toContain(`提示：表头前的标题行已跳过：第 1 行“${TITLE}”`);
      expect(got.stderr, file).toContain('读取 400 行 = 处理 400 行 + 拒收 0 行');
      expect(got.report, `${file} ${extra.join(' ')}`).toEqual(plain.report);
    }
    expect((await check('titled.csv')).stderr).toContain('第 2 行“单位：人”');
  }, 60_000);
});

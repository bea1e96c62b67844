/**
 * `canji audit sample | compare` end to end: a synthetic batch, the re-visit list opened with
 * exceljs as a clerk opens it (typed cells, masked IDs), the design JSON, reproducibility, a re-visit
 * file with discrepancies planted in one township, and 复核结果 read back.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { flatColumns, toFlatRow } from '@canji/form';
import { synthesizePersons, writeCsv } from '@canji/synth';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canji, removeTempDirs, tempDir } from './helpers.js';

type Rec = Record<string, unknown>;
let dir: string;
const batch: Rec[] = [...synthesizePersons({ seed: 4, count: 1500, region: '430121' })] as Rec[];

async function writeRecords(path: string, records: Rec[], keys?: string[]): Promise<void> {
  const all = flatColumns({ version: '2017', headers: 'machine' });
  const columns = (keys ?? all).map((key) => ({ key, header: key }));
  await writeCsv(records, path, { columns, toRow: (r) => toFlatRow(r, { version: '2017' }) });
}

async function open(path: string): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  return wb;
}

/** Rows of a sheet below its header row (the row whose first cell is `first`), as arrays of cells. */
function table(ws: ExcelJS.Worksheet, first: string): ExcelJS.Cell[][] {
  let header = 0;
  ws.eachRow((row, n) => {
    if (!header && row.getCell(1).value === first) header = n;
  });
  const out: ExcelJS.Cell[][] = [];
  for (let n = header + 1; n <= ws.rowCount; n++) {
    const row = ws.getRow(n);
    if (row.getCell(1).value === null || row.getCell(1).value === undefined) continue;
    const cells: ExcelJS.Cell[] = [];
    for (let c = 1; c <= ws.columnCount; c++) cells.push(row.getCell(c));
    out.push(cells);
  }
  return out;
}

beforeAll(async () => {
  dir = tempDir();
  await writeRecords(join(dir, 'batch.csv'), batch);
});
afterAll(removeTempDirs);

describe('canji audit sample', () => {
  it('writes the re-visit list with masked IDs and the design beside it, the same for the same seed', async () => {
    const r = await canji(dir, 'audit', 'sample', 'batch.csv', '--seed', '7', '--rate', '0.02', '--by', 'township', '--out', '复核名单.xlsx', '-q');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('复核名单');
    const design = JSON.parse(readFileSync(join(dir, '复核名单.抽样设计.json'), 'utf8'));
    expect(design).toMatchObject({ seed: 7, prng: 'mulberry32', method: 'stratified', by: 'township', size: { rate: 0.02 }, records: 1500 });
    for (const s of design.strata) expect(s.realised).toBe(Math.min(s.requested, s.population));
    const wb = await open(join(dir, '复核名单.xlsx'));
    const rows = table(wb.getWorksheet('复核名单')!, '序号');
    expect(rows.length).toBe(design.realised);
    const ids = new Set(batch.map((p) => p.resident_id as string));
    for (const row of rows) {
      const id = row[6]!;
      expect(id.type).toBe(ExcelJS.ValueType.String);
      expect(String(id.value)).toMatch(/\*/);
      expect(ids.has(String(id.value))).toBe(false);
      expect(row[1]!.type).toBe(ExcelJS.ValueType.Number); // row number in the batch
    }
    // Row numbers in the list are those of the design; the sampled persons are the batch's rows.
    expect(rows.map((x) => x[1]!.value)).toEqual(design.sample.map((s: { row: number }) => s.row));
    // Same seed → the same design, byte for byte; another seed → another sample.
    await canji(dir, 'audit', 'sample', 'batch.csv', '--seed', '7', '--rate', '0.02', '--out', 'again.xlsx', '-q');
    expect(readFileSync(join(dir, 'again.抽样设计.json'), 'utf8').replace('"batch.csv"', '')).toBe(readFileSync(join(dir, '复核名单.抽样设计.json'), 'utf8').replace('"batch.csv"', ''));
    await canji(dir, 'audit', 'sample', 'batch.csv', '--seed', '8', '--rate', '0.02', '--out', 'other.xlsx', '-q');
    expect(JSON.parse(readFileSync(join(dir, 'other.抽样设计.json'), 'utf8')).sample).not.toEqual(design.sample);
  });

  it('shows full IDs only with --full-ids; samples by collector or simply', async () => {
    const r = await canji(dir, 'audit', 'sample', 'batch.csv', '--seed', '1', '--count', '2', '--by', 'collector', '--full-ids', '--out', 'full.xlsx', '-q');
    expect(r.code, r.stderr).toBe(0);
    const rows = table((await open(join(dir, 'full.xlsx'))).getWorksheet('复核名单')!, '序号');
    const ids = new Set(batch.map((p) => p.resident_id as string));
    expect(rows.every((x) => ids.has(String(x[6]!.value)))).toBe(true);
    const simple = await canji(dir, 'audit', 'sample', 'batch.csv', '--seed', '1', '--count', '25', '--by', 'none', '--out', 'simple.xlsx', '-q');
    expect(simple.code).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'simple.抽样设计.json'), 'utf8'))).toMatchObject({ method: 'simple', realised: 25 });
  });

  it('usage errors exit with 2', async () => {
    expect((await canji(dir, 'audit', 'sample', 'batch.csv', '--rate', '0.02', '--out', 'x.xlsx', '-q')).code).toBe(2);
    expect((await canji(dir, 'audit', 'sample', 'batch.csv', '--seed', '1', '--rate', '0.02', '--count', '3', '--out', 'x.xlsx', '-q')).code).toBe(2);
    expect((await canji(dir, 'audit', 'sample', 'batch.csv', '--seed', '1', '--rate', '0.02', '--out', 'x.csv', '-q')).code).toBe(2);
    expect((await canji(dir, 'audit', 'sample', 'batch.csv', '--seed', '-3', '--rate', '0.02', '--out', 'x.xlsx', '-q')).stderr).toContain('AUDIT_SEED_INVALID');
    expect((await canji(dir, 'audit', 'sample', 'batch.csv', '--seed', '1', '--rate', '0.02', '--by', 'street', '--out', 'x.xlsx', '-q')).code).toBe(2);
  });
});

describe('canji audit compare', () => {
  it('fails the township whose answers differ, passes the others, and lists the records to re-collect', async () => {
    const design = JSON.parse(readFileSync(join(dir, '复核名单.抽样设计.json'), 'utf8'));
    const sampled: Rec[] = design.sample.map((s: { row: number }) => batch[s.row - 2]!);
    const bad = String(sampled[0]!.region_code).slice(0, 9);
    // The re-visit: same answers, except education and employment in one township.
    const revisit = sampled.map((p) => (String(p.region_code).startsWith(bad) ? { ...p, r13: p.r13 === 1 ? 2 : 1, r16: p.r16 === 1 ? 2 : 1, disability_level: p.disability_level } : p));
    await writeRecords(join(dir, 'revisit.csv'), revisit, ['resident_id', 'disability_category', 'disability_level', 'r3', 'r13', 'r16']);
    const r = await canji(dir, 'audit', 'compare', 'batch.csv', 'revisit.csv', '--threshold', '0.05', '--out', '复核结果.xlsx', '-q');
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toContain(`匹配 ${sampled.length} 人`);
    const wb = await open(join(dir, '复核结果.xlsx'));
    const verdicts = table(wb.getWorksheet('验收结论')!, '单位类别');
    const townships = verdicts.filter((x) => x[0]!.value === '乡镇（街道）');
    expect(townships.length).toBe(new Set(sampled.map((p) => String(p.region_code).slice(0, 9))).size);
    for (const t of townships) expect(t[9]!.value, String(t[1]!.value)).toBe(String(t[1]!.value).includes(bad) ? '验收不合格' : '验收合格');
    const rate = townships.find((t) => String(t[1]!.value).includes(bad))![6]!;
    expect(rate.type).toBe(ExcelJS.ValueType.Number);
    expect(rate.numFmt).toContain('%');
    const details = table(wb.getWorksheet('差异明细')!, '原文件行号');
    expect(details.length).toBeGreaterThan(0);
    for (const d of details) expect(String(d[1]!.value)).toMatch(/\*/);
    const recollect = table(wb.getWorksheet('需重新采集')!, '原文件行号');
    const inBad = batch.filter((p) => String(p.region_code).startsWith(bad)).length;
    expect(recollect.length).toBeGreaterThanOrEqual(inBad);
    expect(wb.getWorksheet('采集员情况')!.rowCount).toBeGreaterThan(10);
  });

  it('passes everybody (exit 0) when the re-visit agrees', async () => {
    const design = JSON.parse(readFileSync(join(dir, '复核名单.抽样设计.json'), 'utf8'));
    const sampled: Rec[] = design.sample.map((s: { row: number }) => batch[s.row - 2]!);
    await writeRecords(join(dir, 'same.csv'), sampled, ['resident_id', 'disability_level', 'r13', 'r16']);
    const r = await canji(dir, 'audit', 'compare', 'batch.csv', 'same.csv', '--out', 'ok.xlsx', '-q');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('验收不合格 0 个单位');
  });
});

/**
 * `canji release` (issue 20 item 4): an indicator table with small counts goes out only with an
 * approval; the released workbook hides small cells and every cell they could be recomputed from
 * (checked here by an attacker working from the released file alone); the release record holds the
 * approval, the parameters, the input's SHA-256 and counts only; nothing is written when a check fails.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { indicatorRelations, type IndicatorResult } from '@canji/indicators';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canji, removeTempDirs, tempDir } from './helpers.js';

afterAll(removeTempDirs);
const dir = tempDir();
const APPROVAL = { approver: '王某（县残联理事长）', approvalNo: '宁残联〔2026〕12号', date: '2026-11-20', audience: 'public' };
const IND = ['--indicator', 'family-doctor-contract-rate', '--indicator', 'employment-rate'];
let internal: IndicatorResult;

beforeAll(async () => {
  expect((await canji(dir, 'synth', '--count', '700', '--region', '430121', '--seed', '21', '--out', 'p.csv', '-q')).code).toBe(0);
  expect((await canji(dir, 'indicators', 'p.csv', '--as-of', '2019-06-30', '--by', 'township,sex', '--unsuppressed', '--out', 'internal.json', '-q')).code).toBe(0);
  expect((await canji(dir, 'indicators', 'p.csv', '--as-of', '2019-06-30', '--by', 'township,sex', '--out', 'published.json', '-q')).code).toBe(0);
  internal = JSON.parse(readFileSync(join(dir, 'internal.json'), 'utf8'));
  writeFileSync(join(dir, 'approval.json'), JSON.stringify(APPROVAL));
  writeFileSync(join(dir, 'approval-internal.json'), JSON.stringify({ ...APPROVAL, audience: 'internal' }));
  writeFileSync(join(dir, 'approval-bad.json'), JSON.stringify({ ...APPROVAL, approvalNo: '' }));
});

async function readSheet(path: string) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  const ws = wb.worksheets[0]!;
  let header = 0;
  ws.eachRow((row, n) => void (!header && row.getCell(1).value === '指标编号' && (header = n)));
  const rows: ExcelJS.Row[] = [];
  for (let n = header + 1; n <= ws.rowCount; n++) if (ws.getRow(n).getCell(1).value) rows.push(ws.getRow(n));
  return { ws, header, rows };
}

describe('canji release', () => {
  it('writes the released workbook and its record; hidden rows show no counts; the record holds counts only', async () => {
    const r = await canji(dir, 'release', 'internal.json', '--approval', 'approval.json', '--audience', 'public', ...IND, '--released-on', '2026-12-01', '-o', '发布表.xlsx');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('发布审核通过');
    const { ws, header, rows } = await readSheet(join(dir, '发布表.xlsx'));
    expect(ws.getRow(header).values).toEqual([undefined, '指标编号', '指标', '分组', '分子', '分母', '未答', '值', '95%区间下限', '95%区间上限', '说明']);
    expect(String(ws.getRow(2).getCell(1).value)).toContain('宁残联〔2026〕12号');
    const ours = internal.rows.filter((x) => x.indicator === 'family-doctor-contract-rate' || x.indicator === 'employment-rate');
    expect(rows).toHaveLength(ours.length);
    const hidden = rows.filter((row) => row.getCell(10).value === '已抑制');
    expect(hidden.length).toBeGreaterThan(0);
    for (const row of hidden) for (let c = 4; c <= 9; c++) expect(row.getCell(c).value ?? null).toBeNull();
    for (const row of rows) if (row.getCell(10).value !== '已抑制') expect(row.getCell(4).type).toBe(ExcelJS.ValueType.Number);

    const rec = JSON.parse(readFileSync(join(dir, '发布表.xlsx.release.json'), 'utf8'));
    expect(rec).toMatchObject({ kind: 'canji-release-record', approval: APPROVAL, audience: 'public', releasedOn: '2026-12-01', audit: { method: 'exact-lp', passed: true }, suppression: { threshold: 5, protection: 5 } });
    expect(rec.input.sha256).toBe(createHash('sha256').update(readFileSync(join(dir, 'internal.json'))).digest('hex'));
    expect(rec.output.sha256).toBe(createHash('sha256').update(readFileSync(join(dir, '发布表.xlsx'))).digest('hex'));
    expect(rec.canjiVersion).toMatch(/^\d+\.\d+\.\d+/);
    const h = rec.suppression.hidden;
    expect(h.primary + h.secondary + h.linked + h.protection).toBe(hidden.length);
    expect(JSON.stringify(rec)).not.toMatch(/"(numerator|denominator|rows)":\s*\[/);
  });

  it('an attacker with the released CSV and the roll-up structure recomputes no hidden count', async () => {
    const r = await canji(dir, 'release', 'internal.json', '--approval', 'approval.json', '--audience', 'public', ...IND, '--min-cell', '5', '-o', 'released.csv');
    expect(r.code, r.stderr).toBe(0);
    const csv = parse(readFileSync(join(dir, 'released.csv'), 'utf8').replace(/^\uFEFF/, ''), { columns: true }) as Record<string, string>[];
    const ours: IndicatorResult = { ...internal, rows: internal.rows.filter((x) => x.indicator === 'family-doctor-contract-rate' || x.indicator === 'employment-rate') };
    expect(csv).toHaveLength(ours.rows.length);
    const relations = indicatorRelations(ours); // the structure is public: region roll-ups and the sex breakdown
    let hiddenSmall = 0;
    for (const measure of ['分子', '分母'] as const) {
      const pub = csv.map((row) => (row['说明'] === '已抑制' ? undefined : Number(row[measure])));
      const lo = pub.map((v) => v ?? 0);
      const hi = pub.map((v) => v ?? Infinity);
      for (let pass = 0, changed = true; changed && pass < 500; pass++) {
        changed = false;
        for (const rel of relations) {
          const sLo = rel.parts.reduce((s, p) => s + lo[p]!, 0);
          const sHi = rel.parts.reduce((s, p) => s + hi[p]!, 0);
          const set = (i: number, l: number, u: number) => {
            if (l > lo[i]!) { lo[i] = l; changed = true; }
            if (u < hi[i]!) { hi[i] = u; changed = true; }
          };
          set(rel.total, sLo, sHi);
          for (const p of rel.parts) set(p, lo[rel.total]! - (sHi - hi[p]!), hi[rel.total]! - (sLo - lo[p]!));
        }
      }
      ours.rows.forEach((row, i) => {
        if (pub[i] !== undefined) return;
        const truth = measure === '分子' ? row.numerator : row.denominator;
        if (truth === 0) return;
        if (truth < 5) hiddenSmall++;
        expect(hi[i]! - lo[i]!, `row ${i} ${measure}`).toBeGreaterThanOrEqual(5);
      });
    }
    expect(hiddenSmall).toBeGreaterThan(0); // the table did have small counts to protect
    // and every published count is ≥ 5 or 0
    for (const row of csv) if (row['说明'] !== '已抑制') for (const m of ['分子', '分母']) expect(Number(row[m]) === 0 || Number(row[m]) >= 5).toBe(true);
  });

  it('refuses a release wider than approved, an invalid approval and a suppressed input — writing nothing', async () => {
    const wide = await canji(dir, 'release', 'internal.json', '--approval', 'approval-internal.json', '--audience', 'public', '-o', 'x1.csv');
    expect(wide.code).toBe(2);
    expect(wide.stderr).toContain('RELEASE_AUDIENCE_NOT_APPROVED');
    expect(wide.stderr).toContain('只批准内部使用');
    const bad = await canji(dir, 'release', 'internal.json', '--approval', 'approval-bad.json', '--audience', 'public', '-o', 'x2.csv');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('批准文号');
    const sup = await canji(dir, 'release', 'published.json', '--approval', 'approval.json', '--audience', 'public', '-o', 'x3.csv');
    expect(sup.code).toBe(2);
    expect(sup.stderr).toContain('RELEASE_INPUT_SUPPRESSED');
    const early = await canji(dir, 'release', 'internal.json', '--approval', 'approval.json', '--audience', 'public', '--released-on', '2026-11-01', '-o', 'x4.csv');
    expect(early.code).toBe(2);
    expect(early.stderr).toContain('RELEASE_APPROVAL_DATE');
    for (const f of ['x1.csv', 'x2.csv', 'x3.csv', 'x4.csv']) {
      expect(existsSync(join(dir, f))).toBe(false);
      expect(existsSync(join(dir, `${f}.release.json`))).toBe(false);
    }
  });
});

/**
 * `canji review init | submit | approve | return | status` end to end: a prefecture's counties
 * submit synthetic batches and are approved up to 市级复核, the status tree and its counts, a
 * batch changed after approval shown as 已失效 with both hashes, `--strict`, refused transitions
 * with their codes and exit code 2, and the DuckDB store configured on the first submission.
 */
import { appendFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { flatColumns, toFlatRow } from '@canji/form';
import { descendantsOf } from '@canji/regions';
import { openReviewStore } from '@canji/review';
import { synthesizePersons, writeCsv } from '@canji/synth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canji, removeTempDirs, tempDir } from './helpers.js';

const counties = descendantsOf('4301', 'county').map((r) => r.code);
const at = '2019-10-10T10:00:00+08:00';
let dir: string;

async function writeBatch(path: string, county: string, seed: number): Promise<void> {
  const records = [...synthesizePersons({ seed, count: 20, region: county })] as Record<string, unknown>[];
  const columns = flatColumns({ version: '2017', headers: 'machine' }).map((key) => ({ key, header: key }));
  await writeCsv(records, path, { columns, toRow: (r) => toFlatRow(r, { version: '2017' }) });
}

beforeAll(async () => {
  dir = tempDir();
  for (const [i, c] of counties.entries()) await writeBatch(join(dir, `${c}.csv`), c, i + 1);
  await writeBatch(join(dir, '4301.csv'), '430121', 99);
});
afterAll(removeTempDirs);

const db = ['--db', 'review.jsonl', '--round', '2019', '--at', at];

describe('canji review (file store)', () => {
  it('walks a prefecture up to 市级已复核, shows the tree, and flags a batch changed afterwards', async () => {
    let r = await canji(dir, 'review', 'init', ...db, '--top', '4301', '--levels', 'county,prefecture', '--by', '长沙市残联');
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`已配置 2019 轮审核：顶层单位 4301 长沙市，层级 县级 → 市级，共 ${counties.length + 1} 个单位`);

    r = await canji(dir, 'review', 'submit', ...db, '--unit', counties[0]!, '--batch', `${counties[0]}.csv`, '--by', '张三');
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/已报送（第 2 条记录，张三，2019-10-10T10:00:00\+08:00）\n {2}批次 SHA-256：[0-9a-f]{64}\n {2}现状态：已提交/);
    // The prefecture cannot approve before every county below it is 市级已复核.
    await canji(dir, 'review', 'submit', ...db, '--unit', '4301', '--batch', '4301.csv', '--by', '长沙市');
    r = await canji(dir, 'review', 'approve', ...db, '--unit', '4301', '--level', 'prefecture', '--by', '王五');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('错误 [REVIEW_BELOW_NOT_APPROVED]：单位 4301 之下尚有单位未达到“市级已复核”');

    for (const c of counties) {
      if (c !== counties[0]) expect((await canji(dir, 'review', 'submit', ...db, '--unit', c, '--batch', `${c}.csv`, '--by', '报送人')).code).toBe(0);
      expect((await canji(dir, 'review', 'approve', ...db, '--unit', c, '--level', 'county', '--by', '县残联')).code).toBe(0);
    }
    r = await canji(dir, 'review', 'status', ...db);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`共 ${counties.length + 1} 个单位：已提交（待市级审核） 1，县级已审核 ${counties.length}`);
    expect((await canji(dir, 'review', 'status', ...db, '--strict')).code).toBe(1);

    for (const c of counties) expect((await canji(dir, 'review', 'approve', ...db, '--unit', c, '--level', 'prefecture', '--by', '市残联 王五')).code).toBe(0);
    r = await canji(dir, 'review', 'approve', ...db, '--unit', '4301', '--level', 'prefecture', '--by', '市残联 王五');
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('4301 长沙市：市级已审核通过');
    r = await canji(dir, 'review', 'status', ...db, '--strict');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('2019 轮审核状态：4301 长沙市（层级：县级 → 市级）');
    expect(r.stdout).toContain(`  ${counties[0]} `);
    expect(r.stdout).toContain(`共 ${counties.length + 1} 个单位：市级已复核 ${counties.length + 1}`);

    // A county's batch changes after approval: its approval and the prefecture's are void.
    const before = JSON.parse((await canji(dir, 'review', 'status', ...db, '--json')).stdout);
    const approvedHash = before.units.find((u: { unit: string }) => u.unit === counties[1]).approvals.at(-1).hash;
    appendFileSync(join(dir, `${counties[1]}.csv`), '\n');
    r = await canji(dir, 'review', 'status', ...db, '--strict');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`${counties[1]} `);
    expect(r.stdout).toContain('已失效：数据已变更');
    expect(r.stdout).toContain(`审核时 SHA-256：${approvedHash}`);
    expect(r.stdout).toMatch(/现在 {3}SHA-256：[0-9a-f]{64}/);
    expect(r.stdout).toContain(`4301 长沙市  已失效：下级数据已变更`);
    expect(r.stdout).toContain(`下级单位 ${counties[1]} 的数据已变更`);
    const json = JSON.parse((await canji(dir, 'review', 'status', ...db, '--json')).stdout);
    expect(json.complete).toBe(false);
    expect(json.invalidated).toBe(2);
    expect(json.counts).toEqual({ 市级已复核: counties.length - 1, '已失效：数据已变更': 1, '已失效：下级数据已变更': 1 });
    expect(json.units.find((u: { unit: string }) => u.unit === counties[1]).invalidated).toMatchObject({ reason: 'BATCH_CHANGED', approvedHash });
    // --no-verify trusts the log (and says so).
    r = await canji(dir, 'review', 'status', ...db, '--no-verify', '--strict');
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('--no-verify');

    // Sending back goes top down: the prefecture first, then the county; the county submits again.
    r = await canji(dir, 'review', 'return', ...db, '--unit', counties[1]!, '--level', 'prefecture', '--by', '王五', '--reason', '数据已变更');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('[REVIEW_ABOVE_APPROVED]');
    expect((await canji(dir, 'review', 'return', ...db, '--unit', '4301', '--level', 'prefecture', '--by', '王五', '--reason', '下级数据变更，重新汇总')).code).toBe(0);
    r = await canji(dir, 'review', 'return', ...db, '--unit', counties[1]!, '--level', 'prefecture', '--by', '王五', '--reason', '数据已变更');
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('  原因：数据已变更');
    expect((await canji(dir, 'review', 'submit', ...db, '--unit', counties[1]!, '--batch', `${counties[1]}.csv`, '--by', '报送人')).code).toBe(0);
    r = await canji(dir, 'review', 'status', ...db, '--unit', counties[1]!);
    expect(r.stdout).toContain('已提交（待县级审核）');
    expect(r.stdout).toContain('共 1 个单位');

    // Every accepted command is one line of the log, who and when included.
    const lines = readFileSync(join(dir, 'review.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.at(-1)).toMatchObject({ kind: 'submit', unit: counties[1], by: '报送人', at });
    expect(lines.filter((l) => l.kind === 'approve')).toHaveLength(counties.length * 2 + 1);
  });

  it('refuses illegal transitions and bad options with exit code 2, logging nothing', async () => {
    const d = tempDir();
    await writeBatch(join(d, 'a.csv'), '430121', 5);
    const opts = ['--db', 'r.jsonl', '--round', '2019', '--at', at];
    expect((await canji(d, 'review', 'submit', ...opts, '--unit', '430121', '--batch', 'a.csv', '--by', '张三', '--top', '4301', '--levels', 'county,prefecture')).code).toBe(0);
    const size = readFileSync(join(d, 'r.jsonl'), 'utf8').length;
    const cases: [string[], string][] = [
      [['approve', ...opts, '--unit', '430121', '--level', 'prefecture', '--by', 'x'], 'REVIEW_OUT_OF_ORDER'],
      [['approve', ...opts, '--unit', '430104', '--level', 'county', '--by', 'x'], 'REVIEW_NOT_SUBMITTED'],
      [['approve', ...opts, '--unit', '430121', '--level', 'county', '--by', 'x', '--batch', '4301.csv'], 'REVIEW_BATCH_UNREADABLE'],
      [['approve', ...opts, '--unit', '430121', '--level', 'province', '--by', 'x'], 'REVIEW_LEVEL_UNKNOWN'],
      [['submit', ...opts, '--unit', '440103', '--batch', 'a.csv', '--by', 'x'], 'REVIEW_UNIT_UNKNOWN'],
      [['submit', ...opts, '--unit', '4301x', '--batch', 'a.csv', '--by', 'x'], 'USAGE_REVIEW_UNIT'],
      [['status', '--db', 'r.jsonl', '--round', '2020'], 'REVIEW_ROUND_UNKNOWN'],
      [['init', ...opts, '--top', '43', '--levels', 'province,county'], 'USAGE_REVIEW_LEVELS'],
      [['submit', ...opts, '--unit', '430121', '--batch', 'a.csv', '--by', 'x', '--at', 'yesterday'], 'USAGE_REVIEW_AT'],
    ];
    for (const [argv, code] of cases) {
      const r = await canji(d, 'review', ...argv);
      expect([r.code, r.stderr]).toEqual([2, expect.stringContaining(`[${code}]`)]);
    }
    const noReason = await canji(d, 'review', 'return', ...opts, '--unit', '430121', '--level', 'county', '--by', 'x');
    expect(noReason.code).toBe(2);
    expect(noReason.stderr).toContain('--reason');
    // The batch changed between submission and approval.
    appendFileSync(join(d, 'a.csv'), '\n');
    const changed = await canji(d, 'review', 'approve', ...opts, '--unit', '430121', '--level', 'county', '--by', 'x');
    expect(changed.code).toBe(2);
    expect(changed.stderr).toContain('[REVIEW_BATCH_CHANGED]');
    expect(readFileSync(join(d, 'r.jsonl'), 'utf8').length).toBe(size);
  });
});

describe('canji review (DuckDB store)', () => {
  it('configures the province on the first submission, in a DuckDB database file', async () => {
    const d = tempDir();
    await writeBatch(join(d, 'cs.csv'), '430121', 7);
    const opts = ['--db', '湖南省.duckdb', '--round', '2019', '--at', at];
    let r = await canji(d, 'review', 'submit', ...opts, '--unit', '430121', '--batch', 'cs.csv', '--by', '张三');
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/已配置 2019 轮审核：顶层单位 43 湖南省，层级 县级 → 市级 → 省级，共 \d+ 个单位/);
    expect((await canji(d, 'review', 'approve', ...opts, '--unit', '430121', '--level', 'county', '--by', '李四', '--json')).code).toBe(0);
    r = await canji(d, 'review', 'status', ...opts, '--unit', '4301', '--json');
    const s = JSON.parse(r.stdout);
    expect(s.top).toBe('4301');
    expect(s.units.find((u: { unit: string }) => u.unit === '430121')).toMatchObject({ label: '县级已审核', awaiting: 'prefecture', finalLevel: 'province', name: '长沙县' });
    expect(s.counts['未提交']).toBe(s.units.length - 1);
    // --with-below: all or none.
    await writeBatch(join(d, 'csh.csv'), '430121', 8);
    expect((await canji(d, 'review', 'submit', ...opts, '--unit', '4301', '--batch', 'csh.csv', '--by', '长沙市')).code).toBe(0);
    r = await canji(d, 'review', 'approve', ...opts, '--unit', '4301', '--level', 'prefecture', '--by', '长沙市残联', '--with-below');
    // 长沙市's other county-level units have not submitted: nothing is approved, not even 长沙县.
    expect([r.code, r.stdout, r.stderr]).toEqual([2, '', expect.stringContaining('[REVIEW_BELOW_NOT_APPROVED]')]);
    r = await canji(d, 'review', 'approve', ...opts, '--unit', '430121', '--level', 'prefecture', '--by', '长沙市残联', '--with-below');
    expect([r.code, r.stderr]).toEqual([0, expect.stringContaining('市级审核通过 1 个单位（长沙市残联，2019-10-10T10:00:00+08:00）：\n  430121 长沙县  SHA-256 ')]);
    const store = await openReviewStore(join(d, '湖南省.duckdb'));
    expect((await store.events('2019')).map((e) => e.kind)).toEqual(['configure', 'submit', 'approve', 'submit', 'approve']);
    await store.close();
  });
});

/**
 * Review states by example: the path of a county's data up to 省级终审, each refusal with its
 * stable code, configurable levels (乡镇 added, 市级 dropped), the lock and its invalidation, the
 * log's chain and the stores.
 */
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  approveUnit,
  approveWithBelow,
  configureReview,
  DEFAULT_REVIEW_LEVELS,
  hashBatchFile,
  openReviewStore,
  REVIEW_ERROR_CODES,
  returnUnit,
  reviewConfigFromRegions,
  reviewLevels,
  reviewState,
  reviewStatus,
  ReviewError,
  submitUnit,
  type ReviewStore,
} from '../src/states/index.js';

const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'canji-review-'));
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const at = '2019-10-10T10:00:00+08:00';
const round = '2019';
const H = (c: string) => c.repeat(64);
/** A small province: 长沙市 with 长沙县 and 岳麓区, 株洲市 with 芦淞区. */
const config = { top: '43', levels: DEFAULT_REVIEW_LEVELS, units: ['43', '4301', '430121', '430104', '4302', '430203'] };

async function refused(p: Promise<unknown>): Promise<ReviewError> {
  const e = await p.then(() => undefined, (x: unknown) => x);
  expect(e).toBeInstanceOf(ReviewError);
  return e as ReviewError;
}

async function fresh(kind: 'file' | 'duckdb' = 'file'): Promise<ReviewStore> {
  const store = await openReviewStore(join(tempDir(), kind === 'file' ? 'review.jsonl' : 'register.duckdb'));
  await configureReview(store, { round, by: '湖南省残联', at, config });
  return store;
}

describe('the path of a unit up the levels', () => {
  it('未提交 → 已提交 → 县级已审核 → 市级已复核 → 省级已终审, each approval with its approver and hash', async () => {
    const store = await fresh();
    const labels: string[] = [];
    const label = async () => labels.push((await reviewStatus(store, round))!.units.find((u) => u.unit === '430121')!.label);
    await label();
    await submitUnit(store, { round, unit: '430121', by: '长沙县 张三', at, hash: H('a'), batch: '长沙县.csv' });
    await label();
    await approveUnit(store, { round, unit: '430121', level: 'county', by: '长沙县残联 李四', at, hash: H('a') });
    await label();
    await approveUnit(store, { round, unit: '430121', level: 'prefecture', by: '长沙市残联 王五', at, hash: H('a') });
    await label();
    await approveUnit(store, { round, unit: '430121', level: 'province', by: '省残联 赵六', at, hash: H('a') });
    await label();
    expect(labels).toEqual(['未提交', '已提交（待县级审核）', '县级已审核', '市级已复核', '省级已终审']);
    const u = (await reviewState(store, round))!.units.get('430121')!;
    expect(u.approvals.map((a) => [a.level, a.by, a.hash])).toEqual([
      ['county', '长沙县残联 李四', H('a')],
      ['prefecture', '长沙市残联 王五', H('a')],
      ['province', '省残联 赵六', H('a')],
    ]);
    expect(u.submitted).toMatchObject({ by: '长沙县 张三', hash: H('a'), batch: '长沙县.csv' });
    await store.close();
  });

  it('a prefecture is approved only after every county below it is (下一级合格方可申报上一级)', async () => {
    const store = await fresh();
    await submitUnit(store, { round, unit: '4301', by: '长沙市', at, hash: H('c') });
    await submitUnit(store, { round, unit: '430121', by: '长沙县', at, hash: H('a') });
    await approveUnit(store, { round, unit: '430121', level: 'county', by: '县', at, hash: H('a') });
    await approveUnit(store, { round, unit: '430121', level: 'prefecture', by: '市', at, hash: H('a') });
    const e = await refused(approveUnit(store, { round, unit: '4301', level: 'prefecture', by: '市', at, hash: H('c') }));
    expect(e.code).toBe('REVIEW_BELOW_NOT_APPROVED');
    expect(e.units).toEqual(['430104']);
    expect(e.message).toBe('单位 4301 之下尚有单位未达到“市级已复核”：430104（下一级合格方可申报上一级）');
    await submitUnit(store, { round, unit: '430104', by: '岳麓区', at, hash: H('b') });
    await approveUnit(store, { round, unit: '430104', level: 'county', by: '县', at, hash: H('b') });
    // 县级已审核 is not enough for the prefecture's 市级 approval: 市级已复核 or above is.
    expect((await refused(approveUnit(store, { round, unit: '4301', level: 'prefecture', by: '市', at, hash: H('c') }))).units).toEqual(['430104']);
    await approveUnit(store, { round, unit: '430104', level: 'prefecture', by: '市', at, hash: H('b') });
    await approveUnit(store, { round, unit: '4301', level: 'prefecture', by: '市', at, hash: H('c') });
    expect((await reviewStatus(store, round))!.units.find((u) => u.unit === '4301')!.label).toBe('市级已复核');
    await store.close();
  });

  it('refuses every illegal transition with a stable code and a zh-CN message, and logs none of them', async () => {
    const store = await fresh();
    const before = (await store.events()).length;
    const codes = [
      (await refused(approveUnit(store, { round, unit: '430121', level: 'county', by: 'x', at, hash: H('a') }))).code,
      (await refused(submitUnit(store, { round, unit: '439999', by: 'x', at, hash: H('a') }))).code,
      (await refused(submitUnit(store, { round, unit: '430121', by: 'x', at, hash: 'abc' }))).code,
      (await refused(submitUnit(store, { round, unit: '430121', by: '', at, hash: H('a') }))).code,
      (await refused(submitUnit(store, { round: '2020', unit: '430121', by: 'x', at, hash: H('a') }))).code,
      (await refused(returnUnit(store, { round, unit: '430121', level: 'county', by: 'x', at, reason: '错' }))).code,
      (await refused(configureReview(store, { round, by: 'x', at, config }))).code,
    ];
    expect(codes).toEqual(['REVIEW_NOT_SUBMITTED', 'REVIEW_UNIT_UNKNOWN', 'REVIEW_COMMAND_INVALID', 'REVIEW_COMMAND_INVALID', 'REVIEW_ROUND_UNKNOWN', 'REVIEW_NOTHING_TO_RETURN', 'REVIEW_ROUND_CONFIGURED']);
    await submitUnit(store, { round, unit: '430121', by: 'x', at, hash: H('a') });
    const more = [
      (await refused(approveUnit(store, { round, unit: '430121', level: 'prefecture', by: 'x', at, hash: H('a') }))).code,
      (await refused(approveUnit(store, { round, unit: '430121', level: 'township', by: 'x', at, hash: H('a') }))).code,
      (await refused(approveUnit(store, { round, unit: '4301', level: 'county', by: 'x', at, hash: H('a') }))).code,
      (await refused(approveUnit(store, { round, unit: '430121', level: 'county', by: 'x', at, hash: H('b') }))).code,
      (await refused(returnUnit(store, { round, unit: '430121', level: 'county', by: 'x', at, reason: '  ' }))).code,
      (await refused(returnUnit(store, { round, unit: '430121', level: 'province', by: 'x', at, reason: '错' }))).code,
    ];
    expect(more).toEqual(['REVIEW_OUT_OF_ORDER', 'REVIEW_LEVEL_UNKNOWN', 'REVIEW_LEVEL_NOT_APPLICABLE', 'REVIEW_BATCH_CHANGED', 'REVIEW_REASON_REQUIRED', 'REVIEW_RETURN_LEVEL']);
    await approveUnit(store, { round, unit: '430121', level: 'county', by: 'x', at, hash: H('a') });
    expect((await refused(submitUnit(store, { round, unit: '430121', by: 'x', at, hash: H('b') }))).code).toBe('REVIEW_SUBMIT_APPROVED');
    expect((await refused(approveUnit(store, { round, unit: '430121', level: 'county', by: 'x', at, hash: H('a') }))).code).toBe('REVIEW_OUT_OF_ORDER');
    expect((await store.events()).length).toBe(before + 2);
    await store.close();
  });

  it('退回 needs a reason, sends the unit back to submit again, and is refused while a unit above relies on it', async () => {
    const store = await fresh();
    await submitUnit(store, { round, unit: '430203', by: '芦淞区', at, hash: H('a') });
    await approveUnit(store, { round, unit: '430203', level: 'county', by: '县', at, hash: H('a') });
    await approveUnit(store, { round, unit: '430203', level: 'prefecture', by: '市', at, hash: H('a') });
    await submitUnit(store, { round, unit: '4302', by: '株洲市', at, hash: H('b') });
    await approveUnit(store, { round, unit: '4302', level: 'prefecture', by: '市', at, hash: H('b') });
    const e = await refused(returnUnit(store, { round, unit: '430203', level: 'province', by: '省', at, reason: '入户调查率不足' }));
    expect(e.code).toBe('REVIEW_ABOVE_APPROVED');
    expect(e.units).toEqual(['4302']);
    await returnUnit(store, { round, unit: '4302', level: 'prefecture', by: '市', at, reason: '汇总表与县级数据不符' });
    await returnUnit(store, { round, unit: '430203', level: 'province', by: '省', at, reason: '入户调查率不足' });
    const s = (await reviewStatus(store, round))!.units.find((u) => u.unit === '430203')!;
    expect(s.label).toBe('省级退回');
    expect(s.returned).toMatchObject({ level: 'province', by: '省', reason: '入户调查率不足' });
    expect(s.approvals).toEqual([]);
    await submitUnit(store, { round, unit: '430203', by: '芦淞区', at, hash: H('c') });
    expect((await reviewStatus(store, round))!.units.find((u) => u.unit === '430203')!.label).toBe('已提交（待县级审核）');
    await store.close();
  });
});

describe('approving a unit with the units below it', () => {
  it('the province approves 长沙市 and its counties in one command, deepest first; all or none', async () => {
    const store = await fresh('duckdb');
    const hashes: Record<string, string> = { '4301': H('c'), '430121': H('a'), '430104': H('b') };
    for (const u of ['430121', '430104', '4301']) await submitUnit(store, { round, unit: u, by: '报送', at, hash: hashes[u]! });
    for (const u of ['430121', '430104']) await approveUnit(store, { round, unit: u, level: 'county', by: '县', at, hash: hashes[u]! });
    const r = await approveWithBelow(store, { round, unit: '4301', level: 'prefecture', by: '市', at, hashOf: async (u) => hashes[u]! });
    expect(r.events.map((e) => [e.unit, e.level, e.hash])).toEqual([
      ['430104', 'prefecture', H('b')],
      ['430121', 'prefecture', H('a')],
      ['4301', 'prefecture', H('c')],
    ]);
    const n = (await store.events()).length;
    // One batch changed: nothing is written.
    const e = await refused(approveWithBelow(store, { round, unit: '4301', level: 'province', by: '省', at, hashOf: async (u) => (u === '430104' ? H('e') : hashes[u]!) }));
    expect([e.code, e.units]).toEqual(['REVIEW_BATCH_CHANGED', ['430104']]);
    expect((await store.events()).length).toBe(n);
    await approveWithBelow(store, { round, unit: '4301', level: 'province', by: '省', at, hashOf: async (u) => hashes[u]! });
    expect((await reviewStatus(store, round))!.units.filter((u) => u.unit.startsWith('4301')).map((u) => u.label)).toEqual(['省级已终审', '省级已终审', '省级已终审']);
    await store.close();
  });
});

describe('levels as data', () => {
  it('a province with a 乡镇 level: townships are reviewed by 乡镇级 first, the county waits for them', async () => {
    const levels = reviewLevels(['township', 'county', 'prefecture', 'province'])!;
    const store = await openReviewStore(join(tempDir(), 'r.jsonl'));
    await configureReview(store, { round, by: 'x', at, config: { top: '43', levels, units: ['43', '4301', '430121', '430121001', '430121002'] } });
    await submitUnit(store, { round, unit: '430121001', by: '星沙街道', at, hash: H('a') });
    expect((await reviewStatus(store, round))!.units.find((u) => u.unit === '430121001')!.label).toBe('已提交（待乡镇级审核）');
    await approveUnit(store, { round, unit: '430121001', level: 'township', by: '街道', at, hash: H('a') });
    await submitUnit(store, { round, unit: '430121', by: '长沙县', at, hash: H('c') });
    expect((await refused(approveUnit(store, { round, unit: '430121', level: 'county', by: '县', at, hash: H('c') }))).units).toEqual(['430121001', '430121002']);
    // The county's own data starts at 县级 (乡镇级 does not review a county).
    expect((await refused(approveUnit(store, { round, unit: '430121', level: 'township', by: '县', at, hash: H('c') }))).code).toBe('REVIEW_LEVEL_NOT_APPLICABLE');
    await store.close();
  });

  it('a municipality without 市级: its districts go straight from 县级 to 省级 (北京市 from the region table)', async () => {
    const levels = reviewLevels(['county', 'province'])!;
    const c = reviewConfigFromRegions('11', { levels });
    expect(c.units[0]).toBe('11');
    expect(c.units.every((u) => u === '11' || u.length === 6)).toBe(true);
    expect(c.names?.['110101']).toBe('东城区');
    const store = await openReviewStore(join(tempDir(), 'bj.duckdb'));
    await configureReview(store, { round, by: '北京市残联', at, config: c });
    await submitUnit(store, { round, unit: '110101', by: '东城区', at, hash: H('a') });
    await approveUnit(store, { round, unit: '110101', level: 'county', by: '东城区残联', at, hash: H('a') });
    expect((await reviewStatus(store, round))!.units.find((u) => u.unit === '110101')).toMatchObject({ label: '县级已审核', awaiting: 'province' });
    expect((await refused(approveUnit(store, { round, unit: '110101', level: 'prefecture', by: 'x', at, hash: H('a') }))).code).toBe('REVIEW_LEVEL_UNKNOWN');
    await store.close();
  });

  it('the default config of a province: the province, its prefectures and counties from the region table', () => {
    const c = reviewConfigFromRegions('43');
    expect(c.units.filter((u) => u.length === 4)).toHaveLength(14);
    expect(c.units).toContain('430121');
    expect(c.levels.map((l) => l.approved)).toEqual(['县级已审核', '市级已复核', '省级已终审']);
    expect(() => reviewConfigFromRegions('99')).toThrow(ReviewError);
    expect(reviewLevels(['province', 'county'])).toBeUndefined();
    expect(reviewLevels(['county', 'city'])).toBeUndefined();
  });
});

describe('locking by content hash', () => {
  it('a changed batch invalidates the approval, with both hashes; the units above that relied on it too', async () => {
    const dir = tempDir();
    const file = join(dir, '长沙县2019.csv');
    writeFileSync(file, '姓名,身份证号\n测试甲,430121197107201566\n');
    const store = await openReviewStore(join(dir, 'review.jsonl'));
    await configureReview(store, { round, by: 'x', at, config: { top: '4301', levels: DEFAULT_REVIEW_LEVELS.slice(0, 2), units: ['4301', '430121'] } });
    const hash = await hashBatchFile(file);
    await submitUnit(store, { round, unit: '430121', by: '长沙县', at, hash, batch: file });
    await approveUnit(store, { round, unit: '430121', level: 'county', by: '县', at, hash });
    await approveUnit(store, { round, unit: '430121', level: 'prefecture', by: '市', at, hash });
    await submitUnit(store, { round, unit: '4301', by: '长沙市', at, hash: H('d') });
    await approveUnit(store, { round, unit: '4301', level: 'prefecture', by: '市', at, hash: H('d') });
    expect((await reviewStatus(store, round, { verifyFiles: true }))!.complete).toBe(true);
    appendFileSync(file, '测试乙,430121198001010012\n');
    const changed = await hashBatchFile(file);
    const status = (await reviewStatus(store, round, { verifyFiles: true }))!;
    const county = status.units.find((u) => u.unit === '430121')!;
    expect(county).toMatchObject({ label: '已失效：数据已变更', approved: false, state: 'approved', currentHash: changed });
    expect(county.invalidated).toEqual({ reason: 'BATCH_CHANGED', approvedHash: hash, currentHash: changed });
    expect(status.units.find((u) => u.unit === '4301')!.invalidated).toEqual({ reason: 'BELOW_INVALIDATED', units: ['430121'] });
    expect(status.counts).toEqual({ '已失效：数据已变更': 1, '已失效：下级数据已变更': 1 });
    expect(status.complete).toBe(false);
    // Without the file, the log alone still says approved: the status says what it checked.
    expect((await reviewStatus(store, round))!.units.find((u) => u.unit === '430121')!.approved).toBe(true);
    rmSync(file);
    expect((await reviewStatus(store, round, { verifyFiles: true }))!.units.find((u) => u.unit === '430121')!.invalidated).toEqual({ reason: 'BATCH_MISSING', approvedHash: hash, batch: file });
    await store.close();
  });

  it('hashBatchFile is the SHA-256 of the bytes (FIPS 180-2 vector "abc")', async () => {
    const f = join(tempDir(), 'abc.txt');
    writeFileSync(f, 'abc');
    expect(await hashBatchFile(f)).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect((await refused(hashBatchFile(join(tempDir(), 'missing.csv')))).code).toBe('REVIEW_BATCH_UNREADABLE');
  });
});

describe('the log and the stores', () => {
  it('every transition is one line of the JSONL log with who, when, hash and why; the state is recomputed from it', async () => {
    const dir = tempDir();
    const path = join(dir, 'review.jsonl');
    let store = await openReviewStore(path);
    await configureReview(store, { round, by: 'x', at, config });
    await submitUnit(store, { round, unit: '430121', by: '张三', at, hash: H('a') });
    await returnUnit(store, { round, unit: '430121', level: 'county', by: '李四', at, reason: '缺少 12 人的入户调查' });
    await store.close();
    const lines = readFileSync(path, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => [l.seq, l.kind, l.by, l.from, l.to])).toEqual([
      [1, 'configure', 'x', undefined, undefined],
      [2, 'submit', '张三', 'unsubmitted', 'submitted'],
      [3, 'return', '李四', 'submitted', 'returned'],
    ]);
    expect(lines[2]).toMatchObject({ at, level: 'county', reason: '缺少 12 人的入户调查' });
    store = await openReviewStore(path);
    expect((await reviewState(store, round))!.units.get('430121')!.state).toBe('returned');
    await store.close();
  });

  it('a changed line breaks the chain (REVIEW_LOG_CORRUPT); a torn last line is dropped', async () => {
    const dir = tempDir();
    const path = join(dir, 'review.jsonl');
    const store = await openReviewStore(path);
    await configureReview(store, { round, by: 'x', at, config });
    await submitUnit(store, { round, unit: '430121', by: '张三', at, hash: H('a') });
    await approveUnit(store, { round, unit: '430121', level: 'county', by: '李四', at, hash: H('a') });
    await store.close();
    const good = readFileSync(path, 'utf8');
    writeFileSync(path, good.replace('"by":"李四"', '"by":"王五"'));
    expect((await refused(openReviewStore(path))).code).toBe('REVIEW_LOG_CORRUPT');
    writeFileSync(path, good.split('\n').filter((_, i) => i !== 1).join('\n'));
    expect((await refused(openReviewStore(path))).code).toBe('REVIEW_LOG_CORRUPT');
    writeFileSync(path, `${good}{"seq":4,"round":"20`);
    const reopened = await openReviewStore(path);
    expect((await reopened.events()).length).toBe(3);
    await submitUnit(reopened, { round, unit: '430104', by: '岳麓区', at, hash: H('b') });
    await reopened.close();
    expect(readFileSync(path, 'utf8').trim().split('\n').map((l) => JSON.parse(l).seq)).toEqual([1, 2, 3, 4]);
  });

  it('one process at a time; a register directory keeps the log as review.jsonl; a DuckDB register file takes the tables beside its own', async () => {
    const dir = tempDir();
    const a = await openReviewStore(join(dir, 'x.jsonl'));
    expect((await refused(openReviewStore(join(dir, 'x.jsonl')))).code).toBe('REVIEW_STORE_LOCKED');
    await a.close();
    expect((await refused(a.events())).code).toBe('REVIEW_STORE_CLOSED');
    const reg = await openReviewStore(dir);
    expect(reg.path).toBe(join(dir, 'review.jsonl'));
    expect(reg.kind).toBe('file');
    await reg.close();
    // A register's DuckDB file: the review tables are added, the register still opens.
    const { openRegister } = await import('@canji/rounds');
    const dbPath = join(dir, '长沙县.duckdb');
    const register = await openRegister({ path: dbPath });
    await register.close();
    const db = await openReviewStore(dbPath);
    await configureReview(db, { round, by: 'x', at, config });
    await db.close();
    const again = await openRegister({ path: dbPath });
    await again.close();
    const db2 = await openReviewStore(dbPath);
    expect((await db2.events()).length).toBe(1);
    await db2.close();
    writeFileSync(join(dir, 'not.duckdb'), 'hello');
    expect((await refused(openReviewStore(join(dir, 'not.duckdb')))).code).toBe('REVIEW_STORE_MISMATCH');
    expect((await refused(openReviewStore(''))).code).toBe('REVIEW_STORE_PATH_INVALID');
  });

  it('the codes are the documented list', () => {
    expect(REVIEW_ERROR_CODES).toHaveLength(23);
    expect(new Set(REVIEW_ERROR_CODES).size).toBe(REVIEW_ERROR_CODES.length);
  });
});

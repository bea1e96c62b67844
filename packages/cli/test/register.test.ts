/**
 * `canji register load | apply | snapshot` end to end, on synthetic persons (@canji/synth): a batch
 * loaded as the base, an event file applied (counts on stdout, the conflicts and rejections in a
 * CSV with Chinese headers, exit code 1 for problems in the data), the same file again (all
 * duplicates), a snapshot written in the flat layout — and `canji check` reads the snapshot.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { toFlatRow } from '@canji/form';
import { synthesizePersons, synthesizeRounds, writePersonsCsv } from '@canji/synth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canji, removeTempDirs, tempDir } from './helpers.js';

type Rec = Record<string, unknown>;
afterAll(removeTempDirs);

const persons = [...synthesizePersons({ seed: 71, count: 200, region: '430121', asOf: '2019-06-30' })] as Rec[];
const cellOf = (v: unknown) => (v === undefined ? null : Array.isArray(v) ? v.join(',') : String(v));
const meta = (id: string, person: string, effective: string) => ({ id, person, effective, mode: 'window-service', source: 'window', collector: 'c01' });
const [a, b, c, d] = persons as [Rec, Rec, Rec, Rec];
const pid = (r: Rec) => r.resident_id as string;
const newcomer = ([...synthesizePersons({ seed: 72, count: 5, region: '430121', asOf: '2019-06-30' })] as Rec[]).find((p) => !persons.some((q) => pid(q) === pid(p)))!;
const EVENTS = [
  { ...meta('e1', pid(a), '2019-09-01'), op: 'set', item: 'r6', old: cellOf(a.r6), new: '13800001111' },
  { ...meta('e2', pid(b), '2019-09-02'), op: 'set', item: 'r6', old: '19900000000', new: '13800002222' },
  { ...meta('e3', pid(c), '2019-09-03'), op: 'set', item: 'r3', old: cellOf(c.r3), new: '9' },
  { ...meta('e4', pid(newcomer), '2019-10-01'), op: 'add', record: toFlatRow(newcomer) },
  { ...meta('e5', pid(d), '2019-11-01'), op: 'exit', reason: 'died' },
  { ...meta('e6', '110101190001011234', '2019-11-02'), op: 'set', item: 'r6', old: null, new: '1' },
  { ...meta('e1', pid(a), '2019-09-01'), op: 'set', item: 'r6', old: cellOf(a.r6), new: '13800001111' },
];

describe('canji register load → apply → snapshot → check', () => {
  let dir: string;
  beforeAll(async () => {
    dir = tempDir();
    await writePersonsCsv(persons, join(dir, 'batch.csv'));
    writeFileSync(join(dir, 'events.jsonl'), EVENTS.map((e) => JSON.stringify(e)).join('\n') + '\n{这一行不是 JSON\n');
  });

  it('loads the batch into a new register (a DuckDB file by default)', async () => {
    const r = await canji(dir, 'register', 'load', 'county.duckdb', 'batch.csv', '-q');
    expect(r.stderr).toContain('读取 200 行 = 处理 200 行 + 拒收 0 行');
    expect(r.stderr).toContain('登记库 county.duckdb（DuckDB，2017 版）：载入 200 人；基准日期 2019-06-30，来源“batch.csv”\n');
    expect(r.stdout).toBe('');
    expect(r.code).toBe(0);
    const again = await canji(dir, 'register', 'load', 'county.duckdb', 'batch.csv', '-q');
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('错误 [REGISTER_ALREADY_LOADED]');
  });

  it('applies the events: counts on stdout, the conflicts and rejections in a CSV for people, exit code 1', async () => {
    const r = await canji(dir, 'register', 'apply', 'county.duckdb', 'events.jsonl', '-q');
    expect(r.stderr).toContain('读取 8 个事件 = 应用 3 + 重复（已应用过，跳过）1 + 冲突未修改 1 + 拒收 3');
    expect(r.stderr).toContain('冲突与拒收（4 行）已写入 events.冲突与拒收.csv');
    expect(r.code).toBe(1);
    const text = readFileSync(join(dir, 'events.冲突与拒收.csv'), 'utf8');
    expect(text.startsWith('\uFEFF')).toBe(true);
    const rows = parse(text.slice(1), { columns: true }) as Record<string, string>[];
    expect(Object.keys(rows[0]!)).toEqual(['行号', '事件编号', '人员标识', '操作', '指标项', '类别', '代码', '事件中的原值', '登记库中的值', '新值', '说明']);
    expect(rows.map((x) => [x['行号'], x['事件编号'], x['类别'], x['代码']])).toEqual([
      ['2', 'e2', '冲突（未修改）', 'REGISTER_CONFLICT'],
      ['3', 'e3', '拒收', 'REGISTER_RECORD_INVALID'],
      ['6', 'e6', '拒收', 'REGISTER_PERSON_UNKNOWN'],
      ['8', '', '拒收', 'JSON_INVALID'],
    ]);
    expect(rows[0]).toMatchObject({ 指标项: 'r6', 事件中的原值: '19900000000', 登记库中的值: cellOf(b.r6) ?? '', 新值: '13800002222' });
    // Identifiers masked unless --full-ids.
    expect(rows[0]!['人员标识']).toMatch(/^430121\*+\d{3}[\dX]$/);
  });

  it('applying the same file again does nothing: every event is a duplicate', async () => {
    const r = await canji(dir, 'register', 'apply', 'county.duckdb', 'events.jsonl', '--issues', 'again.csv', '--full-ids', '-q');
    expect(r.stderr).toContain('读取 8 个事件 = 应用 0 + 重复（已应用过，跳过）7 + 冲突未修改 0 + 拒收 1');
    expect(r.code).toBe(1);
    expect(readFileSync(join(dir, 'again.csv'), 'utf8')).toContain('JSON_INVALID');
  });

  it('writes a snapshot as of a date in the flat layout, and canji check reads it', async () => {
    const before = await canji(dir, 'register', 'snapshot', 'county.duckdb', '--as-of', '2019-09-30', '--out', 'snap-sep.csv');
    expect(before.stderr).toContain('快照：200 人');
    const sep = parse(readFileSync(join(dir, 'snap-sep.csv'), 'utf8'), { columns: true }) as Record<string, string>[];
    expect(sep.find((x) => x.resident_id === pid(a))!.r6).toBe('13800001111');
    const r = await canji(dir, 'register', 'snapshot', 'county.duckdb', '--as-of', '2019-12-31', '--out', 'snap.csv');
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('快照：200 人（已退出的不含）'); // + the newcomer, − the exit
    const rows = parse(readFileSync(join(dir, 'snap.csv'), 'utf8'), { columns: true }) as Record<string, string>[];
    expect(rows.some((x) => x.resident_id === pid(newcomer))).toBe(true);
    expect(rows.some((x) => x.resident_id === pid(d))).toBe(false);
    const check = await canji(dir, 'check', 'snap.csv', '--out', 'report.json', '-q');
    expect(check.stderr).toContain('读取 200 行 = 处理 200 行 + 拒收 0 行');
    expect(check.code).toBe(0);
    const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8'));
    expect(report.counts).toMatchObject({ read: 200, withErrors: 0 });
  });

  it('says what is wrong with the command line or the register, exit code 2', async () => {
    const missing = await canji(dir, 'register', 'apply', 'nowhere.duckdb', 'events.jsonl');
    expect([missing.code, missing.stderr]).toEqual([2, '错误 [INPUT_NOT_FOUND]：找不到登记库“nowhere.duckdb”：请先用 canji register load 建立\n']);
    const date = await canji(dir, 'register', 'snapshot', 'county.duckdb', '--as-of', '2019-02-30', '--out', 'x.csv');
    expect([date.code, date.stderr]).toEqual([2, '错误 [USAGE_DATE]：--as-of 应为 YYYY-MM-DD 格式的有效日期（收到“2019-02-30”）\n']);
    const store = await canji(dir, 'register', 'snapshot', 'county.duckdb', '--store', 'file', '--as-of', '2019-12-31', '--out', 'x.csv');
    expect(store.code).toBe(2);
    expect(store.stderr).toContain('错误 [REGISTER_STORE_MISMATCH]');
  });
});

describe('canji register: one round of change events turns last round into this round (file store)', () => {
  it('round 0 loaded, round 1 events applied, the snapshot is round 1', async () => {
    const dir = tempDir();
    const [r0, r1] = synthesizeRounds({ seed: 5, count: 300, rounds: 2 });
    await writePersonsCsv(r0!.records, join(dir, 'round0.csv'));
    writeFileSync(join(dir, 'round1.jsonl'), r1!.events.map((e) => JSON.stringify(e)).join('\n') + '\n');
    expect((await canji(dir, 'register', 'load', 'reg', 'round0.csv', '--store', 'file', '-q')).code).toBe(0);
    const applied = await canji(dir, 'register', 'apply', 'reg', 'round1.jsonl', '--on-invalid', 'apply', '-q');
    expect(applied.stderr).toContain(`读取 ${r1!.events.length} 个事件 = 应用 ${r1!.events.length} + 重复（已应用过，跳过）0 + 冲突未修改 0 + 拒收 0`);
    expect(applied.code).toBe(0);
    expect((await canji(dir, 'register', 'snapshot', 'reg', '--as-of', '2099-12-31', '--out', 'snap.csv')).code).toBe(0);
    // The register after round 1: its batch, those not visited as they were, less the exits.
    const truth = new Map(r0!.records.map((r) => [r.resident_id as string, r]));
    for (const r of r1!.records) truth.set(r.resident_id as string, r);
    for (const e of r1!.events) if (e.op === 'exit') truth.delete(e.person);
    await writePersonsCsv([...truth.values()], join(dir, 'truth.csv'));
    const lines = (f: string) => readFileSync(join(dir, f), 'utf8').trimEnd().split(/\r?\n/).slice(1).sort();
    expect(lines('snap.csv')).toEqual(lines('truth.csv'));
    const check = await canji(dir, 'check', 'snap.csv', '--out', 'report.json', '-q');
    expect([0, 1]).toContain(check.code);
    expect(JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')).counts.read).toBe(truth.size);
  });
});

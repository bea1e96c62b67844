/**
 * The command line's conventions for pipelines across every command (issue 21 item 6): a command
 * whose result goes to files prints nothing on stdout (its summary and "已写入 …" lines are on
 * stderr); without an output file the result itself is on stdout and nothing for people is mixed
 * into it; `--json` is one line of JSON on stdout (indicators, deid, verify); `--sheet` and `-`
 * (stdin) reach every command that reads a batch; unknown regions and impossible dates are usage
 * errors with stable codes on every option that takes them; messages are zh-CN.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run, type CliIo } from '@canji/cli';
import { canji, removeTempDirs, tempDir, type RunResult } from './helpers.js';

const AS_OF = '2019-06-30';
const PERSONS = 120;
let dir: string;

/** Runs `canji` with `input` as its stdin. */
async function withStdin(input: Buffer, ...argv: string[]): Promise<RunResult> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), isTTY: false, cwd: dir, stdin: Readable.from([input]) };
  const code = await run(argv, io);
  return { code, stdout, stderr };
}

/** The one line of JSON a `--json` run writes on stdout. */
function jsonLine(r: RunResult): Record<string, any> {
  const lines = r.stdout.split('\n').filter(Boolean);
  expect(lines, r.stderr).toHaveLength(1);
  return JSON.parse(lines[0]!);
}

beforeAll(async () => {
  dir = tempDir();
  const ok = async (...argv: string[]) => {
    const r = await canji(dir, ...argv);
    expect(r.code, `${argv.join(' ')}\n${r.stderr}`).toBeLessThanOrEqual(1);
  };
  await ok('synth', '--count', String(PERSONS), '--seed', '11', '--departments', 'depts', '--out', 'p.csv', '-q');
  await ok('synth', '--count', String(PERSONS), '--seed', '12', '--as-of', '2018-06-30', '--out', 'p0.csv', '-q');
  await ok('synth', '--count', '5', '--seed', '13', '--out', 'five.xlsx', '-q');
  // A workbook whose data is on its second sheet: the first is a note without a header.
  const src = new ExcelJS.Workbook();
  await src.xlsx.readFile(join(dir, 'five.xlsx'));
  const rows: unknown[][] = [];
  src.worksheets[0]!.eachRow((row) => void rows.push((row.values as unknown[]).slice(1)));
  const two = new ExcelJS.Workbook();
  two.addWorksheet('说明').addRow(['本工作簿第二张表为登记数据']);
  const data = two.addWorksheet('登记表');
  for (const r of rows) data.addRow(r);
  await two.xlsx.writeFile(join(dir, 'two.xlsx'));
  await ok('check', 'p.csv', '--dept', 'education=depts/education.csv', '--discrepancies', 'lists', '--out', 'r.json', '-q');
  await ok('indicators', 'p.csv', '--as-of', AS_OF, '--indicators', 'household-visit-rate', '--unsuppressed', '--out', 'internal.json', '-q');
  writeFileSync(join(dir, 'approval.json'), JSON.stringify({ approver: '王某', approvalNo: '长残联〔2026〕1号', date: '2026-11-20', audience: 'internal' }));
}, 120_000);
afterAll(removeTempDirs);

describe('a command whose result goes to files prints nothing on stdout', () => {
  // [what, argv, a status line that must be on stderr]
  const cases: [string, string[], RegExp][] = [
    ['synth', ['synth', '--count', '5', '--out', 's.csv'], /已生成 5 条合成记录 → s\.csv/],
    ['check', ['check', 'p.csv', '--out', 'c.json', '-q'], /校验完成：120 条记录[\s\S]*报告已写入 c\.json/],
    ['indicators', ['indicators', 'p.csv', '--as-of', AS_OF, '--out', 'i.csv', '-q'], /指标已写入 i\.csv/],
    ['indicators --previous', ['indicators', 'p.csv', '--as-of', AS_OF, '--previous', 'p0.csv', '--out', 'y.csv', '-q'], /年度比较已写入 y\.csv/],
    ['deid', ['deid', 'p.csv', '--out', 'd.csv', '-q'], /去标识化完成[\s\S]*数据已写入 d\.csv/],
    ['schema', ['schema', '--out', 'schema.json'], /已写入 schema\.json/],
    ['sql', ['sql', '--out', 'rules.sql'], /已写入 rules\.sql/],
    ['register load', ['register', 'load', 'reg', 'p.csv', '--store', 'file', '-q'], /载入 120 人/],
    ['audit sample', ['audit', 'sample', 'p.csv', '--seed', '3', '--rate', '0.1', '--out', 'sample.xlsx', '-q'], /复核名单：从 120 条记录中抽取/],
    ['audit compare', ['audit', 'compare', 'p.csv', 'p.csv', '--out', 'cmp.xlsx', '-q'], /复核比对：匹配 120 人/],
    ['verify', ['verify', 'lists', '--out', 'vr'], /需更正 0 条，未结事项 \d+ 条[\s\S]*已写入 .*核实汇总\.xlsx/],
    ['services worklist', ['services', 'worklist', 'p.csv', '--out', 'wl', '-q'], /服务工作清单：/],
    ['services allocate', ['services', 'allocate', 'p.csv', '--out', 'alloc.xlsx', '-q'], /资源分配表：/],
    ['scorecard', ['scorecard', 'r.json', '--out', 'sc.xlsx'], /记分卡：1 个单位/],
    ['briefing', ['briefing', '--current', 'p.csv', '--previous', 'p0.csv', '--out', 'b.html', '-q'], /年度通报：2019年 120 人，2018年 120 人/],
    ['release', ['release', 'internal.json', '--approval', 'approval.json', '--audience', 'internal', '--out', 'rel.csv'], /发布审核通过[\s\S]*发布表已写入 rel\.csv/],
    ['package build', ['package', 'build', 'p.csv', '--region', '430121', '--as-of', AS_OF, '--no-pdf', '--no-zip', '--out', 'pkg', '-q'], /校验完成[\s\S]*上报包已写入 pkg/],
    ['review submit', ['review', 'submit', '--db', 'rv.jsonl', '--round', '2019', '--unit', '430121', '--batch', 'p.csv', '--by', '张三', '--at', '2019-10-10T10:00:00+08:00'], /430121 长沙县：已报送/],
  ];
  it.each(cases)('%s', async (_what, argv, status) => {
    const r = await canji(dir, ...argv);
    expect(r.code, r.stderr).toBeLessThanOrEqual(1);
    expect(r.stderr).toMatch(status);
    expect(r.stdout).toBe('');
  });

  it('register snapshot too', async () => {
    const r = await canji(dir, 'register', 'snapshot', 'reg', '--as-of', '2019-12-31', '--out', 'snap.csv');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('快照：120 人');
    expect(r.stdout).toBe('');
  });
});

describe('without an output file, stdout holds the result and nothing else', () => {
  it('indicators: the table on stdout; the form notice and the read summary on stderr', async () => {
    const r = await canji(dir, 'indicators', 'p.csv', '--as-of', AS_OF, '-q');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.startsWith(`# 指标（参照日期 ${AS_OF}，120 条记录）`)).toBe(true);
    expect(r.stdout).not.toMatch(/读取 \d+ 行|按 2017 版登记表读取/);
    expect(r.stderr).toContain('读取 120 行 = 处理 120 行 + 拒收 0 行');
  });

  it('check: the summary on stdout, the read summary on stderr', async () => {
    const r = await canji(dir, 'check', 'p.csv', '-q');
    expect(r.stdout).toMatch(/^校验完成：120 条记录/);
    expect(r.stdout).not.toContain('读取 120 行');
    expect(r.stderr).toContain('读取 120 行 = 处理 120 行 + 拒收 0 行');
  });

  it('indicators --out -: the table itself on stdout, the same as the file (CSV without the BOM); not with --json', async () => {
    const file = await canji(dir, 'indicators', 'p.csv', '--as-of', AS_OF, '--out', 'same.csv', '-q');
    expect(file.code, file.stderr).toBe(0);
    const piped = await canji(dir, 'indicators', 'p.csv', '--as-of', AS_OF, '--out', '-', '--out-format', 'csv', '-q');
    expect(piped.code, piped.stderr).toBe(0);
    expect(piped.stdout).toBe(readFileSync(join(dir, 'same.csv'), 'utf8').replace(/^\uFEFF/, ''));
    expect(piped.stderr).toContain('指标已写入 标准输出');
    const json = await canji(dir, 'indicators', 'p.csv', '--as-of', AS_OF, '--previous', 'p0.csv', '--out', '-', '--out-format', 'json', '-q');
    expect(JSON.parse(json.stdout).rounds).toHaveLength(2);
    const twice = await canji(dir, 'indicators', 'p.csv', '--as-of', AS_OF, '--out', '-', '--json');
    expect([twice.code, twice.stdout]).toEqual([2, '']);
    expect(twice.stderr).toContain('[USAGE_STDOUT_TWICE]');
  });

  it('schema, regions --json and sql: stdout parses as what it is; stderr is empty', async () => {
    const schema = await canji(dir, 'schema');
    expect(JSON.parse(schema.stdout).$schema).toMatch(/json-schema/);
    expect(schema.stderr).toBe('');
    const dash = await canji(dir, 'schema', '--out', '-');
    expect(dash.stdout).toBe(schema.stdout);
    expect(existsSync(join(dir, '-'))).toBe(false);
    const regions = await canji(dir, 'regions', '长沙县', '--json');
    expect(JSON.parse(regions.stdout)[0]).toMatchObject({ code: '430121' });
    expect(regions.stderr).toBe('');
    const sql = await canji(dir, 'sql');
    expect(sql.stdout.startsWith('-- canji ')).toBe(true);
  });

  it('review status and package verify: their result on stdout', async () => {
    const status = await canji(dir, 'review', 'status', '--db', 'rv.jsonl', '--round', '2019', '--unit', '430121');
    expect(status.stdout).toContain('430121 长沙县  已提交（待县级审核）');
    const verify = await canji(dir, 'package', 'verify', 'pkg');
    expect(verify.code, verify.stderr).toBe(0);
    expect(verify.stdout).toContain('核验通过');
  });
});

describe('--json: one line of JSON on stdout, the lines for people on stderr', () => {
  it('indicators: the grand totals are those of the table written, the files written and the exit code', async () => {
    const r = await canji(dir, 'indicators', 'p.csv', '--as-of', AS_OF, '--out', 'ind.json', '--json', '-q');
    const s = jsonLine(r);
    expect(s).toMatchObject({ tool: 'canji indicators', input: 'p.csv', formVersion: '2017', asOf: AS_OF, written: ['ind.json'], exitCode: r.code, exitMeaning: 'ok', checksOk: true });
    expect(s.records).toEqual({ read: PERSONS, processed: PERSONS, rejected: 0, unreadableCells: 0 });
    expect(r.stderr).toContain('指标已写入 ind.json');
    const table = JSON.parse(readFileSync(join(dir, 'ind.json'), 'utf8'));
    const totals = table.rows.filter((x: { by: string[] }) => x.by.length === 0);
    expect(s.totals.map((t: { indicator: string }) => t.indicator)).toEqual(totals.map((x: { indicator: string }) => x.indicator));
    for (const [i, t] of s.totals.entries()) {
      expect([t.numerator, t.denominator, t.value, t.suppressed], t.indicator).toEqual([totals[i].numerator, totals[i].denominator, totals[i].value, totals[i].suppressed]);
    }
    expect(s.totals.some((t: { suppressed: boolean }) => !t.suppressed)).toBe(true);
    expect(s.rows).toBe(table.rows.length);
    expect(s.suppression).toEqual({ threshold: 5, hiddenRows: table.suppression.hiddenRows });
  });

  it('indicators without --out: the JSON instead of the table; with --previous: both rounds', async () => {
    const r = await canji(dir, 'indicators', 'p.csv', '--as-of', AS_OF, '--json', '-q');
    expect(jsonLine(r).written).toEqual([]);
    const y = jsonLine(await canji(dir, 'indicators', 'p.csv', '--as-of', AS_OF, '--previous', 'p0.csv', '--json', '-q'));
    expect(y.rounds.map((x: { label: string; records: number }) => [x.label, x.records])).toEqual([['2018年', PERSONS], ['2019年', PERSONS]]);
    expect(y.persons.current).toBe(PERSONS);
    expect(y.rows.all).toBeGreaterThan(0);
  });

  it('deid: the records released are the rows of the file, k as written, the files named; no key in it', async () => {
    const r = await canji(dir, 'deid', 'p.csv', '--out', 'dj.csv', '--json', '-q');
    const s = jsonLine(r);
    expect(s).toMatchObject({ tool: 'canji deid', input: 'p.csv', k: 5, key: null, problem: null, exitCode: r.code });
    const lines = readFileSync(join(dir, 'dj.csv'), 'utf8').trim().split('\r\n');
    expect(s.records.released).toBe(lines.length - 1);
    expect(s.records.released + s.records.suppressed).toBe(PERSONS);
    expect(s.achievedK).toBeGreaterThanOrEqual(5);
    const meta = JSON.parse(readFileSync(join(dir, 'dj.csv.meta.json'), 'utf8'));
    expect([s.achievedK, s.records.released]).toEqual([meta.achievedK, meta.records.released]);
    expect(s.written).toEqual([{ kind: 'data', path: 'dj.csv' }, { kind: 'meta', path: 'dj.csv.meta.json' }]);
    expect(r.stderr).toContain('去标识化完成');
  });

  it('deid that cannot reach k: nothing written, the reason in the JSON, exit 1', async () => {
    const r = await canji(dir, 'deid', 'p.csv', '--out', 'no.csv', '--k', '1000', '--max-suppression', '0', '--json', '-q');
    expect(r.code).toBe(1);
    const s = jsonLine(r);
    expect(s).toMatchObject({ written: [], exitCode: 1, exitMeaning: 'problems-found' });
    expect(s.problem.code).toMatch(/^[A-Z_]+$/);
    expect(existsSync(join(dir, 'no.csv'))).toBe(false);
  });

  it('verify: the lists as sent, nothing answered yet — every item open, exit 1', async () => {
    const r = await canji(dir, 'verify', 'lists', '--out', 'vj', '--json');
    expect(r.code).toBe(1);
    const s = jsonLine(r);
    const manifest = JSON.parse(readFileSync(join(dir, 'lists', '清单.json'), 'utf8'));
    const listed = manifest.lists.reduce((n: number, l: { entries: unknown[] }) => n + l.entries.length, 0);
    expect(listed).toBeGreaterThan(0);
    expect(s).toMatchObject({ tool: 'canji verify', corrections: 0, open: listed, exitCode: 1, exitMeaning: 'problems-found' });
    expect(s.total).toMatchObject({ listed, answered: 0, unanswered: listed });
    expect(s.departments.map((d: { department: string }) => d.department)).toEqual(['education']);
    for (const f of s.written) expect(existsSync(f), f).toBe(true);
    expect(r.stderr).toContain('未结事项');
  });

  it('a usage error with --json: exit 2, stdout empty', async () => {
    const r = await canji(dir, 'indicators', 'p.csv', '--as-of', '2019-02-30', '--json');
    expect([r.code, r.stdout]).toEqual([2, '']);
  });
});

describe('--sheet reaches every command that reads a batch', () => {
  it.each([
    ['indicators', ['indicators', 'two.xlsx', '--as-of', AS_OF, '--json', '-q'], (r: RunResult) => expect(jsonLine(r).records.read).toBe(5)],
    ['deid', ['deid', 'two.xlsx', '--out', 'ds.csv', '--k', '1', '--json', '-q'], (r: RunResult) => expect(jsonLine(r).records.read).toBe(5)],
    ['register load', ['register', 'load', 'reg-sheet', 'two.xlsx', '--store', 'file', '-q'], (r: RunResult) => expect(r.stderr).toContain('载入 5 人')],
    ['audit sample', ['audit', 'sample', 'two.xlsx', '--seed', '1', '--count', '1', '--by', 'none', '--out', 'as.xlsx', '-q'], (r: RunResult) => expect(r.stderr).toContain('从 5 条记录中抽取')],
    ['services allocate', ['services', 'allocate', 'two.xlsx', '--out', 'al.xlsx', '-q'], (r: RunResult) => expect(r.stderr).toContain('读取 5 行 = 处理 5 行')],
  ] as const)('%s: the data sheet by name and by position; the note sheet alone has no header', async (_what, argv, expectRead) => {
    for (const sheet of ['登记表', '2']) {
      const r = await canji(dir, ...argv.map((a) => a.replace('reg-sheet', `reg-sheet-${sheet}`)), '--sheet', sheet);
      expect(r.code, r.stderr).toBeLessThanOrEqual(1);
      expectRead(r);
    }
    const first = await canji(dir, ...argv.map((a) => a.replace(/^(ds|as|al)\.(csv|xlsx)$/, 'first-$1.$2').replace('reg-sheet', 'reg-first')));
    expect(first.code).toBe(2);
    expect(first.stderr).toMatch(/\[INPUT_(HEADER_UNKNOWN|EMPTY|NO_ROWS)\]/);
  });

  it('a sheet the workbook does not have names the sheets it has', async () => {
    const r = await canji(dir, 'services', 'allocate', 'two.xlsx', '--sheet', '汇总', '--out', 'x.xlsx', '-q');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('[XLSX_SHEET_NOT_FOUND]');
    expect(r.stderr).toContain('1 说明、2 登记表');
  });
});

describe('- reads stdin on the commands that read a batch', () => {
  const csv = () => readFileSync(join(dir, 'p.csv'));

  it('services allocate - gives the same table as the file', async () => {
    const fromFile = await canji(dir, 'services', 'allocate', 'p.csv', '--out', 'a-file.xlsx', '-q');
    const fromStdin = await withStdin(csv(), 'services', 'allocate', '-', '--out', 'a-stdin.xlsx', '-q');
    expect(fromStdin.code, fromStdin.stderr).toBe(fromFile.code);
    const line = (r: RunResult, out: string) => r.stderr.split('\n').find((l) => l.startsWith('资源分配表：'))!.replace(out, 'OUT');
    expect(line(fromStdin, 'a-stdin.xlsx')).toBe(line(fromFile, 'a-file.xlsx'));
  });

  it('register load -, audit sample -, and an XLSX on stdin with --sheet', async () => {
    const reg = await withStdin(csv(), 'register', 'load', 'reg-stdin', '-', '--store', 'file', '-q');
    expect(reg.code, reg.stderr).toBe(0);
    expect(reg.stderr).toContain('载入 120 人');
    expect(reg.stderr).toContain('来源“标准输入.csv”');
    const sample = await withStdin(csv(), 'audit', 'sample', '-', '--seed', '3', '--rate', '0.1', '--out', 'sample-stdin.xlsx', '-q');
    expect(sample.code, sample.stderr).toBe(0);
    const x = await withStdin(readFileSync(join(dir, 'two.xlsx')), 'indicators', '-', '--sheet', '登记表', '--as-of', AS_OF, '--json', '-q');
    expect(jsonLine(x).records.read).toBe(5);
  });

  it('stdin is read once: two - are USAGE_STDIN_TWICE', async () => {
    const r = await withStdin(csv(), 'audit', 'compare', '-', '-', '--out', 'x.xlsx');
    expect([r.code, r.stdout]).toEqual([2, '']);
    expect(r.stderr).toContain('错误 [USAGE_STDIN_TWICE]');
  });
});

describe('usage errors for unknown regions and impossible dates on every command (exit 2, stable code, stdout empty)', () => {
  it.each([
    ['synth', '--count', '2', '--region', '999999', '--out', 'x.csv'],
    ['audit', 'training-cases', '--seed', '1', '--region', '999999', '--out', 'tc'],
    ['audit', 'supervision', 'p.csv', '--region', '999999', '--out', 'sv.xlsx'],
    ['package', 'build', 'p.csv', '--region', '999999', '--as-of', AS_OF, '--out', 'pk'],
  ])('unknown region: canji %s %s …', async (...argv) => {
    const r = await canji(dir, ...argv);
    expect([r.code, r.stdout]).toEqual([2, '']);
    expect(r.stderr).toMatch(/^错误 \[USAGE_REGION\]：.*999999/);
  });

  it.each([
    ['--as-of', ['package', 'build', 'p.csv', '--region', '430121', '--as-of', '2019-02-30', '--out', 'pk']],
    ['--as-of', ['register', 'load', 'reg-x', 'p.csv', '--as-of', '2019-02-30']],
    ['--as-of', ['briefing', '--current', 'p.csv', '--previous', 'p0.csv', '--as-of', '2019-02-30', '--out', 'b2.html']],
    ['--previous-as-of', ['briefing', '--current', 'p.csv', '--previous', 'p0.csv', '--previous-as-of', '2019-02-30', '--out', 'b2.html']],
    ['--issued-on', ['deid', 'p.csv', '--issued-on', '2019-02-30', '--out', 'd2.csv']],
    ['--released-on', ['release', 'internal.json', '--approval', 'approval.json', '--audience', 'internal', '--released-on', '2019-02-30', '--out', 'r2.csv']],
    ['--period', ['audit', 'compare', 'p.csv', 'p.csv', '--period', '2019-02-30..2019-03-31', '--out', 'c2.xlsx']],
    ['--period', ['audit', 'supervision', 'p.csv', '--region', '430121', '--period', '2019-02-01..2019-02-29', '--out', 's2.xlsx']],
  ])('impossible date in %s: canji %s', async (option, argv) => {
    const r = await canji(dir, ...argv);
    expect([r.code, r.stdout]).toEqual([2, '']);
    expect(r.stderr).toMatch(new RegExp(`^错误 \\[USAGE_DATE\\]：${option} 应为 YYYY-MM-DD 格式的有效日期（收到“2019-02-(30|29)”）`));
  });

  it('review --at with a day that does not exist (Date.parse would roll it over to 2 March)', async () => {
    const r = await canji(dir, 'review', 'submit', '--db', 'rv2.jsonl', '--round', '2019', '--unit', '430121', '--batch', 'p.csv', '--by', '张三', '--at', '2019-02-30T10:00:00+08:00');
    expect([r.code, r.stdout]).toEqual([2, '']);
    expect(r.stderr).toContain('错误 [USAGE_DATE]：--at 中的日期不存在');
    expect(existsSync(join(dir, 'rv2.jsonl'))).toBe(false);
  });
});

describe('messages are zh-CN', () => {
  const english = /\b(invalid|expected|unexpected|allowed|arguments?|choices|received|token|position)\b/i;

  it('commander: a value not among the choices, too many arguments, an unknown sub-command', async () => {
    const choice = await canji(dir, 'schema', '--format', 'xml');
    expect(choice.stderr).toContain('错误：选项的值无效：--format 不能取“xml”（可用 json-schema、markdown）');
    const extra = await canji(dir, 'regions', '长沙', '岳麓');
    expect(extra.stderr).toContain('错误：多余的参数：regions 只接受 1 个参数，收到 2 个');
    const sub = await canji(dir, 'review', 'approvee');
    expect(sub.stderr).toContain('错误：未知命令：review approvee（可用 init、submit、approve、return、status）');
    for (const r of [choice, extra, sub]) {
      expect(r.code).toBe(2);
      expect(r.stderr).not.toMatch(english);
    }
  });

  it('a file that is not JSON, a manifest zod refuses, a file that is not there', async () => {
    writeFileSync(join(dir, 'broken.json'), '{"approver": "王某",');
    const json = await canji(dir, 'release', 'internal.json', '--approval', 'broken.json', '--audience', 'internal', '--out', 'r3.csv');
    expect(json.stderr).toMatch(/^错误 \[INPUT_JSON\]：批准记录“broken\.json”不是有效的 JSON：JSON 格式有误（(第 \d+ 个字符附近|第 \d+ 行第 \d+ 列附近|内容不完整)）\n$/);
    const m = JSON.parse(readFileSync(join(dir, 'lists', '清单.json'), 'utf8'));
    writeFileSync(join(dir, 'lists', '清单-坏.json'), JSON.stringify({ ...m, version: 'x' }));
    const zod = await canji(dir, 'verify', 'lists', '--manifest', 'lists/清单-坏.json', '--out', 'vz');
    expect(zod.stderr).toMatch(/^错误 \[VERIFY_MANIFEST_INVALID\]：清单说明文件（清单\.json）格式不对：version：无效输入/);
    const missing = await canji(dir, 'services', 'worklist', 'p.csv', '--previous-actions', 'no-such.json', '--out', 'wl2', '-q');
    expect(missing.code).toBe(2);
    for (const r of [json, zod, missing]) {
      expect(r.code).toBe(2);
      expect(r.stderr).not.toMatch(english);
      expect(r.stderr).not.toMatch(/ENOENT|no such file/);
    }
  });
});

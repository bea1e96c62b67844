/**
 * `checkFile`: the main job of `canji check` as a library call — the command's report, returned
 * instead of printed, on one thread or with workers, with a local office's extra rules, and bad
 * input thrown as the command's typed errors.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkFile, CliError, writeReport, type CheckProgress } from '@canji/cli';
import { defineRule, type RecordRule } from '@canji/rules';
import { injectErrors, synthesizePersons, writePersonsCsv } from '@canji/synth';
import { canji, removeTempDirs, tempDir } from './helpers.js';

afterAll(removeTempDirs);

const dir = tempDir();
const AS_OF = '2023-06-30';
let lines: string[];

beforeAll(async () => {
  const r = await canji(dir, 'synth', '--count', '1200', '--region', '430121', '--seed', '9', '--errors', '0.05', '--departments', 'depts', '--headers', 'label', '--out', 'persons.csv', '-q');
  expect(r.code).toBe(0);
  // JSON Lines as another system exports them: a byte-order mark, CRLF, a broken first line.
  const persons = [...synthesizePersons({ seed: 10, count: 600, region: '430121', asOf: AS_OF })];
  const { records } = injectErrors(persons, { seed: 11, rate: 0.05, asOf: AS_OF });
  lines = ['{"resident_id": "4301', ...records.map((p) => JSON.stringify(p)), 'null', JSON.stringify(records[3])];
  writeFileSync(join(dir, 'persons.jsonl'), '\uFEFF' + lines.join('\r\n') + '\r\n');
  await writePersonsCsv(persons.slice(0, 50), join(dir, 'small.csv'));
}, 60_000);

// A local office's own rule, written as data (no function): it can go to worker threads.
const LOCAL_RULE = defineRule<RecordRule>({
  id: 'LOCAL_PHONE_MISSING',
  title: '未填写联系电话（本县要求）',
  severity: 'warning',
  scope: 'record',
  formVersions: '*',
  items: ['r6'],
  basis: { kind: 'data-quality', document: '某县残联 2023 年动态更新工作方案（测试）', certainty: 'official' },
  violation: { item: 'r6', present: false },
});

const options = { asOf: AS_OF, region: '430121', departments: { education: 'depts/education.csv', 'social-security': 'depts/social-security.csv' }, cwd: dir } as const;

describe('checkFile', () => {
  it('returns the report canji check writes, and says nothing itself', async () => {
    const cli = await canji(dir, 'check', 'persons.csv', '--as-of', AS_OF, '--region', '430121', '--dept', 'education=depts/education.csv', '--dept', 'social-security=depts/social-security.csv', '--out', 'cli.json', '-q', '--fail-on', 'never');
    expect(cli.code).toBe(0);
    const notices: string[] = [];
    const progress: CheckProgress[] = [];
    const { report, rows, departments } = await checkFile('persons.csv', { ...options, onNotice: (t) => notices.push(t), onProgress: (p) => progress.push(p) });
    await writeReport(report, join(dir, 'lib.json'));
    const strip = (t: string) => t.replace(/,?\s*"generatedAt": "[^"]*"/, '');
    expect(strip(readFileSync(join(dir, 'lib.json'), 'utf8'))).toBe(strip(readFileSync(join(dir, 'cli.json'), 'utf8')));
    expect(rows.read).toBe(rows.processed + rows.rejected);
    expect(report.counts.read).toBe(rows.read);
    expect(report.counts.withErrors).toBeGreaterThan(20);
    expect(report.departments.map((d) => d.department)).toEqual(['education', 'social-security']);
    expect(departments.map((d) => [d.department, d.path])).toEqual([['education', 'depts/education.csv'], ['social-security', 'depts/social-security.csv']]);
    // The department summaries the command prints, as notices; progress from 0 to done.
    expect(notices.join('')).toBe(cli.stderr.slice(0, notices.join('').length));
    expect(notices[0]).toMatch(/^部门数据 教育部门/);
    expect(progress[0]).toMatchObject({ rows: 0, bytesRead: 0 });
    expect(progress.at(-1)).toMatchObject({ rows: rows.read, done: true });
  }, 60_000);

  it('gives the one-thread report with workers, for CSV and for JSON Lines', async () => {
    for (const file of ['persons.csv', 'persons.jsonl']) {
      const one = await checkFile(file, options);
      const two = await checkFile(file, { ...options, workers: 2 });
      expect(two.report, file).toEqual(one.report);
      expect(two.rows, file).toEqual(one.rows);
    }
    const { rows, report } = await checkFile('persons.jsonl', { ...options, workers: 2 });
    // The broken first line and the null are rejected at their line numbers; the header is the first object's keys.
    expect(rows.read).toBe(lines.length);
    expect(rows.firstRejects.filter((r) => r.error.code.startsWith('JSON_')).map((r) => [r.rowNumber, r.error.code])).toEqual([
      [1, 'JSON_INVALID'],
      [lines.length - 1, 'JSON_NOT_OBJECT'],
    ]);
    expect(report.rules.find((r) => r.id === 'BATCH_DUPLICATE_PERSON')!.records).toBeGreaterThanOrEqual(1);
  }, 60_000);

  it('runs a local office’s extra rules, in the workers too', async () => {
    const base = await checkFile('persons.csv', options);
    const one = await checkFile('persons.csv', { ...options, extraRules: [LOCAL_RULE] });
    const two = await checkFile('persons.csv', { ...options, extraRules: [LOCAL_RULE], workers: 3 });
    const local = one.report.rules.find((r) => r.id === 'LOCAL_PHONE_MISSING')!;
    expect(local.records).toBeGreaterThan(0);
    expect(one.report.examples.LOCAL_PHONE_MISSING!.length).toBeGreaterThan(0);
    expect(two.report).toEqual(one.report);
    expect(base.report.rules.some((r) => r.id === 'LOCAL_PHONE_MISSING')).toBe(false);
    expect(one.report.counts.warnings).toBe(base.report.counts.warnings + local.records);
  }, 60_000);

  it('throws the command’s typed errors with stable codes', async () => {
    const code = async (p: Promise<unknown>) => {
      try {
        await p;
      } catch (e) {
        expect(e).toBeInstanceOf(CliError);
        return (e as CliError).code;
      }
      return 'no error';
    };
    writeFileSync(join(dir, 'goods.csv'), '商品,价格\n苹果,3\n');
    expect(await code(checkFile('missing.csv', { cwd: dir }))).toBe('INPUT_NOT_FOUND');
    expect(await code(checkFile('goods.csv', { cwd: dir }))).toBe('INPUT_HEADER_UNKNOWN');
    expect(await code(checkFile('goods.csv', { cwd: dir, workers: 2 }))).toBe('INPUT_HEADER_UNKNOWN');
    expect(await code(checkFile('small.csv', { cwd: dir, workers: 0 }))).toBe('USAGE_WORKERS');
    expect(await code(checkFile('small.csv', { cwd: dir, asOf: '2023/06/30' }))).toBe('USAGE_DATE');
    expect(await code(checkFile('small.csv', { cwd: dir, formVersion: '1999' }))).toBe('USAGE_FORM');
    expect(await code(checkFile('small.csv', { cwd: dir, regionLevel: 'street' as never }))).toBe('USAGE_LEVEL');
    expect(await code(checkFile('small.csv', { cwd: dir, extraRules: [LOCAL_RULE, LOCAL_RULE] }))).toBe('RULE_DUPLICATE_ID');
    const withCheck = defineRule({ ...LOCAL_RULE, id: 'LOCAL_WITH_FUNCTION', check: () => false });
    expect(await code(checkFile('small.csv', { cwd: dir, extraRules: [withCheck], workers: 2 }))).toBe('USAGE_WORKERS_RULES');
    expect((await checkFile('small.csv', { cwd: dir, extraRules: [withCheck] })).report.counts.read).toBe(50);
  }, 60_000);
});

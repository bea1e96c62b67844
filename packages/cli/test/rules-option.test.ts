import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canji, removeTempDirs, tempDir } from './helpers.js';

afterAll(removeTempDirs);

const dir = tempDir();
const rules = {
  version: 1,
  name: '测试补充规则',
  rules: [
    {
      id: 'LOCAL_RURAL_HOUSE_NOT_GOOD',
      title: '农业户口，住房状况不是“状况良好”',
      severity: 'warning',
      scope: 'record',
      formVersions: ['2017'],
      when: { all: [{ item: 'person_status', eq: 6 }, { item: 'r3', eq: 1 }] },
      expect: { item: 'r11', eq: 1 },
      message: '农业户口，R11 为 {r11}',
      basis: { document: '测试规则文件' },
    },
    {
      id: 'LOCAL_EDU_ON_ROSTER_NOT_IN_SCHOOL',
      title: '在学籍名册中，但登记为不在校',
      severity: 'warning',
      scope: 'cross-check',
      department: 'education',
      formVersions: '*',
      when: { dept: '$matched', eq: true },
      expect: { item: 'r14', present: true },
      basis: { document: '测试规则文件' },
    },
  ],
};

beforeAll(async () => {
  const r = await canji(dir, 'synth', '--count', '2000', '--region', '430121', '--seed', '7', '--errors', '0.05', '--departments', 'depts', '--out', 'persons.csv', '-q');
  expect(r.code).toBe(0);
  writeFileSync(join(dir, 'extra.rules.json'), JSON.stringify(rules, null, 2));
}, 60_000);

type Report = { meta: Record<string, unknown>; rules: { id: string; records: number; basis: { document: string } }[]; examples: Record<string, { message: string }[]> };

async function check(tag: string, extra: string[]) {
  const r = await canji(dir, 'check', 'persons.csv', '--as-of', '2023-06-30', '--rules', 'extra.rules.json', '--out', `${tag}.json`, '-q', '--fail-on', 'never', ...extra);
  const report = JSON.parse(readFileSync(join(dir, `${tag}.json`), 'utf8')) as Report;
  delete report.meta.generatedAt;
  return { code: r.code, stderr: r.stderr, report };
}

const writeRules = (name: string, data: unknown) => writeFileSync(join(dir, name), typeof data === 'string' ? data : JSON.stringify(data));

describe('canji check --rules', () => {
  it('adds the file’s rules to the report, the same with worker threads', async () => {
    const one = await check('one', ['--dept', 'education=depts/education.csv']);
    expect(one.code).toBe(0);
    expect(one.stderr).toContain('规则文件 extra.rules.json：测试补充规则，2 条规则（记录规则 1 条，部门比对规则 1 条）');
    const byId = new Map(one.report.rules.map((r) => [r.id, r]));
    expect(byId.get('LOCAL_RURAL_HOUSE_NOT_GOOD')!.records).toBeGreaterThan(0);
    expect(byId.get('LOCAL_RURAL_HOUSE_NOT_GOOD')!.basis.document).toBe('测试规则文件');
    expect(byId.has('LOCAL_EDU_ON_ROSTER_NOT_IN_SCHOOL')).toBe(true);
    expect(one.report.examples.LOCAL_RURAL_HOUSE_NOT_GOOD![0]!.message).toMatch(/^农业户口，R11 为 /);
    expect(one.report.meta.ruleSetVersion).toMatch(/^@canji\/rules .* \+ 规则文件：测试补充规则$/);
    const two = await check('two', ['--dept', 'education=depts/education.csv', '--workers', '2']);
    expect(two.report).toEqual(one.report);
  }, 60_000);

  it('leaves out a file’s cross-check rule without its department’s data, and says so', async () => {
    const r = await check('nodept', []);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('提示：规则文件 extra.rules.json 的 LOCAL_EDU_ON_ROSTER_NOT_IN_SCHOOL 要与教育部门（学籍）比对（--dept education=文件），本次未运行');
    expect(r.report.rules.some((x) => x.id === 'LOCAL_EDU_ON_ROSTER_NOT_IN_SCHOOL')).toBe(false);
    expect(r.report.rules.some((x) => x.id === 'LOCAL_RURAL_HOUSE_NOT_GOOD')).toBe(true);
  }, 60_000);

  it('stops with exit code 2 and the JSON path on a bad file, with one thread or several', async () => {
    const bad = structuredClone(rules);
    (bad.rules[0]!.when as { all: { item: string }[] }).all[1]!.item = 'r99';
    writeRules('bad.rules.json', bad);
    for (const extra of [[], ['--workers', '2']]) {
      const r = await canji(dir, 'check', 'persons.csv', '--rules', 'bad.rules.json', '-q', ...extra);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('错误 [RULE_FILE_UNKNOWN_ITEM]：规则文件“bad.rules.json”有 1 处错误：\n  $.rules[0].when.all[1].item：登记表（2017 版）没有项目“r99”');
    }
  });

  it('reports invalid JSON, schema errors, ids taken by built-in rules and missing files', async () => {
    writeRules('broken.rules.json', '{ "version": 1, "name": "x", "rules": [ }');
    writeRules('schema.rules.json', { ...rules, rules: [{ ...rules.rules[0], severity: 'fatal' }] });
    writeRules('taken.rules.json', { ...rules, rules: [{ ...rules.rules[0], id: 'CON_SPEECH_UNDER_3' }] });
    const run = (file: string) => canji(dir, 'check', 'persons.csv', '--rules', 'extra.rules.json', '--rules', file, '-q');
    expect(await run('broken.rules.json')).toMatchObject({ code: 2, stderr: expect.stringContaining('错误 [RULE_FILE_JSON]：规则文件“broken.rules.json”') });
    expect(await run('schema.rules.json')).toMatchObject({ code: 2, stderr: expect.stringContaining('$.rules[0].severity：严重程度应为 error') });
    expect(await run('taken.rules.json')).toMatchObject({ code: 2, stderr: expect.stringContaining('错误 [RULE_FILE_DUPLICATE_ID]') });
    // the same file twice: its ids are taken by the first
    expect(await run('extra.rules.json')).toMatchObject({ code: 2, stderr: expect.stringContaining('$.rules[0].id：规则编号“LOCAL_RURAL_HOUSE_NOT_GOOD”已被内置规则或先读入的规则文件使用') });
    expect(await run('nowhere.rules.json')).toMatchObject({ code: 2, stderr: expect.stringContaining('错误 [INPUT_NOT_FOUND]：找不到规则文件“nowhere.rules.json”') });
  });
});

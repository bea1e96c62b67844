/**
 * `canji synth --form 2017|2021`: the 2021/22 form's columns and keys, errors and department
 * disagreements that the 2021 form can show (labelled with 2021 keys and the rule that must catch
 * them), what cannot be shown said on stderr — and the 2017 output unchanged, byte for byte.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flatColumns, personForm } from '@canji/form';
import { canji, removeTempDirs, tempDir, type RunResult } from './helpers.js';

afterAll(removeTempDirs);

const dir = tempDir();
const KEYS_2021 = new Set(personForm('2021').items.map((i) => i.key));
const jsonl = (name: string) => readFileSync(join(dir, name), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
const ALL_DEPTS = ['education', 'civil-affairs', 'social-security', 'housing', 'health', 'poverty-relief', 'public-security'];

let withErrors: RunResult;

beforeAll(async () => {
  const base = ['--count', '1500', '--region', '430121', '--seed', '21', '--as-of', '2021-06-30', '--form', '2021'];
  expect((await canji(dir, 'synth', ...base, '--out', 'clean.csv')).code).toBe(0);
  expect((await canji(dir, 'synth', ...base, '--out', 'clean.jsonl')).code).toBe(0);
  withErrors = await canji(dir, 'synth', ...base, '--errors', '0.1', '--departments', 'depts', '--out', 'planted.csv');
  expect(withErrors.code).toBe(0);
});

describe('canji synth --form 2021', () => {
  it('writes the 2021 columns (CSV header from the 2021 form) and 2021 keys (JSON Lines)', () => {
    expect(readFileSync(join(dir, 'clean.csv'), 'utf8').split('\r\n')[0]).toBe(flatColumns({ version: '2021' }).join(','));
    const records = jsonl('clean.jsonl');
    expect(records.length).toBe(1500);
    for (const r of records) for (const k of Object.keys(r)) expect(KEYS_2021.has(k), k).toBe(true);
    expect(records.some((r) => r.hukou !== undefined && r.r7 !== undefined)).toBe(true);
  });

  it('canji check reads the output as 2021 (detected from the header) and finds it clean', async () => {
    const r = await canji(dir, 'check', 'clean.csv', '--as-of', '2021-06-30', '--out', 'clean-report.json', '-q');
    expect(r.stderr).toContain('按 2021 版登记表读取（由表头识别）');
    const report = JSON.parse(readFileSync(join(dir, 'clean-report.json'), 'utf8'));
    expect(report.meta.formVersion).toBe('2021');
    expect(report.counts).toMatchObject({ read: 1500, clean: 1500, withErrors: 0, warningsOnly: 0, unreadable: 0 });
    expect(r.code).toBe(0);
  });

  it('--errors: the manifest names 2021 keys; errors the 2021 form cannot show are left out and said so on stderr', () => {
    const labels = jsonl('planted.labels.jsonl');
    expect(labels.length).toBeGreaterThan(80);
    for (const l of labels) for (const k of [...(l.items as string[]), ...(l.changed as string[])]) expect(KEYS_2021.has(k), k).toBe(true);
    expect(withErrors.stderr).toContain('按 2021 版登记表生成（--form 2021）');
    expect(withErrors.stderr).toMatch(/按 2021 版登记表：\d+ 处错误在 2021 版记录上无法体现，未注入/);
    expect(withErrors.stderr).toMatch(/ {2}[a-z-]+ \d+ 处：2021 版无对应题目：R\d+ /);
  });

  it('--departments: every disagreement labelled with 2021 items and its expectedRule, which canji check reports', async () => {
    const disagreements = jsonl('depts/disagreements.jsonl');
    expect(disagreements.length).toBeGreaterThan(50);
    for (const d of disagreements) {
      expect(d.expectedRule).toMatch(/^XC_/);
      for (const k of d.items as string[]) expect(KEYS_2021.has(k), k).toBe(true);
    }
    expect(withErrors.stderr).toMatch(/按 2021 版登记表：\d+ 处部门差异无法用 2021 版规则比对，未生成/);
    expect(withErrors.stderr).toContain('poverty-relief');
    const depts = ALL_DEPTS.flatMap((d) => ['--dept', `${d}=depts/${d}.csv`]);
    const r = await canji(dir, 'check', 'planted.csv', '--as-of', '2021-06-30', ...depts, '--out', 'planted-report.json', '--fail-on', 'never', '-q');
    expect(r.code).toBe(0);
    const report = JSON.parse(readFileSync(join(dir, 'planted-report.json'), 'utf8'));
    expect(report.meta.formVersion).toBe('2021');
    const records = new Map<string, number>((report.rules as { id: string; records: number }[]).map((x) => [x.id, x.records]));
    const expected = new Map<string, number>();
    for (const d of disagreements) expected.set(d.expectedRule as string, (expected.get(d.expectedRule as string) ?? 0) + 1);
    // Each rule reports at least the persons planted for it (more where a planted error touches the same item).
    expect(expected.size).toBeGreaterThanOrEqual(8);
    for (const [id, n] of expected) expect({ id, atLeast: (records.get(id) ?? 0) >= n }).toEqual({ id, atLeast: true });
  });

  it.each([
    ['2016', '合成数据不支持 2016 版登记表'],
    ['2019', '不支持的登记表版本“2019”'],
  ])('--form %s is a usage error (USAGE_FORM, exit 2)', async (form, message) => {
    const r = await canji(dir, 'synth', '--count', '5', '--form', form, '--out', `x${form}.csv`);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('USAGE_FORM');
    expect(r.stderr).toContain(message);
  });
});

describe('canji synth on the 2017 form: unchanged', () => {
  // sha256 of the files `canji synth --count 3000 --seed 3 --errors 0.05 --departments depts` wrote
  // before --form existed (same bytes with and without --form 2017). Moves with a deliberate change to
  // the generator or to @canji/regions' village table — then update it and say so in the changeset.
  const PINNED: Record<string, string> = {
    'p.csv': '6ab7f116edb6ba3383498c81d95b494ead19ff24ea3aac387051e9fbaca801b8',
    'p.jsonl': 'a992363c86e7740a0833da7be6a45cd2d71f1243a7a4cee3d8caf523a84b715e',
    'p.labels.jsonl': 'e22b2d47d75e97212f79260365497c10e0fc3a55a2c895a5bdcbba7b475ccb61',
    'depts/civil-affairs.csv': '59388c61c39d57fa4155ded67345a40a8089c6bc140e69cdee0c2a3e187540c9',
    'depts/disagreements.jsonl': '59d8e5968f83695bbb12f0b5a7388fe883e823772321a9a1d34011db65175613',
    'depts/education.csv': 'a926b0350aac6e406db77293e6e71be25c86a71056161d2b04dfc254fb1f5bff',
    'depts/health.csv': 'bb36d47ac16ca5d4a818073f8d62fec9511037daa2998387a7f8a555b9b4b0e7',
    'depts/housing.csv': '81985040956eaf9a0383eb23313c65d556bb62095d7ac57060c45c48e49ec1a4',
    'depts/poverty-relief.csv': 'dffefe38a464cc7fc05f889857e53ba6f1c3d943f5ef9ac9473302e4db0cb71a',
    'depts/public-security.csv': '2e07ded932c577826347793bc0e049c19b739afffe5a902e507400f231bae220',
    'depts/social-security.csv': 'f7de1ffa989dd632dff40c50cf6c6b71179a24a6987be3550ca8b3d5b709684c',
  };
  const sha = (d: string, f: string) => createHash('sha256').update(readFileSync(join(d, f))).digest('hex');

  it.each([
    ['no --form', []],
    ['--form 2017', ['--form', '2017']],
  ])('%s: the same bytes as before (pinned hashes)', async (_name, flag) => {
    const d = tempDir();
    const args = ['--count', '3000', '--seed', '3', '--errors', '0.05', ...flag];
    const a = await canji(d, 'synth', ...args, '--departments', 'depts', '--out', 'p.csv');
    expect(a.code).toBe(0);
    expect(a.stderr).not.toContain('2021');
    expect((await canji(d, 'synth', ...args, '--out', 'p.jsonl')).code).toBe(0);
    expect(Object.fromEntries(Object.keys(PINNED).map((f) => [f, sha(d, f)]))).toEqual(PINNED);
  });
});

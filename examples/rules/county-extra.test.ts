/**
 * The must-show of issue 13: a rule file written by hand in JSON (one consistency rule, one
 * cross-check rule against the civil-affairs roster) validates against the published JSON Schema,
 * loads in `canji check --rules`, and its findings appear in the report — JSON and rendered — with
 * the rule's title and basis document. All data is synthetic (generated ID numbers).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { run, type CliIo } from '@canji/cli';
import { recordFacts } from '@canji/rules';
import { csvLine, synthesizePersons, writePersonsCsv } from '@canji/synth';

const rulesPath = fileURLToPath(new URL('./county-extra.rules.json', import.meta.url));
const schemaPath = fileURLToPath(new URL('../../docs/schemas/rule-file.schema.json', import.meta.url));
const file = JSON.parse(readFileSync(rulesPath, 'utf8')) as { rules: { id: string; title: string; basis: { document: string } }[] };
const [consistency, crossCheck] = file.rules as [(typeof file.rules)[number], (typeof file.rules)[number]];

const dir = mkdtempSync(join(tmpdir(), 'canji-rule-file-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function canji(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const io: CliIo = { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), isTTY: false, cwd: dir };
  return { code: await run(argv, io), stdout, stderr };
}

/**
 * 60 synthetic persons, none of whom breaks either rule, then one planted violation of each: a
 * rural person recorded as 建档立卡贫困户 without medical insurance, and a level-3/4 person on the
 * civil-affairs roster for the care subsidy (next to a level-1/2 person on it, who is fine).
 */
function plant() {
  const persons = [...synthesizePersons({ seed: 13, count: 60, region: '430121', asOf: '2024-06-30' })].map((p) => ({ ...p }) as Record<string, unknown>);
  for (const p of persons) if (p.r10 === 1) p.r10 = 3;
  const level = (p: Record<string, unknown>) => recordFacts(p, { referenceDate: '2024-06-30' }).level;
  const poor = persons.findIndex((p) => p.person_status === 6 && p.r3 === 1 && p.r25 !== undefined);
  const a = persons[poor]!;
  Object.assign(a, { r10: 1, r25: 2, r22: [4] });
  delete a.r26;
  const heavy = persons.findIndex((p, i) => i !== poor && p.person_status === 6 && (level(p) === 1 || level(p) === 2));
  const light = persons.findIndex((p, i) => i !== poor && p.person_status === 6 && (level(p) === 3 || level(p) === 4));
  expect(poor >= 0 && heavy >= 0 && light >= 0).toBe(true);
  const roster = [persons[heavy]!, persons[light]!].map((p) => csvLine([p.resident_id, '重度残疾人护理补贴', '2024-05'])).join('');
  return { persons, poor, light, roster };
}

describe('examples/rules/county-extra.rules.json', () => {
  it('validates against the published JSON Schema (Ajv, draft 2020-12)', () => {
    const validate = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true }).compile(JSON.parse(readFileSync(schemaPath, 'utf8')));
    const ok = validate(JSON.parse(readFileSync(rulesPath, 'utf8')));
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
    // and the schema is not a rubber stamp: a typo in a key is caught
    expect(validate({ ...file, rules: [{ ...consistency, severty: 'warning' }] })).toBe(false);
  });

  it('loads in canji check --rules; each finding is in the JSON, HTML and Markdown report with its title and basis', async () => {
    const { persons, poor, light, roster } = plant();
    await writePersonsCsv(persons, join(dir, 'persons.csv'));
    writeFileSync(join(dir, 'civil-affairs.csv'), '\uFEFF' + csvLine(['身份证号', '救助/补贴项目', '数据期']) + roster);
    for (const workers of ['1', '2']) {
      const r = await canji('check', 'persons.csv', '--as-of', '2024-06-30', '--rules', rulesPath, '--dept', 'civil-affairs=civil-affairs.csv', '--workers', workers, '--out', 'report.json', '--out', 'report.html', '--out', 'report.md', '--fail-on', 'never', '-q');
      expect(r.code, r.stderr).toBe(0);

      const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as {
        rules: { id: string; title: string; records: number; basis: { document: string; section?: string } }[];
        examples: Record<string, { index: number; message: string }[]>;
      };
      const listed = (id: string) => report.rules.find((x) => x.id === id)!;
      expect(listed(consistency.id)).toMatchObject({ title: consistency.title, records: 1, basis: { document: consistency.basis.document } });
      expect(listed(crossCheck.id)).toMatchObject({ title: crossCheck.title, records: 1, basis: { document: crossCheck.basis.document } });
      expect(report.examples[consistency.id]!.map((e) => e.index)).toEqual([poor]);
      expect(report.examples[consistency.id]![0]!.message).toBe('建档立卡贫困户：R25 城乡居民基本医疗保险为 2，R22 职工社会保险为 4，请核实是否已资助参保');
      expect(report.examples[crossCheck.id]!.map((e) => e.index)).toEqual([light]);
      expect(report.examples[crossCheck.id]![0]!.message).toMatch(/^民政名册发放重度残疾人护理补贴，登记的残疾等级为 [34] 级/);

      // The printable report lists each rule with its title, basis and count; the Markdown one (no basis column) with its title.
      const html = readFileSync(join(dir, 'report.html'), 'utf8');
      const md = readFileSync(join(dir, 'report.md'), 'utf8');
      for (const rule of [consistency, crossCheck]) {
        expect(html).toMatch(new RegExp(`<tr><td>${rule.title}<br><span class="id">${rule.id}</span></td>.*${rule.basis.document.replace(/[()（）]/g, '.')}.*<td class="n">1</td></tr>`));
        expect(md).toContain(`| \`${rule.id}\` | ${rule.title} | 警告 |`);
      }
    }
  }, 60_000);
});

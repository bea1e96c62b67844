import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { personForm } from '@canji/form';
import { buildDepartmentIndex, buildPreviousRound, checkRecord, compileRules, consistencyRules, parseRuleFile, RULE_FILE_ERROR_CODES, type RuleFileErrorCode } from '@canji/rules';
import { person } from './fixtures.js';

const ctx = { referenceDate: '2017-06-30' };

const careRule = {
  id: 'LOCAL_CARE_SUBSIDY_LEVEL',
  title: '享受重度残疾人护理补贴，但残疾等级不是一、二级',
  severity: 'warning',
  scope: 'record',
  formVersions: ['2017'],
  when: { all: [{ item: 'person_status', eq: 6 }, { item: 'r28', includes: 2 }] },
  expect: { item: '$level', in: [1, 2] },
  message: '享受护理补贴，残疾等级为 {$level} 级',
  basis: { document: '某县残联关于做好动态更新工作的通知（测残联〔2024〕1号）', section: '第三条', sources: ['S1'] },
};
const dibaoRule = {
  id: 'LOCAL_DIBAO_ROSTER_NOT_RECORDED',
  title: '在民政低保名册中，但登记表未登记享受低保',
  severity: 'warning',
  scope: 'cross-check',
  department: 'civil-affairs',
  formVersions: '*',
  when: { all: [{ dept: '$matched', eq: true }, { dept: 'benefits', includes: 1 }] },
  expect: { item: 'r27', includes: 1 },
  message: '民政名册的项目为 {dept.benefits}，登记的 R27 为 {r27}',
  basis: { document: '某县民政局、残联数据比对工作方案', certainty: '2+' },
};
const file = { version: 1, name: '测试补充规则', rules: [careRule, dibaoRule] };

function load(f: unknown = file) {
  const r = parseRuleFile(typeof f === 'string' ? f : JSON.stringify(f), { form: personForm('2017') });
  if (!r.ok) throw new Error(r.errors.map((e) => e.message).join('\n'));
  return r.value;
}

/** The codes (and paths) a broken file is reported with. */
function errorsOf(edit: (f: any) => void): string[] {
  const f = structuredClone(file) as any;
  edit(f);
  const r = parseRuleFile(f);
  return r.ok ? [] : r.errors.map((e) => `${e.code} ${e.path}`);
}

describe('parseRuleFile', () => {
  it('turns a JSON file into record and cross-check rules', () => {
    const { name, rules } = load();
    expect(name).toBe('测试补充规则');
    expect(rules.map((r) => [r.id, r.scope])).toEqual([
      ['LOCAL_CARE_SUBSIDY_LEVEL', 'record'],
      ['LOCAL_DIBAO_ROSTER_NOT_RECORDED', 'cross-check'],
    ]);
    expect(rules[0]!.basis).toEqual({ kind: 'policy', document: '某县残联关于做好动态更新工作的通知（测残联〔2024〕1号）', section: '第三条', sources: ['S1'], certainty: 'official' });
    expect(rules[1]!.basis).toMatchObject({ kind: 'department', document: '某县民政局、残联数据比对工作方案', certainty: '2+' });
    // items: what the conditions read (facts through the columns they come from)
    expect(rules[0]!.items).toEqual(['person_status', 'r28', 'disability_level', 'certificate_no']);
  });

  it('flags a record where `when` holds and `expect` does not, with the message template filled in', () => {
    const { rules } = load();
    const bad = person({ level: 3 }, { r28: [2] });
    expect(checkRecord(bad, rules, ctx)).toEqual([{ ruleId: 'LOCAL_CARE_SUBSIDY_LEVEL', severity: 'warning', message: '享受护理补贴，残疾等级为 3 级', items: rules[0]!.items }]);
    expect(checkRecord(person({ level: 1 }, { r28: [2] }), rules, ctx)).toEqual([]);
    expect(checkRecord(person({ level: 3 }, { r28: [4] }), rules, ctx)).toEqual([]);
  });

  it('compares with the department row in a cross-check rule', () => {
    const { rules } = load();
    const p = person({}, { r27: [6] });
    const civil = buildDepartmentIndex('civil-affairs', [{ resident_id: p.resident_id, benefit: 1, period: '2017-05' }, { resident_id: p.resident_id, benefit: 3, period: '2017-05' }]);
    expect(checkRecord(p, rules, { ...ctx, departments: { 'civil-affairs': civil } })).toEqual([
      { ruleId: 'LOCAL_DIBAO_ROSTER_NOT_RECORDED', severity: 'warning', message: '民政名册的项目为 1、3，登记的 R27 为 6', items: ['r27'], department: 'civil-affairs' },
    ]);
    expect(checkRecord({ ...p, r27: [1] }, rules, { ...ctx, departments: { 'civil-affairs': civil } })).toEqual([]);
    // not on the roster: the rule's `when` does not hold
    expect(checkRecord(p, rules, { ...ctx, departments: { 'civil-affairs': buildDepartmentIndex('civil-affairs', []) } })).toEqual([]);
  });

  it('compiles together with the built-in rules', () => {
    const { rules } = load();
    const compiled = compileRules([...consistencyRules('2017'), ...rules]);
    expect(compiled.rules.slice(-2).map((r) => r.id)).toEqual(['LOCAL_CARE_SUBSIDY_LEVEL', 'LOCAL_DIBAO_ROSTER_NOT_RECORDED']);
  });

  it('means what the same condition means in a built-in rule', () => {
    // CON_PENSION_INCOME_UNDER_45 as a file rule: its violation is `when` and not `expect`.
    const pension = {
      ...careRule,
      id: 'LOCAL_PENSION_UNDER_45',
      title: '主要生活来源为退休金，但未满 45 岁',
      message: undefined,
      when: { all: [{ item: 'person_status', notIn: [1, 2, 3, 4, 5] }, { item: 'r18', eq: 1 }] },
      expect: { not: { item: '$age', lt: 45 } },
    };
    const [rule] = load({ ...file, rules: [pension] }).rules;
    const builtIn = consistencyRules('2017').filter((r) => r.id === 'CON_PENSION_INCOME_UNDER_45');
    fc.assert(
      fc.property(
        fc.integer({ min: 1930, max: 2016 }),
        fc.constantFrom(undefined, 1, 2, 6),
        fc.constantFrom(undefined, 1, 2, 3),
        fc.boolean(),
        (year, status, r18, withBirthDate) => {
          const rec: Record<string, unknown> = { ...person({ birthDate: `${year}-07-01` }), person_status: status, r18 };
          if (!withBirthDate) {
            delete rec.birth_date;
            delete rec.resident_id;
          }
          expect(checkRecord(rec, [rule!], ctx).length).toBe(checkRecord(rec, builtIn, ctx).length);
        },
      ),
    );
  });

  it('accepts the older form shapes and reads them as the current ones', () => {
    const legacy = { ...careRule, message: undefined, when: { all: [{ item: 'r28', answered: true }, { item: 'r28', includes: 2 }] }, expect: { level: [1, 2] } };
    const [rule] = load({ ...file, rules: [legacy] }).rules;
    expect(rule!.scope === 'record' && rule!.violation).toEqual({ all: [{ all: [{ item: 'r28', present: true }, { item: 'r28', includes: 2 }] }, { not: { item: '$level', in: [1, 2] } }] });
  });

  it('compares with the same person\'s previous-round record in a year-on-year rule, only when one is given', () => {
    // 上一轮享受重度残疾人护理补贴（R28 含 2），本轮没有，等级仍为一、二级：请核实（本县规则）。
    const stopped = {
      id: 'LOCAL_CARE_SUBSIDY_STOPPED_SEVERE',
      title: '上一轮享受护理补贴，本轮未享受，残疾等级仍为一、二级',
      severity: 'warning',
      scope: 'year-on-year',
      formVersions: ['2017'],
      compares: 'r28',
      when: { all: [{ previous: 'r28', includes: 2 }, { item: '$level', in: [1, 2] }] },
      expect: { item: 'r28', includes: 2 },
      message: '上一轮 R28 为 {previous.r28}，本轮为 {r28}；上一轮等级 {previous.$level} 级',
      basis: { document: '某县残联关于做好动态更新工作的通知（测残联〔2024〕1号）', certainty: '1' },
    };
    const [rule] = load({ ...file, rules: [stopped] }).rules;
    expect(rule!.scope).toBe('year-on-year');
    const now = person({ seq: 4, level: 1 }, { r28: [4] });
    const last = { ...now, r28: [2], survey_year: 2016, reference_date: '2016-06-30', collected_on: '2016-07-20' };
    const previousRound = buildPreviousRound([last], { formVersion: '2017' });
    const issues = checkRecord(now, [rule!], { ...ctx, previousRound });
    expect(issues.map((i) => [i.ruleId, i.message])).toEqual([['LOCAL_CARE_SUBSIDY_STOPPED_SEVERE', '上一轮 R28 为 2，本轮为 4；上一轮等级 1 级']]);
    expect(checkRecord({ ...now, r28: [2] }, [rule!], { ...ctx, previousRound })).toEqual([]); // still received
    expect(checkRecord({ ...now, disability_level: 3, certificate_no: undefined }, [rule!], { ...ctx, previousRound })).toEqual([]); // no longer level 1–2
    expect(checkRecord(now, [rule!], ctx)).toEqual([]); // no previous round: not run
    expect(checkRecord(now, [rule!], { ...ctx, previousRound: buildPreviousRound([], { formVersion: '2017' }) })).toEqual([]); // not found last round
  });

  it('reports each kind of problem with its stable code and JSON path', () => {
    const cases: [RuleFileErrorCode, string, (f: any) => void][] = [
      ['RULE_FILE_SCHEMA', '$.rules[0].severity', (f) => (f.rules[0].severity = 'fatal')],
      ['RULE_FILE_SCHEMA', '$.rules[1]', (f) => (f.rules[1].departmnet = 'education')],
      ['RULE_FILE_SCHEMA', '$.rules[0].when.all[1].includes', (f) => (f.rules[0].when.all[1].includes = '2')],
      ['RULE_FILE_SCHEMA', '$.rules[0].title', (f) => (f.rules[0].title = 'care subsidy')],
      ['RULE_FILE_SCHEMA', '$.rules[0].id', (f) => (f.rules[0].id = 'local-care')],
      ['RULE_FILE_SCHEMA', '$.rules[0].expect', (f) => delete f.rules[0].expect],
      ['RULE_FILE_VERSION', '$.version', (f) => (f.version = 2)],
      ['RULE_FILE_DUPLICATE_ID', '$.rules[1].id', (f) => (f.rules[1].id = f.rules[0].id)],
      ['RULE_FILE_UNKNOWN_ITEM', '$.rules[0].when.all[1].item', (f) => (f.rules[0].when.all[1].item = 'r99')],
      ['RULE_FILE_UNKNOWN_FIELD', '$.rules[1].when.all[1].dept', (f) => (f.rules[1].when.all[1].dept = 'benefitz')],
      ['RULE_FILE_UNKNOWN_CODE', '$.rules[0].when.all[1].includes', (f) => (f.rules[0].when.all[1].includes = 9)],
      ['RULE_FILE_UNKNOWN_CODE', '$.rules[1].when.all[1].includes', (f) => (f.rules[1].when.all[1].includes = 9)],
      ['RULE_FILE_SCOPE', '$.rules[0].expect.dept', (f) => (f.rules[0].expect = { dept: 'benefits', includes: 1 })],
      ['RULE_FILE_SCOPE', '$.rules[0].expect.previous', (f) => (f.rules[0].expect = { previous: 'r28', includes: 2 })],
      ['RULE_FILE_UNKNOWN_ITEM', '$.rules[0].when.previous', (f) => ((f.rules[0].scope = 'year-on-year'), (f.rules[0].when = { previous: 'r99', eq: 1 }))],
      ['RULE_FILE_UNKNOWN_CODE', '$.rules[0].when.includes', (f) => ((f.rules[0].scope = 'year-on-year'), (f.rules[0].when = { previous: 'r28', includes: 9 }))],
      ['RULE_FILE_TEMPLATE', '$.rules[0].message', (f) => (f.rules[0].message = '上一轮 {previous.r28}')],
      ['RULE_FILE_TEMPLATE', '$.rules[0].message', (f) => (f.rules[0].message = '姓名 {name}')],
      ['RULE_FILE_TEMPLATE', '$.rules[0].message', (f) => (f.rules[0].message = '等级 {$levle}')],
      ['RULE_FILE_TEMPLATE', '$.rules[0].message', (f) => (f.rules[0].message = '民政 {dept.benefits}')],
      ['RULE_FILE_TEMPLATE', '$.rules[0].message', (f) => (f.rules[0].message = '等级 {$level')],
      ['RULE_FILE_SEVERITY', '$.rules[0].severity', (f) => ((f.rules[0].severity = 'error'), (f.rules[0].basis.certainty = 'inf'))],
    ];
    for (const [code, path, edit] of cases) expect(errorsOf(edit), `${code} ${path}`).toEqual([`${code} ${path}`]);
    expect(new Set(cases.map((c) => c[0]))).toEqual(new Set(RULE_FILE_ERROR_CODES.filter((c) => c !== 'RULE_FILE_JSON')));
  });

  it('says what and where in zh-CN', () => {
    const r = parseRuleFile({ ...file, rules: [{ ...careRule, when: { item: 'r99', eq: 1 } }] });
    expect(!r.ok && r.errors).toEqual([{ code: 'RULE_FILE_UNKNOWN_ITEM', path: '$.rules[0].when.item', message: '$.rules[0].when.item：登记表（2017 版）没有项目“r99”' }]);
    const s = parseRuleFile({ ...file, rules: [{ ...careRule, expect: { item: '$level', inn: [1, 2] } }] });
    expect(!s.ok && s.errors[0]!.message).toMatch(/^\$\.rules\[0\]\.expect：不认识的键 “inn”/);
  });

  it('reports bad JSON with the line and column', () => {
    const r = parseRuleFile('{\n  "version": 1,\n  "name": "x",\n}');
    expect(r.ok).toBe(false);
    expect(!r.ok && r.errors[0]).toMatchObject({ code: 'RULE_FILE_JSON', message: expect.stringContaining('第 4 行') });
  });

  it('rejects ids already taken by built-in rules or earlier files', () => {
    const r = parseRuleFile(file, { takenIds: ['LOCAL_DIBAO_ROSTER_NOT_RECORDED'] });
    expect(!r.ok && r.errors.map((e) => `${e.code} ${e.path}`)).toEqual(['RULE_FILE_DUPLICATE_ID $.rules[1].id']);
  });

  it('checks items against the form of each listed version', () => {
    // The 2021 form numbers items differently: a key the 2017 form has and the 2021 form does not.
    const only2017 = personForm('2017').items.find((i) => !personForm('2021').items.some((j) => j.key === i.key))!.key;
    const r = parseRuleFile({ ...file, rules: [{ ...careRule, message: undefined, formVersions: ['2017', '2021'], when: { item: only2017, present: true } }] });
    expect(!r.ok && r.errors.map((e) => e.message)).toEqual([`$.rules[0].when.item：登记表（2021 版）没有项目“${only2017}”`]);
  });
});

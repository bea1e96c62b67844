/**
 * `compileRulesToSql` as a caller relies on it: which rules go in, which are left to JavaScript
 * (with a stable code and a reason), what a malformed rule or option gives, and the findings
 * query's shape.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Condition } from '@canji/form';
import { batchRules, checkRecord, consistencyRules, defineRule, yearOnYearRules, type Rule } from '@canji/rules';
import { DuckDbEngine, SqlCompileError, compileConditionsToSql, compileRulesToSql, findingsWithDuckDb } from '../src/index.js';

let engine: DuckDbEngine;
beforeAll(async () => {
  engine = await DuckDbEngine.open();
});
afterAll(() => engine.close());

const basis = { kind: 'form', document: '测试', certainty: 'official' } as const;
const rule = (id: string, violation: Condition): Rule => defineRule({ id, title: '测试规则', severity: 'warning', scope: 'record', formVersions: '*', items: [], basis, violation });

describe('compileRulesToSql', () => {
  it('leaves batch, year-on-year and check-function rules to JavaScript, each with a stable code and a zh-CN reason', () => {
    const q = compileRulesToSql([...batchRules(), ...yearOnYearRules('2017').slice(0, 2), ...consistencyRules('2017')]);
    const codes = new Map(q.notCompiled.map((r) => [r.id, r.code]));
    expect(codes.get('BATCH_DUPLICATE_PERSON')).toBe('SQL_RULE_BATCH');
    expect(codes.get(yearOnYearRules('2017')[0]!.id)).toBe('SQL_RULE_YEAR_ON_YEAR');
    expect(codes.get('CON_COLLECTED_OUTSIDE_PERIOD')).toBe('SQL_RULE_CHECK_FUNCTION');
    for (const r of q.notCompiled) expect(r.reason).toMatch(/[\u4e00-\u9fff]/);
    expect(q.rules.map((r) => r.index)).toEqual(q.rules.map((_, i) => i));
  });

  it('a condition it cannot read is not compiled (unknown item, a previous-round leaf), never a crash; a repeated id only once', () => {
    const q = compileRulesToSql([
      rule('LOCAL_UNKNOWN_ITEM', { item: 'r99', eq: 1 }),
      rule('LOCAL_PREVIOUS', { previous: 'r13', eq: 1 }),
      rule('LOCAL_OK', { item: 'r13', eq: 1 }),
      rule('LOCAL_OK', { item: 'r13', eq: 2 }),
    ]);
    expect(q.notCompiled.map((r) => [r.id, r.code])).toEqual([
      ['LOCAL_UNKNOWN_ITEM', 'SQL_CONDITION_REFERENCE'],
      ['LOCAL_PREVIOUS', 'SQL_CONDITION_PREVIOUS'],
      ['LOCAL_OK', 'SQL_RULE_DUPLICATE_ID'],
    ]);
    expect(q.rules.map((r) => r.id)).toEqual(['LOCAL_OK']);
  });

  it('keeps only the rules of the form version, as compileRules does', () => {
    expect(compileRulesToSql(consistencyRules('2021'), { formVersion: '2017' }).rules.map((r) => r.id)).toEqual(['CON_SPEECH_UNDER_3', 'CON_HEARING_LEVEL4_UNDER_3', 'CON_MENTAL_UNDER_3']);
  });

  it('an unknown dialect or form version is a SqlCompileError with a stable code', () => {
    expect(() => compileRulesToSql([], { dialect: 'mysql' as never })).toThrow(SqlCompileError);
    expect(() => compileRulesToSql([], { formVersion: '2019' as never })).toThrow(expect.objectContaining({ code: 'SQL_CONDITION_REFERENCE' }));
  });

  it('with no rule compiled, the query still runs and finds nothing', async () => {
    await engine.loadRecords([{ region_code: '430121001001' }]);
    const q = compileRulesToSql(batchRules());
    expect(q.rules).toEqual([]);
    expect(await engine.query(q.sql)).toEqual([]);
  });

  it('a record rule sees no department row: $matched is false, a department field unanswered (as checkRecord)', async () => {
    const rules = [rule('LOCAL_NOT_MATCHED', { dept: '$matched', eq: false }), rule('LOCAL_FIELD', { dept: 'enrolled', present: true })];
    const records = [{ region_code: '430121001001', resident_id: '11010519491231002X' }];
    const { findings } = await findingsWithDuckDb(records, rules);
    expect(findings.map((f) => f.ruleId)).toEqual(checkRecord(records[0]!, rules).map((i) => i.ruleId));
    expect(findings.map((f) => f.ruleId)).toEqual(['LOCAL_NOT_MATCHED']);
  });

  it('a condition that cannot be compiled makes compileConditionsToSql throw SqlCompileError', () => {
    expect(() => compileConditionsToSql([{ item: '$agee', eq: 1 } as never])).toThrow(expect.objectContaining({ code: 'SQL_CONDITION_REFERENCE' }));
    expect(() => compileConditionsToSql([{ item: 'r13' } as never])).toThrow(expect.objectContaining({ code: 'SQL_CONDITION_EMPTY' }));
    expect(() => compileConditionsToSql([null as never])).toThrow(expect.objectContaining({ code: 'SQL_CONDITION_SHAPE' }));
  });

  it('findings come in record order, then rule order, with the record index the JavaScript engine uses', async () => {
    const rules = [rule('LOCAL_B', { item: 'r13', gte: 5 }), rule('LOCAL_A', { item: 'r13', present: true })];
    const records = [{ region_code: '1', r13: 7 }, { region_code: '2' }, { region_code: '3', r13: 2 }];
    const { findings, records: n } = await findingsWithDuckDb(records, rules);
    expect(n).toBe(3);
    expect(findings).toEqual([
      { record: 0, ruleId: 'LOCAL_B', severity: 'warning', regionCode: '1' },
      { record: 0, ruleId: 'LOCAL_A', severity: 'warning', regionCode: '1' },
      { record: 2, ruleId: 'LOCAL_A', severity: 'warning', regionCode: '3' },
    ]);
  });

  it('rejects with SQL_INPUT_UNREADABLE for a CSV file it cannot read, and SQL_ENGINE_CLOSED after close', async () => {
    const e = await DuckDbEngine.open();
    await expect(e.loadRecordsCsv('/nonexistent/persons.csv')).rejects.toMatchObject({ code: 'SQL_INPUT_UNREADABLE' });
    e.close();
    e.close();
    await expect(e.query('SELECT 1')).rejects.toMatchObject({ code: 'SQL_ENGINE_CLOSED' });
  });
});

import { describe, expect, it } from 'vitest';
import { describeCondition, personForm } from '@canji/form';

const f = personForm('2017');

describe('describeCondition', () => {
  it('says every comparison in zh-CN, with the form’s item and code labels', () => {
    const cases: [object, string][] = [
      [{ item: 'r16', eq: 2 }, 'R16 是否就业 为 “否”'],
      [{ item: 'r3', ne: 1 }, 'R3 户口性质 不为 “农业”'],
      [{ item: 'r17', in: [1, 2] }, 'R17 残疾人就业形式 为 “按比例就业”、“集中就业” 之一'],
      [{ item: 'r17', in: [1] }, 'R17 残疾人就业形式 为 “按比例就业”'],
      [{ item: 'person_status', notIn: [1, 5] }, '核查状态 不为 “查无此人”、“死亡” 中的任何一个'],
      [{ item: 'r13', lt: 3 }, 'R13 受教育程度 < 3'],
      [{ item: 'r13', lte: 3 }, 'R13 受教育程度 ≤ 3'],
      [{ item: 'r13', gt: 3 }, 'R13 受教育程度 > 3'],
      [{ item: 'r13', gte: 3 }, 'R13 受教育程度 ≥ 3'],
      [{ item: '$age', gte: 16, lte: 59 }, '年龄 16–59 岁'],
      [{ item: '$age', gt: 15, lt: 60 }, '年龄 > 15 岁 且 年龄 < 60 岁'],
      [{ item: 'r14', present: true }, 'R14 目前在校情况 已填'],
      [{ item: 'r14', present: false }, 'R14 目前在校情况 未填'],
      [{ item: 'r28', includes: 2 }, 'R28 动态更新年度内社会福利补贴情况 含 “重度残疾人护理补贴”'],
      [{ item: 'r28', includesAny: [1, 2] }, 'R28 动态更新年度内社会福利补贴情况 含 “困难残疾人生活补贴”、“重度残疾人护理补贴” 中的至少一项'],
      [{ item: 'r27', includesNone: [1, 2] }, 'R27 动态更新年度内社会救助及住房改善情况 不含 “最低生活保障”、“特困人员救助供养” 中的任何一项'],
      [{ item: 'r27', includesNone: [2] }, 'R27 动态更新年度内社会救助及住房改善情况 不含 “特困人员救助供养”'],
      [{ item: '$category', eq: 3 }, '残疾类别 为 “言语残疾”'],
      [{ item: '$level', in: [1, 2] }, '残疾等级 为 “一级”、“二级” 之一'],
      [{ item: '$idSex', eq: 'female' }, '身份证号中的性别 为 “女”'],
      [{ item: 'name', eq: '张三' }, 'R1 姓名 为 “张三”'],
    ];
    for (const [c, text] of cases) expect(describeCondition(c as never, f), JSON.stringify(c)).toBe(text);
  });

  it('without a form, names items by key and shows the values', () => {
    expect(describeCondition({ all: [{ item: '$age', gte: 16 }, { item: 'r16', eq: 2 }] })).toBe('年龄 ≥ 16 岁 且 r16 为 2');
    expect(describeCondition({ item: 'r11', in: ['C', 'D'] })).toBe('r11 为 “C”、“D” 之一');
    expect(describeCondition({ item: 'ext.sd.g1', eq: true })).toBe('ext.sd.g1 为 是');
  });

  it('joins combinations, bracketing where precedence needs it', () => {
    const a = { item: 'r16', eq: 1 };
    const b = { item: 'r3', eq: 2 };
    const c = { item: '$age', gte: 60 };
    expect(describeCondition({ all: [a, b] }, f)).toBe('R16 是否就业 为 “是” 且 R3 户口性质 为 “非农业”');
    expect(describeCondition({ any: [a, b] }, f)).toBe('R16 是否就业 为 “是” 或 R3 户口性质 为 “非农业”');
    expect(describeCondition({ all: [{ any: [a, b] }, c] }, f)).toBe('（R16 是否就业 为 “是” 或 R3 户口性质 为 “非农业”） 且 年龄 ≥ 60 岁');
    expect(describeCondition({ any: [{ all: [a, b] }, c] }, f)).toBe('（R16 是否就业 为 “是” 且 R3 户口性质 为 “非农业”） 或 年龄 ≥ 60 岁');
    expect(describeCondition({ any: [{ item: '$age', gte: 16, lte: 59 }, { item: 'r13', gte: 2, lt: 5 }] }, f)).toBe('年龄 16–59 岁 或 （R13 受教育程度 ≥ 2 且 R13 受教育程度 < 5）');
    expect(describeCondition({ all: [{ all: [a, b] }, c] }, f)).toBe('R16 是否就业 为 “是” 且 R3 户口性质 为 “非农业” 且 年龄 ≥ 60 岁');
    expect(describeCondition({ not: a }, f)).toBe('非（R16 是否就业 为 “是”）');
    expect(describeCondition({ xor: [a, { all: [b, c] }] }, f)).toBe('R16 是否就业 为 “是” 与 （R3 户口性质 为 “非农业” 且 年龄 ≥ 60 岁） 恰有一项成立');
    expect(describeCondition({ all: [{ xor: [a, b] }, c] }, f)).toBe('（R16 是否就业 为 “是” 与 R3 户口性质 为 “非农业” 恰有一项成立） 且 年龄 ≥ 60 岁');
    expect(describeCondition({ all: [] })).toBe('总是成立');
    expect(describeCondition({ any: [] })).toBe('从不成立');
    expect(describeCondition({ all: [a] }, f)).toBe('R16 是否就业 为 “是”');
  });

  it('names department fields from the extract layout, and whether the person was found', () => {
    const civil = { department: 'civil-affairs' } as const;
    expect(describeCondition({ dept: '$matched', eq: true }, f, civil)).toBe('部门名册中有此人');
    expect(describeCondition({ dept: '$matched', eq: false })).toBe('部门名册中无此人');
    expect(describeCondition({ dept: 'benefits', includes: 1 }, f, civil)).toBe('部门数据“救助/补贴项目” 含 “最低生活保障”');
    expect(describeCondition({ dept: 'enrolled', eq: 2 }, f, { department: 'education' })).toBe('部门数据“是否在读” 为 “否”');
    expect(describeCondition({ dept: 'sex', ne: 'male' }, f, { department: 'public-security' })).toBe('部门数据“性别” 不为 “男”');
    expect(describeCondition({ dept: 'house_grade', in: ['C', 'D'] })).toBe('部门数据 house_grade 为 “C”、“D” 之一');
  });

  it('names the previous round', () => {
    expect(describeCondition({ previous: '$matched', eq: true })).toBe('有上一轮记录');
    expect(describeCondition({ previous: '$matched', eq: false })).toBe('无上一轮记录');
    expect(describeCondition({ all: [{ previous: 'r16', eq: 1 }, { item: 'r16', eq: 2 }] }, f)).toBe('上一轮的 R16 是否就业 为 “是” 且 R16 是否就业 为 “否”');
    expect(describeCondition({ previous: '$level', lt: 3 }, f)).toBe('上一轮的 残疾等级 < 3');
  });

  it('reads the older form shapes as the current ones', () => {
    expect(describeCondition({ age: { min: 16, max: 59 } }, f)).toBe('年龄 16–59 岁');
    expect(describeCondition({ age: { max: 14 } }, f)).toBe('年龄 ≤ 14 岁');
    expect(describeCondition({ item: 'r14', answered: false }, f)).toBe('R14 目前在校情况 未填');
    expect(describeCondition({ category: [5, 6] }, f)).toBe('残疾类别 为 “智力残疾”、“精神残疾” 之一');
    expect(describeCondition({ level: [1] }, f)).toBe('残疾等级 为 “一级”');
  });
});

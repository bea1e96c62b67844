import { describe, expect, it } from 'vitest';
import { applicableItems, codes, extendForm, fromFlatRow, personForm, toFlatRow, toJSONSchema, validatePerson, withCodeLabels, type CodeList, type ExtensionItem, type FormExtension } from '@canji/form';
import { identity, urbanEmployed } from './fixtures.js';

/**
 * The provincial G-items of docs/guides/form-reconstruction.md §3.11 (S5's "G" page, asked only when the person
 * does not live in an institution). Code lists the reference does not give are open lists here.
 */
const open = (id: string, title: string): CodeList => ({ id, title, entries: [], provisional: true, open: true, openMax: 20 });
const politicalStatus = withCodeLabels(open('g_political', '政治面貌'), { 1: '中共党员', 2: '共青团员', 3: '群众' });
const gItems: ExtensionItem[] = [
  { key: 'g1', code: 'G1', label: '民族', section: 'ext', type: 'single', codeList: 'ethnicity', identifier: 'quasi' },
  { key: 'g2', code: 'G2', label: '政治面貌', section: 'ext', type: 'single', codeList: 'g_political', askedWhen: { age: { min: 16 } }, identifier: 'quasi' },
  { key: 'g3', code: 'G3', label: '家庭人口', section: 'ext', type: 'number', min: 1, max: 30, identifier: 'quasi' },
  { key: 'g4', code: 'G4', label: '住址', section: 'ext', type: 'text', maxLength: 200, identifier: 'direct' },
  { key: 'g5', code: 'G5', label: '是否留守儿童', section: 'ext', type: 'yesno', codeList: 'yesNo', askedWhen: { age: { max: 16 } }, identifier: 'sensitive' },
  { key: 'g6', code: 'G6', label: '残疾人特征', section: 'ext', type: 'multiple', codeList: 'g_features', identifier: 'sensitive' },
  { key: 'g7', code: 'G7', label: '城镇住房需求', section: 'ext', type: 'single', codeList: 'g_need', askedWhen: { item: 'r3', eq: 2 }, identifier: 'sensitive' },
  { key: 'g8', code: 'G8', label: '农村住房需求', section: 'ext', type: 'single', codeList: 'g_need', askedWhen: { item: 'r3', eq: 1 }, identifier: 'sensitive' },
  { key: 'g9', code: 'G9', label: '上年度人均可支配收入', section: 'ext', type: 'number', min: 0, identifier: 'sensitive' },
  { key: 'g10', code: 'G10', label: '动态更新年度内是否享受过助学金', section: 'ext', type: 'yesno', codeList: 'yesNo', askedWhen: { item: 'r14', answered: true }, identifier: 'sensitive' },
  { key: 'g11', code: 'G11', label: '教育需求', section: 'ext', type: 'single', codeList: 'g_need', askedWhen: { item: 'r15', answered: true }, identifier: 'other' },
  { key: 'g12', code: 'G12', label: '是否获得职业资格证书', section: 'ext', type: 'yesno', codeList: 'yesNo', identifier: 'other' },
  { key: 'g13', code: 'G13', label: '证书类型', section: 'ext', type: 'multiple', codeList: 'g_need', parent: 'g12', askedWhen: { item: 'g12', eq: 1 }, identifier: 'other' },
  { key: 'g14', code: 'G14', label: '创办实体情况', section: 'ext', type: 'single', codeList: 'g_need', optional: true, identifier: 'other' },
  { key: 'g15', code: 'G15', label: '社会保障需求', section: 'ext', type: 'multiple', codeList: 'g_need', identifier: 'sensitive' },
  { key: 'g16', code: 'G16', label: '残疾儿童康复项目救助', section: 'ext', type: 'yesno', codeList: 'yesNo', askedWhen: { age: { max: 18 } }, identifier: 'sensitive' },
  { key: 'g17', code: 'G17', label: '是否获得法律服务', section: 'ext', type: 'yesno', codeList: 'yesNo', identifier: 'other' },
  { key: 'g18', code: 'G18', label: '法律服务需求', section: 'ext', type: 'multiple', codeList: 'g_need', identifier: 'other' },
  { key: 'g19', code: 'G19', label: '文体爱好', section: 'ext', type: 'multiple', codeList: 'g_need', optional: true, identifier: 'other' },
  { key: 'g20', code: 'G20', label: '文体需求', section: 'ext', type: 'multiple', codeList: 'g_need', identifier: 'other' },
];
const extension: FormExtension = {
  id: 'gpage',
  region: '某省（测试）',
  approvedBy: '某省统计局（测试）',
  approvalNo: '测统制〔2018〕0号',
  askedWhen: { not: { item: 'r7', eq: 1 } },
  codeLists: { g_political: politicalStatus.ok ? politicalStatus.value : open('g_political', '政治面貌'), g_features: open('g_features', '残疾人特征'), g_need: open('g_need', '需求') },
  items: gItems,
};

const form = (() => {
  const r = extendForm(personForm('2017'), extension);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
})();

const gAnswers = { g1: 1, g2: 3, g3: 3, g4: '测试地址', g6: [1], g7: 1, g9: 12000, g12: 1, g13: [2], g15: [1], g17: 2, g18: [1], g20: [1] };

describe('extendForm with the provincial G-items (§3.11)', () => {
  it('keeps approval metadata and puts items under ext.<id>', () => {
    expect(form.extensions).toEqual([{ id: 'gpage', region: '某省（测试）', approvedBy: '某省统计局（测试）', approvalNo: '测统制〔2018〕0号' }]);
    expect(form.items.filter((i) => i.key.startsWith('ext.gpage.'))).toHaveLength(20);
    expect(personForm('2017').items.some((i) => i.key.startsWith('ext.'))).toBe(false);
  });
  it('validates a complete record with extension answers', () => {
    expect(validatePerson(urbanEmployed({ ext: { gpage: gAnswers } }), { form })).toEqual({ ok: true, problems: [] });
  });
  it('applies the same skip machinery: G16 only for age ≤ 18 (§5), G13 after G12 = 1, G page not in institutions', () => {
    const adult = validatePerson(urbanEmployed({ ext: { gpage: { ...gAnswers, g16: 1 } } }), { form });
    expect(adult.problems).toEqual([expect.objectContaining({ code: 'FORM_NOT_APPLICABLE', item: 'G16', path: ['ext', 'gpage', 'g16'] })]);
    const noCert = validatePerson(urbanEmployed({ ext: { gpage: { ...gAnswers, g12: 2 } } }), { form });
    expect(noCert.problems.map((p) => `${p.code}@${p.item}`)).toEqual(['FORM_NOT_APPLICABLE@G13']);
    const child = identity('2005-01-01', 5, 2);
    const childItems = applicableItems({ person_status: 6, reference_date: '2019-07-01', ...child, r3: 1, r7: 2 }, { form });
    expect(childItems.find((i) => i.key === 'ext.gpage.g16')?.status).toBe('applicable');
    expect(childItems.find((i) => i.key === 'ext.gpage.g5')?.status).toBe('applicable');
    expect(childItems.find((i) => i.key === 'ext.gpage.g2')).toBeUndefined();
    const inst = applicableItems({ person_status: 6, reference_date: '2019-07-01', ...child, r3: 1, r7: 1 }, { form });
    expect(inst.some((i) => i.key.startsWith('ext.'))).toBe(false);
  });
  it('reports unknown extension fields and unknown extensions', () => {
    const r = validatePerson({ ext: { gpage: { g99: 1 }, other: {} } }, { form, partial: true });
    expect(r.problems.filter((p) => p.severity === 'error').map((p) => p.code)).toEqual(['FORM_UNKNOWN_FIELD', 'FORM_UNKNOWN_FIELD']);
  });
  it('flat rows carry extension columns as ext.<id>.<key> and by G-number', () => {
    const rec = urbanEmployed({ ext: { gpage: gAnswers } });
    const row = toFlatRow(rec, { form });
    expect(row['ext.gpage.g13']).toBe('2');
    expect(fromFlatRow(row, { form })).toEqual({ record: rec, issues: [] });
    expect(fromFlatRow({ 'G12 是否获得职业资格证书': '是' }, { form }).record).toEqual({ ext: { gpage: { g12: 1 } } });
  });
  it('JSON Schema nests extension items with the approval', () => {
    const s = toJSONSchema(form) as { properties: { ext: { properties: Record<string, { title: string; properties: Record<string, unknown> }> } } };
    expect(s.properties.ext.properties.gpage!.title).toContain('测统制〔2018〕0号');
    expect(Object.keys(s.properties.ext.properties.gpage!.properties)).toHaveLength(20);
  });
  it('rejects extensions without approval, bad keys, unknown code lists and bad conditions', () => {
    const base = personForm('2017');
    expect(extendForm(base, { ...extension, approvalNo: '' })).toMatchObject({ ok: false, error: { code: 'EXT_APPROVAL_MISSING' } });
    expect(extendForm(base, { ...extension, id: 'Bad-Id' })).toMatchObject({ ok: false, error: { code: 'EXT_ID' } });
    expect(extendForm(base, { ...extension, items: [{ ...gItems[0]!, codeList: 'nope' }] })).toMatchObject({ ok: false, error: { code: 'EXT_CODE_LIST_UNKNOWN' } });
    expect(extendForm(base, { ...extension, items: [{ ...gItems[0]!, askedWhen: { item: 'zz', eq: 1 } }] })).toMatchObject({ ok: false, error: { code: 'EXT_CONDITION' } });
    expect(extendForm(form, extension)).toMatchObject({ ok: false, error: { code: 'EXT_DUPLICATE' } });
    expect(codes.ethnicity.entries).toHaveLength(58);
  });
});

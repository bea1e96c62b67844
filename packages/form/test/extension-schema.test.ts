import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { extendForm, personForm, type FormExtension } from '@canji/form';
import type { Condition as NewCondition } from '../src/condition.js';
import type { Condition as FormCondition } from '../src/types.js';
import { formExtensionFileSchema, formExtensionSchema } from '../src/extension-schema.js';
import { parseSchemaData } from '../src/schema-issues.js';

type Mutual<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
/**
 * `FormExtension` with its conditions in the one condition language: the form's own `Condition`
 * (types.ts) is still the narrower older type until the engine reads the new one; once it is the
 * same type, `Widen` is the identity.
 */
type Widen<T> = T extends FormCondition ? NewCondition : T extends readonly (infer U)[] ? readonly Widen<U>[] : T extends object ? { [K in keyof T]: Widen<T[K]> } : T;

// Type tests (checked by `tsc`): the schema accepts exactly what `FormExtension` describes.
const sameAsFormExtension: Mutual<z.infer<typeof formExtensionSchema>, Widen<FormExtension>> = true;
const fileAddsOnlySchemaKey: Mutual<Omit<z.infer<typeof formExtensionFileSchema>, '$schema'>, z.infer<typeof formExtensionSchema>> = true;
const canFail: Mutual<z.infer<typeof formExtensionSchema>, Omit<Widen<FormExtension>, 'approvalNo'> & { approvalNo: number }> = false;
void [sameAsFormExtension, fileAddsOnlySchemaKey, canFail];

const extension: FormExtension = {
  id: 'demo',
  region: '某省（测试）',
  approvedBy: '某省统计局（测试）',
  approvalNo: '测统制〔2018〕0号',
  askedWhen: { not: { item: 'r7', eq: 1 } },
  codeLists: { g_need: { id: 'g_need', title: '需求', entries: [{ code: 1, label: '需要' }, { code: 2, label: '不需要' }], provisional: true } },
  items: [
    { key: 'g12', code: 'G12', label: '是否获得职业资格证书', section: 'ext', type: 'yesno', codeList: 'yesNo', identifier: 'other' },
    { key: 'g13', code: 'G13', label: '证书类型', section: 'ext', type: 'multiple', codeList: 'g_need', parent: 'g12', askedWhen: { item: 'g12', eq: 1 }, identifier: 'other' },
    { key: 'g16', code: 'G16', label: '残疾儿童康复项目救助', section: 'ext', type: 'yesno', codeList: 'yesNo', askedWhen: { age: { max: 18 } }, identifier: 'sensitive' },
  ],
  skipRules: [{ id: 'SKIP_G13', when: { item: 'g12', eq: 2 }, skip: ['g13'], source: '测试' }],
};

describe('formExtensionSchema', () => {
  it('accepts an extension that extendForm accepts, written as JSON', () => {
    expect(extendForm(personForm('2017'), extension).ok).toBe(true);
    const json = JSON.parse(JSON.stringify(extension));
    expect(parseSchemaData(formExtensionSchema, json)).toEqual({ ok: true, value: json });
    expect(parseSchemaData(formExtensionFileSchema, { $schema: '../docs/schemas/form-extension.schema.json', ...json }).ok).toBe(true);
  });

  it('rejects unknown keys, bad keys and bad conditions with the JSON path', () => {
    const json = JSON.parse(JSON.stringify(extension));
    const withIssue = (edit: (e: Record<string, any>) => void) => {
      const e = structuredClone(json);
      edit(e);
      const r = parseSchemaData(formExtensionFileSchema, e);
      return r.ok ? [] : r.issues.map((i) => `${i.jsonPath}：${i.message}`);
    };
    expect(withIssue((e) => (e.items[1].lable = '证书'))).toEqual([expect.stringMatching(/^\$\.items\[1\]：不认识的键 “lable”/)]);
    expect(withIssue((e) => (e.items[0].key = 'G12'))).toEqual([expect.stringMatching(/^\$\.items\[0\]\.key：应为小写字母开头/)]);
    expect(withIssue((e) => (e.items[1].askedWhen = { item: 'g12', eq: 1, ne: [2] }))).toEqual(['$.items[1].askedWhen.ne：应为字符串、数字或 true / false']);
    expect(withIssue((e) => (e.items[2].type = 'checkbox'))).toEqual([expect.stringContaining('$.items[2].type：应为 “single”、“multiple”')]);
    expect(withIssue((e) => delete e.approvalNo)).toEqual(['$.approvalNo：缺少此项']);
  });
});

/**
 * The zod record schemas speak zh-CN: every issue of a wrong value, for every item of every form
 * version, names the item in Chinese — never zod's English ("Invalid option: expected one of 1|2").
 */
import { describe, expect, it } from 'vitest';
import { PERSON_FORM_VERSIONS, personForm, personRecordSchema } from '@canji/form';

const CJK = /[\u4e00-\u9fff]/;
const wrong: unknown[] = [9999, 'x', -1, [], [9999], {}, true, 1.5, '2019-02-30'];

describe('personRecordSchema messages', () => {
  for (const version of PERSON_FORM_VERSIONS) {
    it(`${version}: every issue of every item is zh-CN`, () => {
      const schema = personRecordSchema(version);
      let issues = 0;
      for (const item of personForm(version).items) {
        if (item.key.includes('.')) continue;
        for (const v of wrong) {
          const r = schema.safeParse({ [item.key]: v });
          if (r.success) continue;
          for (const i of r.error.issues) {
            issues++;
            expect(i.message, `${item.key}=${JSON.stringify(v)}`).toMatch(CJK);
            expect(i.message).not.toMatch(/Invalid|expected|Unrecognized|Too (big|small)/);
          }
        }
      }
      expect(issues).toBeGreaterThan(personForm(version).items.length * 3);
      const unknown = schema.safeParse({ no_such_column: 1 });
      expect(unknown.success).toBe(false);
      expect(unknown.error!.issues[0]!.message).toContain('no_such_column');
    });
  }
});

/**
 * The identifier classes come from @canji/form's items, per form version: deid keeps no copy that
 * could drift (before, the 2021 form's R4 联系人姓名 was read with the 2017 class of R4 婚姻状况, and
 * the collector's name was `other` in form but `direct` in deid).
 */
import { describe, expect, it } from 'vitest';
import { PERSON_FORM_VERSIONS, personForm } from '@canji/form';
import { deidentifyAll, defaultPolicy, describePolicy, identifierClassOf, RECORD_FIELD_CLASSES } from '@canji/deid';

const ACTIONS_BY_CLASS = {
  direct: ['drop', 'pseudonymize'],
  quasi: ['generalize', 'keep-coded', 'drop'],
  sensitive: ['keep-coded', 'drop'],
  other: ['keep-coded', 'drop'],
} as const;

describe('identifier classes from the form', () => {
  it.each(PERSON_FORM_VERSIONS)('%s: every item has the class the form gives it, and the policy rule of that class', (v) => {
    const policy = defaultPolicy({ formVersion: v, asOf: '2024-10-31' });
    for (const item of personForm(v).items) {
      expect([item.key, identifierClassOf(item.key, undefined, v)]).toEqual([item.key, item.identifier]);
      const rule = policy.fields[item.key];
      expect(rule, item.key).toBeDefined();
      expect(ACTIONS_BY_CLASS[item.identifier] as readonly string[]).toContain(rule!.action);
      if (item.identifier === 'direct') expect([item.key, rule!.action]).toEqual([item.key, 'drop']);
    }
  });

  it('the 2017 table is the 2017 form (plus the R1/R2 aliases of name and certificate_no)', () => {
    const fromForm = Object.fromEntries(personForm('2017').items.map((i) => [i.key, i.identifier]));
    expect(RECORD_FIELD_CLASSES).toEqual({ ...fromForm, r1: 'direct', r2: 'direct' });
  });

  it('collector (a person\'s name) is direct in form and dropped; person_status (核查状态) is sensitive and kept as a code', async () => {
    for (const v of PERSON_FORM_VERSIONS) {
      expect(personForm(v).items.find((i) => i.key === 'collector')?.identifier).toBe('direct');
      expect(personForm(v).items.find((i) => i.key === 'person_status')?.identifier).toBe('sensitive');
    }
    const [out] = await deidentifyAll([{ collector: 'Zhang', person_status: 5, collected_on: '2024-08-15' }], defaultPolicy());
    expect(out!.record).toEqual({ person_status: 5, collected_on: '2024-08' });
  });

  it('passing the form\'s own items changes nothing (they are already the default), so dates of the visit are no longer released in full', () => {
    for (const v of PERSON_FORM_VERSIONS) {
      const fields = personForm(v).items.map((i) => i.key);
      expect(describePolicy(defaultPolicy({ formVersion: v, items: personForm(v).items }), fields)).toEqual(describePolicy(defaultPolicy({ formVersion: v }), fields));
    }
    expect(defaultPolicy({ items: personForm('2017').items }).fields.collected_on?.action).toBe('generalize');
  });

  it('sub-items of direct items are dropped by version: 2017 r5_1/r6_1, 2021 r4_1/r5_1; 2021 r6_1 (住机构) is a code', async () => {
    const rec = { r4_1: 'X', r5_1: 'Y', r6_1: 1 };
    const [a] = await deidentifyAll([rec], defaultPolicy({ formVersion: '2021' }));
    expect(a!.record).toEqual({ r6_1: 1 });
    const [b] = await deidentifyAll([rec], defaultPolicy({ formVersion: '2017' }));
    expect(b!.record).toEqual({ r4_1: 'X' });
  });
});

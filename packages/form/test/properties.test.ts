import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { itemApplicability, personForm, requiredItemCounts, validatePerson } from '@canji/form';
import { identity, ruralElder, urbanEmployed } from './fixtures.js';

const form = personForm('2017');
const bases = [urbanEmployed(), ruralElder(), urbanEmployed({ ...identity('2009-03-01', 5, 2), r29: undefined, r30: undefined })];

describe('validatePerson laws', () => {
  it('never throws, whatever it is given', () => {
    const keys = form.items.map((i) => i.key);
    fc.assert(
      fc.property(fc.oneof(fc.anything(), fc.dictionary(fc.constantFrom(...keys, 'ext', 'x'), fc.anything())), (rec) => {
        const r = validatePerson(rec, { partial: true });
        expect(typeof r.ok).toBe('boolean');
        for (const p of r.problems) expect(typeof p.message).toBe('string');
      }),
      { numRuns: 300 },
    );
  });
  it('a code outside the list of any single-choice item is reported at that item', () => {
    const single = form.items.filter((i) => (i.type === 'single' || i.type === 'yesno') && !form.codeLists[i.codeList!]!.open);
    fc.assert(
      fc.property(fc.constantFrom(...single), fc.integer({ min: -5, max: 200 }), (item, code) => {
        fc.pre(!form.codeLists[item.codeList!]!.entries.some((e) => e.code === code));
        const r = validatePerson({ ...urbanEmployed(), [item.key]: code });
        expect(r.problems.map((p) => `${p.code}@${p.path[0]}`)).toContain(`FORM_CODE_UNKNOWN@${item.key}`);
      }),
      { numRuns: 300 },
    );
  });
});

describe('three-valued applicability is monotonic', () => {
  it('what a partial record decides, the complete record confirms', () => {
    fc.assert(
      fc.property(fc.constantFrom(...bases), fc.integer({ min: 0, max: 2 ** 31 }), (full, mask) => {
        const keys = Object.keys(full);
        const partial = Object.fromEntries(keys.filter((_, i) => ((mask >>> (i % 31)) & 1) === 1 || i % 7 === 0).map((k) => [k, full[k]]));
        const finalStatus = new Map(itemApplicability(full, { complete: true }).map((i) => [i.key, i.status]));
        for (const i of itemApplicability(partial)) {
          if (i.status !== 'undetermined') expect(i.status, i.key).toBe(finalStatus.get(i.key));
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe('requiredItemCounts', () => {
  it('counts what itemApplicability lists as applicable and required (complete record), blank or not, sections left out', () => {
    const keys = form.items.map((i) => i.key);
    fc.assert(
      fc.property(fc.constantFrom(...bases), fc.integer({ min: 0, max: 2 ** 31 }), fc.constantFrom<string[] | undefined>(undefined, ['cover'], ['cover', 'identity']), fc.constantFrom(undefined, '2019-06-30'), (full, mask, skip, asOf) => {
        // Some answers removed, others blanked with spaces or an empty choice list.
        const rec: Record<string, unknown> = { ...full };
        keys.forEach((k, i) => {
          const bit = (mask >>> (i % 31)) & 1;
          if (bit && i % 3 === 0) delete rec[k];
          else if (bit && i % 3 === 1) rec[k] = Array.isArray(rec[k]) ? [] : ' ';
        });
        const listed = itemApplicability(rec, { complete: true, ...(asOf ? { asOf } : {}) }).filter((a) => a.status === 'applicable' && a.required && !skip?.includes(a.section));
        const counts = requiredItemCounts(rec, { ...(skip ? { skipSections: skip } : {}), ...(asOf ? { asOf } : {}) });
        expect(counts).toEqual({ required: listed.length, blank: listed.filter((a) => !a.answered).length });
      }),
      { numRuns: 200 },
    );
  });
});

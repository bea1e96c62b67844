/**
 * The built-ins' conditions in words (@canji/form's `describeCondition`) say the same as their
 * hand-written zh-CN `description`: every part can be described, the items the conditions read
 * are the items the description names (R16 …, V7 …) and no others, and every age bound the
 * conditions use is stated in the description (or in the one of the indicator it refers to).
 */
import { describe, expect, it } from 'vitest';
import { describeCondition, personForm, villageForm, type Condition } from '@canji/form';
import { BUILTIN_INDICATORS, compulsoryEducationEnrollment, type Indicator } from '@canji/indicators';

const PARTS = ['denominator', 'answered', 'numerator'] as const;

/** Item numbers (R16, V7 …) in a text, upper-cased. */
const itemCodes = (text: string): string[] => [...new Set([...text.matchAll(/\b[RrVv]\d+\b/g)].map((m) => m[0].toUpperCase()))].sort();

/** Every leaf of a condition. */
function leaves(c: Condition): Condition[] {
  if ('all' in c) return c.all.flatMap(leaves);
  if ('any' in c) return c.any.flatMap(leaves);
  if ('not' in c) return leaves(c.not);
  if ('xor' in c) return c.xor.flatMap(leaves);
  return [c];
}

function generated(ind: Indicator): Record<(typeof PARTS)[number], string> {
  const form = ind.subject === 'person' ? personForm('2017') : villageForm();
  const out = { denominator: '', answered: '', numerator: '' };
  for (const part of PARTS) {
    const c = ind.conditions?.[part];
    if (c) out[part] = describeCondition(c, form);
  }
  return out;
}

describe('the built-ins’ conditions in words', () => {
  const cases = [...BUILTIN_INDICATORS, compulsoryEducationEnrollment({ minAge: 7, maxAge: 15 })].map((i) => [i.id, i] as const);

  it.each(cases)('%s: every part is described, without throwing', (_id, ind) => {
    const text = generated(ind);
    for (const part of PARTS) {
      const c = ind.conditions?.[part];
      expect(c, part).toBeDefined();
      // Only the empty conjunction (every record) has no words.
      if (!('all' in c! && c.all.length === 0)) expect(text[part], part).not.toBe('');
    }
  });

  it.each(cases)('%s: the conditions read the items the description names, and state its age bounds', (_id, ind) => {
    const text = generated(ind);
    // A description may define its population as another indicator's (“分母：同托养服务享受比例 …”).
    const referred = BUILTIN_INDICATORS.filter((other) => other !== ind && ind.description.includes(`同${other.name}`));
    const described = [ind.description, ...referred.map((other) => other.description)].join(' ');
    const read = itemCodes(PARTS.map((p) => text[p]).join(' '));
    // Every item the description names is read, and every item read is named (here or in the indicator referred to).
    for (const code of itemCodes(ind.description)) expect(read).toContain(code);
    for (const code of read) expect(itemCodes(described)).toContain(code);
    const withoutItemCodes = described.replace(/\b[RrVv]\d+\b/g, '');
    for (const part of PARTS) {
      for (const leaf of leaves(ind.conditions![part]!)) {
        if (!('item' in leaf) || 'answered' in leaf || leaf.item !== '$age') continue;
        for (const bound of [leaf.gte, leaf.lte]) if (bound !== undefined) expect(withoutItemCodes).toMatch(new RegExp(`(^|\\D)${bound}(\\D|$)`));
      }
    }
  });
});

import { describe, expect, it } from 'vitest';
import { codeLabel, personForm } from '../src/index.js';
import { itemTitle, valueLabel } from '../src/index.js';

const form = personForm('2017');

describe('valueLabel / itemTitle', () => {
  it('shows codes with their labels from the item’s code list', () => {
    const r3 = form.items.find((i) => i.key === 'r3')!;
    const list = form.codeLists[r3.codeList!]!;
    const first = list.entries.find((e) => e.label)!;
    expect(valueLabel(form, 'r3', first.code)).toBe(`${codeLabel(list, first.code)}（${first.code}）`);
    expect(valueLabel(form, 'r3', 77)).toBe('77（代码表中没有）');
  });
  it('joins multiple choices and leaves other values as text', () => {
    const r27 = form.items.find((i) => i.key === 'r27')!;
    const list = form.codeLists[r27.codeList!]!;
    const [a, b] = list.entries;
    expect(valueLabel(form, 'r27', [a!.code, b!.code])).toBe(`${a!.label}（${a!.code}）、${b!.label}（${b!.code}）`);
    expect(valueLabel(form, 'name', '张三')).toBe('张三');
    expect(valueLabel(form, 'r3', undefined)).toBe('');
    expect(valueLabel(form, 'unknown_key', 5)).toBe('5');
  });
  it('names items by number and label', () => {
    expect(itemTitle(form, 'r3')).toMatch(/^R3 /);
    expect(itemTitle(form, 'resident_id')).not.toMatch(/^resident_id$/);
    expect(itemTitle(form, 'nope')).toBe('nope');
  });
});

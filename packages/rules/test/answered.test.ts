import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isAnswered } from '@canji/form';
import { compileCondition, type Scope } from '@canji/rules';

const scope = (v: unknown): Scope => ({ record: { r14: v }, facts: {} as Scope['facts'], row: undefined });
const present = compileCondition({ item: 'r14', present: true });
const absent = compileCondition({ item: 'r14', present: false });

describe("rules' `present` is @canji/form's isAnswered", () => {
  it('reads a blank string (spaces, a full-width space) as unanswered, as indicators and form do', () => {
    for (const v of ['   ', '\u3000', '\t']) {
      expect(present(scope(v))).toBe(false);
      expect(absent(scope(v))).toBe(true);
    }
    expect(present(scope(' 1 '))).toBe(true);
  });

  it('agrees with isAnswered on any value', () => {
    const value = fc.oneof(fc.constant(undefined), fc.constant(null), fc.string({ unit: fc.constantFrom(' ', '\u3000', 'a') }), fc.double(), fc.array(fc.integer(), { maxLength: 2 }), fc.boolean());
    fc.assert(
      fc.property(value, (v) => {
        expect(present(scope(v))).toBe(isAnswered(v));
        expect(absent(scope(v))).toBe(!isAnswered(v));
      }),
    );
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isAnswered } from '@canji/form';

describe('isAnswered (the one definition of "answered")', () => {
  it.each([
    ['undefined', undefined],
    ['null', null],
    ['the empty string', ''],
    ['spaces', '   '],
    ['a tab and a newline', '\t\n'],
    ['a full-width space (U+3000)', '\u3000'],
    ['no-break spaces', '\u00a0\ufeff'],
    ['an empty array', []],
    ['NaN', Number.NaN],
  ])('%s is unanswered', (_, v) => {
    expect(isAnswered(v)).toBe(false);
  });

  it.each([
    ['a code', 2],
    ['zero', 0],
    ['a negative number', -1],
    ['Infinity (entered, though invalid)', Number.POSITIVE_INFINITY],
    ['a string', '张三'],
    ['a string padded with spaces', '  1 '],
    ['a string after a full-width space', '\u3000否'],
    ['a non-empty array', [1, 3]],
    ['an array holding only a blank (entered; the validator reports it)', ['']],
    ['true', true],
    ['false', false],
    ['an object', { code: 1 }],
  ])('%s is answered', (_, v) => {
    expect(isAnswered(v)).toBe(true);
  });

  it('a string is answered exactly when trim() leaves something', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(' ', '\t', '\u3000', '\u00a0', '\n', 'a', '张', '1', '\u2003') }), (s) => {
        expect(isAnswered(s)).toBe(s.trim().length > 0);
      }),
    );
    fc.assert(
      fc.property(fc.string(), (s) => {
        expect(isAnswered(s)).toBe(s.trim().length > 0);
      }),
    );
  });

  it('a number is answered unless it is NaN; an array unless it is empty', () => {
    fc.assert(
      fc.property(fc.double(), (n) => {
        expect(isAnswered(n)).toBe(!Number.isNaN(n));
      }),
    );
    fc.assert(
      fc.property(fc.array(fc.integer()), (a) => {
        expect(isAnswered(a)).toBe(a.length > 0);
      }),
    );
  });
});

import { COMPOUND_SURNAMES, maskName, splitChineseName } from '@canji/id';
import { describe, expect, it } from 'vitest';
import { DRAWN_COMPOUND_SURNAMES, DRAWN_SURNAMES, synthesizeName } from '../src/names.js';
import { Random } from '../src/random.js';

describe('synthetic surnames', () => {
  it("draws compound surnames only from @canji/id's COMPOUND_SURNAMES", () => {
    expect(DRAWN_COMPOUND_SURNAMES.length).toBeGreaterThan(0);
    expect(DRAWN_COMPOUND_SURNAMES.filter((s) => !COMPOUND_SURNAMES.has(s))).toEqual([]);
  });

  it('draws every other surname as one character', () => {
    const single = DRAWN_SURNAMES.filter((s) => !DRAWN_COMPOUND_SURNAMES.includes(s));
    for (const s of single) expect(Array.from(s)).toHaveLength(1);
  });

  it('generates names whose surname @canji/id recovers, so their masks keep exactly the surname', () => {
    const rng = new Random(7);
    let compound = 0;
    for (let i = 0; i < 5000; i++) {
      const name = synthesizeName(rng, i % 2 ? 'male' : 'female');
      const { surname } = splitChineseName(name);
      expect(DRAWN_SURNAMES).toContain(surname);
      expect(maskName(name)).toBe(surname + '*'.repeat(Array.from(name).length - Array.from(surname).length));
      if (surname.length === 2) compound++;
    }
    expect(compound).toBeGreaterThan(0);
  });
});

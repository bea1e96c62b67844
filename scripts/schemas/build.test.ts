import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { conditionSchema } from '@canji/form';
import { schemaFiles } from './build.js';

const onDisk = (name: string) => readFileSync(new URL(`../../docs/schemas/${name}`, import.meta.url), 'utf8');

describe('docs/schemas/*.schema.json', () => {
  it('are current (regenerate with: pnpm exec tsx scripts/schemas/build.ts)', () => {
    const files = schemaFiles();
    expect(Object.keys(files).sort()).toEqual(['condition.schema.json', 'deid-policy.schema.json', 'form-extension.schema.json', 'rule-file.schema.json']);
    for (const [name, text] of Object.entries(files)) expect(onDisk(name) === text, `docs/schemas/${name} is stale`).toBe(true);
  });

  it('are valid draft 2020-12 schemas for a strict validator', () => {
    const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
    for (const name of Object.keys(schemaFiles())) expect(() => ajv.compile(JSON.parse(onDisk(name))), name).not.toThrow();
  });

  it('accept and reject the same conditions as the zod schema', () => {
    const validate = new Ajv2020({ strict: true, allowUnionTypes: true }).compile(JSON.parse(onDisk('condition.schema.json')));
    const value = fc.oneof(fc.integer({ min: -1, max: 9 }), fc.constantFrom(1.5, 'C', '', true), fc.array(fc.integer({ min: 0, max: 9 }), { maxLength: 2 }), fc.constant({}));
    const leaf = fc
      .record(
        {
          ref: fc.constantFrom('item', 'dept', 'previous', 'age', 'itemm'),
          name: fc.constantFrom('r16', 'r16_2', '$age', '$agee', '$matched', 'R16', 'ext.sd.g1', ''),
          op: fc.constantFrom('eq', 'ne', 'in', 'notIn', 'lt', 'gte', 'present', 'includes', 'includesAny', 'includesNone', 'answered', 'min'),
          value,
          second: fc.option(fc.constantFrom('eq', 'lte', 'in'), { nil: undefined }),
        },
        { requiredKeys: ['ref', 'name', 'op', 'value'] },
      )
      .map(({ ref, name, op, value, second }) => {
        if (ref === 'age') return { age: { [op]: value } };
        const leaf: Record<string, unknown> = { [ref]: name, [op]: value };
        if (second) leaf[second] = 2;
        return leaf;
      });
    const cond: fc.Arbitrary<unknown> = fc.letrec<{ c: unknown }>((tie) => ({
      c: fc.oneof(
        { depthSize: 'small' },
        leaf,
        fc.array(tie('c'), { maxLength: 3 }).map((all) => ({ all })),
        fc.array(tie('c'), { maxLength: 3 }).map((any) => ({ any })),
        tie('c').map((not) => ({ not })),
        fc.array(tie('c'), { maxLength: 3 }).map((xor) => ({ xor })),
      ),
    })).c;
    let accepted = 0;
    fc.assert(
      fc.property(cond, (c) => {
        const zodOk = conditionSchema.safeParse(c).success;
        if (zodOk) accepted++;
        expect(validate(c), JSON.stringify(c)).toBe(zodOk);
      }),
      { numRuns: 1000 },
    );
    // the generator reaches both sides
    expect(accepted).toBeGreaterThan(50);
  });
});

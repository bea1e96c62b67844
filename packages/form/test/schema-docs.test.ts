import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { personForm, personRecordSchema, toJSONSchema, villageForm } from '@canji/form';
import { dictionaries } from '../../../scripts/forms/generate-dictionary.js';
import { ruralElder, urbanEmployed } from './fixtures.js';

describe('toJSONSchema', () => {
  const schema = toJSONSchema('2017', { partial: true });
  it('has every item with its label and code titles', () => {
    expect(Object.keys(schema.properties)).toEqual(personForm('2017').items.map((i) => i.key));
    expect(schema.properties.r3).toMatchObject({ type: 'integer', title: 'R3 户口性质', oneOf: [{ const: 1, title: '农业' }, { const: 2, title: '非农业' }] });
    expect(schema.properties.r22).toMatchObject({ type: 'array', minItems: 1, uniqueItems: true, 'x-exclusive': [4] });
    expect(schema.properties.r34).toMatchObject({ 'x-provisional': true });
    expect(schema.additionalProperties).toBe(false);
  });
  it('is plain JSON', () => {
    expect(JSON.parse(JSON.stringify(schema))).toEqual(schema);
  });
  it('agrees with the zod schema on which codes are allowed', () => {
    const zod = personRecordSchema('2017');
    for (const [key, prop] of Object.entries(schema.properties)) {
      const oneOf = (prop as { oneOf?: { const: number }[] }).oneOf;
      if (!oneOf) continue;
      for (const { const: c } of oneOf) expect(zod.safeParse({ [key]: c }).success, `${key}=${c}`).toBe(true);
      expect(zod.safeParse({ [key]: Math.max(...oneOf.map((o) => o.const)) + 1 }).success).toBe(false);
    }
    expect(zod.safeParse(urbanEmployed()).success && zod.safeParse(ruralElder()).success).toBe(true);
  });
});

describe('data dictionary docs/forms/*.md', () => {
  it('is current (regenerate with: pnpm exec tsx scripts/forms/generate-dictionary.ts)', () => {
    const files = dictionaries();
    expect(Object.keys(files).sort()).toEqual(['2016.md', '2017.md', '2021.md', 'README.md', 'village-2017.md']);
    for (const [name, text] of Object.entries(files)) {
      const onDisk = readFileSync(new URL(`../../../docs/forms/${name}`, import.meta.url), 'utf8');
      expect(onDisk === text, `docs/forms/${name} is stale`).toBe(true);
    }
  });
  it('lists every item, its codes and who answers it', () => {
    const text = dictionaries()['2017.md']!;
    for (const item of personForm('2017').items) expect(text).toContain(`\`${item.key}\``);
    expect(text).toContain('年龄 16–59 岁');
    expect(text).toContain('1 未上过学；2 小学');
    expect(dictionaries()['village-2017.md']).toContain(villageForm('2017').title);
  });
});

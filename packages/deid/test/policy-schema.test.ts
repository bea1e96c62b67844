import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { ageHierarchy, defaultPolicy, HIERARCHIES, MASK_PRESETS, validatePolicy, type DeidPolicy, type FieldRule, type Hierarchy, type MaskPreset } from '@canji/deid';
import { deidPolicyFileSchema, deidPolicySchema, fieldRuleSchema, hierarchySchema, MASK_PRESET_NAMES, policyFromFile } from '../src/policy-schema.js';

type Mutual<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

// Type tests (checked by `tsc`): the schemas accept exactly the policy types.
const hierarchy: Mutual<z.infer<typeof hierarchySchema>, Hierarchy> = true;
const fieldRule: Mutual<z.infer<typeof fieldRuleSchema>, FieldRule> = true;
const policy: Mutual<z.infer<typeof deidPolicySchema>, Omit<DeidPolicy, 'pseudonymizer'>> = true;
const presets: Mutual<(typeof MASK_PRESET_NAMES)[number], MaskPreset> = true;
const canFail: Mutual<z.infer<typeof fieldRuleSchema>, Exclude<FieldRule, { action: 'mask' }>> = false;
void [hierarchy, fieldRule, policy, presets, canFail];

describe('deid policy schemas', () => {
  it('name the mask presets of MASK_PRESETS', () => {
    expect([...MASK_PRESET_NAMES]).toEqual(MASK_PRESETS.map((p) => p.preset));
  });

  it('accept the default policy (without its pseudonymizer) and every built-in hierarchy', () => {
    const { pseudonymizer: _p, ...data } = defaultPolicy({ asOf: '2024-06-30' });
    expect(deidPolicySchema.safeParse(JSON.parse(JSON.stringify(data))).success).toBe(true);
    for (const h of [...Object.values(HIERARCHIES), ageHierarchy('2024-06-30')]) expect(hierarchySchema.safeParse(h).success).toBe(true);
  });

  it('read a policy file with named hierarchies into a valid policy', () => {
    const file = deidPolicyFileSchema.parse({
      $schema: '../docs/schemas/deid-policy.schema.json',
      fields: { region_code: { action: 'generalize', hierarchy: 'regionCode', level: 3 }, name: { action: 'mask', preset: 'name.keep-surname' }, disability_level: { action: 'generalize', hierarchy: 'disabilityLevel' } },
      otherFields: { action: 'drop' },
    });
    const data = policyFromFile(file);
    expect(data.fields?.region_code).toEqual({ action: 'generalize', hierarchy: HIERARCHIES.regionCode, level: 3 });
    expect(data.fields?.disability_level).toEqual({ action: 'generalize', hierarchy: HIERARCHIES.disabilityLevel, level: 1 });
    const merged = { ...defaultPolicy(), ...data, fields: { ...defaultPolicy().fields, ...data.fields } };
    expect(validatePolicy(merged).ok).toBe(true);
  });

  it('reject unknown actions, presets, hierarchies and keys', () => {
    expect(deidPolicyFileSchema.safeParse({ fields: { name: { action: 'hide' } } }).success).toBe(false);
    expect(deidPolicyFileSchema.safeParse({ fields: { name: { action: 'mask', preset: 'name.first' } } }).success).toBe(false);
    expect(deidPolicyFileSchema.safeParse({ fields: { region_code: { action: 'generalize', hierarchy: 'villageCode' } } }).success).toBe(false);
    expect(deidPolicyFileSchema.safeParse({ fields: {}, otherfields: { action: 'drop' } }).success).toBe(false);
    expect(deidPolicySchema.safeParse({ fields: { x: { action: 'generalize', hierarchy: { kind: 'age', asOf: '2024/06/30', widths: [5] }, level: 1 } } }).success).toBe(false);
  });
});

import { makeDisabilityCertificateNo, makeResidentId, type DisabilityCategory, type DisabilityLevel } from '@canji/id';
import type { PersonRecord } from '@canji/rules';

export interface PersonSeed {
  seq?: number;
  region?: string;
  birthDate?: string;
  sex?: 'male' | 'female';
  category?: DisabilityCategory;
  level?: DisabilityLevel;
}

/**
 * A clean, hand-made 2017 record (generated ID numbers, no real person): a rural adult in
 * employment, fully consistent with every built-in rule.
 */
export function person(seed: PersonSeed = {}, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const seq = seed.seq ?? 1;
  const sex = seed.sex ?? (seq % 2 === 1 ? 'male' : 'female');
  const birthDate = seed.birthDate ?? '1980-03-15';
  const region = seed.region ?? '430102001001';
  const residentId = makeResidentId({ regionCode: region.slice(0, 6), birthDate, sex, sequence: (seq % 500) * 2 + (sex === 'male' ? 1 : 0) });
  const category = seed.category ?? 4;
  const level = seed.level ?? 3;
  const rec: Record<string, unknown> = {
    region_code: region,
    survey_year: 2017,
    reference_date: '2017-06-30',
    person_status: 6,
    collection_mode: 1,
    collection_channel: 2,
    collector: '采集员甲',
    collected_on: '2017-07-20',
    name: `测试${seq}`,
    resident_id: residentId,
    certificate_no: makeDisabilityCertificateNo({ residentId, category, level }),
    sex,
    birth_date: birthDate,
    disability_category: category,
    disability_level: level,
    r3: 1,
    r4: 20,
    r6: '13800000000',
    r7: 2,
    r10: 3,
    r11: 1,
    r12: 1,
    r13: 3,
    r16: 1,
    r17: 6,
    r20: [6],
    r21: [6],
    r22: [4],
    r23: 1,
    r24: 2,
    r25: 1,
    r26: 2,
    r27: [6],
    r28: [4],
    r31: 1,
    r32: 2,
    r35: [6],
    r36: [1],
    r37: [6],
    r38: 2,
    r39: [9],
    r40: 1,
    householder_name: `测试${seq}`,
    householder_id: residentId,
    declarant_name: `测试${seq}`,
    declared_on: '2017-07-20',
  };
  return Object.assign(rec, extra);
}

export function ids(issues: readonly { ruleId: string }[]): string[] {
  return issues.map((i) => i.ruleId).sort();
}

export type { PersonRecord };

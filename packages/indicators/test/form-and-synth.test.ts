/**
 * The built-ins read codes of the 2017 form; this ties each code they rely on to the code lists of
 * `@canji/form`, so a change of a code list shows here. It also runs every built-in over
 * `@canji/synth` records (valid by construction) and checks their results are usable.
 */
import { describe, expect, it } from 'vitest';
import { codes, codeLabel, COLLECTION_MODE_HOME_VISIT, PERSON_STATUS_NORMAL, villageForm, type CodeList } from '@canji/form';
import { synthesizePersons, synthesizeVillages } from '@canji/synth';
import { BUILTIN_PERSON_INDICATORS, BUILTIN_VILLAGE_INDICATORS, computeIndicators, VILLAGE_FACILITIES } from '@canji/indicators';

const label = (list: CodeList, code: number) => codeLabel(list, code);

describe('codes the built-ins rely on match @canji/form', () => {
  it('cover and identity codes', () => {
    expect(label(codes.personStatus, PERSON_STATUS_NORMAL)).toBe('正常');
    expect(label(codes.collectionMode, COLLECTION_MODE_HOME_VISIT)).toBe('入户调查');
    expect(label(codes.collectionChannel, 2)).toMatch(/移动终端/);
    expect(label(codes.hukou, 1)).toBe('农业');
  });

  it('item codes', () => {
    expect(label(codes.ruralHousing, 2)).toMatch(/危房/);
    expect(codes.schoolEnrolment.entries.map((e) => e.code)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(label(codes.unemploymentReason, 1)).toBe('在校学习');
    expect([label(codes.employeeInsurance, 1), label(codes.employeeInsurance, 2)]).toEqual(['职工基本养老保险', '职工基本医疗保险']);
    expect([label(codes.socialAssistance, 1), label(codes.socialAssistance, 2)]).toEqual(['最低生活保障', '特困人员救助供养']);
    expect([label(codes.welfareSubsidy, 1), label(codes.welfareSubsidy, 2)]).toEqual(['困难残疾人生活补贴', '重度残疾人护理补贴']);
    expect(codes.careServiceNeed.entries.map((e) => e.code)).toEqual([1, 2, 3]);
    expect(label(codes.rehabServices, 4)).toBe('辅助器具');
    expect(label(codes.rehabServices, 6)).toBe('未得到');
    expect(label(codes.rehabNeeds, 4)).toBe('辅助器具');
    expect(label(codes.rehabNeeds, 6)).toBe('无');
    expect(label(codes.accessibilityNeeds, 9)).toBe('无');
  });
});

describe('built-ins over @canji/synth records', () => {
  const persons = [...synthesizePersons({ seed: 7, count: 3000, region: '43' })];
  const res = computeIndicators(persons, { by: ['county', 'category', 'level', 'sex', 'hukou', 'age'], asOf: '2019-06-30', groupingSets: 'leaves' });

  it('gives every built-in a population, values within [0, 100], and passes the self-checks', () => {
    expect(res.records).toBe(3000);
    expect(res.checks.ok).toBe(true);
    for (const ind of BUILTIN_PERSON_INDICATORS) {
      const t = res.rows.find((r) => r.indicator === ind.id && r.by.length === 0)!;
      expect(t.denominator, ind.id).toBeGreaterThan(0);
      expect(t.value!).toBeGreaterThanOrEqual(0);
      expect(t.value!).toBeLessThanOrEqual(100);
    }
  });

  it('reads a stream that is both iterable and async iterable synchronously, as its type says', () => {
    const stream = synthesizePersons({ seed: 7, count: 50, region: '430121' });
    const res = computeIndicators(stream, { asOf: '2019-06-30' });
    expect(res.records).toBe(50);
  });

  it('finds no unanswered items in valid records except where the form leaves them empty', () => {
    // Synthetic records follow the skip logic, so an item asked of the population is answered.
    const missing = res.rows.filter((r) => r.by.length === 0 && r.missing > 0).map((r) => r.indicator);
    expect(missing).toEqual([]);
  });
});

describe('village facility shares over @canji/form and @canji/synth', () => {
  it('read the items of villageForm("2017"): same keys, yes/no, same facility', () => {
    const items = villageForm('2017').items;
    for (const f of VILLAGE_FACILITIES) {
      const item = items.find((i) => i.key === f.item);
      expect(item, f.item).toBeDefined();
      expect(item!.type).toBe('yesno');
      // the form's label asks about the same facility: "是否有社区康复站" ends like "社区康复站"
      const tail = (x: string) => x.replace(/[（）()]/g, '').slice(-2);
      expect(tail(item!.label), f.item).toBe(tail(f.label));
    }
  });

  it('compute a share per facility for synthetic villages, rolled up by county', () => {
    const villages = [...synthesizeVillages({ seed: 3, region: '4301' })];
    const res = computeIndicators(villages, { indicators: BUILTIN_VILLAGE_INDICATORS, by: ['county'], asOf: '2019-06-30' });
    expect(res.checks.ok).toBe(true);
    for (const ind of BUILTIN_VILLAGE_INDICATORS) {
      const t = res.rows.find((r) => r.indicator === ind.id && r.by.length === 0)!;
      expect(t.denominator).toBe(villages.length);
      expect(t.numerator).toBe(villages.filter((v) => (v as unknown as Record<string, unknown>)[VILLAGE_FACILITIES.find((f) => `village-${f.id}-share` === ind.id)!.item] === 1).length);
    }
  });
});

/**
 * Use case: a university asks for a research extract (科研数据申请); the federation releases a
 * de-identified one with its risk report.
 *
 * Names and free text are dropped, ID numbers become keyed pseudonyms (HMAC-SHA-256, so the
 * same person links across years under the same key, and nobody without the key can reverse it),
 * and the quasi-identifiers are generalised — with a few records suppressed — until every
 * combination of region, sex, age band and disability category holds at least k = 5 people.
 * The risk report (prosecutor model) goes with the data. Synthetic data; a throwaway key.
 */
import {
  HIERARCHIES,
  ageHierarchy,
  createPseudonymizer,
  defaultPolicy,
  deidentifyAll,
  enforceKAnonymity,
  generatePseudonymKey,
  identifierClassOf,
  measureKAnonymity,
} from '@canji/deid';
import { synthesizePersons } from '@canji/synth';

const asOf = '2019-06-30';
const persons = [...synthesizePersons({ seed: 8, count: 4000, region: '430121', asOf })];
const p = await createPseudonymizer({ key: generatePseudonymKey(), keyId: 'study2019' });
if (!p.ok) throw new Error(p.error.message);

const quasi = ['region_code', 'sex', 'birth_date', 'disability_category'];
const base = defaultPolicy({ pseudonymizer: p.value, asOf });
// Quasi-identifiers are left to the k-anonymity search; every other quasi-identifier of the form
// (disability level, 户口性质, 婚姻状况, the dates …) is dropped — k-anonymity covers only the fields
// searched; everything else follows the default policy.
const otherQuasi = Object.keys(base.fields).filter((f) => identifierClassOf(f) === 'quasi' && !quasi.includes(f));
const policy = {
  ...base,
  fields: { ...base.fields, ...Object.fromEntries(otherQuasi.map((q) => [q, { action: 'drop' as const }])), ...Object.fromEntries(quasi.map((q) => [q, { action: 'keep' as const }])) },
};
const cleaned = (await deidentifyAll(persons, policy)).map((r) => r.record);

const before = measureKAnonymity(cleaned, quasi, { threshold: 5 });
const result = enforceKAnonymity(cleaned, {
  quasiIdentifiers: quasi,
  k: 5,
  hierarchies: { region_code: HIERARCHIES.regionCode, birth_date: ageHierarchy(asOf), disability_level: HIERARCHIES.disabilityLevel, disability_category: HIERARCHIES.disabilityCategory },
  maxSuppression: 0.05,
});
if (!result.ok) throw new Error(result.error.message);
const released = result.value.records;
const after = measureKAnonymity(released, quasi, { threshold: 5, sensitive: 'r16' });

console.log('风险报告（检察官模型）');
console.log(`  处理前：${before.records} 条，${before.classes} 个等价类，k = ${before.k}，最大重识别风险 ${(before.prosecutorRisk.maximum * 100).toFixed(0)}%`);
console.log(`  发布数据：${after.records} 条，${after.classes} 个等价类，k = ${after.k}，最大重识别风险 ${(after.prosecutorRisk.maximum * 100).toFixed(0)}%，删除 ${result.value.report.suppressedRecords} 条`);
console.log(`  泛化：${result.value.report.quasiIdentifiers.map((q) => `${q.field} → ${q.label}`).join('；')}`);
const sample = released[0]!;
console.log('发布记录示例：', JSON.stringify(Object.fromEntries(Object.entries(sample).slice(0, 10))));
const releasedQuasi = Object.keys(sample).filter((f) => identifierClassOf(f) === 'quasi');
console.log(`发布的准标识符：${releasedQuasi.join('、')}；按它们全部分组 k = ${measureKAnonymity(released, releasedQuasi).k}`);
console.log(`是否还有身份证号样的数字：${released.some((r) => /\d{17}[\dX]/.test(JSON.stringify(r))) ? '有（不应发布）' : '无'}`);

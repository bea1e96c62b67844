/**
 * Use case: a collection app (采集 App / 录入系统) checks a record while the collector types it.
 *
 * As each answer comes in, the app validates the partial record with @canji/form (code lists,
 * multiple-choice rules, skip logic — missing answers are not errors yet) and @canji/rules'
 * consistency rules, and shows each problem next to its item. When the collector saves, the
 * complete record is checked again without `partial`. Every person here is synthetic.
 */
import { parseResidentId } from '@canji/id';
import { validatePerson } from '@canji/form';
import { checkRecord, consistencyRules, formRules } from '@canji/rules';
import { synthesizePersons } from '@canji/synth';

const asOf = '2019-06-30';
const rules = [...formRules('2017'), ...consistencyRules('2017')];

// A synthetic person the collector is visiting (the app would pre-fill the cover from the roster).
const visited = [...synthesizePersons({ seed: 42, count: 1, region: '430121', asOf })][0]!;

// 1. The ID number as typed: full-width digits and a lower-case x are normalised, and the app shows what changed.
const typed = String(visited.resident_id).replace(/[0-9]/g, (d: string) => String.fromCharCode(d.charCodeAt(0) + 0xfee0)).replace('X', 'x');
const id = parseResidentId(typed, { asOf });
console.log(id.ok ? `身份证号 ${typed} → ${id.value.id}（${id.changes.map((c) => c.message).join('；') || '无需规范化'}）` : `身份证号错误：${id.error.message}`);

// 2. The collector answers item by item; after each answer the partial record is validated.
const draft: Record<string, unknown> = {};
const steps: [string, unknown][] = [
  ['region_code', visited.region_code],
  ['survey_year', visited.survey_year],
  ['reference_date', visited.reference_date],
  ['person_status', visited.person_status],
  ['name', visited.name],
  ['resident_id', id.ok ? id.value.id : typed],
  ['certificate_no', visited.certificate_no],
  ['r3', 7], // a slip of the finger: 户口性质 has no code 7
  ['r3', visited.r3], // corrected
];
for (const [key, value] of steps) {
  draft[key] = value;
  const { problems } = validatePerson(draft, { asOf, partial: true });
  const shown = problems.filter((p) => p.severity === 'error').map((p) => `${p.code}：${p.message}`);
  console.log(`填写 ${key} = ${JSON.stringify(value)} → ${shown.length ? shown.join('；') : '通过'}`);
}

// 3. Saving: the complete record is checked in full. Here the collector copied the certificate of a
//    later assessment (level digit changed) but kept the old level — a common inconsistency.
const cert = String(visited.certificate_no);
const newLevel = visited.disability_level === 4 ? 3 : Number(visited.disability_level) + 1;
const saved = { ...visited, certificate_no: cert.slice(0, 19) + String(newLevel) + cert.slice(20) };
const issues = checkRecord(saved, rules, { referenceDate: asOf });
console.log(`保存前检查：${issues.length} 个问题`);
for (const i of issues) console.log(`  ${i.severity === 'error' ? '错误' : '警告'} ${i.ruleId}${i.items.length <= 5 ? ` [${i.items.join(',')}]` : ''}：${i.message}`);
if (!issues.length) console.log('  （无问题）');

/**
 * Use case: the civil-affairs bureau (民政局) compares its benefit roster with the disability records.
 *
 * The bureau's roster comes as its own spreadsheet (Chinese headers, 是/否, code labels, some
 * 15-digit IDs); @canji/form's `parseExtractRow` reads it, @canji/rules indexes it by the canonical
 * ID and runs the civil-affairs cross-checks, and each discrepancy is listed for the bureau to
 * verify (care subsidy recorded in one place but not the other, …). All data is synthetic.
 */
import { parseExtractRow } from '@canji/form';
import { buildDepartmentIndex, checkBatch, crossCheckRules } from '@canji/rules';
import { synthesizeDepartmentExtracts, synthesizePersons } from '@canji/synth';

const persons = [...synthesizePersons({ seed: 5, count: 1500, region: '430121', asOf: '2019-06-30' })];
const { extracts, labels } = synthesizeDepartmentExtracts(persons, { seed: 9, departments: ['civil-affairs'], agreement: 0.97 });
const raw = extracts['civil-affairs'].rows;
console.log(`民政名册 ${raw.length} 行，表头：${Object.keys(raw[0]!).join('、')}`);
console.log(`例：${JSON.stringify(raw[0])}`);

// Read the roster as the bureau sent it; rows that cannot be read are listed, not dropped silently.
const rows: Record<string, unknown>[] = [];
raw.forEach((row, i) => {
  const r = parseExtractRow('civil-affairs', row, { headerIssues: false, asOf: '2019-06-30' });
  if (r.ok) rows.push(r.record);
  else console.log(`第 ${i + 2} 行无法读取：${r.issues.map((x) => x.message).join('；')}`);
});
const civil = buildDepartmentIndex('civil-affairs', rows);

const report = await checkBatch(persons, {
  rules: crossCheckRules('2017').filter((r) => r.department === 'civil-affairs'),
  context: { referenceDate: '2019-06-30', departments: { 'civil-affairs': civil } },
});
const dept = report.departments[0]!;
console.log(`匹配 ${dept.matched} 人；待核实差异 ${dept.discrepancyCount} 条（合成数据中植入的不一致 ${labels.length} 处）`);
const byRule = new Map<string, number>();
for (const d of dept.discrepancies) byRule.set(d.ruleId, (byRule.get(d.ruleId) ?? 0) + 1);
for (const [rule, n] of byRule) console.log(`  ${rule}：${n} 条`);
console.log('发回民政局核实的清单（前 5 条）：');
for (const d of dept.discrepancies.slice(0, 5)) {
  // Both sides as labels of their own code lists: 登记表 R28 against the 民政 roster's benefits.
  const values = d.recordedLabel !== undefined ? `（登记表 ${d.recordedLabel}，民政 ${d.departmentLabel}）` : '';
  console.log(`  ${d.key.slice(0, 6)}******** ${d.message}${values}`);
}

/**
 * Use case: a county office on the current (2021/22) form checks its batch against the partner
 * departments, and takes from them the items the form no longer asks.
 *
 * The 2021 form (R1–R27) dropped the two subsidies, schooling, residents' pension insurance … —
 * the departments hold them. `@canji/rules` runs the 2021 checks (same ids as 2017 where the check
 * is the same); `@canji/form`'s `createDepartmentSourcer` adds the department-sourced items
 * (`dept_care_subsidy` …: 1 是, 2 否, 3 不在名册) with provenance. All data is synthetic.
 */
import { createDepartmentSourcer, departmentSourcedAnswer, parseExtractRow, type ExtractDepartmentId } from '@canji/form';
import { buildDepartmentIndex, checkBatch, consistencyRules, crossCheckRules, formRules, type DepartmentIndex } from '@canji/rules';
import { synthesizeDepartmentExtracts, synthesizePersons } from '@canji/synth';

const asOf = '2021-06-30';
// The same persons on both forms: the 2017 record is the truth the departments' rosters are made from.
const truth = [...synthesizePersons({ seed: 6, count: 2000, region: '430121', asOf })];
const persons = [...synthesizePersons({ seed: 6, count: 2000, region: '430121', asOf, version: '2021' })];
const depts: ExtractDepartmentId[] = ['civil-affairs', 'social-security', 'health'];
const { extracts } = synthesizeDepartmentExtracts(truth, { seed: 3, departments: depts, agreement: 1 });

const departments: Partial<Record<ExtractDepartmentId, DepartmentIndex>> = {};
for (const d of depts) {
  const rows = extracts[d]!.rows.map((row) => parseExtractRow(d, row, { headerIssues: false, asOf })).flatMap((r) => (r.ok ? [r.record as Record<string, unknown>] : []));
  departments[d] = buildDepartmentIndex(d, rows);
}

const rules = [...formRules('2021'), ...consistencyRules('2021'), ...crossCheckRules('2021')];
console.log(`2021 版规则：逻辑一致性 ${consistencyRules('2021').length} 条，部门比对 ${crossCheckRules('2021').length} 条（2017 版 ${consistencyRules('2017').length}、${crossCheckRules('2017').length}）`);
const report = await checkBatch(persons, { rules, context: { formVersion: '2021', referenceDate: asOf, departments } });
console.log(`读取 ${report.counts.read} 条：无问题 ${report.counts.clean}，仅有警告 ${report.counts.warningsOnly}，有错误 ${report.counts.withErrors}`);
for (const d of report.departments) console.log(`  ${d.department}：匹配 ${d.matched} 人，待核实差异 ${d.discrepancyCount} 条`);

// The items 2021 does not ask, from the departments, with where they came from.
const sourcer = createDepartmentSourcer(departments, { meta: { 'civil-affairs': { file: '民政发放名册.xlsx', periodTo: '2021-06' } } });
const enriched = persons.map((p) => sourcer.apply(p));
for (const p of sourcer.provenance()) console.log(`部门来源 ${p.extractName}：${p.persons} 人中匹配 ${p.matched}，不在名册 ${p.notInRoster}`);

// Care-subsidy coverage among levels 1–2 (2017 R28 code 2; on 2021 from the civil-affairs roster).
const severe = (p: Record<string, unknown>) => p.disability_level === 1 || p.disability_level === 2;
const from2021 = enriched.filter(severe).map((p) => departmentSourcedAnswer('dept_care_subsidy', p.dept_care_subsidy));
const asked2017 = truth.filter(severe).map((p) => Array.isArray(p.r28) && p.r28.includes(2));
const share = (xs: (boolean | undefined)[]) => `${((100 * xs.filter((x) => x === true).length) / xs.filter((x) => x !== undefined).length).toFixed(1)}%`;
console.log(`一、二级残疾人护理补贴覆盖率：2021 版取自民政 ${share(from2021)}，同一批人 2017 版 R28 ${share(asked2017)}`);
console.log('提示最多的规则：');
for (const r of [...report.rules].filter((r) => r.records > 0).sort((a, b) => b.records - a.records).slice(0, 3)) console.log(`  ${r.id} ${r.title}：${r.records} 条`);

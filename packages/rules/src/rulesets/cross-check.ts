/**
 * Cross-check rules: compare each person with the partner departments' extracts (the column
 * layout of `@canji/form`'s extract descriptors), matched by canonical ID or the caller's key.
 * A rule runs only when its department's index is in the context. For a roster (学籍, 低保,
 * 家庭医生 …) a person who is not in the extract counts as "not on the roster".
 *
 * A disagreement says one side is wrong, not which: these go to the department's discrepancy
 * list to verify. They are warnings, except a person whom the household registration records as
 * deceased but the survey reports as living normally.
 */
import type { Condition } from '../conditions.js';
import type { SourceId } from '@canji/form';
import { defineRule, type CrossCheckRule, type DepartmentId, type FormVersion, type RuleBasis } from '../model.js';
import { DYNAMIC_UPDATE_MECHANISM } from './documents.js';

const V2017 = ['2017'] as const;
/**
 * The 2021/22 form (R1–R27) keeps, of the items a department also holds, 医保 (R12–R14), 社会救助 and
 * 危房改造 (R15), 就业 (R9), 家庭医生 (R20) and the 农村危房 sub-item (R7-4); the rest (学籍, 两项补贴,
 * 居民养老, 建档立卡) it no longer asks — for those the department's roster is the source (`@canji/form`'s
 * `departmentSources`), not something to compare with. Same check, same rule id as 2017.
 */
const V2021 = ['2021'] as const;
const FULL_FORM: Condition = { item: 'person_status', notIn: [1, 2, 3, 4, 5] };
/** School age for compulsory education: 6–14 at the reference date (docs/guides/policy-basis.md §3). */
const SCHOOL_AGE: Condition = { all: [{ item: '$age', gte: 6 }, { item: '$age', lte: 14 }] };
/** R14 codes of primary and junior-secondary school, ordinary and special (R14: S5, S6, S11). */
const COMPULSORY_SCHOOL = [2, 3, 8, 9];

function basis(department: DepartmentId, source: string, note?: string, more: readonly SourceId[] = []): RuleBasis {
  const b: RuleBasis = {
    kind: 'department',
    document: DYNAMIC_UPDATE_MECHANISM,
    section: `与${source}比对`,
    sources: ['D5', 'D6', 'S21', ...more],
    certainty: '2+',
  };
  b.note = `比对字段为 @canji/form 的 ${department} 部门数据格式（本项目拟定）。${note ?? ''}`;
  return b;
}

function xc(
  id: string,
  department: DepartmentId,
  title: string,
  items: readonly string[],
  source: string,
  violation: Condition,
  extra: Partial<Pick<CrossCheckRule, 'severity' | 'check' | 'formVersions' | 'description' | 'compares' | 'comparison' | 'corrects'>> & { note?: string; sources?: readonly SourceId[] } = {},
): CrossCheckRule {
  const rule: CrossCheckRule = {
    id,
    title,
    severity: extra.severity ?? 'warning',
    scope: 'cross-check',
    department,
    formVersions: extra.formVersions ?? V2017,
    items,
    basis: basis(department, source, extra.note, extra.sources),
    violation,
  };
  if (extra.check) rule.check = extra.check;
  if (extra.description) rule.description = extra.description;
  if (extra.compares) rule.compares = extra.compares;
  if (extra.comparison) rule.comparison = extra.comparison;
  if (extra.corrects) rule.corrects = extra.corrects;
  return defineRule(rule);
}

const onRoster = (c: Condition): Condition => ({ all: [{ dept: '$matched', eq: true }, c] });
/**
 * Social-security records are compared only for people the extract has: an insurance extract may
 * cover only some ages or schemes, so a person missing from it says nothing about participation.
 */
const MATCHED: Condition = { dept: '$matched', eq: true };

const ALL: readonly CrossCheckRule[] = [
  // --- education: 学籍 ----------------------------------------------------------------------
  xc(
    'XC_EDU_NOT_ENROLLED_BUT_REGISTERED',
    'education',
    '适龄儿童登记为未在校，但在学籍名册中有学籍',
    ['r14', 'r15'],
    '教育部门学籍',
    { all: [FULL_FORM, SCHOOL_AGE, { item: 'r14', present: false }, { dept: '$matched', eq: true }, { dept: 'enrolled', ne: 2 }] },
    { note: '送教上门学生纳入学籍管理，视为在校（残疾人教育条例、特殊教育提升计划）。', sources: ['D15', 'D16', 'D17'], compares: { item: 'r14', field: 'enrolled' } },
  ),
  xc(
    'XC_EDU_ENROLLED_NOT_REGISTERED',
    'education',
    '登记为在校，但学籍名册中没有在读学籍',
    ['r14'],
    '教育部门学籍',
    { all: [FULL_FORM, { item: 'r14', present: true }, { any: [{ dept: '$matched', eq: false }, { dept: 'enrolled', eq: 2 }] }] },
    { compares: { item: 'r14', field: 'enrolled' } },
  ),
  xc(
    'XC_EDU_STAGE_DIFFERS',
    'education',
    '在校学段与学籍名册不一致',
    ['r14'],
    '教育部门学籍',
    { all: [FULL_FORM, { item: 'r14', present: true }, { dept: 'school_stage', present: true }] },
    {
      note: 'R14 代码 1–6 为普通教育机构、7–12 为特殊教育机构的同一学段（S5、S6、S11）。',
      compares: { item: 'r14', field: 'school_stage' },
      // The values shown are R14's own code and the roster's 学段 code, each labelled from its own list.
      check: (r, row) => {
        const stage = ((Number(r.r14) - 1) % 6) + 1;
        return row && row.school_stage !== stage ? { recorded: r.r14, departmentValue: row.school_stage } : false;
      },
    },
  ),
  // --- civil affairs: 低保, 特困, 两项补贴 ------------------------------------------------------
  xc(
    'XC_CIVIL_DIBAO_DIFFERS',
    'civil-affairs',
    '最低生活保障登记情况与民政低保名册不一致',
    ['r27'],
    '民政部门低保名册',
    { all: [FULL_FORM, { item: 'r27', present: true }, { xor: [{ item: 'r27', includes: 1 }, onRoster({ dept: 'benefits', includes: 1 })] }] },
    { compares: { item: 'r27', field: 'benefits' }, corrects: { kind: 'toggle', item: 'r27', code: 1, when: 1 } },
  ),
  xc(
    'XC_CIVIL_TEKUN_DIFFERS',
    'civil-affairs',
    '特困人员救助供养登记情况与民政名册不一致',
    ['r27'],
    '民政部门特困供养名册',
    { all: [FULL_FORM, { item: 'r27', present: true }, { xor: [{ item: 'r27', includes: 2 }, onRoster({ dept: 'benefits', includes: 2 })] }] },
    { compares: { item: 'r27', field: 'benefits' }, corrects: { kind: 'toggle', item: 'r27', code: 2, when: 2 } },
  ),
  xc(
    'XC_CIVIL_LIVING_SUBSIDY_DIFFERS',
    'civil-affairs',
    '困难残疾人生活补贴登记情况与民政发放名册不一致',
    ['r28'],
    '民政部门两项补贴发放名册',
    { all: [FULL_FORM, { item: 'r28', present: true }, { xor: [{ item: 'r28', includes: 1 }, onRoster({ dept: 'benefits', includes: 3 })] }] },
    { compares: { item: 'r28', field: 'benefits' }, corrects: { kind: 'toggle', item: 'r28', code: 1, when: 3 } },
  ),
  xc(
    'XC_CIVIL_CARE_SUBSIDY_DIFFERS',
    'civil-affairs',
    '重度残疾人护理补贴登记情况与民政发放名册不一致',
    ['r28'],
    '民政部门两项补贴发放名册',
    { all: [FULL_FORM, { item: 'r28', present: true }, { xor: [{ item: 'r28', includes: 2 }, onRoster({ dept: 'benefits', includes: 4 })] }] },
    { compares: { item: 'r28', field: 'benefits' }, corrects: { kind: 'toggle', item: 'r28', code: 2, when: 4 } },
  ),
  xc(
    'XC_CIVIL_LIVING_SUBSIDY_NOT_RECEIVED',
    'civil-affairs',
    '低保家庭的残疾人，登记和民政名册均未享受困难残疾人生活补贴',
    ['r27', 'r28'],
    '民政部门低保名册和两项补贴发放名册',
    {
      all: [
        FULL_FORM,
        { any: [{ item: 'r27', includes: 1 }, onRoster({ dept: 'benefits', includes: 1 })] },
        { item: 'r27', includesNone: [2] },
        { not: onRoster({ dept: 'benefits', includesAny: [2, 3] }) },
        { item: 'r28', includesNone: [1] },
      ],
    },
    { note: '国发〔2015〕52号：低保家庭中的残疾人享受生活补贴；特困供养人员除外。', sources: ['D7'], comparison: 'agrees', compares: { item: 'r28', field: 'benefits' } },
  ),
  xc(
    'XC_CIVIL_CARE_SUBSIDY_NOT_RECEIVED',
    'civil-affairs',
    '残疾等级为一、二级，登记和民政名册均未享受重度残疾人护理补贴',
    ['r28', 'certificate_no'],
    '民政部门两项补贴发放名册',
    {
      all: [
        FULL_FORM,
        { item: '$level', in: [1, 2] },
        { item: 'r27', includesNone: [2] },
        { not: onRoster({ dept: 'benefits', includesAny: [2, 4] }) },
        { item: 'r28', includesNone: [2] },
      ],
    },
    { note: '国发〔2015〕52号：一、二级且需长期照护者享受护理补贴；是否需长期照护登记表未载，故为待核实。', comparison: 'agrees', compares: { item: 'r28', field: 'benefits' } },
  ),
  // --- social security ---------------------------------------------------------------------
  xc(
    'XC_SOCSEC_EMPLOYEE_PENSION_DIFFERS',
    'social-security',
    '职工基本养老保险参保情况与人社部门记录不一致',
    ['r22'],
    '人社部门社会保险参保记录',
    { all: [FULL_FORM, MATCHED, { item: 'r22', present: true }, { xor: [{ item: 'r22', includes: 1 }, { dept: 'pension_scheme', eq: 2 }] }] },
    { compares: { item: 'r22', field: 'pension_scheme' }, corrects: { kind: 'toggle', item: 'r22', code: 1, when: 2 } },
  ),
  xc(
    'XC_SOCSEC_RESIDENT_PENSION_DIFFERS',
    'social-security',
    '城乡居民基本养老保险参保情况与人社部门记录不一致',
    ['r23'],
    '人社部门社会保险参保记录',
    { all: [FULL_FORM, MATCHED, { item: 'r23', present: true }, { xor: [{ item: 'r23', eq: 1 }, { dept: 'pension_scheme', eq: 1 }] }] },
    { compares: { item: 'r23', field: 'pension_scheme' }, corrects: { kind: 'map', item: 'r23', map: { 1: 1, 2: 2, 3: 2 } } },
  ),
  xc(
    'XC_SOCSEC_EMPLOYEE_MEDICAL_DIFFERS',
    'social-security',
    '职工基本医疗保险参保情况与医保（人社）部门记录不一致',
    ['r22'],
    '人社（医保）部门参保记录',
    { all: [FULL_FORM, MATCHED, { item: 'r22', present: true }, { xor: [{ item: 'r22', includes: 2 }, { dept: 'medical_scheme', eq: 2 }] }] },
    { compares: { item: 'r22', field: 'medical_scheme' }, corrects: { kind: 'toggle', item: 'r22', code: 2, when: 2 } },
  ),
  xc(
    'XC_SOCSEC_RESIDENT_MEDICAL_DIFFERS',
    'social-security',
    '城乡居民基本医疗保险参保情况与医保（人社）部门记录不一致',
    ['r25'],
    '人社（医保）部门参保记录',
    { all: [FULL_FORM, MATCHED, { item: 'r25', present: true }, { xor: [{ item: 'r25', eq: 1 }, { dept: 'medical_scheme', eq: 1 }] }] },
    { compares: { item: 'r25', field: 'medical_scheme' }, corrects: { kind: 'map', item: 'r25', map: { 1: 1, 2: 2, 3: 2 } } },
  ),
  xc(
    'XC_SOCSEC_EMPLOYMENT_REGISTRATION_DIFFERS',
    'social-security',
    '就业情况（按比例、集中、公益性岗位、辅助性就业）与人社部门就业登记不一致',
    ['r16', 'r17'],
    '人社部门就业登记',
    {
      all: [
        FULL_FORM,
        { item: 'r16', present: true },
        { dept: 'employment_registered', present: true },
        { xor: [{ all: [{ item: 'r16', eq: 1 }, { item: 'r17', in: [1, 2, 4, 5] }] }, { dept: 'employment_registered', eq: 1 }] },
      ],
    },
    { note: '单位就业（按比例、集中、公益性岗位、辅助性就业）应办理就业登记；个体、农村种养加、灵活就业不一定登记，故只比对前四种。', compares: { item: 'r16', field: 'employment_registered', detail: 'r17' } },
  ),
  // --- housing -----------------------------------------------------------------------------
  xc(
    'XC_HOUSING_RENOVATION_DIFFERS',
    'housing',
    '农村危房改造登记情况与住建部门改造名册不一致',
    ['r27'],
    '住建部门农村危房改造名册',
    { all: [FULL_FORM, { item: 'r3', eq: 1 }, { item: 'r27', present: true }, { xor: [{ item: 'r27', includes: 5 }, { dept: 'renovated', eq: 1 }] }] },
    { compares: { item: 'r27', field: 'renovated' }, corrects: { kind: 'toggle', item: 'r27', code: 5, when: 1 } },
  ),
  xc(
    'XC_HOUSING_DANGEROUS_DIFFERS',
    'housing',
    '农村住房登记为危房与住建部门鉴定（C、D 级且未改造）不一致',
    ['r11'],
    '住建部门农村危房鉴定名册',
    {
      all: [
        FULL_FORM,
        { item: 'r11', present: true },
        { xor: [{ item: 'r11', eq: 2 }, { all: [{ dept: 'house_grade', in: ['C', 'D'] }, { dept: 'renovated', ne: 1 }] }] },
      ],
    },
    { compares: { item: 'r11', field: 'house_grade' } },
  ),
  xc(
    'XC_HOUSING_SECURITY_DIFFERS',
    'housing',
    '城镇住房保障登记情况与住建部门住房保障名册不一致',
    ['r9'],
    '住建部门城镇住房保障名册',
    { all: [FULL_FORM, { item: 'r9', present: true }, { xor: [{ item: 'r9', eq: 2 }, { dept: 'housing_security', present: true }] }] },
    { compares: { item: 'r9', field: 'housing_security' } },
  ),
  // --- health ------------------------------------------------------------------------------
  xc(
    'XC_HEALTH_FAMILY_DOCTOR_DIFFERS',
    'health',
    '家庭医生签约情况与卫健部门签约名册不一致',
    ['r31'],
    '卫健部门家庭医生签约名册',
    { all: [FULL_FORM, { item: 'r31', present: true }, { xor: [{ item: 'r31', eq: 1 }, { dept: 'family_doctor_contract', eq: 1 }] }] },
    { compares: { item: 'r31', field: 'family_doctor_contract' }, corrects: { kind: 'map', item: 'r31', map: { 1: 1, 2: 2 } } },
  ),
  // --- poverty relief ----------------------------------------------------------------------
  xc(
    'XC_POVERTY_REGISTERED_DIFFERS',
    'poverty-relief',
    '建档立卡贫困户登记情况与扶贫（乡村振兴）部门名册不一致',
    ['r10'],
    '扶贫部门建档立卡名册',
    {
      all: [
        FULL_FORM,
        { item: 'r10', present: true },
        { xor: [{ item: 'r10', eq: 1 }, { any: [{ dept: 'registered', eq: 1 }, { dept: 'poverty_status', in: [1, 2, 3] }] }] },
      ],
    },
    { note: 'R10 代码 1 = 建档立卡贫困户为 @canji/form 按 S11 顺序推定的代码。', compares: { item: 'r10', field: 'registered' } },
  ),
  // --- public security ---------------------------------------------------------------------
  xc(
    'XC_PUBSEC_DECEASED_REPORTED_NORMAL',
    'public-security',
    '户籍登记已死亡，但核查状态为"正常"',
    ['person_status'],
    '公安部门户籍（生存状态）',
    { all: [{ item: 'person_status', eq: 6 }, { dept: 'registration_status', eq: 3 }] },
    { severity: 'error', formVersions: '*', compares: { item: 'person_status', field: 'registration_status' }, corrects: { kind: 'map', item: 'person_status', map: { 3: 5 } } },
  ),
  xc(
    'XC_PUBSEC_MOVED_REPORTED_NORMAL',
    'public-security',
    '户籍已迁出或注销，但核查状态为"正常"',
    ['person_status'],
    '公安部门户籍（户口）',
    { all: [{ item: 'person_status', eq: 6 }, { dept: 'registration_status', in: [2, 4] }] },
    {
      formVersions: '*',
      note: '人户分离时户籍迁出不等于不在本地居住，故为警告。',
      compares: { item: 'person_status', field: 'registration_status' },
      corrects: { kind: 'map', item: 'person_status', map: { 2: 2 } },
    },
  ),
  xc(
    'XC_PUBSEC_NAME_DIFFERS',
    'public-security',
    '姓名与户籍登记不一致',
    ['name'],
    '公安部门户籍',
    { all: [{ item: 'name', present: true }, { dept: 'name', present: true }] },
    {
      formVersions: '*',
      compares: { item: 'name', field: 'name' },
      corrects: { kind: 'copy', item: 'name' },
      check: (r, row) => (row && typeof r.name === 'string' && r.name.trim() !== String(row.name).trim() ? { recorded: r.name, departmentValue: row.name } : false),
    },
  ),
  xc(
    'XC_PUBSEC_SEX_DIFFERS',
    'public-security',
    '性别与户籍登记不一致',
    ['sex', 'resident_id'],
    '公安部门户籍',
    { dept: 'sex', present: true },
    {
      formVersions: '*',
      compares: { item: 'sex', field: 'sex' },
      corrects: { kind: 'copy', item: 'sex' },
      check: (r, row, f) => {
        const mine = typeof r.sex === 'string' ? r.sex : f.idSex;
        return row && mine !== undefined && mine !== row.sex ? { recorded: mine, departmentValue: row.sex } : false;
      },
    },
  ),
  xc(
    'XC_PUBSEC_BIRTH_DATE_DIFFERS',
    'public-security',
    '出生日期与户籍登记不一致',
    ['birth_date', 'resident_id'],
    '公安部门户籍',
    { dept: 'birth_date', present: true },
    {
      formVersions: '*',
      compares: { item: 'birth_date', field: 'birth_date' },
      corrects: { kind: 'copy', item: 'birth_date' },
      check: (_r, row, f) => (row && f.birthDate !== undefined && f.birthDate !== row.birth_date ? { recorded: f.birthDate, departmentValue: row.birth_date } : false),
    },
  ),
  // --- 2017 siblings: premium subsidies and unemployment registration ---------------------------
  xc(
    'XC_SOCSEC_PENSION_SUBSIDY_DIFFERS',
    'social-security',
    '城乡居民养老保险缴费补贴享受情况与人社部门记录不一致',
    ['r24'],
    '人社部门城乡居民养老保险缴费补贴（代缴）记录',
    { all: [FULL_FORM, MATCHED, { item: 'r24', in: [1, 2] }, { dept: 'pension_premium_subsidy', present: true }, { xor: [{ item: 'r24', eq: 1 }, { dept: 'pension_premium_subsidy', eq: 1 }] }] },
    { compares: { item: 'r24', field: 'pension_premium_subsidy' }, corrects: { kind: 'map', item: 'r24', map: { 1: 1, 2: 2 } } },
  ),
  xc(
    'XC_SOCSEC_MEDICAL_SUBSIDY_DIFFERS',
    'social-security',
    '基本医疗保险个人缴费补贴享受情况与医保（人社）部门记录不一致',
    ['r26'],
    '医保（人社）部门资助参保记录',
    { all: [FULL_FORM, MATCHED, { item: 'r26', in: [1, 2] }, { dept: 'medical_premium_subsidy', present: true }, { xor: [{ item: 'r26', eq: 1 }, { dept: 'medical_premium_subsidy', eq: 1 }] }] },
    { compares: { item: 'r26', field: 'medical_premium_subsidy' }, corrects: { kind: 'map', item: 'r26', map: { 1: 1, 2: 2 } } },
  ),
  xc(
    'XC_SOCSEC_UNEMPLOYMENT_REGISTRATION_DIFFERS',
    'social-security',
    '是否进行失业登记与人社部门失业登记不一致',
    ['r16_2'],
    '人社部门失业登记',
    { all: [FULL_FORM, MATCHED, { item: 'r16_2', in: [1, 2] }, { dept: 'unemployment_registered', present: true }, { xor: [{ item: 'r16_2', eq: 1 }, { dept: 'unemployment_registered', eq: 1 }] }] },
    { compares: { item: 'r16_2', field: 'unemployment_registered' }, corrects: { kind: 'map', item: 'r16_2', map: { 1: 1, 2: 2 } } },
  ),
  xc(
    'XC_EDU_ENROLLED_NEVER_SCHOOLED',
    'education',
    '学籍名册中有在读学籍，但受教育程度登记为"未上过学"',
    ['r13'],
    '教育部门学籍',
    { all: [FULL_FORM, { item: 'r13', eq: 1 }, MATCHED, { dept: 'enrolled', ne: 2 }, { dept: 'school_stage', gte: 2 }] },
    { note: '受教育程度含在读的学历：小学及以上在读者不应为"未上过学"。', compares: { item: 'r13', field: 'school_stage' } },
  ),
  // --- the 2021/22 form ----------------------------------------------------------------------
  xc(
    'XC_SOCSEC_EMPLOYEE_PENSION_DIFFERS',
    'social-security',
    '职工基本养老保险参保情况与人社部门记录不一致',
    ['r12'],
    '人社部门社会保险参保记录',
    { all: [FULL_FORM, MATCHED, { item: 'r12', present: true }, { xor: [{ item: 'r12', includes: 1 }, { dept: 'pension_scheme', eq: 2 }] }] },
    { formVersions: V2021, compares: { item: 'r12', field: 'pension_scheme' }, corrects: { kind: 'toggle', item: 'r12', code: 1, when: 2 } },
  ),
  xc(
    'XC_SOCSEC_EMPLOYEE_MEDICAL_DIFFERS',
    'social-security',
    '职工基本医疗保险参保情况与医保（人社）部门记录不一致',
    ['r12'],
    '人社（医保）部门参保记录',
    { all: [FULL_FORM, MATCHED, { item: 'r12', present: true }, { xor: [{ item: 'r12', includes: 2 }, { dept: 'medical_scheme', eq: 2 }] }] },
    { formVersions: V2021, compares: { item: 'r12', field: 'medical_scheme' }, corrects: { kind: 'toggle', item: 'r12', code: 2, when: 2 } },
  ),
  xc(
    'XC_SOCSEC_RESIDENT_MEDICAL_DIFFERS',
    'social-security',
    '城乡居民基本医疗保险参保情况与医保（人社）部门记录不一致',
    ['r13'],
    '人社（医保）部门参保记录',
    { all: [FULL_FORM, MATCHED, { item: 'r13', present: true }, { xor: [{ item: 'r13', eq: 1 }, { dept: 'medical_scheme', eq: 1 }] }] },
    { formVersions: V2021, compares: { item: 'r13', field: 'medical_scheme' }, corrects: { kind: 'map', item: 'r13', map: { 1: 1, 2: 2, 3: 2 } } },
  ),
  xc(
    'XC_SOCSEC_MEDICAL_SUBSIDY_DIFFERS',
    'social-security',
    '基本医疗保险个人缴费补贴享受情况与医保（人社）部门记录不一致',
    ['r14'],
    '医保（人社）部门资助参保记录',
    { all: [FULL_FORM, MATCHED, { item: 'r14', in: [1, 2] }, { dept: 'medical_premium_subsidy', present: true }, { xor: [{ item: 'r14', eq: 1 }, { dept: 'medical_premium_subsidy', eq: 1 }] }] },
    { formVersions: V2021, compares: { item: 'r14', field: 'medical_premium_subsidy' }, corrects: { kind: 'map', item: 'r14', map: { 1: 1, 2: 2 } } },
  ),
  xc(
    'XC_SOCSEC_EMPLOYMENT_REGISTERED_NOT_EMPLOYED',
    'social-security',
    '人社部门有有效的就业登记，但登记为未就业',
    ['r9'],
    '人社部门就业登记',
    { all: [FULL_FORM, MATCHED, { item: 'r9', eq: 2 }, { dept: 'employment_registered', eq: 1 }] },
    {
      formVersions: V2021,
      note: '2021 版不再问就业形式（2017 R17），只比对一个方向：有就业登记而登记为未就业；个体、农村种养加、灵活就业不一定办理就业登记，故已就业而无登记不算不一致。',
      compares: { item: 'r9', field: 'employment_registered' },
      corrects: { kind: 'map', item: 'r9', map: { 1: 1 } },
    },
  ),
  xc(
    'XC_SOCSEC_UNEMPLOYMENT_REGISTERED_EMPLOYED',
    'social-security',
    '人社部门有有效的失业登记，但登记为已就业',
    ['r9'],
    '人社部门失业登记',
    { all: [FULL_FORM, MATCHED, { item: 'r9', eq: 1 }, { dept: 'unemployment_registered', eq: 1 }] },
    { formVersions: V2021, note: '失业登记期间已就业而未注销登记也会出现，故为待核实。', compares: { item: 'r9', field: 'unemployment_registered' } },
  ),
  xc(
    'XC_CIVIL_DIBAO_DIFFERS',
    'civil-affairs',
    '最低生活保障登记情况与民政低保名册不一致',
    ['r15'],
    '民政部门低保名册',
    { all: [FULL_FORM, { item: 'r15', present: true }, { xor: [{ item: 'r15', includes: 1 }, onRoster({ dept: 'benefits', includes: 1 })] }] },
    { formVersions: V2021, note: '2021 版 R15 问“过去一年内”，民政名册应取同一期间。', compares: { item: 'r15', field: 'benefits' }, corrects: { kind: 'toggle', item: 'r15', code: 1, when: 1 } },
  ),
  xc(
    'XC_CIVIL_TEKUN_DIFFERS',
    'civil-affairs',
    '特困人员救助供养登记情况与民政名册不一致',
    ['r15'],
    '民政部门特困供养名册',
    { all: [FULL_FORM, { item: 'r15', present: true }, { xor: [{ item: 'r15', includes: 2 }, onRoster({ dept: 'benefits', includes: 2 })] }] },
    { formVersions: V2021, compares: { item: 'r15', field: 'benefits' }, corrects: { kind: 'toggle', item: 'r15', code: 2, when: 2 } },
  ),
  xc(
    'XC_CIVIL_LIVING_SUBSIDY_NOT_RECEIVED',
    'civil-affairs',
    '低保家庭的残疾人，民政发放名册中没有困难残疾人生活补贴',
    ['r15'],
    '民政部门低保名册和两项补贴发放名册',
    {
      all: [
        FULL_FORM,
        { any: [{ item: 'r15', includes: 1 }, onRoster({ dept: 'benefits', includes: 1 })] },
        { item: 'r15', includesNone: [2] },
        { not: onRoster({ dept: 'benefits', includesAny: [2, 3] }) },
      ],
    },
    {
      formVersions: V2021,
      note: '国发〔2015〕52号：低保家庭中的残疾人享受生活补贴；特困供养人员除外。2021 版不再问两项补贴，民政发放名册即其来源。',
      sources: ['D7'],
      comparison: 'agrees',
      compares: { item: 'r15', field: 'benefits' },
    },
  ),
  xc(
    'XC_CIVIL_CARE_SUBSIDY_NOT_RECEIVED',
    'civil-affairs',
    '残疾等级为一、二级，民政发放名册中没有重度残疾人护理补贴',
    ['certificate_no', 'r15'],
    '民政部门两项补贴发放名册',
    {
      all: [FULL_FORM, { item: '$level', in: [1, 2] }, { item: 'r15', includesNone: [2] }, { not: onRoster({ dept: 'benefits', includesAny: [2, 4] }) }],
    },
    {
      formVersions: V2021,
      note: '国发〔2015〕52号：一、二级且需长期照护者享受护理补贴；是否需长期照护登记表未载，故为待核实。',
      comparison: 'agrees',
      compares: { item: 'certificate_no', field: 'benefits' },
    },
  ),
  xc(
    'XC_HOUSING_RENOVATION_DIFFERS',
    'housing',
    '农村危房改造登记情况与住建部门改造名册不一致',
    ['r15'],
    '住建部门农村危房改造名册',
    { all: [FULL_FORM, { item: 'hukou', eq: 1 }, { item: 'r15', present: true }, { xor: [{ item: 'r15', includes: 5 }, { dept: 'renovated', eq: 1 }] }] },
    { formVersions: V2021, note: '2021 版 R15 问“过去一年内”：住建名册应取同一期间竣工的改造。', compares: { item: 'r15', field: 'renovated' }, corrects: { kind: 'toggle', item: 'r15', code: 5, when: 1 } },
  ),
  xc(
    'XC_HOUSING_DANGEROUS_NOT_RECORDED',
    'housing',
    '住建部门鉴定为危房（C、D 级且未改造），但家庭住房状况（R7）未登记为农村危房',
    ['r7', 'r7_4'],
    '住建部门农村危房鉴定名册',
    {
      all: [
        FULL_FORM,
        { item: 'r6', ne: 1 },
        { item: 'r7', present: true },
        { item: 'r7', ne: 4 },
        { dept: 'house_grade', in: ['C', 'D'] },
        { dept: 'renovated', ne: 1 },
      ],
    },
    {
      formVersions: V2021,
      note: '2021 版 R7 的代码未见（housing2021 为开放代码表）；据 S9、S10，农村危房是 R7 选项 4 的子项 4.1，故农村危房的 R7 应为 4（推断）。只比对一个方向：鉴定为危房而 R7 不是 4。',
      sources: ['S9', 'S10'],
      compares: { item: 'r7_4', field: 'house_grade' },
    },
  ),
  xc(
    'XC_HEALTH_FAMILY_DOCTOR_DIFFERS',
    'health',
    '家庭医生签约情况与卫健部门签约名册不一致',
    ['r20'],
    '卫健部门家庭医生签约名册',
    { all: [FULL_FORM, { item: 'r20', present: true }, { xor: [{ item: 'r20', eq: 1 }, { dept: 'family_doctor_contract', eq: 1 }] }] },
    { formVersions: V2021, compares: { item: 'r20', field: 'family_doctor_contract' }, corrects: { kind: 'map', item: 'r20', map: { 1: 1, 2: 2 } } },
  ),
  xc(
    'XC_EDU_ENROLLED_NEVER_SCHOOLED',
    'education',
    '学籍名册中有在读学籍，但受教育程度登记为"未上过学"',
    ['r8'],
    '教育部门学籍',
    { all: [FULL_FORM, { item: 'r8', eq: 1 }, MATCHED, { dept: 'enrolled', ne: 2 }, { dept: 'school_stage', gte: 2 }] },
    {
      formVersions: V2021,
      note: '受教育程度含在读的学历：小学及以上在读者不应为"未上过学"。2021 版不再问在校情况（2017 R14），学籍名册即其来源。',
      compares: { item: 'r8', field: 'school_stage' },
    },
  ),
];

/**
 * The cross-check rules against the seven partner departments' extracts (学籍, 民政, 人社,
 * 住建, 卫健, 扶贫, 公安). Put the department indexes in the context (`buildDepartmentIndex`);
 * rules of departments without an index are skipped.
 *
 * @example
 * ```ts
 * const rules = crossCheckRules('2017');
 * checkRecord(record, rules, { departments: { 'public-security': buildDepartmentIndex('public-security', hukouRows) } });
 * ```
 */
export function crossCheckRules(version: FormVersion = '2017'): CrossCheckRule[] {
  return ALL.filter((r) => r.formVersions === '*' || r.formVersions.includes(version));
}

/**
 * The hand-written DuckDB query the benchmarks set the generated SQL against: five of canji's
 * cross-check rules over the batch and the seven extracts (see check-engine.bench.ts for what it
 * does and does not do). One definition for both benches; where the tables come from is a parameter.
 */
export const HAND_RULES = ['XC_CIVIL_DIBAO_DIFFERS', 'XC_EDU_ENROLLED_NOT_REGISTERED', 'XC_HEALTH_FAMILY_DOCTOR_DIFFERS', 'XC_SOCSEC_RESIDENT_MEDICAL_DIFFERS', 'XC_PUBSEC_DECEASED_REPORTED_NORMAL'];

export const HAND_MACROS = [
  `CREATE OR REPLACE MACRO canji_chk(b) AS substr('10X98765432', CAST(list_sum(list_transform(range(17), i -> CAST(substr(b, i + 1, 1) AS INTEGER) * [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2][i + 1])) % 11 AS INTEGER) + 1, 1)`,
  `CREATE OR REPLACE MACRO canji_half(s) AS upper(trim(translate(s, '０１２３４５６７８９ｘＸ', '0123456789XX')))`,
  `CREATE OR REPLACE MACRO canji_id(s) AS CASE WHEN regexp_full_match(canji_half(s), '[0-9]{15}') THEN substr(canji_half(s), 1, 6) || '19' || substr(canji_half(s), 7, 9) || canji_chk(substr(canji_half(s), 1, 6) || '19' || substr(canji_half(s), 7, 9)) ELSE canji_half(s) END`,
  `CREATE OR REPLACE MACRO canji_valid(s) AS regexp_full_match(s, '[0-9]{17}[0-9X]') AND canji_chk(s) = substr(s, 18, 1)`,
];

/** The query: `persons` and `dept(id)` are table expressions, `rowKey` the record's position. */
export function handWrittenSql(o: { persons: string; rowKey: string; dept: (department: string) => string }): string {
  const { persons, rowKey, dept } = o;
  const id = `canji_id("身份证号")`;
  return `
WITH p AS (
  SELECT ${rowKey} AS canji_row, person_status, r14, r25, r27, r31,
         canji_id(CASE WHEN resident_id LIKE '%E+%' OR resident_id IS NULL THEN substr(trim(certificate_no), 1, 18) ELSE resident_id END) AS id
  FROM ${persons}
),
r AS (SELECT *, coalesce(person_status NOT IN ('1', '2', '3', '4', '5'), FALSE) AS full_form, string_split(coalesce(r27, ''), ',') AS r27s FROM p),
civ AS (SELECT ${id} AS id, bool_or("救助/补贴项目" IN ('1', '最低生活保障', '低保')) AS dibao FROM ${dept('civil-affairs')} GROUP BY 1),
edu AS (SELECT ${id} AS id, arg_max("是否在读", "数据期") AS enrolled FROM ${dept('education')} GROUP BY 1),
hea AS (SELECT ${id} AS id, last("家庭医生签约") AS contract FROM ${dept('health')} GROUP BY 1),
hou AS (SELECT DISTINCT ${id} AS id FROM ${dept('housing')}),
pov AS (SELECT DISTINCT ${id} AS id FROM ${dept('poverty-relief')}),
pub AS (SELECT ${id} AS id, last("户籍状态") AS status FROM ${dept('public-security')} GROUP BY 1),
soc AS (SELECT ${id} AS id, last("医疗保险参保险种") AS medical FROM ${dept('social-security')} GROUP BY 1),
j AS (
  SELECT r.*, civ.id IS NOT NULL AS civ_m, coalesce(civ.dibao, FALSE) AS dibao, edu.id IS NOT NULL AS edu_m, edu.enrolled,
         hea.id IS NOT NULL AS hea_m, hea.contract, hou.id IS NOT NULL AS hou_m, pov.id IS NOT NULL AS pov_m,
         pub.status, soc.id IS NOT NULL AS soc_m, soc.medical
  FROM r LEFT JOIN civ USING (id) LEFT JOIN edu USING (id) LEFT JOIN hea USING (id) LEFT JOIN hou USING (id)
         LEFT JOIN pov USING (id) LEFT JOIN pub USING (id) LEFT JOIN soc USING (id)
  WHERE canji_valid(r.id)
)
SELECT 'XC_CIVIL_DIBAO_DIFFERS' AS rule, count(*) FILTER (WHERE full_form AND r27 IS NOT NULL AND list_contains(r27s, '1') <> dibao) FROM j
UNION ALL SELECT 'XC_EDU_ENROLLED_NOT_REGISTERED', count(*) FILTER (WHERE full_form AND r14 IS NOT NULL AND (NOT edu_m OR enrolled IN ('2', '否'))) FROM j
UNION ALL SELECT 'XC_HEALTH_FAMILY_DOCTOR_DIFFERS', count(*) FILTER (WHERE full_form AND r31 IS NOT NULL AND (r31 = '1') <> (hea_m AND contract IN ('1', '是'))) FROM j
UNION ALL SELECT 'XC_SOCSEC_RESIDENT_MEDICAL_DIFFERS', count(*) FILTER (WHERE full_form AND soc_m AND r25 IS NOT NULL AND (r25 = '1') <> (medical IN ('1', '城乡居民基本医疗保险'))) FROM j
UNION ALL SELECT 'XC_PUBSEC_DECEASED_REPORTED_NORMAL', count(*) FILTER (WHERE person_status = '6' AND status IN ('3', '死亡')) FROM j
UNION ALL SELECT '#matched', count(*) FILTER (WHERE civ_m OR edu_m OR hea_m OR hou_m OR pov_m OR soc_m OR status IS NOT NULL) FROM j`;
}

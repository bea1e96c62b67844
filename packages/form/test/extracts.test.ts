import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { makeResidentId } from '@canji/id';
import {
  EXTRACT_ISSUE_CODES,
  defineExtractDepartment,
  extractCodeLists,
  extractDepartments,
  getExtractDepartment,
  parseExtractRow,
  resolveExtractHeaders,
  type ExtractCodeList,
  type ExtractDepartmentId,
  type ExtractField,
} from '../src/extracts/index.js';

// Synthetic ID numbers only (no real personal data): built by @canji/id's constructor.
const F = makeResidentId({ regionCode: '430104', birthDate: '1950-03-05', sex: 'female', sequence: 124 });
const M = makeResidentId({ regionCode: '430104', birthDate: '2012-09-01', sex: 'male', sequence: 17 });
const X = makeResidentId({ regionCode: '110105', birthDate: '1949-12-31', sex: 'female', sequence: 2 }); // …002X

const IDS: ExtractDepartmentId[] = ['education', 'civil-affairs', 'social-security', 'housing', 'health', 'poverty-relief', 'public-security'];
const codes = (r: { issues: { code: string }[] }) => r.issues.map((i) => i.code);

describe('extract descriptors', () => {
  it('lists the seven departments, each found by id and keyed by resident_id', () => {
    expect(extractDepartments.map((d) => d.id)).toEqual(IDS);
    for (const id of IDS) {
      const d = getExtractDepartment(id);
      expect(d.id).toBe(id);
      expect(d.provisional).toBe(true);
      expect(d.fields[0]).toMatchObject({ key: 'resident_id', type: 'resident-id', required: true });
      expect(Object.keys(d.schema.shape)).toEqual(d.fields.map((f) => f.key));
    }
    expect(getExtractDepartment('transport')).toBeUndefined();
  });

  it('every header (key, label, alias) names one field of its department', () => {
    for (const d of extractDepartments) {
      for (const f of d.fields) {
        for (const h of [f.key, f.label, ...f.aliases]) {
          const { columns } = resolveExtractHeaders(d.id, [h]);
          expect(columns[0], `${d.id}: ${h}`).toEqual({ column: h, field: f.key });
        }
      }
    }
  });

  it('coded fields have code lists whose codes, labels and aliases are unambiguous', () => {
    for (const d of extractDepartments) for (const f of d.fields) if (f.type === 'code') expect(f.codes, f.key).toBeDefined();
    for (const list of extractCodeLists as readonly ExtractCodeList[]) {
      const spellings = list.codes.flatMap((c) => [String(c.code), c.label, ...(c.aliases ?? [])].map((s) => s.toUpperCase()));
      expect(new Set(spellings).size, list.id).toBe(spellings.length);
      expect(list.basis.length).toBeGreaterThan(0);
    }
  });

  it('every issue code is SCREAMING_SNAKE with a severity', () => {
    for (const [code, severity] of Object.entries(EXTRACT_ISSUE_CODES)) {
      expect(code).toMatch(/^EXTRACT_[A-Z0-9_]+$/);
      expect(['error', 'warning', 'info']).toContain(severity);
    }
  });
});

// One row per department as a department's spreadsheet would have it (Chinese headers, loose
// answers), and the record it must give.
const samples: Record<ExtractDepartmentId, { row: Record<string, unknown>; record: Record<string, unknown> }> = {
  education: {
    row: { 学生姓名: '测试甲', 身份证号码: M, 是否在读: '是', 学校名称: '样例市特殊教育学校', 就读方式: '送教上门', 学段: '2.小学', 年级: '三年级', 学年: '2023' },
    record: { resident_id: M, name: '测试甲', enrolled: 1, school_name: '样例市特殊教育学校', school_type: 4, school_stage: 2, grade: '三年级', period: '2023' },
  },
  'civil-affairs': {
    row: { 公民身份号码: F, 姓名: '测试乙', 救助类别: '重度残疾人护理补贴', 发放月份: '2023年1月', 金额: '1,200.50元' },
    record: { resident_id: F, name: '测试乙', benefit: 4, period: '2023-01', amount: 1200.5 },
  },
  'social-security': {
    row: { 身份证号: F, 养老保险: '城乡居民养老保险', 领取待遇: 'Y', 政府代缴: '否', 医保: '2', 医保缴费补贴: 'N', 就业登记: '0', 失业登记: '１', 年月: '2023-6' },
    record: {
      resident_id: F,
      pension_scheme: 1,
      pension_drawing: 1,
      pension_premium_subsidy: 2,
      medical_scheme: 2,
      medical_premium_subsidy: 2,
      employment_registered: 2,
      unemployment_registered: 1,
      period: '2023-06',
    },
  },
  housing: {
    row: { 身份证号: F, 鉴定等级: 'c', 鉴定日期: '2021/3/9', 是否改造: '是', 改造年度: '2022年', 年度: '2023年' },
    record: { resident_id: F, house_grade: 'C', appraised_on: '2021-03-09', renovated: 1, renovation_year: 2022, period: '2023' },
  },
  health: {
    row: { 身份证号: F, 是否签约: '是', 签约日期: '2023年2月1日' },
    record: { resident_id: F, family_doctor_contract: 1, contract_date: '2023-02-01' },
  },
  'poverty-relief': {
    row: { 身份证号: F, 建档立卡: '是', 贫困状态: '稳定脱贫', 建档年度: '２０１６', 脱贫年度: 2019, 户主身份证号: X },
    record: { resident_id: F, registered: 1, poverty_status: 2, registered_year: 2016, exit_year: 2019, household_head_id: X },
  },
  'public-security': {
    row: { 公民身份号码: F, 姓名: '测试乙', 性别: '女', 出生日期: '19500305', 人口状态: '死亡注销', 注销日期: '2023-04-02 00:00:00', 户籍地址: '样例路1号' },
    record: { resident_id: F, name: '测试乙', sex: 'female', birth_date: '1950-03-05', registration_status: 3, event_date: '2023-04-02', address: '样例路1号' },
  },
};

describe('parseExtractRow: each department', () => {
  for (const id of IDS) {
    it(`${id}: reads Chinese headers and loose answers, reporting each`, () => {
      const { row, record } = samples[id];
      const r = parseExtractRow(id, row);
      expect(r.ok, JSON.stringify(r.issues)).toBe(true);
      expect(r.record).toEqual(record);
      expect(getExtractDepartment(id).schema.safeParse(r.record).success).toBe(true);
      expect(r.issues.every((i) => i.severity === 'info')).toBe(true);
      // every column whose header was not the machine name is reported as an alias
      const aliased = Object.keys(row).filter((h) => !(h in record));
      for (const h of aliased) expect(r.issues.some((i) => i.code === 'EXTRACT_HEADER_ALIAS' && i.column === h), h).toBe(true);
      // the same record written back with machine headers reads with no issue at all
      const again = parseExtractRow(id, r.record);
      expect(again).toEqual({ ok: true, record, extra: {}, issues: [] });
    });
  }
});

describe('parseExtractRow: normalisations are reported, never silent', () => {
  it('upgrades a 15-digit ID and fixes lower-case x and full-width digits', () => {
    const legacy = F.slice(0, 6) + F.slice(8, 17); // the 15-digit form of a 1950 birth
    const r = parseExtractRow('health', { resident_id: legacy, family_doctor_contract: 1 });
    expect(r.record.resident_id).toBe(F);
    expect(r.issues).toEqual([expect.objectContaining({ code: 'EXTRACT_ID_NORMALISED', field: 'resident_id', normalised: F, detail: expect.stringContaining('LEGACY_15') })]);
    const fw = X.toLowerCase().replace(/[0-9]/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));
    const r2 = parseExtractRow('health', { resident_id: fw, family_doctor_contract: 2 });
    expect(r2.record.resident_id).toBe(X);
    expect(r2.issues[0]?.detail).toMatch(/FULLWIDTH_TO_ASCII/);
    expect(r2.issues[0]?.detail).toMatch(/LOWERCASE_X/);
  });

  it.each([
    ['是', 1], ['否', 2], ['Y', 1], ['n', 2], ['yes', 1], ['NO', 2], ['1', 1], ['2', 2], ['１', 1], ['0', 2], [true, 1], [false, 2], ['1.是', 1], ['有', 1], ['无', 2],
  ])('yes/no %j → %j', (raw, value) => {
    const r = parseExtractRow('health', { resident_id: F, family_doctor_contract: raw });
    expect(r.ok).toBe(true);
    expect(r.record.family_doctor_contract).toBe(value);
    expect(codes(r)).toEqual(String(raw) === String(value) ? [] : ['EXTRACT_VALUE_NORMALISED']);
  });

  it.each([
    ['2023-01', '2023-01'], ['2023-1', '2023-01'], ['2023/1', '2023-01'], ['2023.01', '2023-01'], ['2023年1月', '2023-01'], ['２０２３年１２月', '2023-12'],
    ['202311', '2023-11'], ['2023', '2023'], ['2023年', '2023'], ['2023年度', '2023'], [2023, '2023'],
  ])('period %j → %j', (raw, value) => {
    const r = parseExtractRow('civil-affairs', { resident_id: F, benefit: 1, period: raw });
    expect(r.ok).toBe(true);
    expect(r.record.period).toBe(value);
    expect(codes(r)).toEqual(String(raw) === value ? [] : ['EXTRACT_VALUE_NORMALISED']);
  });

  it.each([
    ['2023-02-01', '2023-02-01'], ['2023-2-1', '2023-02-01'], ['2023/2/1', '2023-02-01'], ['2023.02.01', '2023-02-01'], ['2023年2月1日', '2023-02-01'],
    ['20230201', '2023-02-01'], [20230201, '2023-02-01'], ['2023/2/1 0:00', '2023-02-01'], ['2023-02-01T00:00:00Z', '2023-02-01'],
    [44958, '2023-02-01'], ['44958', '2023-02-01'], ['2024-02-29', '2024-02-29'],
  ])('date %j → %j', (raw, value) => {
    const r = parseExtractRow('health', { resident_id: F, family_doctor_contract: 1, contract_date: raw });
    expect(r.ok).toBe(true);
    expect(r.record.contract_date).toBe(value);
  });

  it.each([
    ['1', 1], [1, 1], ['01', 1], ['１', 1], ['1.最低生活保障', 1], ['1、低保', 1], ['1 低保', 1], ['低保', 1], ['特困供养', 2], ['生活补贴', 3], ['护理补贴', 4], ['低保边缘', 5],
  ])('code %j → %j', (raw, value) => {
    const r = parseExtractRow('civil-affairs', { resident_id: F, benefit: raw, period: '2023' });
    expect(r.ok).toBe(true);
    expect(r.record.benefit).toBe(value);
  });

  it.each([
    ['1200', 1200], ['1,200.5', 1200.5], ['１２００', 1200], ['1200元', 1200], ['¥80', 80], [80.5, 80.5], ['0', 0],
  ])('amount %j → %j', (raw, value) => {
    const r = parseExtractRow('civil-affairs', { resident_id: F, benefit: 3, period: '2023-01', amount: raw });
    expect(r.record.amount).toBe(value);
  });

  it('trims text and says so', () => {
    const r = parseExtractRow('education', { resident_id: M, school_name: '  样例小学 ' });
    expect(r.record.school_name).toBe('样例小学');
    expect(r.issues).toEqual([expect.objectContaining({ code: 'EXTRACT_VALUE_NORMALISED', field: 'school_name', value: '  样例小学 ', normalised: '样例小学' })]);
  });

  it('reads sex from 男/女, M/F and GB/T 2261.1 codes', () => {
    for (const [raw, sex] of [['男', 'male'], ['F', 'female'], ['female', 'female'], ['1', 'male'], [2, 'female']] as const) {
      expect(parseExtractRow('public-security', { resident_id: F, registration_status: 1, sex: raw }).record.sex).toBe(sex);
    }
  });

  it('header matching ignores width, blanks, case and required-field stars', () => {
    const r = parseExtractRow('health', { ' RESIDENT_ID ': F, '*家庭医生签约': '是', '签约 日期': '2023-01-01' });
    expect(r.ok).toBe(true);
    expect(Object.keys(r.record)).toEqual(['resident_id', 'family_doctor_contract', 'contract_date']);
    expect(codes(r).filter((c) => c === 'EXTRACT_HEADER_ALIAS')).toHaveLength(3);
    const quiet = parseExtractRow('health', { ' RESIDENT_ID ': F, '*家庭医生签约': 1 }, { headerIssues: false });
    expect(quiet.issues).toEqual([]);
  });
});

describe('parseExtractRow: bad rows', () => {
  it('rejects an unknown department and a row that is not an object, without throwing', () => {
    expect(codes(parseExtractRow('transport' as ExtractDepartmentId, { resident_id: F }))).toEqual(['EXTRACT_UNKNOWN_DEPARTMENT']);
    for (const row of [null, undefined, 'a,b', 42, [F]]) {
      const r = parseExtractRow('health', row);
      expect(r.ok).toBe(false);
      expect(codes(r)).toEqual(['EXTRACT_ROW_NOT_OBJECT']);
    }
  });

  it('reports a missing or invalid ID number with the @canji/id code', () => {
    expect(codes(parseExtractRow('health', { family_doctor_contract: 1 }))).toEqual(['EXTRACT_MISSING_FIELD']);
    expect(codes(parseExtractRow('health', { resident_id: '   ', family_doctor_contract: 1 }))).toEqual(['EXTRACT_MISSING_FIELD']);
    const bad = F.slice(0, 17) + (F[17] === '0' ? '1' : '0');
    const r = parseExtractRow('health', { resident_id: bad, family_doctor_contract: 1 });
    expect(r.ok).toBe(false);
    expect(r.issues).toEqual([expect.objectContaining({ code: 'EXTRACT_INVALID_ID', detail: 'ID_CHECKSUM', field: 'resident_id', value: bad })]);
    expect(r.record).toEqual({ family_doctor_contract: 1 });
    expect(parseExtractRow('health', { resident_id: '4.30104E+17', family_doctor_contract: 1 }).issues[0]?.detail).toBe('ID_SCIENTIFIC_NOTATION');
    // an 18-digit number has lost its last digits in the spreadsheet: never "repaired"
    const n = parseExtractRow('health', { resident_id: Number(M), family_doctor_contract: 1 });
    expect(n.issues[0]).toMatchObject({ code: 'EXTRACT_INVALID_ID', detail: 'ID_NOT_STRING' });
  });

  it('reports values it cannot read, and codes outside the list', () => {
    const r = parseExtractRow('civil-affairs', { resident_id: F, benefit: '9', period: '2023-13', amount: '-5' });
    expect(r.ok).toBe(false);
    expect(r.issues.map((i) => [i.code, i.field])).toEqual([
      ['EXTRACT_UNKNOWN_CODE', 'benefit'],
      ['EXTRACT_INVALID_VALUE', 'period'],
      ['EXTRACT_INVALID_VALUE', 'amount'],
    ]);
    expect(r.record).toEqual({ resident_id: F });
    expect(r.issues[0]?.message).toContain('最低生活保障');
    // a code whose label belongs to another code is not guessed either way
    expect(codes(parseExtractRow('civil-affairs', { resident_id: F, benefit: '2.低保', period: '2023' }))).toEqual(['EXTRACT_UNKNOWN_CODE']);
    for (const date of ['2023-02-30', '2023-02-01 13:45', '01/02/2023', 'yesterday']) {
      expect(codes(parseExtractRow('health', { resident_id: F, family_doctor_contract: 1, contract_date: date })), date).toEqual(['EXTRACT_INVALID_VALUE']);
    }
    expect(codes(parseExtractRow('health', { resident_id: F, family_doctor_contract: '也许' }))).toEqual(['EXTRACT_INVALID_VALUE']);
    expect(codes(parseExtractRow('civil-affairs', { resident_id: F, benefit: 1, period: '2023-01-15' }))).toEqual(['EXTRACT_INVALID_VALUE']);
  });

  it('keeps unknown columns in extra with a warning; the row stays usable', () => {
    const r = parseExtractRow('health', { resident_id: F, family_doctor_contract: 1, 备注: '复核', 空列: '' });
    expect(r.ok).toBe(true);
    expect(r.extra).toEqual({ 备注: '复核' });
    expect(r.issues).toEqual([expect.objectContaining({ code: 'EXTRACT_UNKNOWN_COLUMN', severity: 'warning', column: '备注', value: '复核' })]);
  });

  it('two columns for one field: same value is noted, different values are an error', () => {
    const same = parseExtractRow('health', { resident_id: F, 身份证号: F.toLowerCase(), family_doctor_contract: 1 });
    expect(same.ok).toBe(true);
    expect(codes(same)).toContain('EXTRACT_DUPLICATE_COLUMN');
    const differ = parseExtractRow('health', { resident_id: F, 身份证号: X, family_doctor_contract: 1 });
    expect(differ.ok).toBe(false);
    expect(differ.record.resident_id).toBe(F);
    expect(differ.issues.find((i) => i.code === 'EXTRACT_COLUMN_CONFLICT')).toMatchObject({ field: 'resident_id', column: '身份证号', value: X });
  });

  it('requires the department-specific fields', () => {
    expect(codes(parseExtractRow('civil-affairs', { resident_id: F, period: '2023' }))).toEqual(['EXTRACT_MISSING_FIELD']);
    expect(codes(parseExtractRow('public-security', { resident_id: F }))).toEqual(['EXTRACT_MISSING_FIELD']);
    expect(codes(parseExtractRow('health', { resident_id: F }))).toEqual(['EXTRACT_MISSING_FIELD']);
  });

  it('public security: sex and birth date must agree with the ID number; events carry a date', () => {
    const r = parseExtractRow('public-security', { resident_id: F, sex: '男', birth_date: '1950-03-06', registration_status: '迁出' });
    expect(r.ok).toBe(true); // warnings: the department's data is what it is; @canji/rules decides
    expect(r.issues.map((i) => [i.code, i.field, i.severity])).toEqual([
      ['EXTRACT_VALUE_NORMALISED', 'sex', 'info'],
      ['EXTRACT_VALUE_NORMALISED', 'registration_status', 'info'],
      ['EXTRACT_ID_DISAGREES', 'sex', 'warning'],
      ['EXTRACT_ID_DISAGREES', 'birth_date', 'warning'],
      ['EXTRACT_EVENT_DATE_MISSING', 'event_date', 'warning'],
    ]);
  });

  it('resolveExtractHeaders checks a file header once', () => {
    const r = resolveExtractHeaders('civil-affairs', ['身份证号', 'benefit', '补贴项目', '备注']);
    expect(r.columns).toEqual([
      { column: '身份证号', field: 'resident_id' },
      { column: 'benefit', field: 'benefit' },
      { column: '补贴项目', field: 'benefit' },
      { column: '备注' },
    ]);
    expect(codes(r)).toEqual(['EXTRACT_HEADER_ALIAS', 'EXTRACT_HEADER_ALIAS', 'EXTRACT_DUPLICATE_COLUMN', 'EXTRACT_UNKNOWN_COLUMN', 'EXTRACT_MISSING_FIELD']);
    expect(codes(resolveExtractHeaders('nope' as ExtractDepartmentId, []))).toEqual(['EXTRACT_UNKNOWN_DEPARTMENT']);
  });
});

describe('defineExtractDepartment: a local extract', () => {
  const transport = defineExtractDepartment({
    id: 'local-transport',
    name: '交通运输局',
    extractName: '残疾人免费乘车卡名册',
    description: '本地扩展示例',
    provisional: true,
    fields: [
      { key: 'resident_id', label: '身份证号', aliases: [], type: 'resident-id', required: true, description: '' },
      { key: 'card_issued', label: '已办卡', aliases: ['是否办卡'], type: 'yes-no', required: true, description: '' },
      { key: 'issued_on', label: '办卡日期', aliases: [], type: 'date', required: false, description: '' },
    ],
  });

  it('reads rows like a built-in one, with a typed record', () => {
    const r = parseExtractRow(transport, { 身份证号: X.toLowerCase(), 是否办卡: '是', 办卡日期: '2024年3月1日' });
    expect(r.ok).toBe(true);
    if (r.ok) {
      const issued: 1 | 2 = r.record.card_issued;
      expect([r.record.resident_id, issued, r.record.issued_on]).toEqual([X, 1, '2024-03-01']);
    }
    expect(transport.schema.safeParse(r.record).success).toBe(true);
    expect(codes(parseExtractRow(transport, { 身份证号: X }))).toEqual(['EXTRACT_HEADER_ALIAS', 'EXTRACT_MISSING_FIELD']);
  });

  it('refuses a descriptor whose headers are ambiguous', () => {
    expect(() =>
      defineExtractDepartment({
        id: 'broken',
        name: '',
        extractName: '',
        description: '',
        provisional: true,
        fields: [
          { key: 'a', label: '状态', aliases: [], type: 'text', required: false, description: '' },
          { key: 'b', label: 'B', aliases: ['状态'], type: 'text', required: false, description: '' },
        ],
      }),
    ).toThrow(/状态/);
  });
});

describe('JSON Schema export', () => {
  it('every extract exports its input side with zh-CN titles and code labels', () => {
    for (const d of extractDepartments) {
      const json = z.toJSONSchema(d.schema, { io: 'input' }) as { properties: Record<string, { title?: string; description?: string }>; required?: string[] };
      expect(Object.keys(json.properties)).toEqual(d.fields.map((f) => f.key));
      expect(json.required).toEqual(d.fields.filter((f) => f.required).map((f) => f.key));
      for (const f of d.fields as readonly ExtractField[]) {
        expect(json.properties[f.key]?.title).toBe(f.label);
        if (f.codes) expect(json.properties[f.key]?.description).toContain(`${f.codes.codes[0]!.code} ${f.codes.codes[0]!.label}`);
      }
    }
  });
});

import { getExtractDepartment, parseExtractRow, type ExtractDepartmentId } from '@canji/form';
import { describe, expect, it } from 'vitest';
import { streamDepartmentExtracts, synthesizeDepartmentExtracts, synthesizePersons, type SynthPersonRecord } from '@canji/synth';

const persons: SynthPersonRecord[] = [...synthesizePersons({ seed: 'extracts', count: 3000, region: '43' })];
const DEPTS: ExtractDepartmentId[] = ['education', 'civil-affairs', 'social-security', 'housing', 'health', 'poverty-relief', 'public-security'];

describe('synthesizeDepartmentExtracts', () => {
  const { extracts, labels } = synthesizeDepartmentExtracts(persons, { seed: 1, agreement: 0.9 });

  it('every raw row reads back (parseExtractRow) to the normalised record at the same index, which fits the schema', () => {
    for (const d of DEPTS) {
      const e = extracts[d];
      expect(e.rows.length).toBe(e.records.length);
      expect(e.rows.length).toBeGreaterThan(0);
      const schema = getExtractDepartment(d).schema;
      e.rows.forEach((row, i) => {
        const r = parseExtractRow(d, row);
        expect(r.ok).toBe(true);
        if (r.ok) expect(r.record).toEqual(e.records[i]);
        expect(schema.safeParse(e.records[i]).success).toBe(true);
      });
    }
  });

  it('raw rows carry the formats departments send: legacy 15-digit IDs, lower-case x, full-width digits, 是/否, labels', () => {
    const ids = DEPTS.flatMap((d) => extracts[d].rows.map((r) => r['身份证号']!));
    expect(ids.some((s) => /^\d{15}$/.test(s))).toBe(true);
    expect(ids.some((s) => s.endsWith('x'))).toBe(true);
    expect(ids.some((s) => /[０-９]/.test(s))).toBe(true);
    expect(extracts.health.rows.some((r) => r['家庭医生签约'] === '是')).toBe(true);
    expect(extracts['civil-affairs'].rows.some((r) => r['救助/补贴项目'] === '最低生活保障')).toBe(true);
  });

  it('agreement 1: departments agree with every person record (no labels)', () => {
    const all = synthesizeDepartmentExtracts(persons, { seed: 1, agreement: 1 });
    expect(all.labels).toEqual([]);
    const byId = new Map(persons.map((p) => [p.resident_id, p]));
    for (const r of all.extracts['civil-affairs'].records) {
      const p = byId.get(r.resident_id)!;
      const r27 = p.r27 as number[];
      const r28 = p.r28 as number[];
      expect({ 1: r27.includes(1), 2: r27.includes(2), 3: r28.includes(1), 4: r28.includes(2), 5: false }[r.benefit as 1]).toBe(true);
    }
    for (const r of all.extracts.education.records) expect(byId.get(r.resident_id)!.r14).toBeDefined();
    for (const r of all.extracts.health.records) expect(byId.get(r.resident_id)!.r31).toBe(r.family_doctor_contract);
  });

  it('about 1 − agreement of the covered pairs disagree, and every disagreement is labelled and visible', () => {
    expect(labels.length).toBeGreaterThan(0.05 * persons.length);
    const rowsOf = (d: ExtractDepartmentId, id: string) => extracts[d].records.filter((r) => r.resident_id === id);
    for (const l of labels) {
      const rows = rowsOf(l.department, l.residentId);
      expect(persons[l.person]!.resident_id).toBe(l.residentId);
      if (l.kind === 'missing-in-extract') {
        if (l.field === 'benefit') expect(rows.some((r) => r.benefit === l.expectedValue)).toBe(false);
        else expect(rows).toEqual([]);
      } else {
        expect(rows.some((r) => r[l.field!] === l.extractValue)).toBe(true);
        if (l.kind === 'value-differs') expect(l.extractValue).not.toBe(l.expectedValue);
      }
    }
    expect(new Set(labels.map((l) => l.department)).size).toBe(7);
  });

  it('streamDepartmentExtracts yields the same rows, in order, and the same labels', () => {
    const stream = streamDepartmentExtracts(persons, { seed: 1, agreement: 0.9 });
    expect(stream.labels).toEqual([]);
    const got = Object.fromEntries(DEPTS.map((d) => [d, { department: d, records: [] as unknown[], rows: [] as unknown[] }]));
    for (const item of stream.items) {
      got[item.department]!.records.push(item.record);
      got[item.department]!.rows.push(item.row);
    }
    expect(got).toEqual(extracts);
    expect(stream.labels).toEqual(labels);
  });

  it('is deterministic in the seed and changes with it', () => {
    const again = synthesizeDepartmentExtracts(persons, { seed: 1, agreement: 0.9 });
    expect(JSON.stringify(again)).toBe(JSON.stringify({ extracts, labels, notPlanted: [] }));
    const other = synthesizeDepartmentExtracts(persons, { seed: 2, agreement: 0.9 });
    expect(JSON.stringify(other.labels)).not.toBe(JSON.stringify(labels));
  });

  it('public security records the deceased (status 5) as 死亡 and the normal as 正常', () => {
    const all = synthesizeDepartmentExtracts(persons, { seed: 1, agreement: 1, departments: ['public-security'] });
    const ps = new Map(all.extracts['public-security'].records.map((r) => [r.resident_id, r]));
    expect(ps.size).toBe(persons.length);
    for (const p of persons) {
      const r = ps.get(p.resident_id as string)!;
      if (p.person_status === 5) expect(r.registration_status).toBe(3);
      if (p.person_status === 6) expect(r.registration_status).toBe(1);
      expect(r.birth_date).toBe(p.birth_date);
    }
    expect(all.extracts.education.records).toEqual([]);
  });
});

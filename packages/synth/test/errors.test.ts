import { ageAt, parseResidentId } from '@canji/id';
import { validatePerson } from '@canji/form';
import { describe, expect, it } from 'vitest';
import { ERROR_KINDS, injectErrors, injectErrorsLazily, spreadsheetMangle, synthesizeDepartmentExtracts, synthesizePersons, type ErrorKind, type ErrorLabel, type SynthPersonRecord } from '@canji/synth';

const clean: SynthPersonRecord[] = [...synthesizePersons({ seed: 'errors', count: 1500, region: '430121' })];

function planted(kind: ErrorKind) {
  const out = injectErrors(clean, { seed: kind, rate: 0.2, kinds: [kind] });
  expect(out.labels.length).toBeGreaterThan(kind === 'age-impossible' ? 3 : 20);
  for (const l of out.labels) {
    expect(l.kind).toBe(kind);
    expect(l.items.length).toBeGreaterThan(0);
    expect(l.residentId).toMatch(/^\d{17}[\dX]$/);
    expect(l.message.length).toBeGreaterThan(0);
  }
  return out;
}

const problemsOn = (r: SynthPersonRecord, items: string[], code?: string) =>
  validatePerson(r).problems.filter((p) => p.severity === 'error' && p.path.some((k) => items.includes(String(k))) && (code === undefined || p.code === code));

describe('injectErrors', () => {
  it('copies: the input is untouched, unlabelled records are unchanged, same seed → same output', () => {
    const before = JSON.stringify(clean);
    const a = injectErrors(clean, { seed: 1, rate: 0.1 });
    const b = injectErrors(clean, { seed: 1, rate: 0.1 });
    expect(JSON.stringify(clean)).toBe(before);
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    const touched = new Set(a.labels.map((l) => l.record));
    let j = 0;
    a.records.forEach((r, i) => {
      if (a.labels.some((l) => l.kind === 'duplicate-person' && l.record === i)) return; // the inserted copy
      if (!touched.has(i)) expect(r).toBe(clean[j]);
      j++;
    });
    expect(j).toBe(clean.length);
    // about `rate` of the records get one error
    expect(a.labels.length / clean.length).toBeGreaterThan(0.06);
    expect(a.labels.length / clean.length).toBeLessThan(0.14);
    expect(new Set(a.labels.map((l) => l.kind)).size).toBe(ERROR_KINDS.length);
  });

  it('injectErrorsLazily streams the same records and labels as injectErrors', () => {
    const eager = injectErrors(synthesizePersons({ seed: 'errors', count: 1500, region: '430121' }), { seed: 4, rate: 0.2 });
    const lazy = injectErrorsLazily(synthesizePersons({ seed: 'errors', count: 1500, region: '430121' }), { seed: 4, rate: 0.2 });
    expect(lazy.labels).toEqual([]); // nothing generated before it is read
    expect([...lazy.records]).toEqual(eager.records);
    expect(lazy.labels).toEqual(eager.labels);
    expect([...lazy.records].length).toBe(eager.records.length); // a second pass starts afresh
    expect(lazy.labels).toEqual(eager.labels);
  });

  it('rejects unknown kinds and rates outside 0–1', () => {
    expect(() => injectErrors(clean, { seed: 1, rate: 2 })).toThrow(RangeError);
    expect(() => injectErrors(clean, { seed: 1, rate: 0.1, kinds: ['nope' as ErrorKind] })).toThrow(RangeError);
  });

  it('check-digit: the ID fails its check (ID_CHECKSUM) and validatePerson says so', () => {
    const { records, labels } = planted('check-digit');
    for (const l of labels) {
      const r = records[l.record]!;
      const p = parseResidentId(r.resident_id as string);
      expect(p.ok ? '' : p.error.code).toBe('ID_CHECKSUM');
      expect(String(r.resident_id).slice(0, 17)).toBe(l.residentId.slice(0, 17));
      expect(validatePerson(r).ok).toBe(false);
    }
  });

  it('certificate-id-mismatch: the certificate holds another valid ID number', () => {
    const { records, labels } = planted('certificate-id-mismatch');
    for (const l of labels) {
      const r = records[l.record]!;
      const inCert = String(r.certificate_no).slice(0, 18);
      expect(inCert).not.toBe(r.resident_id);
      expect(parseResidentId(inCert).ok).toBe(true);
      // A warning by policy (docs/guides/policy-basis.md §5: IDs are corrected without reissuing certificates).
      const found = validatePerson(r).problems.filter((p) => p.code === 'FORM_IDENTITY_MISMATCH' && p.path.some((k) => k === 'resident_id' || k === 'certificate_no'));
      expect(found.length).toBeGreaterThan(0);
    }
  });

  it('category-level-mismatch: the field disagrees with the certificate digit', () => {
    const { records, labels } = planted('category-level-mismatch');
    for (const l of labels) {
      const r = records[l.record]!;
      const cert = String(r.certificate_no);
      if (l.items[0] === 'disability_category') expect(String(r.disability_category)).not.toBe(cert[18]);
      else expect(String(r.disability_level)).not.toBe(cert[19]);
      expect(problemsOn(r, l.items, 'FORM_IDENTITY_MISMATCH').length).toBeGreaterThan(0);
    }
  });

  it.each([
    ['skip-answered', 'FORM_NOT_APPLICABLE'],
    ['skip-missing', 'FORM_REQUIRED'],
    ['exclusive-option', 'FORM_EXCLUSIVE'],
  ] as const)('%s: validatePerson reports %s on the labelled item', (kind, code) => {
    const { records, labels } = planted(kind);
    for (const l of labels) expect(problemsOn(records[l.record]!, l.items, code).map((p) => p.code)).toContain(code);
  });

  it('inconsistent-answers: validatePerson reports an implied value or an unavailable option on the labelled items', () => {
    const { records, labels } = planted('inconsistent-answers');
    for (const l of labels) {
      const codes = problemsOn(records[l.record]!, l.items).map((p) => p.code);
      expect(codes.some((c) => c === 'FORM_IMPLIED_VALUE' || c === 'FORM_OPTION_NOT_AVAILABLE')).toBe(true);
    }
  });

  it('age-impossible: the labelled answer is impossible at the person’s age', () => {
    const { records, labels } = planted('age-impossible');
    for (const l of labels) {
      const r = records[l.record]!;
      const age = ageAt(r.birth_date as string, r.reference_date as string)!;
      if (l.items.includes('r4')) expect(age < 15 && r.r4 === 20).toBe(true);
      else if (l.items.includes('r13')) expect(age < 20 && r.r13 === 7).toBe(true);
      else expect(age < 40 && r.r18 === 1 && r.r19 === 2).toBe(true);
    }
  });

  it('duplicate-person: an identical copy right after the original', () => {
    const { records, labels } = planted('duplicate-person');
    expect(records.length).toBe(clean.length + labels.length);
    for (const l of labels) {
      expect(l.duplicateOf).toBe(l.record - 1);
      expect(records[l.record]).toEqual(records[l.duplicateOf!]);
      expect(records[l.record]!.resident_id).toBe(l.residentId);
    }
  });

  it('deceased-as-normal: reported 正常, while public security lists the person as dead before the reference date', () => {
    const { records, labels } = planted('deceased-as-normal');
    const { extracts, labels: disagreements } = synthesizeDepartmentExtracts(clean, { seed: 1, agreement: 1, departments: ['public-security'], errors: labels });
    const ps = new Map(extracts['public-security'].records.map((r) => [r.resident_id, r]));
    for (const l of labels) {
      const r = records[l.record]!;
      expect(r.person_status).toBe(6);
      expect(ps.get(l.residentId)).toMatchObject({ registration_status: 3, event_date: l.deathDate });
      expect(l.deathDate! < String(r.reference_date)).toBe(true);
    }
    expect(disagreements.length).toBe(labels.length);
  });

  it('spreadsheet-mangled-id: scientific notation that parseResidentId names as such', () => {
    const { records, labels } = planted('spreadsheet-mangled-id');
    for (const l of labels) {
      const v = String(records[l.record]![l.items[0]!]);
      expect(v).toMatch(/^\d\.\d{1,5}E\+17$/);
      const p = parseResidentId(v);
      expect(p.ok ? '' : p.error.code).toBe('ID_SCIENTIFIC_NOTATION');
    }
    expect(spreadsheetMangle('430121197107201566')).toBe('4.30121E+17');
    expect(spreadsheetMangle('110105194912310020')).toBe('1.10105E+17');
  });

  it('labels are complete: every changed record is labelled, with the items that changed', () => {
    const { records, labels } = injectErrors(clean, { seed: 9, rate: 0.3 });
    const byRecord = new Map<number, ErrorLabel>(labels.map((l) => [l.record, l]));
    let j = 0;
    records.forEach((r, i) => {
      const l = byRecord.get(i);
      if (l?.kind === 'duplicate-person') return;
      const orig = clean[j++]!;
      const changed = [...new Set([...Object.keys(r), ...Object.keys(orig)])].filter((k) => JSON.stringify(r[k]) !== JSON.stringify(orig[k]));
      expect(changed.sort()).toEqual([...(l?.changed ?? [])].sort());
      if (l && l.kind !== 'deceased-as-normal') {
        // the labelled items changed, except the context items named with them (R22 in R22 ⇒ R23 …)
        expect(l.items.some((k) => changed.includes(k))).toBe(true);
      }
    });
  });
});

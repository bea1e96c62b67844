/**
 * The release gate (issue 20 item 4): an approval is required and checked; small cells are
 * suppressed along the region hierarchy; the exact audit passes on what is released; an attacker
 * who has the published table and its roll-up structure recomputes no hidden count.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeIndicators, indicatorRelations, PERSON_INDICATORS, type IndicatorResult } from '@canji/indicators';
import { synthesizePersons } from '@canji/synth';
import {
  checkApprovalCovers,
  parseIndicatorTable,
  parseReleaseApproval,
  releaseIndicatorTable,
  releasedTableRows,
  type ReleaseApproval,
  type ReleaseOptions,
} from '@canji/review';

const approval: ReleaseApproval = { approver: '王某（县残联理事长）', approvalNo: '宁残联〔2026〕12号', date: '2026-11-20', audience: 'public' };
const SHA = 'ab'.repeat(32);
const opts = (o: Partial<ReleaseOptions> = {}): ReleaseOptions => ({ approval, audience: 'public', minCell: 5, releasedOn: '2026-12-01', inputSha256: SHA, canjiVersion: '0.0.0-test', ...o });

const indicators = [PERSON_INDICATORS.familyDoctorContractRate, PERSON_INDICATORS.employmentRate];
const tableOf = (seed: number, count: number): IndicatorResult =>
  computeIndicators(synthesizePersons({ seed, count, region: '430121' }), { indicators, by: ['township', 'sex'], asOf: '2019-06-30' });

describe('approval record', () => {
  it('accepts a complete record and refuses a missing 批准文号 with a stable code and a zh-CN message', () => {
    expect(parseReleaseApproval(approval)).toEqual({ ok: true, value: approval });
    expect(parseReleaseApproval({ ...approval, approvalNo: ' ' })).toEqual({ ok: false, error: { code: 'RELEASE_APPROVAL_INVALID', message: '批准记录缺少批准文号（approvalNo）', field: 'approvalNo' } });
    expect(parseReleaseApproval({ ...approval, date: '2026-02-30' })).toMatchObject({ ok: false, error: { code: 'RELEASE_APPROVAL_INVALID', field: 'date' } });
    expect(parseReleaseApproval({ ...approval, audience: 'everyone' })).toMatchObject({ ok: false, error: { code: 'RELEASE_APPROVAL_INVALID', field: 'audience' } });
    expect(parseReleaseApproval({ ...approval, audience: 'directed' })).toMatchObject({ ok: false, error: { field: 'recipients' } });
    expect(parseReleaseApproval({ ...approval, audience: 'directed', recipients: ['县民政局'] }).ok).toBe(true);
    for (const bad of [null, 1, 'x', [], {}]) expect(parseReleaseApproval(bad).ok).toBe(false);
  });

  it('covers narrower audiences only, and only after its date', () => {
    const internal = { ...approval, audience: 'internal' as const };
    expect(checkApprovalCovers(internal, 'public', '2026-12-01')).toMatchObject({ ok: false, error: { code: 'RELEASE_AUDIENCE_NOT_APPROVED' } });
    expect(checkApprovalCovers(approval, 'directed', '2026-12-01').ok).toBe(true);
    expect(checkApprovalCovers(approval, 'public', '2026-11-19')).toMatchObject({ ok: false, error: { code: 'RELEASE_APPROVAL_DATE' } });
  });

  it('the gate refuses without a covering approval', () => {
    const r = releaseIndicatorTable(tableOf(1, 300), opts({ approval: { ...approval, audience: 'internal' } }));
    expect(r).toMatchObject({ ok: false, error: { code: 'RELEASE_AUDIENCE_NOT_APPROVED' } });
  });
});

describe('input', () => {
  it('refuses an already suppressed table (the gate needs the internal counts) and non-tables', () => {
    const t = JSON.parse(JSON.stringify(tableOf(1, 200)));
    expect(parseIndicatorTable(t).ok).toBe(true);
    expect(parseIndicatorTable({ ...t, suppression: { threshold: 5 } })).toMatchObject({ ok: false, error: { code: 'RELEASE_INPUT_SUPPRESSED' } });
    t.rows[3] = { ...t.rows[3], numerator: null, suppressed: true };
    expect(parseIndicatorTable(t)).toMatchObject({ ok: false, error: { code: 'RELEASE_INPUT_SUPPRESSED' } });
    expect(parseIndicatorTable([1, 2])).toMatchObject({ ok: false, error: { code: 'RELEASE_INPUT_INVALID' } });
  });

  it('an unknown indicator is named', () => {
    expect(releaseIndicatorTable(tableOf(1, 200), opts({ indicators: ['no-such'] }))).toMatchObject({ ok: false, error: { code: 'RELEASE_INDICATOR_UNKNOWN' } });
  });
});

/**
 * An attacker with the published rows and the roll-up structure: repeated differencing (a relation
 * with one unknown) and interval propagation with non-negative counts, on numerator, complement
 * and denominator. Written here independently of the gate's LP.
 */
function attack(res: IndicatorResult, published: readonly ({ numerator: number; denominator: number } | null)[]) {
  const relations = indicatorRelations(res);
  const measures = ['numerator', 'complement', 'denominator'] as const;
  const recovered: { row: number; measure: string; lo: number; hi: number }[] = [];
  for (const m of measures) {
    const val = (i: number) => {
      const p = published[i];
      return p ? (m === 'numerator' ? p.numerator : m === 'denominator' ? p.denominator : p.denominator - p.numerator) : undefined;
    };
    const lo = res.rows.map((_, i) => val(i) ?? 0);
    const hi = res.rows.map((_, i) => val(i) ?? Infinity);
    for (let pass = 0, changed = true; changed && pass < 500; pass++) {
      changed = false;
      for (const r of relations) {
        const sLo = r.parts.reduce((s, p) => s + lo[p]!, 0);
        const sHi = r.parts.reduce((s, p) => s + hi[p]!, 0);
        const set = (i: number, l: number, h: number) => {
          if (l > lo[i]!) { lo[i] = l; changed = true; }
          if (h < hi[i]!) { hi[i] = h; changed = true; }
        };
        set(r.total, sLo, sHi);
        for (const p of r.parts) set(p, lo[r.total]! - (sHi - hi[p]!), hi[r.total]! - (sLo - lo[p]!));
      }
    }
    res.rows.forEach((row, i) => {
      if (published[i]) return;
      const truth = m === 'numerator' ? row.numerator : m === 'denominator' ? row.denominator : row.denominator - row.numerator;
      if (truth > 0) recovered.push({ row: i, measure: m, lo: lo[i]!, hi: hi[i]! });
    });
  }
  return recovered;
}

describe('release: suppression and the exact audit', () => {
  it('an attacker recomputes small counts when only the small cells are hidden (the attack works)', () => {
    const res = tableOf(7, 500);
    const small = (v: number) => v > 0 && v < 5;
    const naive = res.rows.map((r) => (small(r.numerator) || small(r.denominator) || small(r.denominator - r.numerator) ? null : r));
    expect(naive.filter((r) => r === null).length).toBeGreaterThan(3);
    const found = attack(res, naive).filter((x) => x.lo === x.hi);
    expect(found.length).toBeGreaterThan(0);
    for (const f of found) {
      const row = res.rows[f.row]!;
      expect(f.lo).toBe(f.measure === 'numerator' ? row.numerator : f.measure === 'denominator' ? row.denominator : row.denominator - row.numerator);
    }
  });

  it('the released table: small counts hidden, every hidden count bounded no tighter than the protection interval, the attack fails', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), fc.integer({ min: 250, max: 900 }), fc.integer({ min: 3, max: 6 }), (seed, count, minCell) => {
        const res = tableOf(seed, count);
        const r = releaseIndicatorTable(res, opts({ minCell }));
        expect(r.ok).toBe(true);
        if (!r.ok) return;
        const { hidden, audit, record } = r.value;
        expect(audit.ok).toBe(true);
        expect(hidden.some(Boolean)).toBe(true); // small data: there is always something to protect
        expect(audit.ranges.every((x) => x.upper - x.lower >= minCell)).toBe(true);
        const published = res.rows.map((row, i) => (hidden[i] ? null : row));
        // No published row shows a small count.
        const small = (v: number) => v > 0 && v < minCell;
        for (const p of published) if (p) expect(small(p.numerator) || small(p.denominator) || small(p.denominator - p.numerator)).toBe(false);
        // The attacker's bounds are never tighter than the audit's exact ones.
        for (const a of attack(res, published)) {
          expect(a.lo, `row ${a.row} ${a.measure}`).toBeLessThan(a.hi);
          expect(a.hi - a.lo).toBeGreaterThanOrEqual(minCell);
        }
        // The record counts, it does not show.
        const counts = record.suppression.hidden;
        expect(counts.primary + counts.secondary + counts.linked + counts.protection).toBe(hidden.filter(Boolean).length);
        expect(record.suppression.published + hidden.filter(Boolean).length).toBe(res.rows.length);
      }),
      { numRuns: 8, seed: 2026 },
    );
  });

  it('the people table leaves hidden rows without counts; the record holds parameters and counts only', () => {
    const res = tableOf(3, 400);
    const r = releaseIndicatorTable(res, opts());
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const rows = releasedTableRows(r.value);
    expect(rows).toHaveLength(res.rows.length);
    const hiddenRows = rows.filter((row, i) => r.value.hidden[i]);
    expect(hiddenRows.length).toBeGreaterThan(0);
    for (const row of hiddenRows) expect(row.slice(3, 9)).toEqual([null, null, null, null, null, null]);
    const rec = r.value.record;
    expect(rec).toMatchObject({ kind: 'canji-release-record', approval, audience: 'public', input: { sha256: SHA, records: 400 }, suppression: { threshold: 5, protection: 5 }, audit: { method: 'exact-lp', passed: true } });
    expect(Object.keys(rec.suppression.byIndicator).sort()).toEqual(['employment-rate', 'family-doctor-contract-rate']);
    expect(JSON.stringify(rec)).not.toMatch(/"(numerator|denominator|value|ranges)"/);
  });

  it('indicators that publish the same count are audited together: the other table\'s published denominators do not reveal a hidden one', () => {
    // household-visit-rate and mobile-collection-rate have the same population as denominator.
    const res = computeIndicators(synthesizePersons({ seed: 5, count: 600, region: '430121' }), {
      indicators: [PERSON_INDICATORS.householdVisitRate, PERSON_INDICATORS.mobileCollectionRate],
      by: ['township', 'sex'],
      asOf: '2019-06-30',
    });
    const r = releaseIndicatorTable(res, opts());
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const { hidden } = r.value;
    const key = (row: (typeof res.rows)[number]) => JSON.stringify([row.by, row.group]);
    // The attacker reads each group's denominator from whichever indicator publishes it.
    const denominators = new Map<string, number>();
    res.rows.forEach((row, i) => void (!hidden[i] && denominators.set(key(row), row.denominator)));
    const ids = ['household-visit-rate', 'mobile-collection-rate'];
    let hiddenSmall = 0; // hidden denominators neither indicator publishes
    for (const id of ids) {
      const sub: IndicatorResult = { ...res, rows: res.rows.filter((row) => row.indicator === id) };
      const offset = res.rows.findIndex((row) => row.indicator === id);
      const published = sub.rows.map((row, i) => (hidden[offset + i] ? (denominators.has(key(row)) ? { numerator: NaN, denominator: denominators.get(key(row))! } : null) : row));
      for (const a of attack(sub, published.map((p) => (p && Number.isNaN(p.numerator) ? null : p)))) if (a.measure === 'numerator' && a.lo === a.hi) throw new Error(`numerator recovered in ${id}`);
      for (const a of attack(sub, published).filter((x) => x.measure === 'denominator')) {
        expect(a.hi - a.lo, `${id} row ${a.row}`).toBeGreaterThanOrEqual(5);
        hiddenSmall++;
      }
    }
    expect(hiddenSmall).toBeGreaterThan(0);
  });

  it('refuses invalid options with RELEASE_OPTIONS_INVALID', () => {
    const res = tableOf(1, 200);
    expect(releaseIndicatorTable(res, opts({ minCell: 1 }))).toMatchObject({ ok: false, error: { code: 'RELEASE_OPTIONS_INVALID', field: 'minCell' } });
    expect(releaseIndicatorTable(res, opts({ protection: 0 }))).toMatchObject({ ok: false, error: { code: 'RELEASE_OPTIONS_INVALID', field: 'protection' } });
    expect(releaseIndicatorTable(res, opts({ inputSha256: 'xyz' }))).toMatchObject({ ok: false, error: { code: 'RELEASE_OPTIONS_INVALID' } });
  });
});

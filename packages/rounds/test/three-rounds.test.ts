/**
 * Three synthetic rounds of a county (@canji/synth's synthesizeRounds, ~3,000 persons): the
 * reconciliation of rounds 1 and 2 with the previous round, the roster and the public-security rows
 * finds every planted change in its class, and the year-on-year rules of @canji/rules find every
 * planted implausible change — recall 100 % per kind — while nothing is flagged on untouched
 * persons (no year-on-year finding, no class but continuing).
 */
import { buildPreviousRound, checkRecord, yearOnYearRules, type PersonRecord } from '@canji/rules';
import { SYNTH_ROUND_KINDS, synthesizeRounds, type SynthRound, type SynthRoundLabel } from '@canji/synth';
import { describe, expect, it } from 'vitest';
import { reconcileRounds, ROUND_CLASSES, type ListEntry } from '../src/index.js';

const rounds = synthesizeRounds({ seed: 2026, count: 3000, region: '430121', rounds: 3 });
const RULES = yearOnYearRules('2017');

const classOf = (e: ListEntry) => (e.reason ? `${e.class}/${e.reason}` : e.class);

/** `kind  found/planted  recall` lines, for the assertion messages. */
function table(rows: readonly { kind: string; found: number; planted: number }[]): string {
  return rows.map((r) => `${r.kind.padEnd(36)} ${String(r.found).padStart(4)}/${String(r.planted).padEnd(4)} ${((100 * r.found) / Math.max(1, r.planted)).toFixed(1)} %`).join('\n');
}

function recallBy(labels: readonly SynthRoundLabel[], hit: (l: SynthRoundLabel) => boolean) {
  const by = new Map<string, { kind: string; found: number; planted: number }>();
  for (const l of labels) {
    const row = by.get(l.kind) ?? { kind: l.kind, found: 0, planted: 0 };
    row.planted++;
    if (hit(l)) row.found++;
    by.set(l.kind, row);
  }
  return [...by.values()].sort((a, b) => a.kind.localeCompare(b.kind));
}

function reconcile(r: number) {
  const R = rounds[r]!;
  const P = rounds[r - 1]!;
  const result = reconcileRounds({ asOf: R.asOf, previous: P.records, current: R.records, roster: R.roster, publicSecurity: R.publicSecurity, lists: ROUND_CLASSES, fullIdentifiers: true });
  return { result, got: new Map(result.lists.map((e) => [e.key, classOf(e)])) };
}

function yearOnYear(R: SynthRound, P: SynthRound): Map<string, string[]> {
  const previousRound = buildPreviousRound(P.records as PersonRecord[], { formVersion: '2017' });
  const findings = new Map<string, string[]>();
  for (const p of R.records) {
    const issues = checkRecord(p as PersonRecord, RULES, { formVersion: '2017', previousRound });
    if (issues.length) findings.set(String(p.resident_id), issues.map((i) => i.ruleId));
  }
  return findings;
}

it('the county has the size and the mix it was built with', () => {
  expect(rounds.map((r) => r.records.length)).toEqual([3000, expect.any(Number), expect.any(Number)]);
  for (const R of rounds.slice(1)) {
    expect(R.records.length).toBeGreaterThan(2900);
    expect(new Set(R.records.map((p) => String(p.region_code).slice(0, 9))).size).toBeGreaterThan(5);
  }
});

for (const r of [1, 2]) {
  describe(`round ${r} against round ${r - 1}`, () => {
    const R = rounds[r]!;
    const { result, got } = reconcile(r);
    const findings = yearOnYear(R, rounds[r - 1]!);

    it('classifies every person exactly as the truth says (every class: recall and precision 100 %)', () => {
      expect(result.checks).toEqual({ ok: true, problems: [] });
      expect(result.total.persons).toBe(R.truth.size);
      const classes = [...new Set([...R.truth.values(), ...got.values()])].sort();
      const rows = classes.map((cls) => {
        const planted = [...R.truth].filter(([, c]) => c === cls).map(([k]) => k);
        const found = planted.filter((k) => got.get(k) === cls).length;
        const extra = [...got].filter(([k, c]) => c === cls && R.truth.get(k) !== cls).length;
        return { kind: extra ? `${cls} (+${extra} not planted)` : cls, found, planted: planted.length, extra };
      });
      const message = `classes, found/planted:\n${table(rows)}`;
      for (const row of rows) {
        expect(row.found, message).toBe(row.planted);
        expect(row.extra, message).toBe(0);
      }
      expect(rows.length, message).toBeGreaterThanOrEqual(8);
    });

    it('recall 100 % for every planted change of class (exits by each source, moves, not updated, no valid certificate, new)', () => {
      const labels = R.planted.filter((l) => SYNTH_ROUND_KINDS[l.kind].group === 'class');
      const rows = recallBy(labels, (l) => got.get(l.residentId) === l.expectedClass);
      const message = `planted changes of class, found/planted:\n${table(rows)}`;
      expect(rows.length, message).toBe(14);
      for (const row of rows) expect(row.found, message).toBe(row.planted);
    });

    it('recall 100 % for every planted implausible change, each by the year-on-year rule made for it', () => {
      const labels = R.planted.filter((l) => l.expectedRule !== null);
      const rows = recallBy(labels, (l) => (findings.get(l.residentId) ?? []).includes(l.expectedRule!));
      const message = `planted implausible changes (year-on-year rules), found/planted:\n${table(rows)}`;
      expect(rows.length, message).toBe(RULES.length);
      for (const row of rows) {
        expect(row.planted, message).toBeGreaterThanOrEqual(3);
        expect(row.found, message).toBe(row.planted);
      }
    });

    it('flags nothing on untouched persons: no year-on-year finding without a planted implausible change, natural changes included', () => {
      const implausible = new Set(R.planted.filter((l) => l.expectedRule !== null).map((l) => l.residentId));
      const natural = new Set(R.planted.filter((l) => SYNTH_ROUND_KINDS[l.kind].group === 'natural').map((l) => l.residentId));
      expect(natural.size).toBeGreaterThan(50);
      const stray = [...findings].filter(([id]) => !implausible.has(id)).map(([id, rules]) => `${id} ${rules.join(',')}${natural.has(id) ? ' (natural change)' : ''}`);
      expect(stray).toEqual([]);
      // And a planted change is found by its own rule, not by rules made for other kinds.
      const other = [...findings].flatMap(([id, rules]) => {
        const expected = new Set(R.planted.filter((l) => l.residentId === id).map((l) => l.expectedRule));
        return rules.filter((x) => !expected.has(x as never)).map((x) => `${id} ${x}`);
      });
      expect(other).toEqual([]);
    });

    it('classifies every untouched person as continuing, natural changes included', () => {
      const labelled = new Set(R.planted.filter((l) => SYNTH_ROUND_KINDS[l.kind].group === 'class').map((l) => l.residentId));
      const untouched = [...got].filter(([k]) => !labelled.has(k) && R.truth.get(k) !== 'not-updated');
      expect(untouched.length).toBeGreaterThan(2700);
      expect(untouched.filter(([, c]) => c !== 'continuing')).toEqual([]);
      // Persons not visited in an earlier round stay not updated (nobody else is).
      const earlier = new Set(rounds.slice(1, r).flatMap((x) => x.planted.filter((l) => l.kind === 'not-updated').map((l) => l.residentId)));
      for (const [k, c] of got) if (c === 'not-updated') expect(labelled.has(k) || earlier.has(k), k).toBe(true);
    });
  });
}

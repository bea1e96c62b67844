/**
 * synthesizeRounds: reproducible rounds whose counts add up, whose events are valid change events
 * of @canji/rounds and turn one round's register into the next, and whose records stay valid by
 * the form and the consistency rules wherever no implausible change was planted.
 */
import { createHash } from 'node:crypto';
import { validatePerson } from '@canji/form';
import { parseChangeEvent, parseRosterRow } from '@canji/rounds';
import { checkRecord, consistencyRules, yearOnYearRules, type PersonRecord } from '@canji/rules';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_ROUND_RATES,
  fabricateVillages,
  SYNTH_ROUND_KINDS,
  synthesizePersons,
  synthesizeRounds,
  type SynthChangeEvent,
  type SynthPersonRecord,
  type SynthRound,
} from '@canji/synth';

const villages = fabricateVillages('430121');
const rounds = synthesizeRounds({ seed: 11, count: 2000, villages, rounds: 3 });

const sha = (x: SynthRound[]) =>
  createHash('sha256')
    .update(JSON.stringify(x.map((r) => ({ ...r, truth: [...r.truth] }))))
    .digest('hex');

/** Register after a round: its batch, plus the persons not visited with their last records. */
function registerAfter(upTo: number, of: readonly SynthRound[] = rounds): Map<string, SynthPersonRecord> {
  const rounds = of;
  const reg = new Map<string, SynthPersonRecord>();
  for (let r = 0; r <= upTo; r++) {
    const batch = new Map(rounds[r]!.records.map((p) => [String(p.resident_id), p]));
    for (const [id, cls] of rounds[r]!.truth) {
      if (batch.has(id)) reg.set(id, batch.get(id)!);
      else if (cls !== 'not-updated') reg.delete(id);
    }
  }
  return reg;
}

/** Event values of a record, as the events carry them (multiple choice '1,3'). */
function flat(r: SynthPersonRecord): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(r)) if (v !== undefined && v !== '' && !(Array.isArray(v) && v.length === 0)) out[k] = Array.isArray(v) ? v.join(',') : v;
  return out;
}

/** The tiny register of the test: set an item (checking the old value), add a person, exit a person. */
function apply(start: ReadonlyMap<string, SynthPersonRecord>, events: readonly SynthChangeEvent[]) {
  const reg = new Map([...start].map(([k, r]) => [k, flat(r)]));
  const conflicts: string[] = [];
  for (const e of events) {
    if (e.op === 'add') {
      if (reg.has(e.person)) conflicts.push(`add of an existing person ${e.id}`);
      reg.set(e.person, Object.fromEntries(Object.entries(e.record).filter(([, v]) => v !== null)) as Record<string, string | number>);
    } else if (e.op === 'exit') {
      if (!reg.delete(e.person)) conflicts.push(`exit of an absent person ${e.id}`);
    } else {
      const rec = reg.get(e.person);
      if (!rec) {
        conflicts.push(`set on an absent person ${e.id}`);
        continue;
      }
      if ((rec[e.item] ?? null) !== e.old) conflicts.push(`${e.id} ${e.item}: old ${String(e.old)} ≠ register ${String(rec[e.item])}`);
      if (e.new === null) delete rec[e.item];
      else rec[e.item] = e.new;
    }
  }
  return { reg, conflicts };
}

describe('synthesizeRounds: reproducible', () => {
  it('same seed and options → the same rounds; another seed → other rounds', () => {
    const small = { count: 400, villages, rounds: 3 } as const;
    const a = sha(synthesizeRounds({ seed: 5, ...small }));
    expect(sha(synthesizeRounds({ seed: 5, ...small }))).toBe(a);
    expect(sha(synthesizeRounds({ seed: 6, ...small }))).not.toBe(a);
  });

  it('round 0 is synthesizePersons of the same seed at firstAsOf, and each later round is a year on', () => {
    const first = [...synthesizePersons({ seed: 11, count: 2000, villages, asOf: '2019-06-30' })];
    expect(rounds[0]!.records).toEqual(first);
    expect(rounds.map((r) => r.asOf)).toEqual(['2019-06-30', '2020-06-30', '2021-06-30']);
    for (const r of rounds) for (const p of r.records) expect(p.reference_date).toBe(r.asOf);
    const leap = synthesizeRounds({ seed: 1, count: 50, villages, rounds: 2, firstAsOf: '2020-02-29' });
    expect(leap.map((r) => r.asOf)).toEqual(['2020-02-29', '2021-02-28']);
  });

  it('rejects bad options with a stable code', () => {
    const base = { seed: 1, count: 10, villages, rounds: 2 };
    expect(() => synthesizeRounds({ ...base, rounds: 1 })).toThrow(/^SYNTH_ROUNDS_ROUNDS/);
    expect(() => synthesizeRounds({ ...base, count: 0 })).toThrow(/^SYNTH_ROUNDS_COUNT/);
    expect(() => synthesizeRounds({ ...base, form: '2021' as '2017' })).toThrow(/^SYNTH_ROUNDS_FORM/);
    expect(() => synthesizeRounds({ ...base, firstAsOf: '2019-02-30' })).toThrow(/^SYNTH_ROUNDS_AS_OF/);
    expect(() => synthesizeRounds({ ...base, rates: { 'level-jump': 2 } })).toThrow(/^SYNTH_ROUNDS_RATE/);
    expect(() => synthesizeRounds({ ...base, rates: { nonsense: 0.1 } as never })).toThrow(/^SYNTH_ROUNDS_RATE/);
  });

  it('a rate of 0 plants none of that kind', () => {
    const none = synthesizeRounds({ seed: 2, count: 600, villages, rounds: 2, rates: { 'level-jump': 0, 'new-certificate': 0 } });
    expect(none[1]!.planted.filter((l) => l.kind === 'level-jump' || l.kind === 'new-certificate')).toEqual([]);
  });
});

describe('synthesizeRounds: the counts add up', () => {
  for (const r of [1, 2]) {
    it(`round ${r}: every class is the planted labels' class, and the batch is last round's minus the exits and the unvisited plus the new`, () => {
      const R = rounds[r]!;
      const P = registerAfter(r - 1);
      const batch = new Set(R.records.map((p) => String(p.resident_id)));
      expect(batch.size).toBe(R.records.length);
      const count = (pred: (cls: string) => boolean) => [...R.truth.values()].filter(pred).length;
      const labelled = (cls: string) => R.planted.filter((l) => SYNTH_ROUND_KINDS[l.kind].group === 'class' && l.expectedClass === cls).length;
      for (const cls of ['new', 'moved-within', 'not-in-roster', 'exited/died', 'exited/moved-out', 'exited/certificate-cancelled', 'exited/certificate-expired']) {
        expect(count((c) => c === cls), cls).toBe(labelled(cls));
        expect(labelled(cls), cls).toBeGreaterThan(0);
      }
      // Not updated: this round's and every earlier round's (they stay unvisited).
      const notUpdated = rounds.slice(1, r + 1).flatMap((x) => x.planted.filter((l) => l.kind === 'not-updated')).length;
      expect(count((c) => c === 'not-updated')).toBe(notUpdated);
      // The union: last round's register, this batch, nobody else.
      expect(new Set(R.truth.keys())).toEqual(new Set([...P.keys(), ...batch]));
      // The batch: the register's visited persons who did not exit, and the new ones.
      const exitedOut = [...R.truth].filter(([id, c]) => c.startsWith('exited/') && !batch.has(id)).length;
      const added = R.planted.filter((l) => l.kind === 'new-certificate' || l.kind === 'new-not-in-roster').length;
      const wasNotUpdated = rounds.slice(1, r).flatMap((x) => x.planted.filter((l) => l.kind === 'not-updated')).length;
      expect(R.records.length).toBe(P.size - exitedOut - notUpdated + added);
      expect(rounds[r - 1]!.records.length).toBe(P.size - wasNotUpdated);
      // Every planted label's class is the person's truth.
      for (const l of R.planted) expect(R.truth.get(l.residentId), `${l.kind} ${l.residentId}`).toBe(l.expectedClass);
    });
  }

  it('plants every kind in every round, implausible ones with the year-on-year rule that must find them', () => {
    const ruleIds = new Set(yearOnYearRules('2017').map((r) => r.id));
    const planted = new Set(Object.values(SYNTH_ROUND_KINDS).flatMap((k) => (k.expectedRule ? [k.expectedRule] : [])));
    expect(planted).toEqual(ruleIds); // one implausible kind per year-on-year rule of the 2017 form
    for (const R of rounds.slice(1)) {
      const kinds = new Set(R.planted.map((l) => l.kind));
      for (const k of [...Object.keys(DEFAULT_ROUND_RATES), 'school-enrolled', 'school-progressed']) expect(kinds.has(k as never), `round ${R.round}: ${k}`).toBe(true);
      for (const l of R.planted) expect(l.expectedRule).toBe(SYNTH_ROUND_KINDS[l.kind].expectedRule);
    }
  });

  it('the roster reads without errors through @canji/rounds, and holds a valid certificate for every person in the batch unless labelled otherwise', () => {
    for (const R of rounds) {
      const valid = new Set<string>();
      for (const row of R.roster) {
        const parsed = parseRosterRow(row, { asOf: R.asOf, headerIssues: false });
        expect(parsed.issues.filter((i) => i.severity === 'error'), JSON.stringify(row)).toEqual([]);
        if (row.status === 1 && row.valid_until >= R.asOf) valid.add(row.resident_id);
      }
      for (const p of R.records) {
        const id = String(p.resident_id);
        const cls = R.truth.get(id);
        expect(valid.has(id), `${id} ${cls}`).toBe(cls !== 'not-in-roster');
      }
      // A person's rows: the current certificate last, issued after every earlier one, at most one 有效
      // (the reconciler keeps the valid row, else the latest issued).
      const byPerson = new Map<string, typeof R.roster>();
      for (const row of R.roster) byPerson.set(row.resident_id, [...(byPerson.get(row.resident_id) ?? []), row]);
      for (const [id, rows] of byPerson) {
        const last = rows.at(-1)!;
        for (const row of rows.slice(0, -1)) {
          expect(row.issued_on <= last.issued_on, id).toBe(true);
          expect(row.status, id).toBe(2);
        }
        expect(last.valid_until >= last.issued_on, id).toBe(true);
      }
    }
  });
});

describe('synthesizeRounds: change events', () => {
  it('are valid change events of @canji/rounds, with unique ids, sorted by effective date', () => {
    const ids = new Set<string>();
    for (const R of rounds.slice(1)) {
      expect(R.events.length).toBeGreaterThan(R.records.length);
      for (const e of R.events) {
        const parsed = parseChangeEvent(JSON.parse(JSON.stringify(e)));
        expect(parsed.ok ? [] : parsed.issues, e.id).toEqual([]);
        expect(ids.has(e.id)).toBe(false);
        ids.add(e.id);
      }
      const dates = R.events.map((e) => e.effective);
      expect(dates).toEqual([...dates].sort());
      expect(new Set(R.events.map((e) => e.op))).toEqual(new Set(['set', 'add', 'exit']));
      expect(R.events.some((e) => e.mode === 'certificate-system')).toBe(true);
      expect(R.events.some((e) => e.mode === 'department-data')).toBe(true);
    }
    expect(rounds[0]!.events).toEqual([]);
  });

  it('for any seed and size: the events of each round turn the previous register into the next, without a conflict', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 }), fc.integer({ min: 1, max: 400 }), (seed, count) => {
        const rs = synthesizeRounds({ seed, count, villages, rounds: 3 });
        for (let r = 1; r < rs.length; r++) {
          const { reg, conflicts } = apply(registerAfter(r - 1, rs), rs[r]!.events);
          expect(conflicts).toEqual([]);
          const want = registerAfter(r, rs);
          expect(new Set(reg.keys())).toEqual(new Set(want.keys()));
          for (const [id, rec] of want) expect(reg.get(id)).toEqual(flat(rec));
        }
      }),
      { numRuns: 8 },
    );
  });

  for (const r of [1, 2]) {
    it(`round ${r}: applied to the register after round ${r - 1}, they give round ${r}'s batch; the unvisited keep their records; the exited are gone`, () => {
      const R = rounds[r]!;
      const start = registerAfter(r - 1);
      const { reg, conflicts } = apply(start, R.events);
      expect(conflicts).toEqual([]);
      for (const p of R.records) expect(reg.get(String(p.resident_id)), String(p.resident_id)).toEqual(flat(p));
      for (const [id, cls] of R.truth) {
        if (cls === 'not-updated') expect(reg.get(id)).toEqual(flat(start.get(id)!));
        if (cls.startsWith('exited/') && !R.records.some((p) => p.resident_id === id)) expect(reg.has(id)).toBe(false);
      }
      expect(reg.size).toBe(registerAfter(r).size);
      // No event touches a person who was not visited.
      const unvisited = new Set([...R.truth].filter(([, c]) => c === 'not-updated').map(([id]) => id));
      expect(R.events.filter((e) => unvisited.has(e.person))).toEqual([]);
      // Exits carry the reason of the person's class.
      for (const e of R.events) if (e.op === 'exit') expect(`exited/${e.reason}`).toBe(R.truth.get(e.person));
    });
  }
});

describe('synthesizeRounds: records stay valid unless an implausible change was planted', () => {
  const rules = consistencyRules('2017');
  const implausible = new Set<string>();
  const issuesOf = (p: SynthPersonRecord) => {
    const form = validatePerson(p).problems.filter((x) => x.severity === 'error').map((x) => `${x.code} ${x.item}`);
    const rule = checkRecord(p as PersonRecord, rules, { formVersion: '2017' }).map((i) => i.ruleId);
    return { form, rule };
  };

  for (const r of [1, 2]) {
    it(`round ${r}: no form error, and no consistency finding the person's previous record did not have`, () => {
      for (const l of rounds[r]!.planted) if (l.expectedRule) implausible.add(l.residentId);
      const prev = new Map(rounds[r - 1]!.records.map((p) => [String(p.resident_id), p]));
      let checked = 0;
      for (const p of rounds[r]!.records) {
        const id = String(p.resident_id);
        if (implausible.has(id)) continue;
        const now = issuesOf(p);
        expect(now.form, id).toEqual([]);
        const before = prev.get(id);
        if (!before) continue; // new persons are the generator's own records
        const had = new Set(issuesOf(before).rule);
        expect(now.rule.filter((x) => !had.has(x)), id).toEqual([]);
        checked++;
      }
      expect(checked).toBeGreaterThan(1800);
    });
  }

  it('untouched continuing persons are never copied forward: at least one re-asked answer differs', () => {
    for (const r of [1, 2]) {
      const prev = new Map(rounds[r - 1]!.records.map((p) => [String(p.resident_id), p]));
      const copied = new Set(rounds[r]!.planted.filter((l) => l.kind === 'copied-forward').map((l) => l.residentId));
      for (const p of rounds[r]!.records) {
        const before = prev.get(String(p.resident_id));
        if (!before || p.person_status !== 6 || copied.has(String(p.resident_id))) continue;
        expect(p.r35, String(p.resident_id)).not.toEqual(before.r35);
      }
    }
  });
});

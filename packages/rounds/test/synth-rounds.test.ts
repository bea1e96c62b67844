/**
 * Larger rounds from @canji/synth, mutated deterministically into the next round: every planted
 * change is found in its class (recall 100 %) and nothing else is classified anything but
 * continuing.
 */
import { synthesizePersons, type SynthPersonRecord } from '@canji/synth';
import { describe, expect, it } from 'vitest';
import { reconcileRounds, ROUND_CLASSES, type RoundReconciliation } from '../src/index.js';

type Rec = Record<string, unknown>;
const N = 3000;
const previous: Rec[] = [...synthesizePersons({ seed: 17, count: N, region: '430121', asOf: '2019-06-30' })] as SynthPersonRecord[] as Rec[];
const prevIds = new Set(previous.map((p) => p.resident_id as string));
const newcomers = ([...synthesizePersons({ seed: 18, count: 200, region: '430121', asOf: '2019-06-30' })] as Rec[]).filter((p) => !prevIds.has(p.resident_id as string));
const townships = [...new Set(previous.map((p) => (p.region_code as string).slice(0, 9)))].sort();
const villages = [...new Set(previous.map((p) => p.region_code as string))].sort();

/** A deterministic plan: indexes of the previous round by what happens to them. */
const slice = (from: number, n: number) => Array.from({ length: n }, (_, i) => from + i * 7);
const plan = {
  notUpdated: slice(0, 120),
  diedPs: slice(1, 50),
  diedRecord: slice(2, 30),
  cancelled: slice(3, 40),
  expired: slice(4, 30),
  expiredByDate: slice(5, 25),
  movedOutPs: slice(6, 30),
  exitedUnknown: slice(841, 20),
  movedWithin: slice(842, 60),
  notInRosterContinuing: slice(843, 40),
  changedEmployment: slice(844, 50),
};

function nextRound(): { current: Rec[]; roster: Rec[]; publicSecurity: Rec[]; truth: Map<string, string> } {
  const truth = new Map<string, string>();
  const gone = new Set([...plan.notUpdated, ...plan.diedPs, ...plan.cancelled, ...plan.expired, ...plan.expiredByDate, ...plan.movedOutPs, ...plan.exitedUnknown]);
  const current: Rec[] = [];
  const roster: Rec[] = [];
  const publicSecurity: Rec[] = [];
  const mark = (idx: number[], cls: string) => idx.forEach((i) => truth.set(previous[i]!.resident_id as string, cls));
  mark(plan.notUpdated, 'not-updated');
  mark(plan.diedPs, 'exited/died');
  mark(plan.diedRecord, 'exited/died');
  mark(plan.cancelled, 'exited/certificate-cancelled');
  mark(plan.expired, 'exited/certificate-expired');
  mark(plan.expiredByDate, 'exited/certificate-expired');
  mark(plan.movedOutPs, 'exited/moved-out');
  mark(plan.exitedUnknown, 'exited/unknown');
  mark(plan.movedWithin, 'moved-within');
  mark(plan.notInRosterContinuing, 'not-in-roster');
  const moved = new Set(plan.movedWithin);
  const diedRecord = new Set(plan.diedRecord);
  const changed = new Set(plan.changedEmployment);
  previous.forEach((p, i) => {
    const rid = p.resident_id as string;
    if (!gone.has(i)) {
      const next: Rec = { ...p, survey_year: 2020, reference_date: '2020-06-30', collected_on: '2020-07-15', declared_on: '2020-07-15' };
      if (moved.has(i)) {
        const town = (p.region_code as string).slice(0, 9);
        next.region_code = villages.find((v) => !v.startsWith(town))!;
      }
      if (diedRecord.has(i)) next.person_status = 5;
      if (changed.has(i)) next.r16 = p.r16 === 1 ? 2 : 1;
      current.push(next);
    }
    if (plan.exitedUnknown.includes(i)) return; // not in the roster either
    const status = plan.cancelled.includes(i) ? { status: 2, cancel_reason: 9 } : plan.expired.includes(i) ? { status: 3 } : plan.expiredByDate.includes(i) || plan.notInRosterContinuing.includes(i) ? { status: 1, valid_until: '2020-01-31' } : { status: 1 };
    roster.push({ resident_id: rid, certificate_no: p.certificate_no, region_code: (p.region_code as string).slice(0, 9), ...status });
    if (plan.diedPs.includes(i)) publicSecurity.push({ resident_id: rid, registration_status: 3, event_date: '2020-01-10' });
    if (plan.movedOutPs.includes(i)) publicSecurity.push({ resident_id: rid, registration_status: 2, event_date: '2020-02-10' });
  });
  newcomers.forEach((p, j) => {
    const rid = p.resident_id as string;
    const inRoster = j % 4 !== 0;
    current.push({ ...p, survey_year: 2020, reference_date: '2020-06-30' });
    if (inRoster) roster.push({ resident_id: rid, certificate_no: p.certificate_no, status: 1 });
    truth.set(rid, inRoster ? 'new' : 'not-in-roster');
  });
  // Persons the synthetic previous round already records as dead (核查状态 5) stay dead in the copy.
  for (const c of current) if (c.person_status === 5) truth.set(c.resident_id as string, 'exited/died');
  return { current, roster, publicSecurity, truth };
}

function labelOf(r: RoundReconciliation['lists'][number]): string {
  return r.reason ? `${r.class}/${r.reason}` : r.class;
}

describe('synthetic rounds of a county (@canji/synth), mutated into the next round', () => {
  const { current, roster, publicSecurity, truth } = nextRound();
  const r = reconcileRounds({ asOf: '2020-06-30', previous, current, roster, publicSecurity, lists: ROUND_CLASSES, fullIdentifiers: true });
  const got = new Map(r.lists.map((e) => [e.key, labelOf(e)]));

  it('has the sizes it was built with', () => {
    expect(previous.length).toBe(N);
    expect(newcomers.length).toBeGreaterThan(190);
    expect(townships.length).toBeGreaterThan(3);
    expect(r.total.persons).toBe(N + newcomers.length);
  });

  const classes = [...new Set(truth.values())].sort();
  it.each(classes)('recall and precision 100 %% for %s', (cls) => {
    const planted = [...truth].filter(([, c]) => c === cls).map(([k]) => k).sort();
    const found = [...got].filter(([, c]) => c === cls).map(([k]) => k).sort();
    expect(planted.length).toBeGreaterThan(0);
    expect(found).toEqual(planted);
  });

  it('classifies every untouched person as continuing', () => {
    const untouched = [...got].filter(([k]) => !truth.has(k));
    expect(untouched.length).toBe(r.total.byClass.continuing);
    expect(untouched.every(([, c]) => c === 'continuing')).toBe(true);
  });

  it('counts per township that add up, and change rates that see the planted changes only', () => {
    expect(r.checks.ok).toBe(true);
    expect(r.units.length).toBe(townships.length);
    const ch = r.changes!;
    // Compared: continuing and moved-within persons.
    expect(ch.total.compared).toBe(r.total.byClass.continuing + r.total.byClass['moved-within']);
    expect(ch.total.changed.employment!.count).toBe(plan.changedEmployment.length);
    expect(ch.total.anyChange.count).toBe(plan.changedEmployment.length);
    expect(ch.total.identical.count).toBe(ch.total.compared - plan.changedEmployment.length);
    for (const s of ch.sections) if (s.id !== 'employment') expect(ch.total.changed[s.id]!.count, s.id).toBe(0);
    // The synthetic records carry a collector: copied-forward shares per collector.
    expect(ch.collectors?.length).toBeGreaterThan(0);
    expect(ch.collectors!.reduce((a, c) => a + c.compared, 0)).toBe(ch.total.compared);
  });
});

describe('a 2017 round against the same persons on the 2021 form', () => {
  const p2017 = [...synthesizePersons({ seed: 5, count: 400, region: '430121', asOf: '2020-06-30' })] as Rec[];
  const p2021 = [...synthesizePersons({ seed: 5, count: 400, region: '430121', asOf: '2020-06-30', version: '2021' })] as Rec[];

  it('matches everyone and compares only the items that correspond `same`', () => {
    const r = reconcileRounds({ asOf: '2021-06-30', previous: p2017, current: p2021, formVersions: { previous: '2017', current: '2021' } });
    const dead = p2021.filter((p) => p.person_status === 5).length; // 核查状态 5 死亡: exited, not compared
    expect(r.total.byClass.continuing).toBe(400 - dead);
    expect(r.total.exitedBy.died).toBe(dead);
    const ch = r.changes!;
    expect(ch.sections.find((s) => s.id === 'education')?.items).toEqual(['r8']);
    expect(ch.sections.flatMap((s) => s.items)).not.toContain('r7'); // 2021 R7 住房 has no 2017 counterpart
    // The generator renumbers the same answers: nothing changed in the comparable items.
    expect(ch.total.identical.count).toBe(400 - dead);
  });

  it('sees a change made on the 2021 side through the correspondence (2021 R8 = 2017 R13)', () => {
    const changed = p2021.map((p, i) => (i < 40 ? { ...p, r8: p.r8 === 1 ? 2 : 1 } : p));
    const r = reconcileRounds({ asOf: '2021-06-30', previous: p2017, current: changed, formVersions: { previous: '2017', current: '2021' } });
    expect(r.changes!.total.changed.education!.count).toBe(40);
    expect(r.changes!.total.anyChange.count).toBe(40);
  });
});

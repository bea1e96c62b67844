import { makeDisabilityCertificateNo, makeResidentId } from '@canji/id';
import fc from 'fast-check';
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  createReconciler,
  reconcileRounds,
  reconcileRoundsAsync,
  ROUND_CLASSES,
  ROUND_CLASS_LABELS,
  EXIT_REASONS,
  type ListEntry,
  type RoundReconciliation,
} from '../src/index.js';

// Synthetic IDs only (GB 11643 check characters computed by @canji/id).
const id = (n: number, region = '430121') =>
  makeResidentId({ regionCode: region, birthDate: `19${50 + (n % 40)}-0${1 + (n % 9)}-1${n % 10}`, sex: n % 2 ? 'male' : 'female', sequence: 100 + 2 * n + (n % 2) });
const cert = (rid: string, category = 4, level = 2) => makeDisabilityCertificateNo({ residentId: rid, category, level } as never);
const V = (township: string, village = '001') => `430121${township}${village}`;

const ALL = { lists: ROUND_CLASSES, fullIdentifiers: true } as const;
const classOf = (r: RoundReconciliation) => new Map(r.lists.map((e) => [e.key, e] as [string, ListEntry]));

describe('reconcileRounds: a hand-made county where every class is known', () => {
  const P = Array.from({ length: 14 }, (_, i) => id(i + 1));
  const previous = P.slice(0, 12).map((rid) => ({ resident_id: rid, certificate_no: cert(rid), region_code: V('001'), person_status: 6 }));
  const current = [
    { resident_id: P[0], certificate_no: cert(P[0]!), region_code: V('001'), person_status: 6 }, // continuing
    { resident_id: P[1], certificate_no: cert(P[1]!), region_code: V('002', '003'), person_status: 6 }, // moved within (township)
    { resident_id: P[2], certificate_no: cert(P[2]!), region_code: V('001'), person_status: 5 }, // died (record says so)
    { resident_id: P[12], certificate_no: cert(P[12]!), region_code: V('003'), person_status: 6 }, // new
    { resident_id: P[13], certificate_no: cert(P[13]!), region_code: V('003'), person_status: 6 }, // new, not in roster
    { resident_id: P[3], certificate_no: cert(P[3]!), region_code: V('001'), person_status: 6 }, // continuing, certificate expired → not-in-roster
  ];
  const roster = [
    ...[0, 1, 2, 4, 12].map((i) => ({ resident_id: P[i], status: 1 })),
    { resident_id: P[3], status: 1, valid_until: '2019-12-31' }, // expired by date
    { resident_id: P[5], status: 2, cancel_reason: 9 }, // cancelled
    { resident_id: P[6], status: 3 }, // expired
    { resident_id: P[7], status: 2, cancel_reason: 2 }, // cancelled for 迁出
    { resident_id: P[8], status: 1 }, // not in batch, public security says died
    { resident_id: P[9], status: 1, region_code: '430102001001' }, // not in batch, roster says another county
    { resident_id: id(40), status: 1 }, // roster only, valid: not updated
    { resident_id: id(41), status: 2 }, // roster only, cancelled: inactive
    { resident_id: id(42, '430102'), status: 1, region_code: '430102' }, // roster only, another county: outside
    // P[10]: in previous only, not in roster → exited unknown
    // P[11]: in previous only, public security 迁出
  ];
  const publicSecurity = [
    { resident_id: P[8], registration_status: 3, event_date: '2020-02-01' },
    { resident_id: P[11], registration_status: 2, event_date: '2020-03-01' },
    { resident_id: P[0], registration_status: 1 },
  ];
  const r = reconcileRounds({ asOf: '2020-06-30', previous, current, roster, publicSecurity, ...ALL });
  const by = classOf(r);
  const expected: [string, string, string?][] = [
    [P[0]!, 'continuing'],
    [P[1]!, 'moved-within'],
    [P[2]!, 'exited', 'died'],
    [P[3]!, 'not-in-roster'],
    [P[4]!, 'not-updated'],
    [P[5]!, 'exited', 'certificate-cancelled'],
    [P[6]!, 'exited', 'certificate-expired'],
    [P[7]!, 'exited', 'moved-out'],
    [P[8]!, 'exited', 'died'],
    [P[9]!, 'exited', 'moved-out'],
    [P[10]!, 'exited', 'unknown'],
    [P[11]!, 'exited', 'moved-out'],
    [P[12]!, 'new'],
    [P[13]!, 'not-in-roster'],
    [id(40), 'not-updated'],
  ];

  it.each(expected)('%s is %s %s', (key, cls, reason) => {
    expect(by.get(key)?.class).toBe(cls);
    expect(by.get(key)?.reason).toBe(reason);
  });

  it('classifies each person once, and no one else', () => {
    expect(r.lists.map((e) => e.key).sort()).toEqual(expected.map((e) => e[0]).sort());
    expect(r.total.persons).toBe(15);
    expect(r.total.byClass).toEqual({ continuing: 1, new: 1, exited: 8, 'moved-within': 1, 'not-updated': 2, 'not-in-roster': 2, updated: 0 });
    expect(r.total.exitedBy).toEqual({ died: 2, 'moved-out': 3, 'certificate-cancelled': 1, 'certificate-expired': 1, unknown: 1 });
    expect(r.sources.roster).toMatchObject({ read: 14, persons: 14, merged: 0, inactive: 1, outsideScope: 1 });
    expect(r.scope).toEqual(['430121']);
    expect(r.checks).toEqual({ ok: true, problems: [] });
  });

  it('says why, in codes with zh-CN labels', () => {
    expect(by.get(P[3]!)).toMatchObject({ rosterStanding: 'expired', evidence: ['roster-expired-by-date'] });
    expect(by.get(P[13]!)).toMatchObject({ rosterStanding: 'absent', evidence: ['roster-absent'] });
    expect(by.get(P[8]!)?.evidence).toEqual(['ps-died']);
    expect(by.get(P[9]!)?.evidence).toEqual(['region-outside']);
    expect(by.get(P[1]!)).toMatchObject({ movedAt: 'township', region: V('002', '003'), previousRegion: V('001'), unit: '430121002' });
    expect(by.get(P[2]!)?.reasonLabel).toBe('死亡');
    for (const c of ROUND_CLASSES) expect(r.labels.classes[c]).toBe(ROUND_CLASS_LABELS[c]);
    for (const e of r.lists) for (const ev of e.evidence) expect(r.labels.evidence[ev]).toMatch(/[\u4e00-\u9fff]/);
  });

  it('counts per township add up to the total', () => {
    // The roster-only person has no region: counted in the unit "区划不详" (null), last.
    expect(r.units.map((u) => u.unit)).toEqual(['430121001', '430121002', '430121003', null]);
    expect(r.units.find((u) => u.unit === '430121003')?.byClass).toMatchObject({ new: 1, 'not-in-roster': 1 });
  });

  it('masks keys by default and lists only what to act on', () => {
    const masked = reconcileRounds({ asOf: '2020-06-30', previous, current, roster, publicSecurity });
    expect(masked.lists.some((e) => e.class === 'continuing')).toBe(false);
    for (const e of masked.lists) expect(e.key).toMatch(/^\d{6}\*{8}[\dX]{4}$/);
    expect(JSON.stringify(masked)).not.toContain(P[4]!);
  });

  it('is plain JSON: a round trip gives the same result', () => {
    expect(JSON.parse(JSON.stringify(r))).toEqual(r);
  });

  it('gives the same result incrementally, interleaved, and async', async () => {
    const inc = createReconciler({ asOf: '2020-06-30', ...ALL });
    const n = Math.max(previous.length, current.length, roster.length);
    for (let i = 0; i < n; i++) {
      if (roster[i]) inc.addRoster(roster[i]!);
      if (current[i]) inc.addCurrent(current[i]!);
      if (publicSecurity[i]) inc.addPublicSecurity(publicSecurity[i]!);
      if (previous[i]) inc.addPrevious(previous[i]!);
    }
    const strip = (x: RoundReconciliation) => ({ ...x, lists: [...x.lists].map((e) => ({ ...e, rows: {} })) });
    expect(strip(inc.result()).total).toEqual(r.total);
    async function* gen<T>(xs: T[]) {
      for (const x of xs) yield x;
    }
    const a = await reconcileRoundsAsync({ asOf: '2020-06-30', previous: gen(previous), current: gen(current), roster, publicSecurity: gen(publicSecurity), ...ALL });
    expect(a).toEqual(r);
  });
});

describe('matching', () => {
  const rid = id(7);
  const base = { region_code: V('001'), person_status: 6 };

  it('one person whatever the ID spelling: 15 digits, lower-case x, full-width', () => {
    const ids = [id(1), id(2), id(3)].map((x) => (x.endsWith('X') ? x : x));
    const withX = Array.from({ length: 60 }, (_, i) => id(i + 100)).find((x) => x.endsWith('X'))!;
    const legacy = makeResidentId({ regionCode: '430121', birthDate: '1960-05-05', sex: 'male', sequence: 15 });
    const legacy15 = legacy.slice(0, 6) + legacy.slice(8, 17);
    const fullWidth = (s: string) => s.replace(/[0-9]/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));
    const previous = [withX, legacy, ...ids].map((x) => ({ resident_id: x, ...base }));
    const current = [{ resident_id: withX.toLowerCase(), ...base }, { resident_id: legacy15, ...base }, { resident_id: fullWidth(ids[0]!), ...base }, { resident_id: ` ${ids[1]} `, ...base }, { certificate_no: cert(ids[2]!), ...base }];
    const r = reconcileRounds({ asOf: '2020-06-30', previous, current });
    expect(r.total.byClass.continuing).toBe(5);
    expect(r.total.persons).toBe(5);
    expect(r.sources.current).toEqual({ read: 5, persons: 5, duplicates: 0, unkeyed: 0 });
  });

  it('by certificate number, a reissued certificate is a new one; by ID, the same person with a new certificate', () => {
    const previous = [{ resident_id: rid, certificate_no: cert(rid), ...base }];
    const current = [{ resident_id: rid, certificate_no: `${cert(rid)}B1`, ...base }];
    const byCert = reconcileRounds({ asOf: '2020-06-30', previous, current, key: 'certificate-no', ...ALL });
    expect(byCert.total.byClass).toMatchObject({ new: 1, exited: 1 });
    const byId = reconcileRounds({ asOf: '2020-06-30', previous, current, ...ALL });
    expect(byId.total.byClass.continuing).toBe(1);
    expect(byId.lists[0]?.evidence).toEqual(['certificate-changed']);
  });

  it('by certificate number, public security is matched through the ID part', () => {
    const previous = [{ certificate_no: cert(rid), ...base }];
    const r = reconcileRounds({ asOf: '2020-06-30', previous, current: [], key: 'certificate-no', publicSecurity: [{ resident_id: rid, registration_status: 3 }], ...ALL });
    expect(r.lists[0]).toMatchObject({ class: 'exited', reason: 'died', key: cert(rid) });
  });

  it('by keyed pseudonym when the rounds come de-identified', () => {
    const key = Buffer.from('synthetic test key, not a secret');
    const pseudo = (x: string) => createHmac('sha256', key).update(x).digest('base64url').slice(0, 22);
    const people = Array.from({ length: 6 }, (_, i) => id(i + 20));
    const deid = (x: string, region: string) => ({ pseudonym: pseudo(x), region_code: region, person_status: 6 });
    const r = reconcileRounds({
      asOf: '2020-06-30',
      key: (rec) => (typeof rec.pseudonym === 'string' ? rec.pseudonym : undefined),
      previous: people.slice(0, 5).map((x) => deid(x, V('001'))),
      current: [deid(people[0]!, V('001')), deid(people[1]!, V('002')), deid(people[5]!, V('001'))],
      roster: people.map((x) => ({ pseudonym: pseudo(x), status: x === people[4] ? 2 : 1 })),
      lists: ROUND_CLASSES,
    });
    expect(r.key).toBe('custom');
    expect(r.total.byClass).toMatchObject({ continuing: 1, 'moved-within': 1, new: 1, 'not-updated': 2, exited: 1 });
    expect(r.total.exitedBy['certificate-cancelled']).toBe(1);
    expect(r.lists.find((e) => e.class === 'new')?.key).toBe(pseudo(people[5]!));
  });

  it('records without a key and duplicates are counted and reported, never lost', () => {
    const current = [{ resident_id: rid, ...base }, { resident_id: rid.toLowerCase(), ...base }, { resident_id: 'bad', ...base }, { name: '测试甲', ...base }];
    const r = reconcileRounds({ asOf: '2020-06-30', current });
    expect(r.sources.current).toEqual({ read: 4, persons: 1, duplicates: 1, unkeyed: 2 });
    expect(r.issues.map((i) => [i.code, i.row])).toEqual([
      ['ROUND_DUPLICATE_KEY', 1],
      ['ROUND_NO_KEY', 2],
      ['ROUND_NO_KEY', 3],
    ]);
    expect(r.issues[0]?.key).toBe(rid.slice(0, 6) + '********' + rid.slice(14));
    expect(r.total.byClass.updated).toBe(1);
  });

  it('several roster rows of one person: the valid certificate wins, then the latest issued', () => {
    const r = reconcileRounds({
      asOf: '2020-06-30',
      current: [],
      previous: [{ resident_id: rid, ...base }],
      roster: [
        { resident_id: rid, status: 1, issued_on: '2010-01-01' },
        { resident_id: rid, status: 2, cancel_reason: 9, issued_on: '2019-01-01' },
      ],
      ...ALL,
    });
    expect(r.lists[0]?.class).toBe('not-updated');
    expect(r.sources.roster).toMatchObject({ read: 2, persons: 1, merged: 1 });
  });
});

describe('the classification is a partition (property)', () => {
  const ROSTER = ['none', 'valid', 'cancel-died', 'cancel-moved', 'cancel-other', 'expired', 'expired-by-date', 'other'] as const;
  const person = fc.record({
    prev: fc.boolean(),
    cur: fc.boolean(),
    prevVillage: fc.constantFrom(V('001'), V('001', '002'), V('002')),
    curVillage: fc.constantFrom(V('001'), V('002'), '430102001001'),
    status: fc.constantFrom(6, 6, 6, 5, 2, 1),
    roster: fc.constantFrom(...ROSTER),
    rosterRegion: fc.constantFrom(undefined, '430121', '430102'),
    ps: fc.constantFrom(0, 0, 1, 2, 3, 4),
    spelling: fc.constantFrom('plain', 'lower', 'spaced'),
  });
  const rosterRow = (rid: string, kind: (typeof ROSTER)[number], region: string | undefined) => {
    const r = region ? { region_code: region } : {};
    switch (kind) {
      case 'valid':
        return { resident_id: rid, status: 1, ...r };
      case 'cancel-died':
        return { resident_id: rid, status: 2, cancel_reason: 1, ...r };
      case 'cancel-moved':
        return { resident_id: rid, status: 2, cancel_reason: 2, ...r };
      case 'cancel-other':
        return { resident_id: rid, status: 2, cancel_reason: 9, ...r };
      case 'expired':
        return { resident_id: rid, status: 3, ...r };
      case 'expired-by-date':
        return { resident_id: rid, valid_until: '2020-01-01', ...r };
      case 'other':
        return { resident_id: rid, status: 9, ...r };
      default:
        return undefined;
    }
  };

  it('every person of the union has exactly one class; units and reasons add up', () => {
    fc.assert(
      fc.property(fc.array(person, { maxLength: 40 }), fc.boolean(), (people, withPrevious) => {
        const previous: Record<string, unknown>[] = [];
        const current: Record<string, unknown>[] = [];
        const roster: Record<string, unknown>[] = [];
        const ps: Record<string, unknown>[] = [];
        const union = new Set<string>();
        people.forEach((p, i) => {
          const rid = id(i + 1);
          const spelled = p.spelling === 'lower' ? rid.toLowerCase() : p.spelling === 'spaced' ? ` ${rid} ` : rid;
          if (p.prev && withPrevious) previous.push({ resident_id: rid, region_code: p.prevVillage });
          // Keep this round's villages in 430121 for at least one record so the scope is the county.
          if (p.cur) current.push({ resident_id: spelled, region_code: p.curVillage, person_status: p.status });
          const row = rosterRow(rid, p.roster, p.rosterRegion);
          if (row) roster.push(row);
          if (p.ps) ps.push({ resident_id: rid, registration_status: p.ps });
          if ((p.prev && withPrevious) || p.cur) union.add(rid);
        });
        const scope = ['430121'];
        for (const [i, p] of people.entries()) {
          const rid = id(i + 1);
          if (!union.has(rid) && (p.roster === 'valid') && p.rosterRegion !== '430102') union.add(rid);
        }
        const r = reconcileRounds({ asOf: '2020-06-30', previous: withPrevious ? previous : undefined, current, roster, publicSecurity: ps, scope, ...ALL });
        const keys = r.lists.map((e) => e.key);
        expect(new Set(keys).size).toBe(keys.length);
        expect(new Set(keys)).toEqual(union);
        expect(r.total.persons).toBe(union.size);
        expect(r.checks.ok).toBe(true);
        const sum = (o: Record<string, number>) => Object.values(o).reduce((a, b) => a + b, 0);
        for (const u of [...r.units, r.total]) {
          expect(sum(u.byClass)).toBe(u.persons);
          expect(sum(u.exitedBy)).toBe(u.byClass.exited);
        }
        for (const c of ROUND_CLASSES) expect(r.lists.filter((e) => e.class === c).length).toBe(r.total.byClass[c]);
        for (const x of EXIT_REASONS) expect(r.lists.filter((e) => e.reason === x).length).toBe(r.total.exitedBy[x]);
        // Without a previous round there is nothing to be new, continuing or moved against.
        if (!withPrevious) expect(r.total.byClass.continuing + r.total.byClass.new + r.total.byClass['moved-within']).toBe(0);
        else expect(r.total.byClass.updated).toBe(0);
      }),
      { numRuns: 300 },
    );
  });
});

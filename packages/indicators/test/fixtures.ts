/**
 * A small seeded generator of synthetic person records for the tests (no real personal data). It
 * follows the 2017 form's skip logic loosely and leaves some answers out on purpose, so missing
 * values, unknown groups and every branch of the built-ins are exercised.
 */
import { makeDisabilityCertificateNo, makeResidentId } from '@canji/id';
import type { PersonRecordLike } from '@canji/indicators';

export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// County codes of Hunan (GB/T 2260, public) under two cities; townships/villages are made up.
export const COUNTIES = ['430102', '430103', '430111', '430121', '431102'];

export function generatePersons(n: number, seed = 1): PersonRecordLike[] {
  const rnd = mulberry32(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const chance = (p: number) => rnd() < p;
  const subset = (lo: number, hi: number, none: number): number[] => {
    if (chance(0.4)) return [none];
    const s: number[] = [];
    for (let c = lo; c <= hi; c++) if (chance(0.35)) s.push(c);
    return s.length ? s : [none];
  };
  const out: PersonRecordLike[] = [];
  for (let k = 0; k < n; k++) {
    const county = pick(COUNTIES);
    const region_code = `${county}${String(int(1, 3)).padStart(3, '0')}${String(int(1, 4)).padStart(3, '0')}`;
    const year = int(1935, 2016);
    const birth_date = `${year}-${String(int(1, 12)).padStart(2, '0')}-${String(int(1, 28)).padStart(2, '0')}`;
    const sex = chance(0.55) ? 'male' : 'female';
    const category = int(1, 7);
    const level = int(1, 4);
    const resident_id = makeResidentId({ regionCode: county, birthDate: birth_date, sex, sequence: int(0, 499) * 2 + (sex === 'male' ? 1 : 0) });
    const certificate_no = makeDisabilityCertificateNo({ residentId: resident_id, category: category as 1, level: level as 1 });
    const r: Record<string, unknown> = { resident_id, certificate_no };
    if (!chance(0.02)) r.region_code = region_code;
    // Derived fields are present in most records, absent in some (then read from the numbers).
    if (chance(0.7)) Object.assign(r, { sex, birth_date, disability_category: category, disability_level: level });
    r.person_status = chance(0.9) ? 6 : int(1, 5);
    if (!chance(0.05)) r.collection_mode = chance(0.85) ? 1 : int(2, 3);
    if (!chance(0.05)) r.collection_channel = chance(0.8) ? 2 : 1;
    if (r.person_status === 6) {
      const age = 2019 - year - (chance(0.5) ? 1 : 0); // rough; the tests use the calculator's own age
      r.r3 = chance(0.6) ? 1 : 2;
      r.r7 = chance(0.05) ? 1 : 2;
      const inst = r.r7 === 1;
      const gap = () => chance(0.04); // an unanswered item
      if (!inst && r.r3 === 1 && !gap()) r.r11 = int(1, 3);
      if (age >= 5 && age <= 18) {
        if (chance(0.85)) r.r14 = int(1, 12);
        else if (!gap()) r.r15 = int(1, 5);
      }
      if (!inst && age >= 15 && age <= 60 && !gap()) {
        r.r16 = chance(0.4) ? 1 : 2;
        if (r.r16 === 2) r.r19 = int(1, 7);
      }
      if (age >= 15 && r.r19 !== 1) {
        if (!gap()) r.r22 = chance(0.7) ? [4] : subset(1, 3, 4);
        if (!gap()) r.r23 = Array.isArray(r.r22) && r.r22.includes(1) ? 2 : chance(0.85) ? 1 : 2;
        if (r.r23 === 1 && age <= 60 && !gap()) r.r24 = chance(0.3) ? 1 : 2;
      }
      if (!gap()) r.r25 = Array.isArray(r.r22) && r.r22.includes(2) ? 2 : chance(0.93) ? 1 : 2;
      if (r.r25 === 1 && !gap()) r.r26 = chance(0.4) ? 1 : 2;
      if (!gap()) r.r27 = subset(1, 5, 6);
      if (!gap()) r.r28 = subset(1, 3, 4);
      if (age >= 15 && age <= 60 && (category >= 5 || (category === 4 && level <= 2))) {
        if (!gap()) r.r29 = chance(0.2) ? 1 : 2;
        if (r.r29 === 2 && chance(0.5)) r.r30 = int(1, 3);
      }
      if (!gap()) r.r31 = chance(0.6) ? 1 : 2;
      if (!gap()) r.r35 = subset(1, 5, 6);
      if (!gap()) r.r37 = subset(1, 5, 6);
      if (!inst) {
        if (!gap()) r.r38 = chance(0.1) ? 1 : 2;
        if (!gap()) r.r39 = subset(1, 8, 9);
        if (age >= 5 && !gap()) r.r40 = chance(0.3) ? 1 : 2;
      }
    }
    out.push(r as PersonRecordLike);
  }
  return out;
}

export const AS_OF = '2019-07-01';

/**
 * The classification of one person from what each source says of them: the rules of the
 * reconciliation, in the order they are applied. Pure: the reconciler gathers the facts, this
 * function decides.
 */
import type { RegionLevel } from '@canji/regions';
import type { Evidence, ExitReason, RosterStanding, RoundClass } from './classes.js';
import { inScope } from './units.js';

/** What the roster says of a person, at the reference date. */
export interface RosterFacts {
  /** `valid` (有效, not past its valid-until date), `cancelled`, `expired`, `other`. */
  readonly standing: 'valid' | 'cancelled' | 'expired' | 'other';
  /** The certificate is 有效 in the roster but its valid-until date is before `asOf`. */
  readonly expiredByDate: boolean;
  /** 注销原因: 1 死亡, 2 迁出, 9 其他. */
  readonly cancelReason?: number;
  /** Region of the roster (12 digits, zero-padded). */
  readonly region?: string;
}

/** Everything the sources say of one person. */
export interface PersonFacts {
  readonly previousGiven: boolean;
  readonly rosterGiven: boolean;
  /** Region codes of the batch's area (default: the counties of this round's records). */
  readonly scope: readonly string[];
  /** This round's record, if any: its region (12 digits) and 核查状态. */
  readonly current?: { readonly region?: string; readonly personStatus?: number };
  /** Last round's record, if any. */
  readonly previous?: { readonly region?: string };
  /** The certificate number differs between the two rounds' records. */
  readonly certificateChanged?: boolean;
  readonly roster?: RosterFacts;
  /** Public security 户籍状态: 1 正常, 2 迁出, 3 死亡, 4 注销（其他原因）. */
  readonly publicSecurity?: number;
}

/** The class of one person, with the reason (exited), the roster standing (not-in-roster) and the evidence. */
export interface Classification {
  readonly class: RoundClass;
  readonly reason?: ExitReason;
  readonly rosterStanding?: RosterStanding;
  /** Highest level at which the region changed (moved-within). */
  readonly movedAt?: RegionLevel;
  readonly evidence: Evidence[];
}

/** 核查状态 5 死亡 and 2 已搬迁 (`codes.personStatus` of @canji/form). */
const STATUS_DIED = 5;
const STATUS_MOVED = 2;
/** 户籍状态 of the public-security extract (`EXTRACT_REGISTRATION_STATUSES` of @canji/form). */
const PS_MOVED_OUT = 2;
const PS_DIED = 3;
const PS_CANCELLED = 4;
/** 注销原因 of {@link ROSTER_CANCEL_REASONS}. */
const CANCEL_DIED = 1;
const CANCEL_MOVED_OUT = 2;

const LEVELS: readonly [RegionLevel, number][] = [
  ['prefecture', 4],
  ['county', 6],
  ['township', 9],
  ['village', 12],
];

function movedLevel(from: string, to: string): RegionLevel | undefined {
  if (from === to) return undefined;
  if (from.slice(0, 2) !== to.slice(0, 2)) return 'province';
  for (const [level, n] of LEVELS) if (from.slice(0, n) !== to.slice(0, n)) return level;
  return undefined;
}

/**
 * Classifies one person. The rules, first match wins:
 *
 * In this round's batch:
 * 1. a death (public security 3, 核查状态 5, roster cancelled for 死亡) → `exited` / `died`;
 * 2. a move out (public security 迁出, roster cancelled for 迁出, or this round's region outside the
 *    batch's area) → `exited` / `moved-out`;
 * 3. a roster was given and holds no valid certificate for the person → `not-in-roster`;
 * 4. no previous round given → `updated`; not in the previous round → `new`;
 * 5. region different from last round's → `moved-within`; else → `continuing`.
 *
 * Not in this round's batch:
 * 6. a death → `exited` / `died`; a move out (as 2, or the roster's region outside the area) → `exited` / `moved-out`;
 * 7. roster 注销 → `exited` / `certificate-cancelled`; 过期 or past its valid-until date → `exited` / `certificate-expired`;
 * 8. a valid certificate in the roster → `not-updated`;
 * 9. otherwise (in the previous round only) → `exited` / `unknown`.
 *
 * @example
 * ```ts
 * import { classifyPerson } from '@canji/rounds';
 * classifyPerson({ previousGiven: true, rosterGiven: true, scope: ['430121'], previous: { region: '430121109202' },
 *   roster: { standing: 'valid', expiredByDate: false } }).class; //=> 'not-updated'
 * ```
 */
export function classifyPerson(f: PersonFacts): Classification {
  const evidence: Evidence[] = [];
  const r = f.roster;
  const died = f.publicSecurity === PS_DIED || f.current?.personStatus === STATUS_DIED || (r?.standing === 'cancelled' && r.cancelReason === CANCEL_DIED);
  if (f.publicSecurity === PS_DIED) evidence.push('ps-died');
  if (f.current?.personStatus === STATUS_DIED) evidence.push('record-died');
  if (r?.standing === 'cancelled' && r.cancelReason === CANCEL_DIED) evidence.push('roster-died');
  if (died) {
    if (f.current && f.current.personStatus !== STATUS_DIED && f.current.personStatus !== undefined) evidence.push('batch-says-alive');
    return { class: 'exited', reason: 'died', evidence };
  }
  const newRegion = f.current ? f.current.region : r?.region;
  const outside = inScope(newRegion, f.scope) === false;
  if (f.publicSecurity === PS_MOVED_OUT) evidence.push('ps-moved-out');
  if (r?.standing === 'cancelled' && r.cancelReason === CANCEL_MOVED_OUT) evidence.push('roster-moved-out');
  if (outside) evidence.push('region-outside');
  if (evidence.length > 0) return { class: 'exited', reason: 'moved-out', evidence };
  if (f.publicSecurity === PS_CANCELLED) evidence.push('ps-cancelled');
  if (f.current?.personStatus === STATUS_MOVED) evidence.push('record-moved');
  if (f.certificateChanged) evidence.push('certificate-changed');

  if (f.current) {
    if (f.rosterGiven && (r === undefined || r.standing !== 'valid')) {
      const rosterStanding: RosterStanding = r === undefined || r.standing === 'valid' ? 'absent' : r.standing;
      evidence.push(rosterEvidence(r));
      return { class: 'not-in-roster', rosterStanding, evidence };
    }
    if (!f.previousGiven) return { class: 'updated', evidence };
    if (!f.previous) return { class: 'new', evidence };
    const from = f.previous.region;
    const to = f.current.region;
    const movedAt = from !== undefined && to !== undefined ? movedLevel(from, to) : undefined;
    if (movedAt !== undefined) {
      evidence.push('region-changed');
      return { class: 'moved-within', movedAt, evidence };
    }
    return { class: 'continuing', evidence };
  }
  if (r !== undefined && r.standing !== 'valid') {
    evidence.push(rosterEvidence(r));
    if (r.standing === 'cancelled') return { class: 'exited', reason: 'certificate-cancelled', evidence };
    if (r.standing === 'expired') return { class: 'exited', reason: 'certificate-expired', evidence };
    return { class: 'exited', reason: 'unknown', evidence };
  }
  if (r !== undefined) {
    evidence.push('roster-valid-not-updated');
    return { class: 'not-updated', evidence };
  }
  if (f.rosterGiven) evidence.push('roster-absent');
  return { class: 'exited', reason: 'unknown', evidence };
}

function rosterEvidence(r: RosterFacts | undefined): Evidence {
  if (r === undefined) return 'roster-absent';
  switch (r.standing) {
    case 'cancelled':
      return 'roster-cancelled';
    case 'expired':
      return r.expiredByDate ? 'roster-expired-by-date' : 'roster-expired';
    case 'other':
      return 'roster-other';
    case 'valid':
      return 'roster-absent';
    default:
      return r.standing satisfies never;
  }
}

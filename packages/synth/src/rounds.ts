/**
 * Synthetic rounds of one population: the same certificate holders of a county, year after year,
 * with what happens between two rounds — deaths, new certificates, certificates cancelled or
 * expired, moves out of the county and within it, persons not visited, persons visited without a
 * valid certificate, natural changes (a job, more schooling, children starting school, a
 * re-assessed level with a new certificate) and planted implausible changes, one per year-on-year
 * rule — each labelled, with the certificate roster (底册), the public-security rows, the class
 * every person should get in the reconciliation, and the change events that turn one round into
 * the next. Known truth for `@canji/rounds` and the year-on-year rules of `@canji/rules`.
 */
import { PERSON_STATUS_NORMAL } from '@canji/form';
import { DEFAULT_DISTRIBUTIONS } from './distributions.js';
import { synthesizeName } from './names.js';
import { PersonGenerator, type SynthPersonRecord } from './person.js';
import { Random, seedToUint32, type Seed } from './random.js';
import { resolveVillages } from './region-source.js';
import { IMPLAUSIBLE_CHANGES, NATURAL_CHANGES, type ChangeContext, type ChangeDef } from './rounds-changes.js';
import { changedItems, eventRecord, visitOf, type SynthChangeEvent, type SynthExitReason } from './rounds-events.js';
import { ageOf, ageRecord, annualAnswers, newCover, repairRecord, type AgingOutcome } from './rounds-record.js';
import {
  addYears,
  dayIn,
  plusDays,
  publicSecurityRowOf,
  rosterRowOf,
  validUntil,
  type SynthPublicSecurityRow,
  type SynthRosterRow,
} from './rounds-roster.js';
import { DEFAULT_AS_OF, DEFAULT_REGION } from './synthesize-persons.js';
import { codeHash, type SynthVillage } from './villages.js';

/**
 * The class a person should get in the reconciliation of a round (`@canji/rounds`' `RoundClass`,
 * with the exit reason as `exited/<reason>`); `updated` in the first round, which has no previous
 * round to compare with.
 */
export type SynthRoundClass = 'continuing' | 'new' | 'moved-within' | 'not-updated' | 'not-in-roster' | 'updated' | `exited/${SynthExitReason}`;

/** The year-on-year rules of `@canji/rules` that a planted implausible change is made for. */
export type SynthYearOnYearRuleId = keyof typeof IMPLAUSIBLE_CHANGES;

/** What kind of change a label records. */
export type SynthChangeGroup = 'class' | 'natural' | 'implausible';

/**
 * Every kind of change planted between two rounds, with its group, the class the person should
 * get and, for implausible changes, the year-on-year rule that must find it (stable ids). Natural
 * changes must raise no year-on-year finding (`expectedRule: null`); `school-enrolled`,
 * `school-progressed` and `school-finished` come from the year of age itself, not from a rate.
 *
 * @example
 * ```ts
 * import { SYNTH_ROUND_KINDS } from '@canji/synth';
 * SYNTH_ROUND_KINDS['died-public-security'].expectedClass; //=> 'exited/died'
 * SYNTH_ROUND_KINDS['level-jump'].expectedRule;            //=> 'YOY_LEVEL_JUMP'
 * ```
 */
export const SYNTH_ROUND_KINDS = {
  'died-public-security': { group: 'class', expectedClass: 'exited/died', expectedRule: null, label: '死亡（公安户籍数据，底册尚未注销）' },
  'died-recorded': { group: 'class', expectedClass: 'exited/died', expectedRule: null, label: '死亡（本轮入户记录核查状态为死亡）' },
  'died-roster': { group: 'class', expectedClass: 'exited/died', expectedRule: null, label: '死亡（底册因死亡注销）' },
  'moved-out-public-security': { group: 'class', expectedClass: 'exited/moved-out', expectedRule: null, label: '迁出本县（公安户籍数据）' },
  'moved-out-roster': { group: 'class', expectedClass: 'exited/moved-out', expectedRule: null, label: '迁出本县（底册因迁出注销）' },
  'certificate-cancelled': { group: 'class', expectedClass: 'exited/certificate-cancelled', expectedRule: null, label: '证件注销（其他原因）' },
  'certificate-expired': { group: 'class', expectedClass: 'exited/certificate-expired', expectedRule: null, label: '证件过期（底册状态为过期）' },
  'certificate-expired-by-date': { group: 'class', expectedClass: 'exited/certificate-expired', expectedRule: null, label: '证件过期（底册有效期已过）' },
  'moved-within': { group: 'class', expectedClass: 'moved-within', expectedRule: null, label: '县内迁往另一乡镇' },
  'not-updated': { group: 'class', expectedClass: 'not-updated', expectedRule: null, label: '底册有效持证、本轮未入户更新' },
  'visited-without-valid-certificate': { group: 'class', expectedClass: 'not-in-roster', expectedRule: null, label: '本轮已更新，但证件已过期' },
  'missing-from-roster': { group: 'class', expectedClass: 'not-in-roster', expectedRule: null, label: '本轮已更新，但底册中没有此人' },
  'new-certificate': { group: 'class', expectedClass: 'new', expectedRule: null, label: '新办证' },
  'new-not-in-roster': { group: 'class', expectedClass: 'not-in-roster', expectedRule: null, label: '新办证，底册尚未录入' },
  'employment-changed': { group: 'natural', expectedClass: 'continuing', expectedRule: null, label: '就业状况变化' },
  'education-up': { group: 'natural', expectedClass: 'continuing', expectedRule: null, label: '受教育程度提高' },
  'level-changed': { group: 'natural', expectedClass: 'continuing', expectedRule: null, label: '重新评定，残疾等级变化一级并换发新证' },
  'school-enrolled': { group: 'natural', expectedClass: 'continuing', expectedRule: null, label: '适龄儿童入学' },
  'school-progressed': { group: 'natural', expectedClass: 'continuing', expectedRule: null, label: '升入上一学段' },
  'school-finished': { group: 'natural', expectedClass: 'continuing', expectedRule: null, label: '毕业离校' },
  'birth-date-changed': { group: 'implausible', expectedClass: 'continuing', expectedRule: 'YOY_BIRTH_DATE_CHANGED', label: '出生日期改变（身份证号未变）' },
  'sex-changed': { group: 'implausible', expectedClass: 'continuing', expectedRule: 'YOY_SEX_CHANGED', label: '性别改变（身份证号未变）' },
  'category-changed-same-certificate': { group: 'implausible', expectedClass: 'continuing', expectedRule: 'YOY_CATEGORY_CHANGED_SAME_CERTIFICATE', label: '残疾类别改变，证号未变' },
  'level-changed-same-certificate': { group: 'implausible', expectedClass: 'continuing', expectedRule: 'YOY_LEVEL_CHANGED_SAME_CERTIFICATE', label: '残疾等级改变，证号未变' },
  'level-jump': { group: 'implausible', expectedClass: 'continuing', expectedRule: 'YOY_LEVEL_JUMP', label: '残疾等级变化两级' },
  'intellectual-level-improved': { group: 'implausible', expectedClass: 'continuing', expectedRule: 'YOY_INTELLECTUAL_LEVEL_IMPROVED', label: '成年智力残疾等级减轻' },
  'education-down': { group: 'implausible', expectedClass: 'continuing', expectedRule: 'YOY_EDUCATION_DOWN', label: '受教育程度降低' },
  'school-left-without-reason': { group: 'implausible', expectedClass: 'continuing', expectedRule: 'YOY_SCHOOL_LEFT_WITHOUT_REASON', label: '义务教育阶段离校且未填原因' },
  'living-subsidy-stopped': { group: 'implausible', expectedClass: 'continuing', expectedRule: 'YOY_LIVING_SUBSIDY_STOPPED', label: '仍享受低保，生活补贴停发' },
  'care-subsidy-stopped': { group: 'implausible', expectedClass: 'continuing', expectedRule: 'YOY_CARE_SUBSIDY_STOPPED', label: '仍为一、二级，护理补贴停发' },
  'copied-forward': { group: 'implausible', expectedClass: 'continuing', expectedRule: 'YOY_COPIED_FORWARD', label: '照抄上一轮（各题回答完全相同）' },
  'collected-before-previous': { group: 'implausible', expectedClass: 'continuing', expectedRule: 'YOY_COLLECTED_BEFORE_PREVIOUS', label: '采集日期早于上一轮' },
} as const satisfies Record<string, { group: SynthChangeGroup; expectedClass: SynthRoundClass; expectedRule: SynthYearOnYearRuleId | null; label: string }>;

/** A kind of change between two rounds (see {@link SYNTH_ROUND_KINDS}). */
export type SynthRoundKind = keyof typeof SYNTH_ROUND_KINDS;

/** The kinds drawn at a rate (every kind but the three that come from a year of age). */
export type SynthRatedKind = Exclude<SynthRoundKind, 'school-enrolled' | 'school-progressed' | 'school-finished'>;

/**
 * Default share of last round's visited normal-status persons given each kind per round (new
 * certificates: per person of last round). ASSUMPTION throughout, chosen so that a county of a
 * few thousand holders shows every kind several times; the orders of magnitude follow the yearly
 * statistics (about 1.5 % of holders die a year, a few percent are newly certified). At least 3
 * persons get each kind when there are 500 or more to choose from, 1 from 100 (a rate of 0: none).
 *
 * @example
 * ```ts
 * import { DEFAULT_ROUND_RATES, synthesizeRounds } from '@canji/synth';
 * DEFAULT_ROUND_RATES['not-updated']; //=> 0.01
 * synthesizeRounds({ seed: 1, count: 5000, rounds: 3, rates: { 'not-updated': 0.05 } }); // more persons not visited
 * ```
 */
export const DEFAULT_ROUND_RATES: Readonly<Record<SynthRatedKind, number>> = {
  'died-public-security': 0.006,
  'died-recorded': 0.004,
  'died-roster': 0.004,
  'moved-out-public-security': 0.002,
  'moved-out-roster': 0.002,
  'certificate-cancelled': 0.002,
  'certificate-expired': 0.002,
  'certificate-expired-by-date': 0.002,
  'moved-within': 0.01,
  'not-updated': 0.01,
  'visited-without-valid-certificate': 0.003,
  'missing-from-roster': 0.002,
  'new-certificate': 0.04,
  'new-not-in-roster': 0.005,
  'employment-changed': 0.02,
  'education-up': 0.005,
  'level-changed': 0.008,
  'birth-date-changed': 0.002,
  'sex-changed': 0.002,
  'category-changed-same-certificate': 0.002,
  'level-changed-same-certificate': 0.002,
  'level-jump': 0.002,
  'intellectual-level-improved': 0.002,
  'education-down': 0.002,
  'school-left-without-reason': 0.002,
  'living-subsidy-stopped': 0.002,
  'care-subsidy-stopped': 0.002,
  'copied-forward': 0.002,
  'collected-before-previous': 0.002,
};

/** One planted change: who, what, and what the reconciliation and the year-on-year rules should say. */
export interface SynthRoundLabel {
  /** 0-based round the change leads into (the change happened between `round − 1` and `round`). */
  round: number;
  /** The person's resident ID (the key of `truth`). */
  residentId: string;
  kind: SynthRoundKind;
  /** The person's class in this round's reconciliation (= `truth.get(residentId)`). */
  expectedClass: SynthRoundClass;
  /** The year-on-year rule that must report the person (implausible changes), else `null`: no rule may. */
  expectedRule: SynthYearOnYearRuleId | null;
  /** The items of the person's record the change set (empty for exits and persons not visited). */
  items: string[];
}

/** One synthetic round. */
export interface SynthRound {
  /** 0-based. */
  round: number;
  /** Reference date (`reference_date` of the records). */
  asOf: string;
  /** This round's batch: every visited person, in a stable order (last round's persons first, new ones after). */
  records: SynthPersonRecord[];
  /** The certificate roster (底册) at this round: every certificate ever issued to the population, with its status. */
  roster: SynthRosterRow[];
  /** Public-security rows of the deaths and moves out since the previous round. */
  publicSecurity: SynthPublicSecurityRow[];
  /** The class every person of the reconciliation should get, by resident ID. */
  truth: Map<string, SynthRoundClass>;
  /** The changes planted into this round (empty in round 0). */
  planted: SynthRoundLabel[];
  /**
   * The change events that turn the register after the previous round (its batch, plus the persons
   * not visited with their last records) into the register after this one: `set` for every changed
   * item, `add` for new persons, `exit` for exits; none for persons not visited. Sorted by effective
   * date. Empty in round 0.
   */
  events: SynthChangeEvent[];
}

/** Options of {@link synthesizeRounds}. */
export interface SynthesizeRoundsOptions {
  /** Same seed and options → the same rounds. */
  seed: Seed;
  /** Persons of the first round. */
  count: number;
  /** Region of the persons (as `synthesizePersons`); default `'430121'`. */
  region?: string;
  /** Explicit villages (as `synthesizePersons`). */
  villages?: readonly SynthVillage[];
  /** How many rounds, at least 2 (at most 20). */
  rounds: number;
  /** Reference date of the first round (`YYYY-MM-DD`); each further round is a year later. Default `'2019-06-30'`. */
  firstAsOf?: string;
  /** Form version: only `'2017'` (the 2021 form's rounds are not generated yet). */
  form?: '2017';
  /** Replace some of the {@link DEFAULT_ROUND_RATES}. */
  rates?: Partial<Record<SynthRatedKind, number>>;
}

// Random streams of the rounds (the person generator uses 1–6, see person.ts STREAM).
const STREAM_ROUND_PERSON = 101;
const STREAM_ROUND_PLAN = 102;
const STREAM_ROUND_COLLECTOR = 5; // = STREAM.collector: a village's collector, as the person generator draws it

type HolderState = 'active' | 'not-updated' | 'exited';

/** One certificate holder across the rounds. */
interface Holder {
  /** Position in the population (stable; also the per-person random stream). */
  readonly index: number;
  readonly id: string;
  /** The latest record (this round's when visited). */
  record: SynthPersonRecord;
  state: HolderState;
  /** Certificate rows, oldest first; the last is the current certificate. */
  rows: SynthRosterRow[];
  /** The roster has no row for the person in this round. */
  hiddenIn?: number;
  /** Next round: the roster records this cancellation (a death or move reported elsewhere first). */
  pendingCancel?: { reason: 1 | 2; on: string };
  /** Next round: the certificate is renewed (visited with an expired one) or first entered in the roster. */
  pendingIssue?: boolean;
  /** An implausible change was planted in the person's record (it stays there): no natural or implausible change is planted on top. */
  tainted?: boolean;
  /** Exit of this round: reason and event details. */
  exit?: { reason: SynthExitReason; on: string; mode: 'certificate-system' | 'department-data'; source: string };
}

function checkOptions(o: SynthesizeRoundsOptions): string {
  if (!Number.isInteger(o.count) || o.count < 1) throw new RangeError(`SYNTH_ROUNDS_COUNT: count 应为正整数：${String(o.count)}`);
  if (!Number.isInteger(o.rounds) || o.rounds < 2 || o.rounds > 20) throw new RangeError(`SYNTH_ROUNDS_ROUNDS: rounds 应为 2–20 的整数：${String(o.rounds)}`);
  if (o.form !== undefined && o.form !== '2017') throw new RangeError(`SYNTH_ROUNDS_FORM: 多轮合成数据暂只支持 2017 版登记表：${String(o.form)}`);
  const first = o.firstAsOf ?? DEFAULT_AS_OF;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(first) || Number.isNaN(Date.parse(`${first}T00:00:00Z`)) || new Date(`${first}T00:00:00Z`).toISOString().slice(0, 10) !== first) {
    throw new RangeError(`SYNTH_ROUNDS_AS_OF: firstAsOf 应为有效日期 YYYY-MM-DD：${String(o.firstAsOf)}`);
  }
  for (const [k, v] of Object.entries(o.rates ?? {})) {
    if (!(k in DEFAULT_ROUND_RATES)) throw new RangeError(`SYNTH_ROUNDS_RATE: 未知的变化类型：${k}`);
    if (typeof v !== 'number' || !(v >= 0 && v <= 1)) throw new RangeError(`SYNTH_ROUNDS_RATE: ${k} 的比例应在 0 到 1 之间：${String(v)}`);
  }
  return first;
}

/** Fisher–Yates, deterministic from `rng`. */
function shuffled<T>(items: readonly T[], rng: Random): T[] {
  const a = [...items];
  for (let i = a.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}

function clone(r: SynthPersonRecord): SynthPersonRecord {
  const out: SynthPersonRecord = {};
  for (const k in r) {
    const v = r[k];
    if (v !== undefined) out[k] = Array.isArray(v) ? v.slice() : v;
  }
  return out;
}

/** Keys a record of a person found dead keeps (cover and identity), as the generator writes one. */
const DEAD_KEYS = ['region_code', 'survey_year', 'reference_date', 'person_status', 'collection_mode', 'collection_channel', 'collector', 'collected_on', 'name', 'resident_id', 'certificate_no', 'sex', 'birth_date', 'disability_category', 'disability_level'];

/**
 * A sequence of yearly rounds of one synthetic population (2017 form), with the certificate
 * roster, public-security rows, the class every person should get in each round's reconciliation
 * (`truth`), labels of every planted change (`planted`, with the year-on-year rule that must or
 * must not fire) and the change events from each round to the next.
 *
 * Round 0 is `synthesizePersons({ seed, count, region, asOf: firstAsOf })`. Each later round is a
 * year later: every visited person's record is a year older (school stages, items asked from an
 * age), re-asks the year's services (R35), and stays valid by the form and the consistency rules
 * unless an implausible change was planted in it. Persons not visited stay not visited in later
 * rounds. Deterministic: the same options give the same rounds.
 *
 * @summary Generate labelled rounds of one population
 * @example
 * ```ts
 * import { synthesizeRounds } from '@canji/synth';
 * const rounds = synthesizeRounds({ seed: 1, count: 3000, region: '430121', rounds: 3 });
 * rounds[1].asOf; //=> '2020-06-30'
 * rounds[1].planted.find((l) => l.kind === 'level-jump');
 * //=> { round: 1, residentId: '4301211963…', kind: 'level-jump', expectedClass: 'continuing',
 * //     expectedRule: 'YOY_LEVEL_JUMP', items: ['disability_level', 'certificate_no', 'r29', 'r30'] }
 * rounds[1].truth.get(rounds[1].planted[0].residentId); // the class the reconciliation must give
 * rounds[1].events.filter((e) => e.op === 'add').length; // the new certificate holders of round 1
 * ```
 */
export function synthesizeRounds(options: SynthesizeRoundsOptions): SynthRound[] {
  const firstAsOf = checkOptions(options);
  const seed32 = seedToUint32(options.seed);
  const villages = options.villages ?? resolveVillages(options.region ?? DEFAULT_REGION);
  if (villages.length === 0) throw new RangeError('SYNTH_ROUNDS_REGION: 没有可用的村（社区）');
  const rates = { ...DEFAULT_ROUND_RATES, ...options.rates };
  const ctx: RoundsContext = { seed: options.seed, seed32, villages, rates, holders: [], byId: new Map(), nextIndex: options.count, rng: new Random() };

  const rounds: SynthRound[] = [firstRound(ctx, options.count, firstAsOf)];
  for (let r = 1; r < options.rounds; r++) rounds.push(nextRound(ctx, r, addYears(firstAsOf, r - 1), addYears(firstAsOf, r)));
  return rounds;
}

interface RoundsContext {
  readonly seed: Seed;
  readonly seed32: number;
  readonly villages: readonly SynthVillage[];
  readonly rates: Readonly<Record<SynthRatedKind, number>>;
  readonly holders: Holder[];
  readonly byId: Map<string, Holder>;
  /** Next generator index for new persons. */
  nextIndex: number;
  /** Reused per-person generator (reseeded). */
  readonly rng: Random;
}

function personRng(ctx: RoundsContext, h: Holder, round: number): Random {
  return ctx.rng.reseed(ctx.seed32, STREAM_ROUND_PERSON, h.index * 64 + round);
}

function firstRound(ctx: RoundsContext, count: number, asOf: string): SynthRound {
  const gen = new PersonGenerator({ seed: ctx.seed, villages: ctx.villages, asOf });
  const records: SynthPersonRecord[] = [];
  const truth = new Map<string, SynthRoundClass>();
  for (let i = 0; i < count; i++) {
    const record = gen.generate(i);
    const h: Holder = { index: i, id: String(record.resident_id), record, state: 'active', rows: [] };
    const rng = personRng(ctx, h, 0);
    // Issued up to 10 years before the reference date, so valid at it (D13: 10 years).
    h.rows.push(rosterRowOf(record, plusDays(asOf, -1 - rng.int(3640))));
    // A person the visit found dead (核查状态 5): the roster cancels the certificate next round.
    if (record.person_status === 5) h.pendingCancel = { reason: 1, on: dayIn(rng, String(record.collected_on), addYears(asOf, 1)) };
    ctx.holders.push(h);
    ctx.byId.set(h.id, h);
    records.push(record);
    truth.set(h.id, record.person_status === 5 ? 'exited/died' : 'updated');
  }
  return { round: 0, asOf, records: records.map(clone), roster: rosterOf(ctx, 0), publicSecurity: [], truth, planted: [], events: [] };
}

function rosterOf(ctx: RoundsContext, round: number): SynthRosterRow[] {
  const out: SynthRosterRow[] = [];
  for (const h of ctx.holders) if (h.hiddenIn !== round) for (const row of h.rows) out.push({ ...row });
  return out;
}

/** Where one person of last round's register stands this round, before the plan. */
interface Candidate {
  readonly h: Holder;
  readonly prev: SynthPersonRecord;
  readonly cur: SynthPersonRecord;
  readonly age: number;
  readonly aging: AgingOutcome;
  readonly rng: Random;
  kind?: SynthRatedKind;
  items: string[];
}

const RATED_ORDER: readonly SynthRatedKind[] = [
  // Scarce kinds first (children at school, subsidies, intellectual disability), then the rest.
  'school-left-without-reason',
  'intellectual-level-improved',
  'care-subsidy-stopped',
  'living-subsidy-stopped',
  'copied-forward',
  'education-down',
  'category-changed-same-certificate',
  'level-changed-same-certificate',
  'level-jump',
  'birth-date-changed',
  'sex-changed',
  'collected-before-previous',
  'education-up',
  'employment-changed',
  'level-changed',
  'moved-within',
  'died-public-security',
  'died-recorded',
  'died-roster',
  'moved-out-public-security',
  'moved-out-roster',
  'certificate-cancelled',
  'certificate-expired',
  'certificate-expired-by-date',
  'not-updated',
  'visited-without-valid-certificate',
  'missing-from-roster',
];

const EXPIRING: ReadonlySet<SynthRatedKind> = new Set(['certificate-expired', 'certificate-expired-by-date', 'visited-without-valid-certificate']);

const KIND_OF_RULE = Object.fromEntries(Object.entries(SYNTH_ROUND_KINDS).flatMap(([k, v]) => (v.expectedRule ? [[k, v.expectedRule]] : []))) as Partial<Record<SynthRoundKind, SynthYearOnYearRuleId>>;

function changeOf(kind: SynthRatedKind): ChangeDef | undefined {
  const rule = KIND_OF_RULE[kind];
  if (rule) return IMPLAUSIBLE_CHANGES[rule];
  return (NATURAL_CHANGES as Record<string, ChangeDef>)[kind];
}

function target(rate: number, n: number): number {
  if (rate === 0) return 0;
  return Math.max(n >= 500 ? 3 : n >= 100 ? 1 : 0, Math.round(rate * n));
}

function nextRound(ctx: RoundsContext, round: number, prevAsOf: string, asOf: string): SynthRound {
  const plan = new Random(ctx.seed32, STREAM_ROUND_PLAN, round);
  const prevRegister = new Map<string, SynthPersonRecord>();
  for (const h of ctx.holders) if (h.state === 'active' || h.state === 'not-updated') prevRegister.set(h.id, h.record);
  const planted: SynthRoundLabel[] = [];
  const exits: Holder[] = [];

  settleRoster(ctx, round, prevAsOf, asOf);

  // Last round's visited persons: a year on, before any planted change.
  const candidates: Candidate[] = [];
  for (const h of ctx.holders) {
    if (h.state !== 'active') continue;
    const rng = new Random(ctx.seed32, STREAM_ROUND_PERSON, h.index * 64 + round);
    const prev = h.record;
    if (prev.person_status === 5) {
      // Found dead last round: the roster has cancelled the certificate now.
      h.state = 'exited';
      h.exit = { reason: 'died', on: h.rows.at(-1)!.cancelled_on ?? asOf, mode: 'certificate-system', source: 'certificate-system' };
      exits.push(h);
      planted.push({ round, residentId: h.id, kind: 'died-roster', expectedClass: 'exited/died', expectedRule: null, items: [] });
      continue;
    }
    const cur = clone(prev);
    newCover(cur, asOf, plusDays(asOf, rng.int(62)));
    const age = ageOf(cur, asOf);
    let aging: AgingOutcome = { enrolled: false, progressed: false, finished: false, items: [] };
    if (cur.person_status === PERSON_STATUS_NORMAL) {
      aging = ageRecord(cur, age, rng, DEFAULT_DISTRIBUTIONS.enrolment6to14);
      aging.items.push(...repairRecord(cur, asOf, rng));
    }
    candidates.push({ h, prev, cur, age, aging, rng, items: [] });
  }

  // The plan: each kind to its share of eligible persons, one kind per person.
  const normalCount = candidates.filter((c) => c.prev.person_status === PERSON_STATUS_NORMAL).length;
  const order = shuffled(candidates, plan);
  const otherTownship = townshipMover(ctx.villages);
  for (const kind of RATED_ORDER) {
    let n = target(ctx.rates[kind], normalCount);
    const change = changeOf(kind);
    for (const c of order) {
      if (n === 0) break;
      if (c.kind !== undefined || c.prev.person_status !== PERSON_STATUS_NORMAL) continue;
      if (c.h.tainted && SYNTH_ROUND_KINDS[kind].group !== 'class') continue;
      const cc: ChangeContext = { prev: c.prev, cur: c.cur, age: c.age, asOf, rng: c.rng };
      if (change && !change.eligible(cc)) continue;
      if (kind === 'moved-within' && otherTownship(String(c.cur.region_code), c.rng) === undefined) continue;
      if (kind === 'not-updated' && c.h.rows.at(-1)?.status !== 1) continue;
      // An expiry rewrites the certificate's dates to 10 years before: only where it is the person's only certificate.
      if (EXPIRING.has(kind) && c.h.rows.length !== 1) continue;
      c.kind = kind;
      n--;
    }
  }

  const publicSecurity: SynthPublicSecurityRow[] = [];
  for (const c of candidates) {
    const cc: ChangeContext = { prev: c.prev, cur: c.cur, age: c.age, asOf, rng: c.rng };
    if (c.kind !== 'copied-forward' && c.kind !== 'not-updated' && !isExit(c.kind)) annualAnswers(c.cur, c.rng);
    const change = c.kind ? changeOf(c.kind) : undefined;
    if (change) c.items.push(...change.apply(cc));
    if (c.kind && SYNTH_ROUND_KINDS[c.kind].group === 'implausible') c.h.tainted = true;
    applyClassKind(ctx, c, round, prevAsOf, asOf, otherTownship, publicSecurity);
    if (c.h.state === 'exited') exits.push(c.h);
  }

  // New certificate holders: persons the generator draws at this round's reference date, after everyone before them.
  const newCount = target(ctx.rates['new-certificate'], normalCount);
  const newNotInRoster = target(ctx.rates['new-not-in-roster'], normalCount);
  const added = newHolders(ctx, round, prevAsOf, asOf, newCount + newNotInRoster);
  added.forEach((h, i) => {
    if (i >= newCount) {
      h.rows = [];
      h.pendingIssue = true;
    }
  });

  // Truth and labels.
  const truth = new Map<string, SynthRoundClass>();
  for (const c of candidates) {
    const cls = classOf(c);
    truth.set(c.h.id, cls);
    if (c.kind) {
      const info = SYNTH_ROUND_KINDS[c.kind];
      planted.push({ round, residentId: c.h.id, kind: c.kind, expectedClass: cls, expectedRule: info.expectedRule, items: unique(c.items) });
    }
    if (c.h.state === 'active' && c.kind !== 'school-left-without-reason') {
      const agingKinds: SynthRoundKind[] = [];
      if (c.aging.enrolled) agingKinds.push('school-enrolled');
      if (c.aging.progressed) agingKinds.push('school-progressed');
      if (c.aging.finished) agingKinds.push('school-finished');
      for (const kind of agingKinds) planted.push({ round, residentId: c.h.id, kind, expectedClass: cls, expectedRule: null, items: unique(c.aging.items) });
    }
  }
  for (const h of ctx.holders) if (h.state === 'not-updated' && !truth.has(h.id)) truth.set(h.id, 'not-updated');
  for (const h of exits) if (!truth.has(h.id)) truth.set(h.id, `exited/${h.exit!.reason}`);
  added.forEach((h, i) => {
    const kind: SynthRoundKind = i < newCount ? 'new-certificate' : 'new-not-in-roster';
    truth.set(h.id, SYNTH_ROUND_KINDS[kind].expectedClass);
    planted.push({ round, residentId: h.id, kind, expectedClass: SYNTH_ROUND_KINDS[kind].expectedClass, expectedRule: null, items: [] });
  });

  const records = ctx.holders.filter((h) => h.state === 'active').map((h) => clone(h.record));
  const events = eventsOf(ctx, round, prevRegister);
  return { round, asOf, records, roster: rosterOf(ctx, round), publicSecurity, truth, planted, events };
}

type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;

const unique = (xs: readonly string[]) => [...new Set(xs)];

function isExit(kind: SynthRatedKind | undefined): boolean {
  return kind !== undefined && SYNTH_ROUND_KINDS[kind].expectedClass.startsWith('exited/') && kind !== 'died-recorded';
}

function classOf(c: Candidate): SynthRoundClass {
  if (c.kind && SYNTH_ROUND_KINDS[c.kind].group === 'class') return SYNTH_ROUND_KINDS[c.kind].expectedClass;
  return 'continuing';
}

/**
 * The roster changes that fall due at a new round: cancellations reported elsewhere first (public
 * security, a visit that found the person dead), certificates renewed after a visit with an
 * expired one, new holders entered, rows missing last round back, and routine renewals of valid
 * certificates that reach their 10 years.
 */
function settleRoster(ctx: RoundsContext, round: number, prevAsOf: string, asOf: string): void {
  for (const h of ctx.holders) {
    const rng = personRng(ctx, h, round + 32);
    if (h.pendingCancel) {
      const row = h.rows.at(-1)!;
      row.status = 2;
      row.cancel_reason = h.pendingCancel.reason;
      row.cancelled_on = h.pendingCancel.on;
      delete h.pendingCancel;
    }
    if (h.pendingIssue) {
      const issued = dayIn(rng, prevAsOf, asOf);
      const row = h.rows.at(-1);
      if (row) {
        row.status = 1;
        row.issued_on = issued;
        row.valid_until = validUntil(issued);
      } else h.rows.push(rosterRowOf(h.record, issued));
      delete h.pendingIssue;
    }
    if (h.state === 'exited') continue;
    const row = h.rows.at(-1);
    if (row && row.status === 1 && row.valid_until < asOf) {
      // 换证 before the 10 years run out.
      row.issued_on = plusDays(row.valid_until, -rng.int(60));
      row.valid_until = validUntil(row.issued_on);
    }
  }
}

/** A village of the same county in another township, drawn with `rng`; `undefined` when the county has one township. */
function townshipMover(villages: readonly SynthVillage[]): (from: string, rng: Random) => SynthVillage | undefined {
  const byCounty = new Map<string, SynthVillage[]>();
  for (const v of villages) {
    const list = byCounty.get(v.code.slice(0, 6)) ?? [];
    list.push(v);
    byCounty.set(v.code.slice(0, 6), list);
  }
  return (from, rng) => {
    const others = (byCounty.get(from.slice(0, 6)) ?? []).filter((v) => v.code.slice(0, 9) !== from.slice(0, 9));
    return others.length ? rng.pick(others) : undefined;
  };
}

/** The collector of a village, as the person generator draws one (same seed, same stream). */
function collectorOf(ctx: RoundsContext, village: string): string {
  const rng = new Random(ctx.seed32, STREAM_ROUND_COLLECTOR, codeHash(village));
  return synthesizeName(rng, rng.chance(0.6) ? 'female' : 'male');
}

/** What a class-changing kind does to the person, the roster and the public-security rows. */
function applyClassKind(
  ctx: RoundsContext,
  c: Candidate,
  round: number,
  prevAsOf: string,
  asOf: string,
  otherTownship: (from: string, rng: Random) => SynthVillage | undefined,
  publicSecurity: SynthPublicSecurityRow[],
): void {
  const h = c.h;
  const rng = c.rng;
  const row = h.rows.at(-1)!;
  // Whatever happened, happened after last round's visit.
  const lastVisit = typeof c.prev.collected_on === 'string' ? c.prev.collected_on : prevAsOf;
  const since = lastVisit > prevAsOf && lastVisit < asOf ? lastVisit : prevAsOf;
  const exit = (reason: SynthExitReason, on: string, via: 'roster' | 'public-security') => {
    h.state = 'exited';
    h.exit = via === 'roster' ? { reason, on, mode: 'certificate-system', source: 'certificate-system' } : { reason, on, mode: 'department-data', source: 'dept:public-security' };
  };
  const cancel = (reason: 1 | 2 | 9) => {
    const on = dayIn(rng, since, asOf);
    row.status = 2;
    row.cancel_reason = reason;
    row.cancelled_on = on;
    return on;
  };
  switch (c.kind) {
    case 'died-public-security': {
      const on = dayIn(rng, since, asOf);
      publicSecurity.push(publicSecurityRowOf(h.record, 3, on));
      h.pendingCancel = { reason: 1, on };
      return exit('died', on, 'public-security');
    }
    case 'moved-out-public-security': {
      const on = dayIn(rng, since, asOf);
      publicSecurity.push(publicSecurityRowOf(h.record, 2, on));
      h.pendingCancel = { reason: 2, on };
      return exit('moved-out', on, 'public-security');
    }
    case 'died-roster':
      return exit('died', cancel(1), 'roster');
    case 'moved-out-roster':
      return exit('moved-out', cancel(2), 'roster');
    case 'certificate-cancelled':
      return exit('certificate-cancelled', cancel(9), 'roster');
    case 'certificate-expired':
    case 'certificate-expired-by-date': {
      const until = plusDays(dayIn(rng, since, asOf), -1);
      row.valid_until = until;
      row.issued_on = plusDays(addYears(until, -10), 1);
      if (c.kind === 'certificate-expired') row.status = 3;
      return exit('certificate-expired', plusDays(until, 1), 'roster');
    }
    case 'not-updated':
      h.state = 'not-updated';
      return;
    case 'died-recorded': {
      // The visit found the person dead: 核查状态 5, cover and identity only (as the generator writes one).
      const dead: SynthPersonRecord = {};
      for (const k of DEAD_KEYS) if (c.cur[k] !== undefined) dead[k] = c.cur[k];
      dead.person_status = 5;
      dead.collection_mode = rng.chance(0.6) ? 2 : 1;
      dead.remarks = '已死亡';
      c.items.push(...['person_status', 'remarks', ...Object.keys(c.cur).filter((k) => !(k in dead))]);
      h.record = dead;
      // The certificate system cancels it after the visit reported the death, before the next round.
      h.pendingCancel = { reason: 1, on: dayIn(rng, String(dead.collected_on), addYears(asOf, 1)) };
      return;
    }
    case 'moved-within': {
      const to = otherTownship(String(c.cur.region_code), rng)!;
      c.cur.region_code = to.code;
      c.cur.collector = collectorOf(ctx, to.code);
      row.region_code = to.code;
      c.items.push('region_code', 'collector');
      break;
    }
    case 'visited-without-valid-certificate': {
      const until = plusDays(dayIn(rng, since, asOf), -1);
      row.valid_until = until;
      row.issued_on = plusDays(addYears(until, -10), 1);
      if (rng.chance(0.5)) row.status = 3;
      h.pendingIssue = true;
      break;
    }
    case 'missing-from-roster':
      h.hiddenIn = round;
      break;
    default:
      break;
  }
  // Still visited: this round's record; a new certificate number (re-assessed level) gets a new roster row.
  h.record = c.cur;
  if (c.cur.certificate_no !== row.certificate_no) {
    // Issued after the current certificate (which may have been renewed this year) and by the visit.
    const from = row.issued_on > since ? row.issued_on : since;
    const visit = String(c.cur.collected_on);
    const issued = dayIn(rng, from, visit > from ? visit : plusDays(from, 30));
    row.status = 2;
    row.cancel_reason = 9;
    row.cancelled_on = issued;
    h.rows.push(rosterRowOf(c.cur, issued));
  }
}

/** New holders: the generator's next normal-status persons at this round's reference date. */
function newHolders(ctx: RoundsContext, round: number, prevAsOf: string, asOf: string, n: number): Holder[] {
  if (n === 0) return [];
  const gen = new PersonGenerator({ seed: ctx.seed, villages: ctx.villages, asOf });
  // The generator's ID numbers are unique only along one sequence: run it from 0 (cheap) and take the persons after the last used index.
  for (let i = 0; i < ctx.nextIndex; i++) gen.generate(i);
  const out: Holder[] = [];
  while (out.length < n) {
    const index = ctx.nextIndex++;
    const record = gen.generate(index);
    if (record.person_status !== PERSON_STATUS_NORMAL || ctx.byId.has(String(record.resident_id))) continue;
    const h: Holder = { index, id: String(record.resident_id), record, state: 'active', rows: [] };
    const rng = personRng(ctx, h, round);
    h.rows.push(rosterRowOf(record, dayIn(rng, prevAsOf, asOf)));
    ctx.holders.push(h);
    ctx.byId.set(h.id, h);
    out.push(h);
  }
  return out;
}

/** The events from last round's register to this round's, sorted by effective date (then person order). */
function eventsOf(ctx: RoundsContext, round: number, prevRegister: ReadonlyMap<string, SynthPersonRecord>): SynthChangeEvent[] {
  type Draft = { at: string; order: number; event: WithoutId<SynthChangeEvent> };
  const drafts: Draft[] = [];
  let order = 0;
  for (const h of ctx.holders) {
    const before = prevRegister.get(h.id);
    const inNow = h.state === 'active' || h.state === 'not-updated';
    if (before && inNow) {
      if (before === h.record) continue; // not visited
      const visit = visitOf(h.record);
      const visitOn = String(h.record.collected_on ?? h.record.reference_date);
      const certRow = h.rows.at(-1)!;
      const newCertificate = before.certificate_no !== h.record.certificate_no;
      for (const ch of changedItems(before, h.record)) {
        const byCertificateSystem = newCertificate && (ch.item === 'certificate_no' || ch.item === 'disability_level');
        const meta = byCertificateSystem ? { mode: 'certificate-system' as const, source: 'certificate-system', effective: certRow.issued_on } : { ...visit, effective: visitOn };
        drafts.push({ at: meta.effective, order: order++, event: { op: 'set', person: h.id, item: ch.item, old: ch.old, new: ch.new, ...meta } });
      }
    } else if (inNow) {
      const visit = visitOf(h.record);
      const effective = String(h.record.collected_on ?? h.record.reference_date);
      drafts.push({ at: effective, order: order++, event: { op: 'add', person: h.id, record: eventRecord(h.record), effective, ...visit } });
    } else if (before && h.exit) {
      drafts.push({ at: h.exit.on, order: order++, event: { op: 'exit', person: h.id, reason: h.exit.reason, effective: h.exit.on, mode: h.exit.mode, source: h.exit.source } });
    }
  }
  drafts.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.order - b.order));
  return drafts.map((d, i) => ({ id: `r${round}-${String(i + 1).padStart(6, '0')}`, ...d.event }) as SynthChangeEvent);
}

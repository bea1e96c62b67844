/**
 * Re-visit samples (复核抽样): seeded, reproducible draws of persons to visit again — simple random,
 * stratified by a unit, or multi-level cluster samples (the acceptance checks of 乡镇, 县, 市 each
 * drawing villages within townships within counties) whose levels never share a village, with
 * optional oversampling of records with warnings or of listed collectors. The design record says how
 * the sample was drawn and every person's inclusion probability, so weights can be computed.
 */
import type { PersonFormVersion } from '@canji/form';
import { REGION_LEVEL_LENGTH, REGION_LEVELS, type RegionLevel } from '@canji/regions';
import { fail, type AuditIssue, type AuditResult } from './errors.js';
import { defaultRevisitItems } from './item-classes.js';
import { SAMPLE_PRNG, SampleRandom } from './random.js';
import { isRecord, personKeyOf, unitOf, type AuditUnitLevel } from './units.js';

/** How many to draw in a unit: a `rate` (0–1] of its records, or a `count`. Exactly one. */
export interface SampleSize {
  rate?: number;
  count?: number;
}

/** Records to draw more often than the others (their inclusion probability is raised, and recorded). */
export interface OversampleSpec {
  /** Records with warnings (or any the office picks): indexes into the input, or resident IDs. */
  records?: Iterable<number | string>;
  /** Collectors whose records are drawn more often (e.g. high error rates last time). */
  collectors?: readonly string[];
  /** How many times as likely a flagged record is drawn as another of its unit (default 2). */
  factor?: number;
}

interface CommonSpec {
  /** Integer 0 … 2^32 − 1; recorded in the design. Same seed, same records (in any order) → same sample. */
  seed: number;
  oversample?: OversampleSpec;
  /** Items to re-ask (default {@link defaultRevisitItems} of `version`). */
  items?: readonly string[];
  /** Form version of the records (default `'2017'`): chooses the default items. */
  version?: PersonFormVersion;
}

/** A simple random sample of the whole batch. */
export interface SimpleSampleSpec extends CommonSpec, SampleSize {
  method: 'simple';
}

/** A stratified sample: `rate` or `count` in every unit of `by`. */
export interface StratifiedSampleSpec extends CommonSpec, SampleSize {
  method: 'stratified';
  by: AuditUnitLevel;
}

/** One stage of a cluster level: how many units of `level` are drawn within each unit of the stage above. */
export interface ClusterStage extends SampleSize {
  level: Exclude<RegionLevel, 'province'>;
}

/**
 * One acceptance level of a cluster sample: within every unit of `unit` (e.g. each county for the
 * county's acceptance check), the `stages` are drawn in turn, ending with villages, then `persons`
 * within each drawn village. E.g. `{ id: '县级验收', unit: 'county', stages: [{ level: 'township', count: 2 },
 * { level: 'village', count: 2 }], persons: { count: 10 } }`.
 */
export interface ClusterLevelSpec {
  /** Name of the level as written in lists and the design (`乡镇验收`, `县级验收` …). */
  id: string;
  unit: Exclude<RegionLevel, 'village'>;
  stages: readonly ClusterStage[];
  persons: SampleSize;
}

/**
 * A multi-level cluster sample: each level in turn, a later level never drawing a village an
 * earlier one drew (so no person is checked twice, and each level's check is independent).
 */
export interface ClusterSampleSpec extends CommonSpec {
  method: 'cluster';
  levels: readonly ClusterLevelSpec[];
}

/** What {@link drawSample} draws. */
export type SampleSpec = SimpleSampleSpec | StratifiedSampleSpec | ClusterSampleSpec;

/** Why a record is in the sample: drawn at the unit's rate, or oversampled (warnings / collector). */
export type SampleReason = 'random' | 'oversampled-record' | 'oversampled-collector';

/** zh-CN labels of {@link SampleReason}. */
export const SAMPLE_REASON_LABELS: Readonly<Record<SampleReason, string>> = {
  random: '随机抽取',
  'oversampled-record': '有警告记录，加大抽取比例',
  'oversampled-collector': '重点采集员，加大抽取比例',
};

/** One drawn record. */
export interface SampledRecord {
  /** Index of the record in the input. */
  readonly index: number;
  /** Canonical resident ID (for matching the re-visit), or `undefined`. */
  readonly key: string | undefined;
  /** The stratum or village cluster it was drawn in (a region code, a collector, or `all`). */
  readonly unit: string;
  /** The cluster level (its `id`) for a cluster sample. */
  readonly level?: string;
  readonly reason: SampleReason;
  /** Probability the design gave this record of being drawn (product over the stages). */
  readonly inclusionProbability: number;
  /** 1 / inclusion probability: the number of records it stands for. */
  readonly weight: number;
  readonly record: Readonly<Record<string, unknown>>;
}

/** Sizes of one stratum (or village cluster) of the design. */
export interface SampleStratum {
  readonly unit: string;
  readonly level?: string;
  /** Records in the unit (eligible for the draw). */
  readonly population: number;
  /** Of them flagged for oversampling. */
  readonly flagged: number;
  readonly requested: number;
  readonly realised: number;
  /** Inclusion probability of an unflagged and of a flagged record in the unit, over all stages. */
  readonly probability: number;
  readonly flaggedProbability: number;
}

/** One stage draw of a cluster level, within one parent unit. */
export interface ClusterDraw {
  readonly level: string;
  readonly parent: string;
  readonly stage: ClusterStage['level'];
  /** Units of the stage under `parent` with villages still free (not drawn by an earlier level). */
  readonly available: number;
  readonly requested: number;
  readonly drawn: readonly string[];
}

/** How a sample was drawn: everything needed to re-draw it or compute weights. */
export interface SampleDesign {
  readonly seed: number;
  /** The generator (`mulberry32`, one stream per stratum seeded by FNV-1a of `seed:unit`). */
  readonly prng: typeof SAMPLE_PRNG;
  readonly method: SampleSpec['method'];
  readonly by?: AuditUnitLevel;
  readonly size?: SampleSize;
  readonly levels?: readonly ClusterLevelSpec[];
  readonly oversample?: { readonly records: number; readonly collectors: readonly string[]; readonly factor: number };
  readonly items: readonly string[];
  /** Records read, and those left out (not objects; no region code for a cluster sample). */
  readonly records: number;
  readonly excluded: number;
  readonly strata: readonly SampleStratum[];
  readonly clusters?: readonly ClusterDraw[];
  readonly requested: number;
  readonly realised: number;
  /** How records are ordered before drawing, and how sizes are rounded. */
  readonly notes: readonly string[];
}

/** A drawn sample. */
export interface Sample {
  readonly records: readonly SampledRecord[];
  readonly design: SampleDesign;
  readonly issues: readonly AuditIssue[];
}

const DESIGN_NOTES = [
  '每个层（或村）内先按公民身份号码排序（无号码的按原顺序排在后面），再用该层自己的随机数序列抽取：记录的先后顺序不影响样本。',
  '按比例抽取时，每层应抽人数 = 比例 × 人数，四舍五入，至少 1 人；层内人数少于应抽人数时全部抽取。',
  '加大抽取比例的记录与其他记录按“倍数 × 人数”分配应抽人数，各自等概率抽取；入样概率分别记录，权数 = 1 / 入样概率。',
];

function sizeError(s: SampleSize, what: string): string | undefined {
  const hasRate = s.rate !== undefined;
  const hasCount = s.count !== undefined;
  if (hasRate === hasCount) return `${what}应给出比例（rate）或人数（count）之一`;
  if (hasRate && !(typeof s.rate === 'number' && s.rate > 0 && s.rate <= 1)) return `${what}的比例应在 (0, 1] 之内（收到 ${String(s.rate)}）`;
  if (hasCount && !(Number.isInteger(s.count) && s.count! >= 0)) return `${what}的人数应为非负整数（收到 ${String(s.count)}）`;
  return undefined;
}

/** Requested size of a unit of `n` records. */
function requestedOf(s: SampleSize, n: number): number {
  if (s.count !== undefined) return s.count;
  if (n === 0) return 0;
  return Math.max(1, Math.round(s.rate! * n));
}

interface Member {
  index: number;
  key: string | undefined;
  flagged: SampleReason | undefined;
}

const byKey = (a: Member, b: Member) => (a.key === b.key ? a.index - b.index : a.key === undefined ? 1 : b.key === undefined ? -1 : a.key < b.key ? -1 : 1);

interface Drawn {
  picked: { m: Member; p: number }[];
  requested: number;
  flagged: number;
  probability: number;
  flaggedProbability: number;
}

/** Draws `requested` members (all when fewer), oversampling the flagged ones by `factor`. */
function drawUnit(members: Member[], size: SampleSize, factor: number, rng: SampleRandom): Drawn {
  const sorted = [...members].sort(byKey);
  const n = sorted.length;
  const requested = requestedOf(size, n);
  const flagged = sorted.filter((m) => m.flagged !== undefined);
  const other = sorted.filter((m) => m.flagged === undefined);
  const take = Math.min(requested, n);
  let nf = flagged.length === 0 ? 0 : Math.min(flagged.length, Math.round((take * factor * flagged.length) / (factor * flagged.length + other.length)));
  const no = Math.min(other.length, take - nf);
  nf = Math.min(flagged.length, take - no);
  const pf = flagged.length === 0 ? 0 : nf / flagged.length;
  const po = other.length === 0 ? 0 : no / other.length;
  const picked: { m: Member; p: number }[] = [];
  for (const i of rng.choose(flagged.length, nf)) picked.push({ m: flagged[i]!, p: pf });
  for (const i of rng.choose(other.length, no)) picked.push({ m: other[i]!, p: po });
  return { picked, requested, flagged: flagged.length, probability: po, flaggedProbability: pf };
}

function validate(spec: SampleSpec): string | undefined {
  if (!isRecord(spec)) return '抽样方案应为对象';
  const method = (spec as { method?: unknown }).method;
  if (method === 'simple') return sizeError(spec as SampleSize, '简单随机抽样');
  if (method === 'stratified') {
    const by = (spec as StratifiedSampleSpec).by;
    if (by !== 'collector' && !(REGION_LEVELS as readonly string[]).includes(by)) return `分层抽样的分层单位应为 county、township、village、collector 等（收到 ${String(by)}）`;
    return sizeError(spec as SampleSize, '分层抽样');
  }
  if (method === 'cluster') {
    const levels = (spec as ClusterSampleSpec).levels;
    if (!Array.isArray(levels) || levels.length === 0) return '整群抽样应给出至少一级验收（levels）';
    const ids = new Set<string>();
    for (const l of levels as ClusterLevelSpec[]) {
      if (!isRecord(l) || typeof l.id !== 'string' || l.id === '') return '每一级验收应有名称（id）';
      if (ids.has(l.id)) return `验收级别“${l.id}”重复`;
      ids.add(l.id);
      const unitAt = REGION_LEVELS.indexOf(l.unit as RegionLevel);
      if (unitAt < 0 || (l.unit as string) === 'village') return `“${l.id}”的验收单位应为 province、prefecture、county 或 township（收到 ${String(l.unit)}）`;
      if (!Array.isArray(l.stages) || l.stages.length === 0) return `“${l.id}”应给出抽取阶段（stages），最后一阶段为 village`;
      let at = unitAt;
      for (const s of l.stages) {
        const i = REGION_LEVELS.indexOf(s?.level as RegionLevel);
        if (i <= at) return `“${l.id}”的抽取阶段应自上而下、低于验收单位（收到 ${String(s?.level)}）`;
        at = i;
        const e = sizeError(s, `“${l.id}”的 ${s.level} 阶段`);
        if (e) return e;
      }
      if (l.stages[l.stages.length - 1]!.level !== 'village') return `“${l.id}”的最后一个抽取阶段应为 village（村、社区）`;
      const e = sizeError(l.persons ?? {}, `“${l.id}”每村抽取的人数`);
      if (e) return e;
    }
    return undefined;
  }
  return `抽样方法应为 simple、stratified 或 cluster（收到 ${String(method)}）`;
}

/**
 * Draws a re-visit sample from a batch of person records (see {@link SampleSpec} for the three
 * methods). Reproducible: the same seed and the same records, in any order, give the same sample.
 * Records that are not objects are left out (an issue each); so, for a cluster sample, are records
 * without a 12-digit `region_code`.
 *
 * @summary Draw a seeded re-visit sample
 * @example
 * ```ts
 * import { drawSample } from '@canji/audits';
 * const r = drawSample(records, { method: 'stratified', by: 'township', rate: 0.02, seed: 7 });
 * if (r.ok) {
 *   r.value.records.length; //=> about 2 % of the batch, at least 1 per township
 *   r.value.design.strata[0]; //=> { unit: '430121001', population: 812, requested: 16, realised: 16, … }
 * }
 * ```
 */
export function drawSample(records: Iterable<unknown>, spec: SampleSpec): AuditResult<Sample> {
  const err = validate(spec);
  if (err) return fail(err.includes('验收') || err.includes('阶段') ? 'AUDIT_LEVELS_INVALID' : 'AUDIT_SPEC_INVALID', err);
  if (!(Number.isInteger(spec.seed) && spec.seed >= 0 && spec.seed <= 0xffffffff)) return fail('AUDIT_SEED_INVALID', `随机种子应为 0 至 4294967295 之间的整数（收到 ${String(spec.seed)}）`);
  const factor = spec.oversample?.factor ?? 2;
  if (!(typeof factor === 'number' && factor >= 1 && Number.isFinite(factor))) return fail('AUDIT_SPEC_INVALID', `加大抽取的倍数应不小于 1（收到 ${String(factor)}）`);

  const list: Readonly<Record<string, unknown>>[] = [];
  const issues: AuditIssue[] = [];
  let n = 0;
  const inputIndex: number[] = [];
  for (const r of records) {
    if (isRecord(r)) {
      list.push(r);
      inputIndex.push(n);
    } else issues.push({ code: 'AUDIT_RECORD_NOT_OBJECT', message: `第 ${n + 1} 条记录不是对象，未参加抽样`, index: n });
    n++;
  }
  const flagRecords = new Set<number>();
  const flagIds = new Set<string>();
  for (const x of spec.oversample?.records ?? []) {
    if (typeof x === 'number') flagRecords.add(x);
    else if (typeof x === 'string') flagIds.add(personKeyOf({ resident_id: x }) ?? x);
  }
  const flagCollectors = new Set((spec.oversample?.collectors ?? []).map((c) => c.trim()));
  const members: Member[] = list.map((r, i) => {
    const index = inputIndex[i]!;
    const key = personKeyOf(r);
    const flagged: SampleReason | undefined =
      flagRecords.has(index) || (key !== undefined && flagIds.has(key)) ? 'oversampled-record' : flagCollectors.has(unitOf(r, 'collector')) ? 'oversampled-collector' : undefined;
    return { index, key, flagged };
  });
  const recordAt = new Map<number, Readonly<Record<string, unknown>>>();
  list.forEach((r, i) => recordAt.set(inputIndex[i]!, r));

  const out: SampledRecord[] = [];
  const strata: SampleStratum[] = [];
  const clusters: ClusterDraw[] = [];
  let excluded = n - list.length;
  const emit = (d: Drawn, unit: string, stageProbability: number, population: number, level?: string) => {
    for (const { m, p } of d.picked) {
      const pi = p * stageProbability;
      out.push({ index: m.index, key: m.key, unit, ...(level ? { level } : {}), reason: m.flagged ?? 'random', inclusionProbability: pi, weight: 1 / pi, record: recordAt.get(m.index)! });
    }
    strata.push({ unit, ...(level ? { level } : {}), population, flagged: d.flagged, requested: d.requested, realised: d.picked.length, probability: d.probability * stageProbability, flaggedProbability: d.flaggedProbability * stageProbability });
  };

  if (spec.method === 'simple') {
    emit(drawUnit(members, spec, factor, SampleRandom.forStratum(spec.seed, 'all')), 'all', 1, members.length);
  } else if (spec.method === 'stratified') {
    const groups = groupBy(members, (m) => unitOf(recordAt.get(m.index)!, spec.by));
    for (const unit of [...groups.keys()].sort()) {
      const g = groups.get(unit)!;
      emit(drawUnit(g, spec, factor, SampleRandom.forStratum(spec.seed, unit)), unit, 1, g.length);
    }
  } else {
    const withRegion = members.filter((m) => /^\d{12}$/.test(unitOf(recordAt.get(m.index)!, 'village')));
    const hasRegion = new Set(withRegion);
    for (const m of members) if (!hasRegion.has(m)) issues.push({ code: 'AUDIT_NO_REGION', message: `第 ${m.index + 1} 条记录没有 12 位区划代码，未参加整群抽样`, index: m.index });
    excluded += members.length - withRegion.length;
    const byVillage = groupBy(withRegion, (m) => unitOf(recordAt.get(m.index)!, 'village'));
    const used = new Set<string>();
    for (const level of spec.levels) {
      const free = [...byVillage.keys()].filter((v) => !used.has(v)).sort();
      const cut = (code: string, l: RegionLevel) => code.slice(0, REGION_LEVEL_LENGTH[l]);
      const units = [...new Set(free.map((v) => cut(v, level.unit)))].sort();
      for (const unit of units) {
        // Stage by stage: the parents of this stage, each with its probability so far.
        let parents: { code: string; p: number }[] = [{ code: unit, p: 1 }];
        for (const stage of level.stages) {
          const next: { code: string; p: number }[] = [];
          for (const parent of parents) {
            const children = [...new Set(free.filter((v) => v.startsWith(parent.code)).map((v) => cut(v, stage.level)))].sort();
            const requested = requestedOf(stage, children.length);
            const rng = SampleRandom.forStratum(spec.seed, `${level.id}:${parent.code}:${stage.level}`);
            const drawn = rng.choose(children.length, requested).map((i) => children[i]!);
            const p = children.length === 0 ? 0 : drawn.length / children.length;
            clusters.push({ level: level.id, parent: parent.code, stage: stage.level, available: children.length, requested, drawn });
            for (const c of drawn) next.push({ code: c, p: parent.p * p });
          }
          parents = next;
        }
        for (const village of parents) {
          used.add(village.code);
          const g = byVillage.get(village.code)!;
          emit(drawUnit(g, level.persons, factor, SampleRandom.forStratum(spec.seed, `${level.id}:${village.code}`)), village.code, village.p, g.length, level.id);
        }
      }
    }
  }
  out.sort((a, b) => a.index - b.index);
  const flaggedCount = members.filter((m) => m.flagged !== undefined).length;
  const design: SampleDesign = {
    seed: spec.seed,
    prng: SAMPLE_PRNG,
    method: spec.method,
    ...(spec.method === 'stratified' ? { by: spec.by } : {}),
    ...(spec.method !== 'cluster' ? { size: spec.rate !== undefined ? { rate: spec.rate } : { count: spec.count! } } : { levels: spec.levels }),
    ...(spec.oversample ? { oversample: { records: flaggedCount, collectors: [...flagCollectors], factor } } : {}),
    items: [...(spec.items ?? defaultRevisitItems(spec.version ?? '2017'))],
    records: n,
    excluded,
    strata,
    ...(spec.method === 'cluster' ? { clusters } : {}),
    requested: strata.reduce((s, x) => s + x.requested, 0),
    realised: out.length,
    notes: DESIGN_NOTES,
  };
  return { ok: true, value: { records: out, design, issues } };
}

function groupBy<T>(xs: readonly T[], f: (x: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const x of xs) {
    const k = f(x);
    const g = m.get(k);
    if (g) g.push(x);
    else m.set(k, [x]);
  }
  return m;
}

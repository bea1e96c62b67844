/**
 * The shares the generator draws from, each with where it comes from.
 *
 * Sources are the ids of docs/sources.md (S1…S28 on the form, P…/C… on the policies, D… the
 * documents themselves) and a few published figures named in place. Where no source gives a share, the value is
 * an **assumption** chosen to look like a county's submission and is marked so. All tables are plain
 * data: a caller may pass their own through `SynthesizePersonsOptions.distributions`.
 */
import { Weighted } from './random.js';

type Shares = readonly (readonly [number, number])[];

/** Every table the person generator uses; replace any of them to model another population. */
export interface PersonDistributions {
  /** 人员/核查状态 (1 查无此人 … 6 正常). */
  personStatus: Shares;
  /** Share of persons visited at home (入户); the rest is split over the other collection modes. */
  homeVisitShare: number;
  /** Share of records collected on a mobile terminal (the rest on paper). */
  mobileShare: number;
  /** Share of men among certificate holders. */
  maleShare: number;
  /** Age bands `[fromAge, toAge, weight]`, uniform within a band. */
  ageBands: readonly (readonly [number, number, number])[];
  /** 残疾类别 mix for children (< 18), adults (18–59) and older people (60+). */
  categoryChildren: Shares;
  categoryAdults: Shares;
  categoryOlder: Shares;
  /** 残疾等级 per category (index 1…7). */
  levelByCategory: Readonly<Record<number, Shares>>;
  /** Share of agricultural 户口 (R3 = 1) in rural villages (村委会) and in urban communities (居委会). */
  agriculturalInVillage: number;
  agriculturalInCommunity: number;
  /** Share of 6–14-year-olds enrolled (R14 filled). */
  enrolment6to14: number;
  /** Employment (R16 = 1) among 16–59-year-olds not in school, by level (index 1…4). */
  employmentByLevel: readonly number[];
}

/**
 * The default tables. Shares are relative weights (they need not add up to 1).
 *
 * @example
 * // a younger population with fewer visits at home
 * synthesizePersons({ seed: 1, count: 100, distributions: { homeVisitShare: 0.8, ageBands: [[0, 17, 1], [18, 59, 3]] } });
 */
export const DEFAULT_DISTRIBUTIONS: PersonDistributions = {
  // S3 (常州, 2016): of 361 persons 3 were not reached (死亡, 人户不在), i.e. about 1 %; S8 gives the
  // codes. The split among the not-normal codes is an ASSUMPTION (外出 most common, then 死亡).
  personStatus: [
    [6, 955],
    [4, 20],
    [5, 12],
    [2, 7],
    [3, 3],
    [1, 3],
  ],
  // S20 (2022): 入户调查率 94.53 %; S3: 入户 285 of 361 plus 见面 63 (96.3 % counting both).
  homeVisitShare: 0.945,
  // S20: APP采集率 99.59 %; D6: paper and mobile in parallel, moving to mobile. ASSUMPTION 98 %.
  mobileShare: 0.98,
  // ASSUMPTION: certificate holders lean male (the 2006 national sample survey of all disabled
  // persons had 51.55 % men; men apply for certificates more often).
  maleShare: 0.56,
  // ASSUMPTION shaped by the 2006 national sample survey (60+ were about 53 % of all disabled
  // persons; certificate holders are somewhat younger) and S11/S15 (children are a small group).
  ageBands: [
    [0, 5, 12],
    [6, 14, 30],
    [15, 17, 13],
    [18, 29, 60],
    [30, 44, 130],
    [45, 59, 335],
    [60, 69, 220],
    [70, 79, 140],
    [80, 89, 50],
    [90, 99, 10],
  ],
  // Adults: a county's published 2020 breakdown of second-generation certificate holders (琼中县
  // 年鉴: 视力 6 %, 听力 8 %, 言语 0.7 %, 肢体 50 %, 智力 7.8 %, 精神 21 %, 多重 6 %) moved toward the
  // 2006 national survey for the sensory categories; limb disability is the largest group (issue 5).
  // Children and older people: ASSUMPTION (developmental disability dominates in children; limb,
  // vision and hearing in old age).
  categoryAdults: [
    [1, 8],
    [2, 8],
    [3, 1],
    [4, 52],
    [5, 9],
    [6, 15],
    [7, 7],
  ],
  categoryChildren: [
    [1, 4],
    [2, 12],
    [3, 6],
    [4, 25],
    [5, 35],
    [6, 5],
    [7, 13],
  ],
  categoryOlder: [
    [1, 11],
    [2, 12],
    [3, 0.5],
    [4, 58],
    [5, 4],
    [6, 7],
    [7, 7.5],
  ],
  // ASSUMPTION, checked against S28: 1,640万 recipients of the care subsidy (levels 1–2 needing
  // long-term care) among roughly 3,800万 certificate holders puts levels 1–2 near 45 %. Multiple
  // disability takes the worst component's level (D13; docs/guides/policy-basis.md §2), hence its severe skew.
  levelByCategory: {
    1: [[1, 25], [2, 20], [3, 20], [4, 35]],
    2: [[1, 15], [2, 25], [3, 30], [4, 30]],
    3: [[1, 30], [2, 25], [3, 25], [4, 20]],
    4: [[1, 12], [2, 28], [3, 28], [4, 32]],
    5: [[1, 12], [2, 35], [3, 33], [4, 20]],
    6: [[1, 10], [2, 45], [3, 30], [4, 15]],
    7: [[1, 40], [2, 35], [3, 15], [4, 10]],
  },
  // 琼中县 2020: 3,483 of 5,099 holders agricultural (68 %). Split by village type is an ASSUMPTION.
  agriculturalInVillage: 0.95,
  agriculturalInCommunity: 0.35,
  // S15 (十四五 results): 义务教育入学率 97 %; S11: thousands of 未入学 children in one province.
  // ASSUMPTION 93 %, between the 十三五 target (95 %, S17) and earlier shortfalls.
  enrolment6to14: 0.93,
  // S22: 905.5万 employed certificate holders (2022) — roughly half of the working-age holders.
  // Split by level is an ASSUMPTION (severe disability lowers employment).
  employmentByLevel: [0, 0.22, 0.38, 0.55, 0.65],
};

/** Weighted tables compiled once from a `PersonDistributions`. */
export interface CompiledDistributions {
  personStatus: Weighted<number>;
  age: Weighted<number>;
  categoryChildren: Weighted<number>;
  categoryAdults: Weighted<number>;
  categoryOlder: Weighted<number>;
  level: Weighted<number>[];
  source: PersonDistributions;
}

export function compileDistributions(d: PersonDistributions): CompiledDistributions {
  // Expand bands into single years so the draw is one table lookup.
  const ages: [number, number][] = [];
  for (const [from, to, w] of d.ageBands) {
    // Within 80–99 the weight falls linearly (mortality); elsewhere uniform.
    const span = to - from + 1;
    for (let a = from; a <= to; a++) {
      const share = from >= 80 ? (w * 2 * (to + 1 - a)) / (span * (span + 1)) : w / span;
      ages.push([a, share]);
    }
  }
  const level: Weighted<number>[] = [];
  for (let c = 1; c <= 7; c++) level[c] = new Weighted(d.levelByCategory[c] ?? [[4, 1]]);
  return {
    personStatus: new Weighted(d.personStatus),
    age: new Weighted(ages),
    categoryChildren: new Weighted(d.categoryChildren),
    categoryAdults: new Weighted(d.categoryAdults),
    categoryOlder: new Weighted(d.categoryOlder),
    level,
    source: d,
  };
}

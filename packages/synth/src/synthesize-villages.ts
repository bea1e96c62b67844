import { addDays, toYmd } from './dates.js';
import { synthesizeName } from './names.js';
import { STREAM } from './person.js';
import { Random, seedToUint32, type Seed } from './random.js';
import { resolveVillages } from './region-source.js';
import { DEFAULT_AS_OF, DEFAULT_REGION } from './synthesize-persons.js';
import type { SynthVillage } from './villages.js';

/**
 * A village/community record (动态2表 村（社区）基本公共服务), with the keys of `@canji/form`'s
 * `villageForm('2017')`: the 11 items of docs/guides/form-reconstruction.md §4 (S4: "11项调查指标"; S11's
 * dashboard lists them), each a yes/no (1 是/有, 2 否/无) — the answer type is an
 * inference from S11's charts.
 */
export interface SynthVillageRecord {
  region_code: string;
  survey_year: number;
  /** 填报人 (synthetic name). */
  collector: string;
  collected_on: string;
  /** 综合服务中心 */ v1: 1 | 2;
  /** 医院 / 卫生室 */ v2: 1 | 2;
  /** 学校 / 幼儿园 */ v3: 1 | 2;
  /** 商店 / 小卖部 */ v4: 1 | 2;
  /** 银行网点 */ v5: 1 | 2;
  /** 文体活动中心 */ v6: 1 | 2;
  /** 社区康复站 */ v7: 1 | 2;
  /** 日间照料机构 */ v8: 1 | 2;
  /** 为残疾人提供居家服务 */ v9: 1 | 2;
  /** 组织文化体育活动 */ v10: 1 | 2;
  /** 有体育健身指导员 */ v11: 1 | 2;
}

/**
 * Labels of the village items v1…v11 (docs/guides/form-reconstruction.md §4, S11 wording).
 *
 * @example
 * VILLAGE_ITEMS[6] //=> { key: 'v7', label: '社区康复站' }
 */
export const VILLAGE_ITEMS: readonly { key: `v${number}` & keyof SynthVillageRecord; label: string }[] = [
  { key: 'v1', label: '综合服务中心' },
  { key: 'v2', label: '医院（卫生室）' },
  { key: 'v3', label: '学校（幼儿园）' },
  { key: 'v4', label: '商店（小卖部）' },
  { key: 'v5', label: '银行网点' },
  { key: 'v6', label: '文体活动中心' },
  { key: 'v7', label: '社区康复站' },
  { key: 'v8', label: '日间照料机构' },
  { key: 'v9', label: '为残疾人提供居家服务' },
  { key: 'v10', label: '组织文化体育活动' },
  { key: 'v11', label: '体育健身指导员' },
];

// ASSUMPTION (no source gives shares): [urban community, rural village] probability of "有".
// Village clinics (卫生室) are near universal in rural China; banks, schools and rehabilitation
// stations are rarer in villages than in urban communities.
const SHARES: readonly (readonly [number, number])[] = [
  [0.95, 0.85],
  [0.9, 0.92],
  [0.5, 0.3],
  [0.95, 0.85],
  [0.5, 0.15],
  [0.8, 0.6],
  [0.45, 0.25],
  [0.5, 0.2],
  [0.55, 0.3],
  [0.7, 0.45],
  [0.5, 0.3],
];

/** Options of {@link synthesizeVillages}. */
export interface SynthesizeVillagesOptions {
  seed: Seed;
  /** Province, county or township code (default `'430121'`); see `synthesizePersons`. */
  region?: string;
  villages?: readonly SynthVillage[];
  version?: '2017';
  asOf?: string | Date;
}

/**
 * One 动态2表 village/community record per village code under the region, lazily (sync and async
 * iterable), deterministic in `seed`; every record passes `@canji/form`'s `validateVillage`.
 *
 * @summary Generate synthetic village/community records
 * @example
 * ```ts
 * for (const v of synthesizeVillages({ seed: 1, region: '430121' })) console.log(v.region_code, v.v7);
 * //=> 430121001001 1 …
 * ```
 */
export function synthesizeVillages(options: SynthesizeVillagesOptions): Iterable<SynthVillageRecord> & AsyncIterable<SynthVillageRecord> & { readonly count: number } {
  if ((options.version ?? '2017') !== '2017') throw new RangeError(`暂不支持的表版本：${String(options.version)}`);
  const villages = options.villages ?? resolveVillages(options.region ?? DEFAULT_REGION);
  const asOf = toYmd(options.asOf ?? DEFAULT_AS_OF);
  if (!asOf) throw new RangeError(`asOf 无效：${String(options.asOf)}`);
  const seed32 = seedToUint32(options.seed);
  function* gen(): Generator<SynthVillageRecord> {
    const rng = new Random();
    for (let i = 0; i < villages.length; i++) {
      const v = villages[i]!;
      rng.reseed(seed32, STREAM.village, i);
      const col = v.urban ? 0 : 1;
      const yn = (k: number) => (rng.chance(SHARES[k]![col]!) ? 1 : 2) as 1 | 2;
      const rec: SynthVillageRecord = {
        region_code: v.code,
        survey_year: asOf!.y,
        collector: synthesizeName(rng, rng.chance(0.6) ? 'female' : 'male'),
        collected_on: addDays(asOf!, rng.int(62)),
        v1: yn(0),
        v2: yn(1),
        v3: yn(2),
        v4: yn(3),
        v5: yn(4),
        v6: yn(5),
        v7: yn(6),
        v8: yn(7),
        v9: yn(8),
        v10: yn(9),
        v11: yn(10),
      };
      // A rehabilitation station implies the community offers something to disabled residents.
      if (rec.v7 === 1 && rng.chance(0.7)) rec.v9 = 1;
      yield rec;
    }
  }
  return {
    count: villages.length,
    [Symbol.iterator]: gen,
    async *[Symbol.asyncIterator]() {
      yield* gen();
    },
  };
}

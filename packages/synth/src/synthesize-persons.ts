import type { PersonDistributions } from './distributions.js';
import { PersonGenerator, type SynthPersonRecord } from './person.js';
import type { Seed } from './random.js';
import { resolveVillages } from './region-source.js';
import type { SynthVillage } from './villages.js';

/** Form versions the person generator can fill: 2017 (used 2017–2020) and the provisional 2021/2022 form. */
export type SynthFormVersion = '2017' | '2021';

/** Options of {@link synthesizePersons}. */
export interface SynthesizePersonsOptions {
  /** Same seed → the same records, byte for byte. */
  seed: Seed;
  /** How many records. */
  count: number;
  /**
   * Where the persons live: a province (`'43'` or `'430000'`), county (`'430121'`) or township
   * (`'430121001'`) code. Villages come from `villages` when given, else from `@canji/regions`
   * (see {@link loadSynthVillages}), else are fabricated under the region's county codes.
   * Default `'430121'`.
   */
  region?: string;
  /** Explicit villages/communities to draw from (e.g. from {@link loadSynthVillages}); overrides `region`'s lookup. */
  villages?: readonly SynthVillage[];
  /**
   * Form version: `'2017'` (default; 41 items, used 2017–2020) or `'2021'` (27 items, provisional in
   * `@canji/form`; the same persons renumbered, see `PersonGenerator.generate2021`).
   */
  version?: SynthFormVersion;
  /**
   * Reference date of the round: ages are computed at it, `survey_year` is its year, collection
   * dates fall in the 62 days after it. Default `'2019-06-30'` (mid-year of the 2019 round: the
   * provincial app computes ages at about mid-year, C3; docs/guides/policy-basis.md §3).
   */
  asOf?: string | Date;
  /** Replace some of the default shares (see `DEFAULT_DISTRIBUTIONS`). */
  distributions?: Partial<PersonDistributions>;
}

/**
 * Where a `PersonStream` of the 2017 form keeps its full records (every key of `PERSON_KEYS`,
 * unanswered ones `undefined`): the writers of this package use them when handed the stream itself,
 * to serialise without walking each record's keys. Not part of the public API.
 */
export const FULL_RECORDS: unique symbol = Symbol('canji.synth.fullRecords');

/** A lazily generated, re-iterable sequence of person records (sync and async). */
export interface PersonStream extends Iterable<SynthPersonRecord>, AsyncIterable<SynthPersonRecord> {
  readonly count: number;
  /** The villages the persons are drawn into. */
  readonly villages: readonly SynthVillage[];
}

/** Default region of the generators: 长沙县, Hunan (the mission's province). */
export const DEFAULT_REGION = '430121';
/** Default reference date. */
export const DEFAULT_AS_OF = '2019-06-30';

/**
 * Synthetic person records (动态1表) that pass `validatePerson`: valid ID numbers whose region,
 * birth date and sex agree with the record, certificate numbers that agree with category and level,
 * answers that follow the skip logic and consistency rules, with documented shares.
 *
 * Lazy and constant in memory: nothing is generated before it is iterated, and each iteration
 * starts afresh from the seed. Record *i* depends only on the seed and the records before it, so the
 * first *n* records of a larger `count` equal those of `count: n`.
 *
 * @summary Generate synthetic person records
 * @example
 * ```ts
 * import { synthesizePersons } from '@canji/synth';
 * for (const p of synthesizePersons({ seed: 1, count: 3, region: '430121' })) {
 *   console.log(p.resident_id, p.disability_category, p.r16);
 * }
 * //=> e.g. 430121196803150231 4 1
 * ```
 */
export function synthesizePersons(options: SynthesizePersonsOptions): PersonStream {
  const count = options.count;
  if (!Number.isInteger(count) || count < 0) throw new RangeError(`count 应为非负整数：${count}`);
  const version = options.version ?? '2017';
  if (version !== '2017' && version !== '2021') throw new RangeError(`暂不支持的表版本：${String(options.version)}`);
  const villages = options.villages ?? resolveVillages(options.region ?? DEFAULT_REGION);
  const make = () =>
    new PersonGenerator({
      seed: options.seed,
      villages,
      asOf: options.asOf ?? DEFAULT_AS_OF,
      distributions: options.distributions,
    });
  make(); // validate options eagerly (bad asOf, empty region) rather than on first iteration
  const stream: PersonStream & { [FULL_RECORDS]?: () => Iterable<SynthPersonRecord> } = {
    count,
    villages,
    *[Symbol.iterator]() {
      const g = make();
      if (version === '2021') for (let i = 0; i < count; i++) yield g.generate2021(i);
      else for (let i = 0; i < count; i++) yield g.generate(i);
    },
    async *[Symbol.asyncIterator]() {
      const g = make();
      if (version === '2021') for (let i = 0; i < count; i++) yield g.generate2021(i);
      else for (let i = 0; i < count; i++) yield g.generate(i);
    },
  };
  if (version === '2017') {
    stream[FULL_RECORDS] = function* () {
      const g = make();
      for (let i = 0; i < count; i++) yield g.generateFull(i);
    };
  }
  return stream;
}

/**
 * Where synthetic persons live: 12-digit NBS statistical codes (统计用区划代码) of villages (村委会)
 * and urban communities (居委会).
 *
 * NBS coding rule used below: the last three digits of a village-level code are 001–199 for a
 * 居民委员会 (urban community) and 200–399 for a 村民委员会 (rural village). A region table that
 * carries the NBS urban-rural classification (城乡分类代码, 1xx urban, 2xx rural) is preferred.
 */
import { Random, mix32, seedToUint32 } from './random.js';

/** A village or community persons are drawn into. */
export interface SynthVillage {
  /** 12-digit statistical code. */
  readonly code: string;
  readonly name: string;
  /** Urban community (居委会) rather than rural village (村委会). */
  readonly urban: boolean;
}

/**
 * Is a 12-digit code an urban community by the NBS numbering rule (001–199)?
 *
 * @example
 * isCommunityCode('430121001001') //=> true
 * isCommunityCode('430121001201') //=> false
 */
export function isCommunityCode(code12: string): boolean {
  const n = Number(code12.slice(9, 12));
  return n >= 1 && n <= 199;
}

const NAME_PARTS = Array.from('东西南北中上下前后新老大小高低长青红白金石山水河湖桥岭坪坝岗塘湾溪林竹松柏桃李杏梅兰丰安宁和平兴福寿康乐胜利光明团结建设');

/**
 * Villages of a county or township that has no village table loaded: invented but correctly
 * shaped codes (county + 3-digit township + 3-digit village, communities 001–, villages 201–) with
 * invented names. Deterministic in `code`.
 *
 * @example
 * fabricateVillages('430121001', { communities: 1, villages: 1 })
 * //=> [{ code: '430121001001', name: '…社区居委会', urban: true }, { code: '430121001201', name: '…村委会', urban: false }]
 */
export function fabricateVillages(code: string, opts: { townships?: number; communities?: number; villages?: number } = {}): SynthVillage[] {
  const county = code.slice(0, 6);
  const oneTownship = code.length >= 9 ? code.slice(6, 9) : undefined;
  // With one township, 'townships' options are ignored.
  const rng = new Random(seedToUint32(code), 7);
  const townships = oneTownship ? [oneTownship] : Array.from({ length: opts.townships ?? 12 }, (_, t) => String(t + 1).padStart(3, '0'));
  const out: SynthVillage[] = [];
  for (const [t, town] of townships.entries()) {
    // Assumption: the first township is the county seat (街道) with more communities.
    const communities = opts.communities ?? (t === 0 && !oneTownship ? 6 : 2);
    const villages = opts.villages ?? (t === 0 && !oneTownship ? 4 : 14);
    for (let v = 1; v <= communities; v++) {
      out.push({ code: `${county}${town}${String(v).padStart(3, '0')}`, name: `${rng.pick(NAME_PARTS)}${rng.pick(NAME_PARTS)}社区居委会`, urban: true });
    }
    for (let v = 1; v <= villages; v++) {
      out.push({ code: `${county}${town}${String(200 + v).padStart(3, '0')}`, name: `${rng.pick(NAME_PARTS)}${rng.pick(NAME_PARTS)}村委会`, urban: false });
    }
  }
  return out;
}

/** A stable 32-bit hash of a code, for per-village choices (collector, offsets). */
export function codeHash(code: string): number {
  return mix32(seedToUint32(code));
}

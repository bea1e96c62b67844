/**
 * Villages under a region code, from `@canji/regions` when it knows them, otherwise fabricated
 * under the region's county codes (see `fabricateVillages`).
 */
import { fabricateVillages, isCommunityCode, type SynthVillage } from './villages.js';

/**
 * Resolves a province / county / township code to villages, synchronously. Without a loaded village
 * table the villages are fabricated (correct shape, invented names) under real county codes.
 */
export function resolveVillages(region: string): SynthVillage[] {
  const code = region.trim();
  if (!/^\d{2}(\d{4}(\d{3}(\d{3})?)?)?$/.test(code)) throw new RangeError(`区划代码无效：${region}`);
  if (code.length === 12) return [{ code, name: code, urban: isCommunityCode(code) }];
  const county = code.length >= 6 ? code.slice(0, 6) : `${code.slice(0, 2)}0000`;
  if (county.endsWith('0000')) throw new RangeError(`省级区划 ${region} 需要 @canji/regions 的县级表`);
  return fabricateVillages(code.length >= 9 ? code.slice(0, 9) : county);
}

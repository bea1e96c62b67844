/**
 * 动态2表 (村（社区）基本公共服务): the share of villages/communities with each facility or service.
 * The form itself was not found; its 11 items are reconstructed from a provincial dashboard (S11)
 * whose count matches the "11项调查指标" of S4 (docs/guides/form-reconstruction.md §4). Each item is read as
 * 1 是 / 2 否 per village ([inf] from the chart design, §4).
 */
import { defineVillageIndicator, type VillageIndicator } from './model.js';

/**
 * One facility/service item of 动态2表.
 *
 * @example
 * ```ts
 * import { villageFacilityShare, type VillageFacility } from '@canji/indicators';
 * const library: VillageFacility = { id: 'library', item: 'v12', label: '农家书屋' };
 * villageFacilityShare(library).id; //=> 'village-library-share'
 * ```
 */
export interface VillageFacility {
  /** Stable id suffix: the indicator id is `village-<id>-share`. */
  readonly id: string;
  /** Record key of the item. */
  readonly item: string;
  /** zh-CN label. */
  readonly label: string;
}

/**
 * The 11 items in the order of docs/guides/form-reconstruction.md §4 (keys v1 … v11).
 *
 * @example
 * ```ts
 * import { VILLAGE_FACILITIES } from '@canji/indicators';
 * VILLAGE_FACILITIES.find((f) => f.item === 'v7')?.label; //=> '社区康复站'
 * ```
 */
export const VILLAGE_FACILITIES: readonly VillageFacility[] = Object.freeze([
  { id: 'service-center', item: 'v1', label: '综合服务中心' },
  { id: 'clinic', item: 'v2', label: '医院（卫生室）' },
  { id: 'school', item: 'v3', label: '学校（幼儿园）' },
  { id: 'shop', item: 'v4', label: '商店（小卖部）' },
  { id: 'bank', item: 'v5', label: '银行网点' },
  { id: 'culture-sports-center', item: 'v6', label: '文体活动中心' },
  { id: 'rehabilitation-station', item: 'v7', label: '社区康复站' },
  { id: 'day-care-institution', item: 'v8', label: '日间照料机构' },
  { id: 'home-service', item: 'v9', label: '为残疾人提供居家服务' },
  { id: 'culture-sports-activities', item: 'v10', label: '组织文化体育活动' },
  { id: 'fitness-instructor', item: 'v11', label: '体育健身指导员' },
]);


/**
 * The share-of-villages indicator for one facility item.
 *
 * @example
 * ```ts
 * import { villageFacilityShare } from '@canji/indicators';
 * const ind = villageFacilityShare({ id: 'rehabilitation-station', item: 'v7', label: '社区康复站' });
 * ind.id; //=> 'village-rehabilitation-station-share'
 * ind.conditions?.answered; //=> { item: 'v7', in: [1, 2] }
 * ```
 */
export function villageFacilityShare(facility: VillageFacility): VillageIndicator {
  const { item } = facility;
  return defineVillageIndicator({
    id: `village-${facility.id}-share`,
    name: `有${facility.label}的村（社区）比例`,
    description: `分母：${item}（${facility.label}）已填的村（社区）；分子：其中填“是”（1）者。`,
    // 动态2表 items are shown as "number of villages that have it" over 村社区数 (S11), i.e. a share.
    basis: '动态2表 11 项（来源：S4 11 项、S11 村社区数及公共建设）',
    formVersions: ['2017'],
    denominator: { all: [] },
    // A facility item is a yes/no code: answered needs a valid code (1 是 / 2 否), which is
    // narrower than @canji/form's isAnswered (any value entered).
    answered: { item, in: [1, 2] },
    numerator: { item, eq: 1 },
  });
}

/**
 * The 11 village facility-share indicators.
 *
 * @example
 * ```ts
 * import { BUILTIN_VILLAGE_INDICATORS } from '@canji/indicators';
 * BUILTIN_VILLAGE_INDICATORS.length; //=> 11
 * ```
 */
export const BUILTIN_VILLAGE_INDICATORS: readonly VillageIndicator[] = Object.freeze(VILLAGE_FACILITIES.map(villageFacilityShare));

/**
 * Synthetic Chinese personal names. Every name is a random combination of a surname and one or two
 * given-name characters; none is taken from a real person.
 *
 * Surname weights approximate the published national surname frequency rankings (the Ministry of
 * Public Security's yearly 姓名报告: 王, 李, 张, 刘, 陈 each about 5–7 % of the population, the top 100
 * together about 85 %); the tail and the compound surnames (复姓, together well under 1 % in reality)
 * are given small weights so that tests meet them — an assumption, not a measured share.
 */
import { Random, Weighted } from './random.js';

// [surname, weight in ‰ (approximate)]
const SURNAMES: readonly (readonly [string, number])[] = [
  ['王', 71], ['李', 70], ['张', 67], ['刘', 54], ['陈', 46], ['杨', 31], ['黄', 22], ['赵', 20],
  ['吴', 20], ['周', 19], ['徐', 13], ['孙', 13], ['马', 12], ['朱', 11], ['胡', 11], ['郭', 11],
  ['何', 10], ['林', 10], ['高', 10], ['罗', 9], ['郑', 9], ['梁', 9], ['谢', 8], ['宋', 8],
  ['唐', 8], ['许', 7], ['韩', 7], ['邓', 7], ['冯', 7], ['曹', 6], ['彭', 6], ['曾', 6],
  ['肖', 6], ['田', 6], ['董', 5], ['潘', 5], ['袁', 5], ['蔡', 5], ['蒋', 5], ['余', 5],
  ['于', 5], ['杜', 5], ['叶', 5], ['程', 5], ['魏', 4], ['苏', 4], ['吕', 4], ['丁', 4],
  ['任', 4], ['卢', 4], ['姚', 4], ['沈', 4], ['钟', 4], ['姜', 4], ['崔', 4], ['谭', 4],
  ['陆', 3], ['范', 3], ['汪', 3], ['廖', 3], ['石', 3], ['金', 3], ['韦', 3], ['贾', 3],
  ['夏', 3], ['付', 3], ['方', 3], ['邹', 3], ['熊', 3], ['白', 3], ['孟', 3], ['秦', 3],
  ['邱', 3], ['侯', 3], ['江', 3], ['尹', 2], ['薛', 2], ['闫', 2], ['段', 2], ['雷', 2],
  ['龙', 2], ['黎', 2], ['史', 2], ['陶', 2], ['贺', 2], ['毛', 2], ['郝', 2], ['顾', 2],
  ['龚', 2], ['邵', 2], ['万', 2], ['覃', 2], ['武', 2], ['钱', 2], ['戴', 2], ['严', 2],
  ['莫', 2], ['孔', 2], ['向', 2], ['常', 2], ['易', 1], ['文', 1], ['伍', 1], ['符', 1],
  // 复姓 (compound surnames): rare in reality, over-weighted so that generated sets contain some.
  // Each is one of @canji/id's COMPOUND_SURNAMES (test/names.test.ts).
  ['欧阳', 1], ['司马', 0.5], ['上官', 0.5], ['诸葛', 0.5], ['东方', 0.3], ['皇甫', 0.3],
  ['令狐', 0.2], ['慕容', 0.2], ['尉迟', 0.2], ['公孙', 0.2], ['司徒', 0.3], ['夏侯', 0.2],
];

/**
 * @internal The compound (two-character) surnames the generator draws: a weighted sample of
 * `@canji/id`'s `COMPOUND_SURNAMES` (the one list the masks split names by; a test holds that
 * every one of these is in it, so a synthetic 欧阳某某 is masked as 欧阳**, not 欧***).
 */
export const DRAWN_COMPOUND_SURNAMES: readonly string[] = SURNAMES.filter(([s]) => s.length === 2).map(([s]) => s);

/** @internal Every surname the generator draws, single and compound. */
export const DRAWN_SURNAMES: readonly string[] = SURNAMES.map(([s]) => s);

// Given-name characters, by the sex they are usually chosen for; an invented pool, not real names.
const MALE_CHARS = '伟刚勇毅俊峰强军平保东文辉力明永健世广志义兴良海山仁波宁贵福生龙元全国胜学祥才发武新利清飞彬富顺信子杰涛昌成康星光天达安岩中茂进林有坚和彪博诚先敬震振壮会思群豪心邦承乐绍功松善厚庆磊民友裕河哲江超浩亮政谦亨奇固之轮翰朗伯宏言若鸣朋斌梁栋维启克伦翔旭鹏泽晨辰士以建家致树炎德行时泰盛雄琛钧冠策腾楠榕风航弘';
const FEMALE_CHARS = '秀娟英华慧巧美娜静淑惠珠翠雅芝玉萍红娥玲芬芳燕彩春菊兰凤洁梅琳素云莲真环雪荣爱妹霞香月莺媛艳瑞凡佳嘉琼勤珍贞莉桂娣叶璧璐娅琦晶妍茜秋珊莎锦黛青倩婷姣婉娴瑾颖露瑶怡婵雁蓓纨仪荷丹蓉眉君琴蕊薇菁梦岚苑婕馨瑗琰韵融园艺咏卿聪澜纯毓悦昭冰爽琬茗羽希宁欣飘育滢馥筠柔竹霭凝晓欢霄枫芸菲寒伊亚宜可姬舒影荔枝思丽';
const NEUTRAL_CHARS = '文明晓春海平安子小金玉德永建新立晨雨一天';

const surnameTable = new Weighted(SURNAMES);
const maleChars = Array.from(MALE_CHARS);
const femaleChars = Array.from(FEMALE_CHARS);
const neutralChars = Array.from(NEUTRAL_CHARS);

/**
 * Draws a synthetic name; `sex` shapes the given-name characters (mostly).
 *
 * @example
 * synthesizeName(new Random(1), 'female'); //=> e.g. '李秀兰' — invented, deterministic in the seed
 */
export function synthesizeName(rng: Random, sex: 'male' | 'female'): string {
  const surname = surnameTable.draw(rng);
  const pool = sex === 'male' ? maleChars : femaleChars;
  // Assumption: about a quarter of names have a one-character given name.
  const first = rng.chance(0.1) ? neutralChars[rng.int(neutralChars.length)]! : pool[rng.int(pool.length)]!;
  if (rng.chance(0.25)) return surname + first;
  return surname + first + pool[rng.int(pool.length)]!;
}

/** Draws a surname only (household heads share the person's surname most of the time). */
export function synthesizeSurname(rng: Random): string {
  return surnameTable.draw(rng);
}

/** Given-name part of `synthesizeName`, for relatives who share a surname. */
export function synthesizeGivenName(rng: Random, sex: 'male' | 'female'): string {
  const pool = sex === 'male' ? maleChars : femaleChars;
  const first = pool[rng.int(pool.length)]!;
  return rng.chance(0.25) ? first : first + pool[rng.int(pool.length)]!;
}

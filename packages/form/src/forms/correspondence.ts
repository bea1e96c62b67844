/**
 * Which item of one version of 动态1表 is which item of another, as data: every item of the 2016
 * and the 2021 form with the comparable 2017 item (or `null` when there is none) and a note where
 * the question changed. 2017 is the pivot because it is the best-attested version (docs/guides/form-reconstruction.md
 * §3) and the numbering the rules and built-in indicators are written in.
 *
 * Evidence: 2016 ↔ 2017 from §2 (2017 inserted R31 家庭医生签约, so 2016 R31–R40 are 2017 R32–R41;
 * R27 option 5 and a few follow-up sub-items are new in 2017) [2+]. 2021 ↔ 2017 from §3.10, whose
 * "comparable 2017 R" column pairs the S9 labels of 2021 R3–R27 with the 2017 items [1–2]; who is
 * asked each 2021 item is not attested (the 2021 skip logic is carried over from 2017 [inf]), so
 * the scope notes below are inferences too. Entries the reference leaves open are marked
 * `confidence: 'inf'` and say so in their note.
 */
import type { Confidence, PersonFormVersion } from '../types.js';
import { closingItems, coverItems, identityItems } from './blocks.js';
import { items2017 } from './person2017.js';

/**
 * How an item relates to the 2017 item it is compared with:
 * - `same` — the same question with the same codes (maybe another number or a reworded period);
 *   answers can be compared directly;
 * - `changed` — a comparable question, but asked of other people or with other codes (see `note`);
 *   compare with care;
 * - `none` — no 2017 counterpart (`key2017` is `null`).
 */
export type ItemRelation = 'same' | 'changed' | 'none';

/**
 * One item of a form version and the 2017 item it corresponds to.
 *
 * @example
 * itemCorrespondence('2021').find((c) => c.key === 'r4')
 * //=> { key: 'r4', key2017: 'r5', relation: 'same', confidence: '1', source: 'S9; §3.10' }
 */
export interface ItemCorrespondence {
  /** Record key in the version (`r4`, `hukou`, `region_code`). */
  readonly key: string;
  /** Record key of the comparable 2017 item; `null` when there is none. */
  readonly key2017: string | null;
  readonly relation: ItemRelation;
  /** zh-CN: what changed (`changed`), why there is no counterpart (`none`), or a doubt. */
  readonly note?: string;
  /** How sure the reference is about this correspondence. */
  readonly confidence: Confidence;
  readonly source: string;
}

// ---------------------------------------------------------------------------------------------
// 2016 ↔ 2017

/** 2017 items the 2016 form does not have (docs/guides/form-reconstruction.md §2): R31 and follow-up sub-items. */
const ADDED_IN_2017: ReadonlySet<string> = new Set(['r31', 'r16_2', 'r17_1', 'r20_1', 'r20_5', 'r21_1', 'r21_2', 'r21_3', 'r21_4', 'r21_5']);

/** @internal 2017 key → 2016 key (`r32` → `r31`, `r37_4` → `r36_4`); undefined for items new in 2017. */
export function key2017To2016(key: string): string | undefined {
  if (ADDED_IN_2017.has(key)) return undefined;
  const m = /^r(\d+)(_\d+)?$/.exec(key);
  if (!m) return key;
  const n = Number(m[1]);
  return n >= 32 ? `r${n - 1}${m[2] ?? ''}` : key;
}

const CORRESPONDENCE_2016: readonly ItemCorrespondence[] = Object.freeze(
  items2017.flatMap((i): ItemCorrespondence[] => {
    const key = key2017To2016(i.key);
    if (key === undefined) return [];
    if (i.key === 'r27') {
      return [{ key, key2017: 'r27', relation: 'changed', note: '2016 版“社会救助情况”无选项 5（享受农村危房改造，2017 年新增）', confidence: '2+', source: 'S1, S5; §2' }];
    }
    return [{ key, key2017: i.key, relation: 'same', confidence: '2+', source: key === i.key ? '§2' : 'S1, S6; §2（2017 年插入 R31，其后题号加 1）' }];
  }),
);

// ---------------------------------------------------------------------------------------------
// 2021 ↔ 2017

const SHARED = (keys: readonly { key: string }[]): ItemCorrespondence[] =>
  keys.map(({ key }) => ({ key, key2017: key, relation: 'same', confidence: '2+', source: '封面、身份与结尾各版相同（blocks.ts）' }));

const PERIOD = '“动态更新年度内”改为“过去一年内”';

/** Numbered 2021 items (and `hukou`) in form order; §3.10 "comparable 2017 R". */
const NUMBERED_2021: readonly ItemCorrespondence[] = [
  { key: 'hukou', key2017: 'r3', relation: 'same', note: '2021 版不再编号，但仍存户口性质（S9）', confidence: 'inf', source: 'S9; §3.10' },
  { key: 'r3', key2017: 'r4', relation: 'same', confidence: '1', source: 'S9; §3.10' },
  { key: 'r4', key2017: 'r5', relation: 'same', confidence: '1', source: 'S9; §3.10' },
  { key: 'r5', key2017: 'r6', relation: 'same', note: 'S9 中此题未见题号，按位置推断为 R5；可能只记手机号 [inf]', confidence: 'inf', source: 'S9, S10; §3.10' },
  { key: 'r6', key2017: 'r7', relation: 'same', confidence: '1', source: 'S9; §3.10' },
  { key: 'r7', key2017: null, relation: 'none', note: '城镇（2017 R9）与农村（2017 R11）住房合并为一题，代码表不同（housing2021，代码未见）', confidence: '1', source: 'S9, S10; §3.10' },
  { key: 'r7_4', key2017: null, relation: 'none', note: '子项“农村危房”；大致对应 2017 R11 = 2（经鉴定为危房）[inf]', confidence: 'inf', source: 'S10; §3.10' },
  { key: 'r8', key2017: 'r13', relation: 'same', confidence: '1', source: 'S9; §3.10' },
  { key: 'r9', key2017: 'r16', relation: 'same', confidence: '1', source: 'S9; §3.10' },
  { key: 'r10', key2017: 'r18', relation: 'same', confidence: '1', source: 'S9; §3.10' },
  { key: 'r11', key2017: 'r21', relation: 'changed', note: '2021 版没有“未就业主要原因”（2017 R19），故 16–59 岁者都回答；2017 R21 只问已就业或 R19 ∈ {4, 6, 7} 者 [inf]', confidence: 'inf', source: 'S9; §3.10, §5' },
  { key: 'r12', key2017: 'r22', relation: 'changed', note: '2021 版 16 岁以上都回答；2017 R22 不问在校学习者（R19 = 1）[inf]', confidence: 'inf', source: 'S9; §3.10, §5' },
  { key: 'r13', key2017: 'r25', relation: 'same', confidence: '1', source: 'S9; §3.10' },
  { key: 'r14', key2017: 'r26', relation: 'same', confidence: '1', source: 'S9; §3.10' },
  { key: 'r15', key2017: 'r27', relation: 'same', note: PERIOD, confidence: '1', source: 'S9; §3.10' },
  { key: 'r16', key2017: 'r30', relation: 'changed', note: '2021 版没有“是否享受托养服务”（2017 R29），托养范围内的人都回答；2017 R30 只问 R29 = 2 者 [inf]', confidence: 'inf', source: 'S9; §3.10, §5' },
  { key: 'r17', key2017: null, relation: 'none', note: '新增：残疾人养老服务—服务现状', confidence: '1', source: 'S9; §3.10' },
  { key: 'r18', key2017: null, relation: 'none', note: '新增：残疾人养老服务—服务需求', confidence: '1', source: 'S9; §3.10' },
  { key: 'r19', key2017: null, relation: 'none', note: '新增：以老养残家庭基本情况', confidence: '1', source: 'S9, S10; §3.10' },
  { key: 'r20', key2017: 'r31', relation: 'same', confidence: '1', source: 'S9; §3.10' },
  { key: 'r21', key2017: 'r35', relation: 'same', note: PERIOD, confidence: '1', source: 'S9; §3.10' },
  { key: 'r22', key2017: 'r37', relation: 'same', confidence: '1', source: 'S9; §3.10' },
  { key: 'r23', key2017: 'r38', relation: 'same', note: PERIOD, confidence: '1', source: 'S9; §3.10' },
  { key: 'r24', key2017: null, relation: 'none', note: '新增：过去一年内进行过的无障碍改造项目', confidence: '1', source: 'S9; §3.10' },
  { key: 'r25', key2017: 'r39', relation: 'same', confidence: '1', source: 'S9; §3.10' },
  { key: 'r26', key2017: 'r40', relation: 'changed', note: '2017 版问“村（社区）组织的”文化体育活动，2021 版问所有文化体育活动（过去一年内）', confidence: '1', source: 'S9, S10; §3.10' },
  { key: 'r27', key2017: 'r41', relation: 'same', confidence: '1', source: 'S9; §3.10' },
];

const CORRESPONDENCE_2021: readonly ItemCorrespondence[] = Object.freeze([...SHARED(coverItems), ...SHARED(identityItems), ...NUMBERED_2021, ...SHARED(closingItems('r6'))]);

const CORRESPONDENCE_2017: readonly ItemCorrespondence[] = Object.freeze(
  items2017.map((i): ItemCorrespondence => ({ key: i.key, key2017: i.key, relation: 'same', confidence: '2+', source: '2017 版本身' })),
);

const TABLES: Readonly<Record<PersonFormVersion, readonly ItemCorrespondence[]>> = { '2016': CORRESPONDENCE_2016, '2017': CORRESPONDENCE_2017, '2021': CORRESPONDENCE_2021 };

/** version → key → 2017 key (null: no counterpart); prototype-free so `constructor` is not a key. */
const TO_2017 = {} as Record<PersonFormVersion, Readonly<Record<string, string | null>>>;
/** version → 2017 key → key in the version (only 2017 items with a counterpart). */
const FROM_2017 = {} as Record<PersonFormVersion, Readonly<Record<string, string>>>;
for (const v of Object.keys(TABLES) as PersonFormVersion[]) {
  const to: Record<string, string | null> = Object.create(null);
  const from: Record<string, string> = Object.create(null);
  for (const c of TABLES[v]) {
    to[c.key] = c.key2017;
    if (c.key2017 !== null) from[c.key2017] = c.key;
  }
  TO_2017[v] = to;
  FROM_2017[v] = from;
}

function table(version: PersonFormVersion, fn: string): readonly ItemCorrespondence[] {
  const t = TABLES[version];
  if (!t) throw new RangeError(`${fn}: 未知的登记表版本 ${String(version)}`);
  return t;
}

/**
 * Every item of a person form version (in form order) with its 2017 counterpart. For `'2017'`
 * each item corresponds to itself.
 *
 * @example
 * itemCorrespondence('2021').filter((c) => c.relation === 'none').map((c) => c.key)
 * //=> ['r7', 'r7_4', 'r17', 'r18', 'r19', 'r24']
 * itemCorrespondence('2016').find((c) => c.key === 'r31')?.key2017 //=> 'r32'
 */
export function itemCorrespondence(version: PersonFormVersion): readonly ItemCorrespondence[] {
  return table(version, 'itemCorrespondence');
}

/**
 * The 2017 item an item of `from` corresponds to: its record key, or `null` when the item has no
 * 2017 counterpart or is not an item of `from`.
 *
 * @example
 * itemIn2017('r4', '2021') //=> 'r5'    (联系人姓名)
 * itemIn2017('r7', '2021') //=> null    (merged housing, no counterpart)
 * itemIn2017('r31', '2016') //=> 'r32'  (两周患病)
 */
export function itemIn2017(key: string, from: PersonFormVersion): string | null {
  table(from, 'itemIn2017');
  return TO_2017[from][key] ?? null;
}

/**
 * The item of version `to` that corresponds to the 2017 item `key2017`, or `null` when `to` has no
 * counterpart (the reverse of {@link itemIn2017}).
 *
 * @example
 * itemFrom2017('r5', '2021') //=> 'r4'
 * itemFrom2017('r12', '2021') //=> null   (是否识字 is not on the 2021 form)
 * itemFrom2017('r32', '2016') //=> 'r31'
 */
export function itemFrom2017(key2017: string, to: PersonFormVersion): string | null {
  table(to, 'itemFrom2017');
  return FROM_2017[to][key2017] ?? null;
}

const NUMBERED = /^r\d/;

function rekey(record: Readonly<Record<string, unknown>>, map: Readonly<Record<string, string | null>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(record)) {
    if (k === '__proto__') continue;
    const to = map[k];
    if (to === undefined) {
      if (!NUMBERED.test(k)) out[k] = record[k];
    } else if (to !== null) out[to] = record[k];
  }
  return out;
}

/**
 * A record of version `from` seen in 2017 keys: comparable items renamed (including `changed`
 * ones — check `itemCorrespondence` before comparing those), items without a 2017 counterpart and
 * numbered keys that are not items of `from` left out (so 2021 `r7` 住房 never reads as 2017 `r7`
 * 住机构), every other key (cover, identity, closing, local extensions) kept. A 2017 record is
 * returned as it is. Never mutates the record.
 *
 * @example
 * viewAs2017({ hukou: 1, r4: '测试乙', r7: 3, region_code: '430121001001' }, '2021')
 * //=> { r3: 1, r5: '测试乙', region_code: '430121001001' }
 */
export function viewAs2017(record: Readonly<Record<string, unknown>>, from: PersonFormVersion): Record<string, unknown> {
  table(from, 'viewAs2017');
  if (from === '2017') return record as Record<string, unknown>;
  return rekey(record, TO_2017[from]);
}

const TO_VERSION = {} as Record<PersonFormVersion, Readonly<Record<string, string | null>>>;
for (const v of Object.keys(TABLES) as PersonFormVersion[]) {
  const m: Record<string, string | null> = Object.create(null);
  for (const i of items2017) m[i.key] = FROM_2017[v][i.key] ?? null;
  TO_VERSION[v] = m;
}

/**
 * A 2017 record in the keys of version `to` (the reverse of {@link viewAs2017}): 2017 items with a
 * counterpart renamed, the others and numbered keys that are not 2017 items left out, every other
 * key kept.
 *
 * @example
 * viewFrom2017({ r3: 1, r5: '测试乙', r12: 1, name: '测试甲' }, '2021')
 * //=> { hukou: 1, r4: '测试乙', name: '测试甲' }
 */
export function viewFrom2017(record: Readonly<Record<string, unknown>>, to: PersonFormVersion): Record<string, unknown> {
  table(to, 'viewFrom2017');
  if (to === '2017') return record as Record<string, unknown>;
  return rekey(record, TO_VERSION[to]);
}

const CODE_2017: Readonly<Record<string, string>> = Object.fromEntries(items2017.map((i) => [i.key, i.code || i.key]));

/**
 * @internal The items of a version with their correspondence prepended to `note` (for the data
 * dictionary): `对应 2017 版 R5`, `对应 2017 版 R21（有变化：…）`, `2017 版无对应题目：…`. Items that are
 * the same key and question as in 2017 are left as they are.
 */
export function withCorrespondenceNotes<T extends { readonly key: string; readonly note?: string }>(items: readonly T[], version: PersonFormVersion): T[] {
  const byKey = new Map(table(version, 'withCorrespondenceNotes').map((c) => [c.key, c]));
  return items.map((i) => {
    const c = byKey.get(i.key);
    if (!c || (c.key2017 === i.key && c.relation === 'same' && !c.note)) return i;
    const said =
      c.key2017 === null
        ? `2017 版无对应题目${c.note ? `：${c.note}` : ''}`
        : `对应 2017 版 ${CODE_2017[c.key2017] ?? c.key2017}${c.note ? `（${c.relation === 'changed' ? '有变化：' : ''}${c.note}）` : ''}`;
    return { ...i, note: i.note ? `${said}；${i.note}` : said };
  });
}

/**
 * 动态1表, 2016 numbering (R1–R40; 国统制[2016]57号, valid to 2017-05). Derived from the 2017 form
 * (docs/guides/form-reconstruction.md §2): 2016 has no R31 家庭医生签约, so 2016 R31–R40 are 2017 R32–R41; R27 is
 * "社会救助情况" without option 5 (农村危房改造); R16-2 (失业登记), the R17 按比例就业 sub-choice and
 * the R20/R21 sub-lists were added in 2017.
 */
import { codes } from '../codes.js';
import type { CheckCoverage, CodeList, FormDefinition, ItemDef, SkipRule } from '../types.js';
import { checks2017, implications2017, items2017, sections2017, skipRules2017 } from './person2017.js';
import { itemCorrespondence, key2017To2016, withCorrespondenceNotes } from './correspondence.js';
import { renumberCondition } from './renumber.js';

/**
 * 2016 record key → 2017 record key, for every 2016 item (`r31` 两周患病 → `r32`); the same table as
 * `itemCorrespondence('2016')`.
 *
 * @example
 * PERSON_2016_TO_2017.r31 //=> 'r32'
 * PERSON_2016_TO_2017.r27 //=> 'r27'
 */
export const PERSON_2016_TO_2017: Readonly<Record<string, string>> = Object.freeze(
  Object.fromEntries(itemCorrespondence('2016').flatMap((c): [string, string][] => (c.key2017 === null ? [] : [[c.key, c.key2017]]))),
);

const socialAssistance2016: CodeList = Object.freeze({
  ...codes.socialAssistance,
  id: 'socialAssistance2016',
  title: '社会救助情况（2016 R27）',
  entries: codes.socialAssistance.entries.filter((e) => e.code !== 5),
  source: 'S1 (★1–4 可多选), S5; option 5 added in 2017',
});

const map = (k: string) => key2017To2016(k) ?? k;

const items2016: ItemDef[] = items2017
  .filter((i) => key2017To2016(i.key) !== undefined)
  .map((src) => {
    const i = src as ItemDef;
    const key = map(i.key);
    const code = /^R\d+/.test(i.code) ? i.code.replace(/^R(\d+)/, (_, n: string) => `R${Number(n) >= 32 ? Number(n) - 1 : n}`) : i.code;
    const out: ItemDef = { ...i, key, code };
    const o = out as { -readonly [K in keyof ItemDef]: ItemDef[K] };
    if (i.askedWhen) o.askedWhen = renumberCondition(i.askedWhen, map);
    if (i.requiredWhen) o.requiredWhen = renumberCondition(i.requiredWhen, map);
    if (i.parent) o.parent = map(i.parent);
    if (i.key === 'r27') {
      o.label = '动态更新年度内社会救助情况';
      o.codeList = 'socialAssistance2016';
      o.optionRules = i.optionRules?.filter((r) => r.code !== 5);
    }
    return out;
  });

const skipRules2016: SkipRule[] = skipRules2017.map((r) => ({
  ...r,
  when: renumberCondition(r.when, map),
  skip: r.skip.map((k) => key2017To2016(k)).filter((k): k is string => k !== undefined),
  note: r.note ? `${r.note}（2017 编号）` : r.note,
}));

const checks2016: CheckCoverage[] = checks2017.filter((c) => c.id !== 'OPT_R27_5_RURAL_GOOD_HOUSE');

export const person2016: FormDefinition = Object.freeze({
  kind: 'person',
  version: '2016',
  title: '残疾人登记表（动态1表，2016 版 R1–R40）',
  provisional: false,
  note: '由 2017 版推出（docs/guides/form-reconstruction.md §2）：无 R31 家庭医生；2016 R31–R40 = 2017 R32–R41；R27 无选项 5；R16-2、R17 子项、R20/R21 子项为 2017 新增。跳转说明沿用 2017 编号。',
  sections: sections2017,
  items: withCorrespondenceNotes(items2016, '2016'),
  codeLists: { ...codes, socialAssistance2016 },
  skipRules: skipRules2016,
  implications: implications2017.map((m) => ({ ...m, when: renumberCondition(m.when, map), item: map(m.item) })),
  checks: checks2016,
  extensions: [],
});

/** Issue of `convert2016To2017`. */
export interface ConvertIssue {
  code: 'CONVERT_UNKNOWN_KEY';
  key: string;
  message: string;
}

/**
 * Converts a 2016 record (2016 numbering) to 2017 keys: `r31`–`r40` move to `r32`–`r41`; R31
 * 家庭医生签约 stays unanswered (not asked in 2016). Keys that are not 2016 items are kept as they
 * are and reported.
 *
 * @example
 * convert2016To2017({ r3: 1, r31: 2 }).record //=> { r3: 1, r32: 2 }
 */
export function convert2016To2017(record: Readonly<Record<string, unknown>>): { record: Record<string, unknown>; issues: ConvertIssue[] } {
  const out: Record<string, unknown> = {};
  const issues: ConvertIssue[] = [];
  for (const [k, v] of Object.entries(record)) {
    const to = PERSON_2016_TO_2017[k];
    if (to === undefined) {
      issues.push({ code: 'CONVERT_UNKNOWN_KEY', key: k, message: `“${k}”不是 2016 版登记表的字段，原样保留` });
      out[k] = v;
    } else out[to] = v;
  }
  return { record: out, issues };
}

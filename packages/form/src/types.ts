/**
 * The data model of a form definition: items, sections, conditions, skip rules, implications.
 * Everything here is plain data (JSON-serialisable) so that a collection app, a rule engine or a
 * data dictionary can read it without running canji code.
 */

/** Versions of 动态1表 (残疾人登记表) that canji models. */
export type PersonFormVersion = '2016' | '2017' | '2021';
/** Versions of 动态2表 (村（社区）基本公共服务) that canji models. */
export type VillageFormVersion = '2017';

/**
 * Answer types, as printed on the form:
 * - `single` — one code from a code list (stored as a number);
 * - `multiple` — one or more codes (stored as `number[]`, ascending, no duplicates);
 * - `yesno` — `1` 是 / `2` 否;
 * - `number`, `text`, `date` (`YYYY-MM-DD`).
 */
export type AnswerType = 'single' | 'multiple' | 'yesno' | 'number' | 'text' | 'date';

/**
 * How identifying an item is, for `@canji/deid`:
 * - `direct` — names a person by itself (name, ID number, phone);
 * - `quasi` — identifies in combination (region, sex, birth date, category, level, ethnicity …);
 * - `sensitive` — a sensitive attribute (income, poverty, assistance, health);
 * - `other` — neither.
 */
export type IdentifierClass = 'direct' | 'quasi' | 'sensitive' | 'other';

/**
 * How sure the sources are about an item or code: `2+` seen in two or more independent sources,
 * `1` in one, `inf` inferred from logic or layout, `conflict` sources disagree (docs/sources.md).
 */
export type Confidence = '2+' | '1' | 'inf' | 'conflict';

/**
 * A condition, as data: the one condition language of canji (see `condition.ts`). Form skip logic
 * reads items of the record and the facts `$age`, `$category`, `$level`, in three-valued logic (a
 * value not given yet on a partial record leaves it undetermined); an item that is not applicable
 * counts as unanswered. The older shapes `{ item, answered }`, `{ age: { min, max } }`,
 * `{ category }` and `{ level }` are still accepted.
 */
export type { Condition } from './condition.js';
import type { Condition } from './condition.js';

/** A code of a code list may be offered only under a condition (e.g. R27 option 5 only for 农业). */
export interface OptionRule {
  readonly id: string;
  readonly code: number;
  readonly availableWhen: Condition;
  readonly note: string;
}

/** One item (question or field) of a form. */
export interface ItemDef {
  /** Record key = flat machine column name: `r13`, `r16_2`, `region_code`, `name`. */
  readonly key: string;
  /** The number printed on the form (`R13`, `R16-2`), or `''` for unnumbered fields. */
  readonly code: string;
  /** zh-CN label. */
  readonly label: string;
  /** Section id (see `FormDefinition.sections`). */
  readonly section: string;
  readonly type: AnswerType;
  /** Code list id (a key of the form's `codeLists`) for `single` / `multiple` / `yesno`. */
  readonly codeList?: string;
  /** Options that cannot be combined with any other (the 无 / 未参加 / 未得到 options). */
  readonly exclusive?: readonly number[];
  /** Key of the item this one follows up (`r16_2` → `r16`). */
  readonly parent?: string;
  /** Who answers it (applicability), besides the form's skip rules. Absent: everybody. */
  readonly askedWhen?: Condition;
  /** When asked, an answer is required only under this condition (absent: always). */
  readonly requiredWhen?: Condition;
  /** Never required (answer if known). */
  readonly optional?: boolean;
  /** Codes that are offered only under a condition. */
  readonly optionRules?: readonly OptionRule[];
  readonly identifier: IdentifierClass;
  /** `number`: inclusive bounds; `text`: `maxLength`, `pattern` (a RegExp source). */
  readonly min?: number;
  readonly max?: number;
  readonly maxLength?: number;
  readonly pattern?: string;
  /** Derived from another field (sex / birth date / category / level from the certificate). */
  readonly derivedFrom?: string;
  readonly confidence?: Confidence;
  /** Reference sources (S1, S5 …) and notes. */
  readonly source?: string;
  readonly note?: string;
}

/** One entry of a code list. `label: null` means the official label was not found. */
export interface CodeEntry {
  readonly code: number;
  readonly label: string | null;
  /** The code or its label rests on inference or a single weak source. */
  readonly provisional?: boolean;
  readonly note?: string;
}

/** A code list (字典): typed entries, plus how sure we are. */
export interface CodeList {
  readonly id: string;
  readonly title: string;
  readonly entries: readonly CodeEntry[];
  /** Some labels or codes are not confirmed by an official source; see `note`. */
  readonly provisional: boolean;
  /**
   * The codes themselves are not known: any integer from 1 to `openMax` is accepted until the
   * official list is supplied with `withCodeLabels`.
   */
  readonly open?: boolean;
  readonly openMax?: number;
  readonly source?: string;
  readonly note?: string;
}

/** A row of the skip-logic table (跳转, docs/guides/form-reconstruction.md §5), as data. */
export interface SkipRule {
  /** Stable id, e.g. `SKIP_R7_INSTITUTION`. */
  readonly id: string;
  readonly when: Condition;
  /** Item keys that are not asked when `when` holds. */
  readonly skip: readonly string[];
  readonly source: string;
  readonly note?: string;
}

/** A value forced by another answer (S5 sets it automatically; canji reports a different one). */
export interface Implication {
  readonly id: string;
  readonly when: Condition;
  readonly item: string;
  readonly value: number;
  readonly source: string;
  readonly note?: string;
}

/**
 * Where a consistency check (docs/guides/form-reconstruction.md: §5 skip logic, §6 consistency checks) is enforced:
 * here in `validatePerson` (`form`) or left to `@canji/rules` (`rules`), and why.
 */
export interface CheckCoverage {
  readonly id: string;
  /** Section of docs/guides/form-reconstruction.md, e.g. `§6.2`, `§5 row "R22 includes 1"`. */
  readonly ref: string;
  readonly text: string;
  readonly enforcedBy: 'form' | 'rules';
  /** `form`: the mechanism (skip rule id, implication id, option rule, exclusive …); `rules`: why. */
  readonly how: string;
}

export interface SectionDef {
  readonly id: string;
  readonly label: string;
}

/** An approved local extension, as attached to a form by `extendForm`. */
export interface ExtensionInfo {
  readonly id: string;
  readonly region: string;
  readonly approvedBy: string;
  readonly approvalNo: string;
}

/** A whole form definition: what `personForm(version)` and `villageForm(version)` return. */
export interface FormDefinition {
  readonly kind: 'person' | 'village';
  readonly version: string;
  readonly title: string;
  /** The whole form (or its reconstruction) is not confirmed by an official source. */
  readonly provisional: boolean;
  readonly note?: string;
  readonly sections: readonly SectionDef[];
  /** In form order. Conditions refer only to items earlier in this list. */
  readonly items: readonly ItemDef[];
  readonly codeLists: Readonly<Record<string, CodeList>>;
  readonly skipRules: readonly SkipRule[];
  readonly implications: readonly Implication[];
  readonly checks: readonly CheckCoverage[];
  readonly extensions: readonly ExtensionInfo[];
}

/**
 * The satisfaction module (获得感、满意度反馈) as an approved local extension of the form
 * (`@canji/form`'s `extendForm`): six items asked at a re-visit (入户复核) or a phone follow-up
 * (电话回访), keyed by the person's resident ID.
 *
 * PROVISIONAL: no official wording of a satisfaction module was found (the mechanism asks for a
 * 获得感、满意度反馈机制, but no questionnaire was seen). Every item and code list here is
 * canji's draft wording, marked `provisional` / `confidence: 'inf'`, to be replaced by the
 * approving office's wording; the approval (批准机关, 文号) must be the office's own — nothing is
 * filled in for it.
 */
import { extendForm, personForm, type CodeList, type ExtensionItem, type FormDefinition, type FormExtension } from '@canji/form';

/** The extension's id: items live in a record under `ext.sat.<key>`. */
export const SATISFACTION_EXTENSION_ID = 'sat';

/** Answer code for "did not receive this service / not applicable" (excluded from the shares). */
export const SATISFACTION_NOT_APPLICABLE = 8;

const NOTE = '暂定措辞（provisional）：未见官方满意度调查题目，由批准机关按本地问卷替换';

/** The code lists of the module (all provisional). */
export const SATISFACTION_CODE_LISTS: Readonly<Record<string, CodeList>> = Object.freeze({
  satLevel: {
    id: 'satLevel',
    title: '满意程度',
    provisional: true,
    note: NOTE,
    entries: [
      { code: 1, label: '非常满意' },
      { code: 2, label: '比较满意' },
      { code: 3, label: '一般' },
      { code: 4, label: '不太满意' },
      { code: 5, label: '很不满意' },
      { code: SATISFACTION_NOT_APPLICABLE, label: '未接受该项服务（不适用）' },
    ],
  },
  satMode: {
    id: 'satMode',
    title: '回访方式',
    provisional: true,
    note: NOTE,
    entries: [
      { code: 1, label: '入户复核' },
      { code: 2, label: '电话回访' },
      { code: 3, label: '其他' },
    ],
  },
  satChange: {
    id: 'satChange',
    title: '生活状况变化',
    provisional: true,
    note: NOTE,
    entries: [
      { code: 1, label: '明显改善' },
      { code: 2, label: '有所改善' },
      { code: 3, label: '没有变化' },
      { code: 4, label: '有所变差' },
    ],
  },
});

const item = (key: string, label: string, codeList: string): ExtensionItem => ({ key, code: key.toUpperCase(), label, section: 'satisfaction', type: 'single', codeList, identifier: 'other', optional: true, confidence: 'inf', note: NOTE });

/** The module's items (keys `s0`–`s6`; all provisional wording). */
export const SATISFACTION_ITEMS: readonly ExtensionItem[] = Object.freeze([
  item('s0', '回访方式', 'satMode'),
  item('s1', '对残联和村（社区）提供的各项服务总体是否满意', 'satLevel'),
  item('s2', '对得到的康复服务是否满意', 'satLevel'),
  item('s3', '对得到的辅助器具服务是否满意', 'satLevel'),
  item('s4', '对残疾人两项补贴等救助补贴的发放是否满意', 'satLevel'),
  item('s5', '对上门调查（信息采集）工作人员的态度是否满意', 'satLevel'),
  item('s6', '与上一年相比，生活状况有没有变化', 'satChange'),
]);

/** The approval an office gives the module (no default: these are the office's own). */
export interface SatisfactionApproval {
  /** Region the module applies to (name or 6/12-digit code). */
  region: string;
  /** 批准机关. */
  approvedBy: string;
  /** 批准文号. */
  approvalNo: string;
}

/**
 * The satisfaction module as a {@link FormExtension} with the office's approval metadata.
 *
 * @example
 * ```ts
 * const ext = satisfactionExtension({ region: '430121', approvedBy: '长沙县残联', approvalNo: '长县残〔2026〕1号' });
 * ext.items.map((i) => i.key); //=> ['s0', 's1', 's2', 's3', 's4', 's5', 's6']
 * ```
 */
export function satisfactionExtension(approval: SatisfactionApproval): FormExtension {
  return { id: SATISFACTION_EXTENSION_ID, region: approval.region, approvedBy: approval.approvedBy, approvalNo: approval.approvalNo, items: SATISFACTION_ITEMS, codeLists: SATISFACTION_CODE_LISTS };
}

/**
 * The national form with the satisfaction module added (`extendForm`), so that the entry page,
 * `validatePerson` and `toJSONSchema` know its items. Errors are `extendForm`'s (`EXT_APPROVAL_MISSING` …).
 *
 * @example
 * ```ts
 * const r = satisfactionForm({ region: '430121', approvedBy: '长沙县残联', approvalNo: '长县残〔2026〕1号' });
 * r.ok && r.value.items.some((i) => i.key === 'ext.sat.s1'); //=> true
 * ```
 */
export function satisfactionForm(approval: SatisfactionApproval, base: FormDefinition = personForm('2017')): ReturnType<typeof extendForm> {
  return extendForm(base, satisfactionExtension(approval));
}

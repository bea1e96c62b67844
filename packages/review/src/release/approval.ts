/**
 * The approval record a publication needs (汇总数据“未经授权不得对外发布”): who approved, under which
 * 批准文号, on which date, and for which audience.
 */
import { isIsoDate, releaseFail, type ReleaseResult } from './errors.js';

/**
 * Who may see a released table, from narrowest to widest: `internal` (内部使用: the federation's own
 * offices), `directed` (定向发布: named recipients, e.g. a department or a research team), `public`
 * (公开发布). An approval for an audience also covers the narrower ones.
 *
 * @example
 * const a: ReleaseAudience = 'directed';
 */
export type ReleaseAudience = 'internal' | 'directed' | 'public';

/** The audiences in order, narrowest first. */
export const RELEASE_AUDIENCES: readonly ReleaseAudience[] = ['internal', 'directed', 'public'];

/** zh-CN names of the audiences. */
export const RELEASE_AUDIENCE_LABELS: Readonly<Record<ReleaseAudience, string>> = { internal: '内部使用', directed: '定向发布', public: '公开发布' };

/**
 * An approval record, as an office writes it in JSON.
 *
 * @example
 * const a: ReleaseApproval = { approver: '王某（县残联理事长）', approvalNo: '宁残联〔2026〕12号', date: '2026-11-20', audience: 'public' };
 */
export interface ReleaseApproval {
  /** Who approved (name and post). */
  readonly approver: string;
  /** 批准文号, e.g. `宁残联〔2026〕12号`. */
  readonly approvalNo: string;
  /** Date of approval, `YYYY-MM-DD`. */
  readonly date: string;
  readonly audience: ReleaseAudience;
  /** For `directed`: the recipients named by the approval (required, at least one). */
  readonly recipients?: readonly string[];
  /** What was approved, e.g. `2026 年度动态更新主要指标`. */
  readonly title?: string;
}

const text = (v: unknown, max = 200): v is string => typeof v === 'string' && v.trim().length > 0 && v.length <= max;

/**
 * Checks an approval record (any JavaScript value, e.g. parsed JSON). Errors:
 * `RELEASE_APPROVAL_INVALID` with `field` naming the missing or malformed field.
 *
 * @example
 * parseReleaseApproval({ approver: '王某', approvalNo: '宁残联〔2026〕12号', date: '2026-11-20', audience: 'public' }).ok //=> true
 * parseReleaseApproval({ approver: '王某', date: '2026-11-20', audience: 'public' }).ok      //=> false (no 批准文号)
 */
export function parseReleaseApproval(input: unknown): ReleaseResult<ReleaseApproval> {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) return releaseFail('RELEASE_APPROVAL_INVALID', '批准记录应为 JSON 对象');
  const o = input as Record<string, unknown>;
  if (!text(o.approver)) return releaseFail('RELEASE_APPROVAL_INVALID', '批准记录缺少批准人（approver）', 'approver');
  if (!text(o.approvalNo, 100)) return releaseFail('RELEASE_APPROVAL_INVALID', '批准记录缺少批准文号（approvalNo）', 'approvalNo');
  if (!isIsoDate(o.date)) return releaseFail('RELEASE_APPROVAL_INVALID', `批准日期（date）应为 YYYY-MM-DD 格式的日期（收到“${String(o.date)}”）`, 'date');
  if (!RELEASE_AUDIENCES.includes(o.audience as ReleaseAudience)) {
    return releaseFail('RELEASE_APPROVAL_INVALID', `发布范围（audience）应为 internal（内部使用）、directed（定向发布）或 public（公开发布）（收到“${String(o.audience)}”）`, 'audience');
  }
  const audience = o.audience as ReleaseAudience;
  let recipients: string[] | undefined;
  if (o.recipients !== undefined) {
    if (!Array.isArray(o.recipients) || !o.recipients.every((r) => text(r))) return releaseFail('RELEASE_APPROVAL_INVALID', '定向发布对象（recipients）应为非空文字的数组', 'recipients');
    recipients = o.recipients as string[];
  }
  if (audience === 'directed' && !recipients?.length) return releaseFail('RELEASE_APPROVAL_INVALID', '定向发布的批准记录应列出发布对象（recipients）', 'recipients');
  if (o.title !== undefined && !text(o.title)) return releaseFail('RELEASE_APPROVAL_INVALID', '批准事项（title）应为文字', 'title');
  return {
    ok: true,
    value: {
      approver: o.approver.trim(),
      approvalNo: o.approvalNo.trim(),
      date: o.date,
      audience,
      ...(recipients ? { recipients } : {}),
      ...(typeof o.title === 'string' ? { title: o.title.trim() } : {}),
    },
  };
}

/**
 * Whether an approval allows a release to `audience` on `releasedOn` (`YYYY-MM-DD`): the
 * approval's audience is at least as wide, and it is dated on or before the release. Errors:
 * `RELEASE_AUDIENCE_NOT_APPROVED`, `RELEASE_APPROVAL_DATE`, `RELEASE_OPTIONS_INVALID`.
 *
 * @example
 * checkApprovalCovers({ approver: '王某', approvalNo: 'X〔2026〕1号', date: '2026-11-20', audience: 'internal' }, 'public', '2026-12-01').ok //=> false
 */
export function checkApprovalCovers(approval: ReleaseApproval, audience: ReleaseAudience, releasedOn: string): ReleaseResult<true> {
  if (!RELEASE_AUDIENCES.includes(audience)) return releaseFail('RELEASE_OPTIONS_INVALID', `发布范围应为 internal、directed 或 public（收到“${String(audience)}”）`, 'audience');
  if (!isIsoDate(releasedOn)) return releaseFail('RELEASE_OPTIONS_INVALID', `发布日期应为 YYYY-MM-DD（收到“${String(releasedOn)}”）`, 'releasedOn');
  if (RELEASE_AUDIENCES.indexOf(audience) > RELEASE_AUDIENCES.indexOf(approval.audience)) {
    return releaseFail('RELEASE_AUDIENCE_NOT_APPROVED', `批准文号 ${approval.approvalNo} 只批准${RELEASE_AUDIENCE_LABELS[approval.audience]}，不能${RELEASE_AUDIENCE_LABELS[audience]}`, 'audience');
  }
  if (approval.date > releasedOn) return releaseFail('RELEASE_APPROVAL_DATE', `批准日期 ${approval.date} 晚于发布日期 ${releasedOn}：先批准，后发布`, 'date');
  return { ok: true, value: true };
}

/**
 * The change-event format of real-time updating (实时更新): one event says that one item of one
 * person's record changed from `old` to `new` on `effective`, through which channel, from which
 * system, by whom. Events are what window services (窗口服务), the smart certificate system
 * (智能化残疾人证系统归集), departments' data and collectors' visits produce between two yearly
 * rounds; a register applies them in order and keeps each person's history.
 *
 * Three operations:
 * - `set`: one item changes (`item`, `old`, `new`). `old` is what the sender believed the register
 *   held; a register whose current value differs reports a conflict (two offline devices editing one
 *   person — ODK Entities detect the same way) instead of silently overwriting.
 * - `add`: a person enters the register (a new certificate) with a whole record.
 * - `exit`: a person leaves the register (died, certificate cancelled or expired, moved out), with
 *   the reason the data supports.
 *
 * The format is canji's (no official format for these events has been seen — docs/sources.md);
 * the modes name channels the mechanism names (S3, S5, S20), not official codes.
 *
 * Serialised as JSON Lines, one event per line; `parseChangeEvent` checks one decoded object.
 */
import { EXIT_REASONS, type ExitReason } from './classes.js';

/** A value in a record: the flat layout's scalar cells. `null` means "not answered / absent". */
export type EventValue = string | number | null;

/**
 * How the change was collected. canji's vocabulary (S3 / S5 / S20 name the channels; no official
 * codes seen): `home-visit` 入户, `phone` 电话, `face-to-face` 见面, `window-service` 窗口服务,
 * `certificate-system` 智能化残疾人证系统归集, `department-data` 部门数据比对, `self-report` 本人申报.
 */
export const EVENT_MODES = ['home-visit', 'phone', 'face-to-face', 'window-service', 'certificate-system', 'department-data', 'self-report'] as const;
/** A collection mode of a change event. */
export type EventMode = (typeof EVENT_MODES)[number];
/** zh-CN labels of the collection modes. */
export const EVENT_MODE_LABELS: Readonly<Record<EventMode, string>> = {
  'home-visit': '入户调查',
  phone: '电话调查',
  'face-to-face': '见面调查',
  'window-service': '窗口服务',
  'certificate-system': '智能化残疾人证系统归集',
  'department-data': '部门数据比对',
  'self-report': '本人申报',
};

/** What an event does. */
export const EVENT_OPS = ['set', 'add', 'exit'] as const;
/** An event operation. */
export type EventOp = (typeof EVENT_OPS)[number];

interface EventBase {
  /** Unique id of the event (a UUID or the source system's id): applying an event twice is a no-op. */
  readonly id: string;
  /** The person's key in the register (canonical resident ID, certificate number or keyed pseudonym). */
  readonly person: string;
  /** The date the change took effect, `YYYY-MM-DD` (a snapshot as of a date sees it from then). */
  readonly effective: string;
  /** When the event was recorded, ISO 8601 date-time (optional; the audit trail keeps it). */
  readonly recorded?: string;
  /** How it was collected. */
  readonly mode: EventMode;
  /** The system that sent it (e.g. `app`, `window`, `certificate-system`, `dept:civil`). */
  readonly source: string;
  /** Who collected or entered it (collector's id or name as the source gives it). */
  readonly collector?: string;
}

/** One item changed. */
export interface SetEvent extends EventBase {
  readonly op: 'set';
  /** Flat column name of the item (`r16`, `region_code`, `person_status` …). */
  readonly item: string;
  /** The value the sender saw before the change (`null` when it was unanswered). */
  readonly old: EventValue;
  /** The new value (`null` clears the item). */
  readonly new: EventValue;
}

/** A person enters the register. */
export interface AddEvent extends EventBase {
  readonly op: 'add';
  /** The whole record, in the flat layout. */
  readonly record: Readonly<Record<string, EventValue>>;
}

/** A person leaves the register. */
export interface ExitEvent extends EventBase {
  readonly op: 'exit';
  /** Why, as far as the data says. */
  readonly reason: ExitReason;
}

/**
 * A change event.
 *
 * @example
 * ```ts
 * import type { ChangeEvent } from '@canji/rounds';
 * const e: ChangeEvent = {
 *   id: 'e-0001', op: 'set', person: '43012119800101001X', item: 'r16', old: 2, new: 1,
 *   effective: '2021-03-15', mode: 'window-service', source: 'window', collector: 'c07',
 * };
 * ```
 */
export type ChangeEvent = SetEvent | AddEvent | ExitEvent;

/** Stable codes of a malformed event. */
export const EVENT_ISSUE_CODES = [
  'EVENT_NOT_OBJECT',
  'EVENT_ID_MISSING',
  'EVENT_OP_UNKNOWN',
  'EVENT_PERSON_MISSING',
  'EVENT_EFFECTIVE_INVALID',
  'EVENT_RECORDED_INVALID',
  'EVENT_MODE_UNKNOWN',
  'EVENT_SOURCE_MISSING',
  'EVENT_ITEM_MISSING',
  'EVENT_VALUE_INVALID',
  'EVENT_RECORD_INVALID',
  'EVENT_REASON_UNKNOWN',
] as const;
/** A stable code of a malformed event. */
export type EventIssueCode = (typeof EVENT_ISSUE_CODES)[number];

/** Why an object is not a change event. */
export interface EventIssue {
  readonly code: EventIssueCode;
  /** The field at fault. */
  readonly field: string;
  /** zh-CN message. */
  readonly message: string;
}

/** The outcome of {@link parseChangeEvent}. */
export type ParseEventResult = { readonly ok: true; readonly event: ChangeEvent } | { readonly ok: false; readonly issues: readonly EventIssue[] };

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
function isDate(s: unknown): s is string {
  if (typeof s !== 'string') return false;
  const m = DATE.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!));
  return d.getUTCFullYear() === +m[1]! && d.getUTCMonth() === +m[2]! - 1 && d.getUTCDate() === +m[3]!;
}
function isValue(v: unknown): v is EventValue {
  return v === null || typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v));
}
const nonEmpty = (v: unknown): v is string => typeof v === 'string' && v.trim() !== '';

/**
 * Checks one decoded object (a JSON Lines line) against the event format. Nothing is coerced:
 * an event that is not exactly right is returned with every issue, each with a stable code and a
 * zh-CN message, so a sender can fix it.
 *
 * @example
 * ```ts
 * import { parseChangeEvent } from '@canji/rounds';
 * const r = parseChangeEvent({ id: 'e1', op: 'exit', person: 'P1', reason: 'died', effective: '2021-02-01', mode: 'department-data', source: 'dept:public-security' });
 * r.ok; //=> true
 * ```
 */
export function parseChangeEvent(input: unknown): ParseEventResult {
  const issues: EventIssue[] = [];
  const add = (code: EventIssueCode, field: string, message: string) => issues.push({ code, field, message });
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { ok: false, issues: [{ code: 'EVENT_NOT_OBJECT', field: '', message: '变更事件应为 JSON 对象' }] };
  }
  const o = input as Record<string, unknown>;
  if (!nonEmpty(o.id)) add('EVENT_ID_MISSING', 'id', '变更事件缺少唯一标识 id');
  const op = o.op === undefined ? 'set' : o.op;
  if (!(EVENT_OPS as readonly unknown[]).includes(op)) add('EVENT_OP_UNKNOWN', 'op', `未知的操作 ${JSON.stringify(o.op)}（应为 set、add 或 exit）`);
  if (!nonEmpty(o.person)) add('EVENT_PERSON_MISSING', 'person', '变更事件缺少人员标识 person');
  if (!isDate(o.effective)) add('EVENT_EFFECTIVE_INVALID', 'effective', `生效日期 effective 应为有效的 YYYY-MM-DD 日期，实际为 ${JSON.stringify(o.effective)}`);
  if (o.recorded !== undefined && (typeof o.recorded !== 'string' || Number.isNaN(Date.parse(o.recorded)))) {
    add('EVENT_RECORDED_INVALID', 'recorded', `记录时间 recorded 应为 ISO 8601 时间，实际为 ${JSON.stringify(o.recorded)}`);
  }
  if (!(EVENT_MODES as readonly unknown[]).includes(o.mode)) add('EVENT_MODE_UNKNOWN', 'mode', `未知的采集方式 ${JSON.stringify(o.mode)}（可选：${EVENT_MODES.join('、')}）`);
  if (!nonEmpty(o.source)) add('EVENT_SOURCE_MISSING', 'source', '变更事件缺少来源系统 source');
  if (o.collector !== undefined && typeof o.collector !== 'string') add('EVENT_VALUE_INVALID', 'collector', '采集人 collector 应为字符串');
  if (op === 'set') {
    if (!nonEmpty(o.item)) add('EVENT_ITEM_MISSING', 'item', '修改事件缺少指标项 item');
    if (!('old' in o) || !isValue(o.old)) add('EVENT_VALUE_INVALID', 'old', '修改事件的原值 old 应为字符串、数字或 null');
    if (!('new' in o) || !isValue(o.new)) add('EVENT_VALUE_INVALID', 'new', '修改事件的新值 new 应为字符串、数字或 null');
  } else if (op === 'add') {
    const r = o.record;
    if (typeof r !== 'object' || r === null || Array.isArray(r) || !Object.values(r).every(isValue)) {
      add('EVENT_RECORD_INVALID', 'record', '新增事件的 record 应为扁平记录对象（值为字符串、数字或 null）');
    }
  } else if (op === 'exit') {
    if (!(EXIT_REASONS as readonly unknown[]).includes(o.reason)) add('EVENT_REASON_UNKNOWN', 'reason', `未知的退出原因 ${JSON.stringify(o.reason)}（可选：${EXIT_REASONS.join('、')}）`);
  }
  if (issues.length > 0) return { ok: false, issues };
  const base = {
    id: o.id as string,
    person: o.person as string,
    effective: o.effective as string,
    mode: o.mode as EventMode,
    source: o.source as string,
    ...(o.recorded !== undefined ? { recorded: o.recorded as string } : {}),
    ...(o.collector !== undefined ? { collector: o.collector as string } : {}),
  };
  const event: ChangeEvent =
    op === 'set'
      ? { ...base, op: 'set', item: o.item as string, old: o.old as EventValue, new: o.new as EventValue }
      : op === 'add'
        ? { ...base, op: 'add', record: { ...(o.record as Record<string, EventValue>) } }
        : { ...base, op: 'exit', reason: o.reason as ExitReason };
  return { ok: true, event };
}

/**
 * The state machine, pure: a command is checked against the round's state and becomes an event;
 * an event applied to a state gives the next state; replaying a round's events from the first
 * gives its state (event sourcing). Replay runs the same checks as a command, so a log that holds
 * an illegal transition is refused (`REVIEW_LOG_CORRUPT`) rather than believed.
 */
import { normalizeRegionCode } from '@canji/regions';
import { ReviewError } from './errors.js';
import { buildTree, normalizeConfig, type UnitTree } from './tree.js';
import type { ReviewConfig, ReviewEvent, ReviewEventDraft, ReviewRoundState, ReviewStateCode, UnitReviewState } from './types.js';

/** Fields every command carries. */
interface CommandBase {
  readonly round: string;
  /** Who (a name or an account; kept in the log). */
  readonly by: string;
  /** When (ISO 8601; the caller's clock, never read here). */
  readonly at: string;
}

/** Sets the round's levels and units (the first event of a round). */
export interface ConfigureCommand extends CommandBase {
  readonly config: ReviewConfig;
}

/** A unit submits its batch (报送): SHA-256 of the file's bytes, and where it is. */
export interface SubmitCommand extends CommandBase {
  readonly unit: string;
  readonly hash: string;
  readonly contentHash?: string;
  readonly batch?: string;
  readonly reason?: string;
}

/** A level approves a unit (审核 / 复核 / 终审) — the batch it approved, by its SHA-256. */
export interface ApproveCommand extends CommandBase {
  readonly unit: string;
  readonly level: string;
  readonly hash: string;
  readonly reason?: string;
}

/** A level sends a unit back (退回), with the reason. */
export interface ReturnCommand extends CommandBase {
  readonly unit: string;
  readonly level: string;
  readonly reason: string;
}

/** Any command. */
export type ReviewCommand =
  | ({ readonly kind: 'configure' } & ConfigureCommand)
  | ({ readonly kind: 'submit' } & SubmitCommand)
  | ({ readonly kind: 'approve' } & ApproveCommand)
  | ({ readonly kind: 'return' } & ReturnCommand);

const HEX64 = /^[0-9a-f]{64}$/;

/** @internal A round being replayed: its tree and mutable unit states. */
export interface RoundMachine {
  readonly round: string;
  readonly tree: UnitTree;
  readonly units: Map<string, UnitReviewState>;
  events: number;
  lastSeq: number;
}

const initial = (unit: string): UnitReviewState => ({ unit, state: 'unsubmitted', rank: 0, approvals: [], lastSeq: 0 });

function need(cond: unknown, field: string): void {
  if (!cond) throw new ReviewError('REVIEW_COMMAND_INVALID', `审核命令缺少或错误：${field}`);
}

function checkBase(c: CommandBase): void {
  need(typeof c.round === 'string' && c.round.trim() !== '', 'round（轮次/年度）');
  need(typeof c.by === 'string' && c.by.trim() !== '', 'by（操作人）');
  need(typeof c.at === 'string' && !Number.isNaN(Date.parse(c.at)), 'at（时间，ISO 8601）');
}

function unitOf(m: RoundMachine, raw: string): string {
  const u = typeof raw === 'string' ? normalizeRegionCode(raw) : undefined;
  if (!u || !m.units.has(u)) throw new ReviewError('REVIEW_UNIT_UNKNOWN', `单位“${String(raw)}”不是 ${m.round} 轮审核的单位（顶层单位 ${m.tree.config.top}）`, u ? [u] : []);
  return u;
}

function levelOf(m: RoundMachine, unit: string, id: string): number {
  const i = m.tree.levelIndex.get(id);
  if (i === undefined) throw new ReviewError('REVIEW_LEVEL_UNKNOWN', `未知的审核层级“${String(id)}”（本轮层级：${m.tree.config.levels.map((l) => l.id).join('、')}）`);
  if (!m.tree.applicable.get(unit)!.includes(i)) {
    throw new ReviewError('REVIEW_LEVEL_NOT_APPLICABLE', `${m.tree.config.levels[i]!.name}不审核单位 ${unit}（审核它的层级：${applicableNames(m, unit)}）`, [unit]);
  }
  return i;
}

const applicableNames = (m: RoundMachine, unit: string) => m.tree.applicable.get(unit)!.map((i) => m.tree.config.levels[i]!.name).join('、') || '无';

/** Index of the level expected to act next on a unit (approve or send back), or undefined. @internal */
export function awaitingLevel(m: RoundMachine, s: UnitReviewState): number | undefined {
  if (s.state === 'unsubmitted' || s.state === 'returned') return undefined;
  return m.tree.applicable.get(s.unit)!.find((i) => i + 1 > s.rank);
}

/** A new round from its configure command. @internal */
export function startRound(round: string, config: ReviewConfig): RoundMachine {
  const tree = buildTree(normalizeConfig(config));
  return { round, tree, units: new Map(tree.order.map((u) => [u, initial(u)])), events: 0, lastSeq: 0 };
}

/**
 * Checks a command against a round and gives the event it makes (without `seq` and `chain`), or
 * throws the {@link ReviewError} that says why it is refused.
 * @internal
 */
export function plan(m: RoundMachine | undefined, c: ReviewCommand): ReviewEventDraft {
  checkBase(c);
  if (c.kind === 'configure') {
    const config = normalizeConfig(c.config);
    if (m) throw new ReviewError('REVIEW_ROUND_CONFIGURED', `${c.round} 轮已配置审核层级和单位（顶层单位 ${m.tree.config.top}），不能再配置`);
    return { round: c.round, kind: 'configure', unit: config.top, by: c.by, at: c.at, config };
  }
  if (!m) throw new ReviewError('REVIEW_ROUND_UNKNOWN', `${c.round} 轮尚未配置审核（尚无报送）`);
  const unit = unitOf(m, c.unit);
  const s = m.units.get(unit)!;
  const base = { round: c.round, unit, by: c.by, at: c.at, from: s.state };
  const levels = m.tree.config.levels;
  switch (c.kind) {
    case 'submit': {
      need(typeof c.hash === 'string' && HEX64.test(c.hash), 'hash（批次文件的 SHA-256，64 位小写十六进制）');
      if (s.state === 'approved') {
        throw new ReviewError('REVIEW_SUBMIT_APPROVED', `单位 ${unit} 已是“${levels[s.rank - 1]!.approved}”，不能重新报送：须先由审核层级退回`, [unit]);
      }
      return {
        ...base, kind: 'submit', hash: c.hash, to: 'submitted',
        ...(c.contentHash ? { contentHash: c.contentHash } : {}), ...(c.batch ? { batch: c.batch } : {}), ...(c.reason ? { reason: c.reason } : {}),
      };
    }
    case 'approve': {
      const i = levelOf(m, unit, c.level);
      if (s.state === 'unsubmitted' || s.state === 'returned') {
        throw new ReviewError('REVIEW_NOT_SUBMITTED', `单位 ${unit} ${s.state === 'returned' ? '已被退回，尚未重新报送' : '尚未报送'}，不能审核`, [unit]);
      }
      need(typeof c.hash === 'string' && HEX64.test(c.hash), 'hash（所审核批次文件的 SHA-256）');
      const next = awaitingLevel(m, s);
      if (next !== i) {
        const why = next === undefined ? `已完成全部审核（${levels[s.rank - 1]!.approved}）` : i < next ? `已是“${levels[s.rank - 1]!.approved}”，现待${levels[next]!.name}审核` : `现待${levels[next]!.name}审核，${levels[i]!.name}不能越级审核`;
        throw new ReviewError('REVIEW_OUT_OF_ORDER', `单位 ${unit} ${why}`, [unit]);
      }
      if (c.hash !== s.submitted!.hash) {
        throw new ReviewError('REVIEW_BATCH_CHANGED', `单位 ${unit} 的数据在报送后已变更：报送时 SHA-256 ${s.submitted!.hash}，现为 ${c.hash}；须重新报送`, [unit]);
      }
      const short = m.tree.below.get(unit)!.filter((d) => m.units.get(d)!.rank < i + 1);
      if (short.length > 0) {
        const list = short.slice(0, 10).join('、') + (short.length > 10 ? ` 等 ${short.length} 个单位` : '');
        throw new ReviewError('REVIEW_BELOW_NOT_APPROVED', `单位 ${unit} 之下尚有单位未达到“${levels[i]!.approved}”：${list}（下一级合格方可申报上一级）`, short);
      }
      return { ...base, kind: 'approve', level: levels[i]!.id, hash: c.hash, to: 'approved', ...(c.reason ? { reason: c.reason } : {}) };
    }
    case 'return': {
      const i = levelOf(m, unit, c.level);
      if (typeof c.reason !== 'string' || c.reason.trim() === '') throw new ReviewError('REVIEW_REASON_REQUIRED', `退回单位 ${unit} 须说明原因（reason）`, [unit]);
      if (s.state === 'unsubmitted' || s.state === 'returned') {
        throw new ReviewError('REVIEW_NOTHING_TO_RETURN', `单位 ${unit} ${s.state === 'returned' ? '已被退回' : '尚未报送'}，没有可退回的数据`, [unit]);
      }
      const next = awaitingLevel(m, s);
      if (next !== undefined && i > next) {
        throw new ReviewError('REVIEW_RETURN_LEVEL', `单位 ${unit} 现待${levels[next]!.name}审核，${levels[i]!.name}尚未收到它的数据，不能退回`, [unit]);
      }
      const relying = m.tree.above.get(unit)!.filter((a) => m.units.get(a)!.rank > 0);
      if (relying.length > 0) {
        throw new ReviewError('REVIEW_ABOVE_APPROVED', `上级单位 ${relying.join('、')} 已审核，依赖单位 ${unit} 的数据：须先退回上级单位`, relying);
      }
      return { ...base, kind: 'return', level: levels[i]!.id, reason: c.reason.trim(), to: 'returned' };
    }
    default:
      return c satisfies never;
  }
}

/** Applies an event (already checked by {@link plan}) to a round. @internal */
export function applyEvent(m: RoundMachine, e: ReviewEvent): void {
  m.events++;
  m.lastSeq = e.seq;
  if (e.kind === 'configure') return;
  const s = m.units.get(e.unit)!;
  let next: UnitReviewState;
  switch (e.kind) {
    case 'submit':
      next = {
        unit: s.unit, state: 'submitted', rank: 0, approvals: [], lastSeq: e.seq,
        submitted: { by: e.by, at: e.at, hash: e.hash!, seq: e.seq, ...(e.contentHash ? { contentHash: e.contentHash } : {}), ...(e.batch ? { batch: e.batch } : {}) },
      };
      break;
    case 'approve': {
      const i = m.tree.levelIndex.get(e.level!)!;
      next = { ...s, state: 'approved', level: e.level!, rank: i + 1, approvals: [...s.approvals, { level: e.level!, by: e.by, at: e.at, hash: e.hash!, seq: e.seq }], lastSeq: e.seq };
      break;
    }
    case 'return': {
      const { submitted: _dropped, ...rest } = s;
      void _dropped;
      next = { ...rest, state: 'returned', level: e.level!, rank: 0, approvals: [], returned: { level: e.level!, by: e.by, at: e.at, reason: e.reason!, seq: e.seq }, lastSeq: e.seq };
      break;
    }
    default:
      throw new ReviewError('REVIEW_LOG_CORRUPT', `日志中有未知的事件类型“${String(e.kind)}”（第 ${e.seq} 条）`);
  }
  m.units.set(e.unit, next);
}

/** The command an event was made from (to check it again on replay). */
function commandOf(e: ReviewEvent): ReviewCommand {
  switch (e.kind) {
    case 'configure': return { kind: 'configure', round: e.round, by: e.by, at: e.at, config: e.config! };
    case 'submit': return { kind: 'submit', round: e.round, unit: e.unit, by: e.by, at: e.at, hash: e.hash!, ...(e.contentHash ? { contentHash: e.contentHash } : {}), ...(e.batch ? { batch: e.batch } : {}) };
    case 'approve': return { kind: 'approve', round: e.round, unit: e.unit, level: e.level!, by: e.by, at: e.at, hash: e.hash! };
    case 'return': return { kind: 'return', round: e.round, unit: e.unit, level: e.level!, by: e.by, at: e.at, reason: e.reason! };
    default: throw new ReviewError('REVIEW_LOG_CORRUPT', `日志中有未知的事件类型“${String((e as ReviewEvent).kind)}”（第 ${(e as ReviewEvent).seq} 条）`);
  }
}

/**
 * Replays a round's events (in `seq` order) into a machine, checking each as a command. Events of
 * other rounds are skipped. `undefined` when the round has no configure event.
 * @internal
 */
export function replayRound(round: string, events: Iterable<ReviewEvent>): RoundMachine | undefined {
  let m: RoundMachine | undefined;
  for (const e of events) {
    if (e.round !== round) continue;
    try {
      plan(m, commandOf(e));
    } catch (err) {
      if (err instanceof ReviewError && err.code !== 'REVIEW_LOG_CORRUPT') throw new ReviewError('REVIEW_LOG_CORRUPT', `审核日志第 ${e.seq} 条不是合法的状态转换（${err.message}）`, err.units);
      throw err;
    }
    if (e.kind === 'configure') m = startRound(round, e.config!);
    applyEvent(m!, e);
  }
  return m;
}

/**
 * The state of a round from its events (event sourcing): each unit's state, submission, approvals
 * and return. Every event is checked as its command was; an illegal one is `REVIEW_LOG_CORRUPT`.
 *
 * @example
 * ```ts
 * const state = replayReview(await store.events('2019'), '2019');
 * state?.units.get('430121')?.state; //=> 'approved'
 * ```
 */
export function replayReview(events: Iterable<ReviewEvent>, round: string): ReviewRoundState | undefined {
  const m = replayRound(round, events);
  return m ? snapshot(m) : undefined;
}

/** @internal */
export function snapshot(m: RoundMachine): ReviewRoundState {
  return { round: m.round, config: m.tree.config, units: new Map(m.units), events: m.events, lastSeq: m.lastSeq };
}

/** zh-CN label of a logged state (no file consulted). @internal */
export function stateLabel(m: RoundMachine, s: UnitReviewState): string {
  const levels = m.tree.config.levels;
  const code: ReviewStateCode = s.state;
  switch (code) {
    case 'unsubmitted': return '未提交';
    case 'submitted': {
      const next = awaitingLevel(m, s);
      return next === undefined ? '已提交' : `已提交（待${levels[next]!.name}审核）`;
    }
    case 'approved': return levels[s.rank - 1]!.approved;
    case 'returned': return `${levels[m.tree.levelIndex.get(s.level!)!]!.name}退回`;
    default: return code satisfies never;
  }
}

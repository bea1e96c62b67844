/// <reference types="node" />
/**
 * The review API over a store: each command replays the round's log, is checked by the state
 * machine, and is appended as one event — or refused with a {@link ReviewError}, leaving the log
 * as it was. The state is never kept anywhere but in the log.
 */
import { normalizeRegionCode } from '@canji/regions';
import { ReviewError } from './errors.js';
import { applyEvent, awaitingLevel, plan, replayRound, snapshot, startRound, type ApproveCommand, type ConfigureCommand, type ReturnCommand, type ReviewCommand, type SubmitCommand } from './machine.js';
import { statusOf, type CurrentBatchHashes } from './status.js';
import type { ReviewStore } from './store.js';
import type { ReviewEvent, ReviewRoundState, ReviewRoundStatus } from './types.js';

/** What a command did: the event appended and the round's state after it. */
export interface ReviewCommandResult {
  readonly event: ReviewEvent;
  readonly state: ReviewRoundState;
}

async function run(store: ReviewStore, command: ReviewCommand): Promise<ReviewCommandResult> {
  const round = typeof command.round === 'string' ? command.round.trim() : command.round;
  const m = replayRound(round, await store.events(round));
  const draft = plan(m, { ...command, round } as ReviewCommand);
  const event = await store.append(draft);
  const after = m ?? startRound(round, event.config!);
  applyEvent(after, event);
  return { event, state: snapshot(after) };
}

/**
 * Sets a round's levels and units — its first event (see {@link reviewConfigFromRegions}).
 * `REVIEW_ROUND_CONFIGURED` when the round already has one.
 *
 * @example
 * ```ts
 * await configureReview(store, { round: '2019', by: '省残联', at: '2019-10-08T09:00:00+08:00', config: reviewConfigFromRegions('43') });
 * ```
 */
export function configureReview(store: ReviewStore, command: ConfigureCommand): Promise<ReviewCommandResult> {
  return run(store, { kind: 'configure', ...command });
}

/**
 * A unit submits its batch (报送): 未提交 or 退回 → 已提交. Resubmitting before review replaces the
 * batch; a unit already approved must be sent back first (`REVIEW_SUBMIT_APPROVED`).
 *
 * @example
 * ```ts
 * const hash = await hashBatchFile('长沙县2019.csv');
 * await submitUnit(store, { round: '2019', unit: '430121', by: '张三', at: '2019-10-10T10:00:00+08:00', hash, batch: '长沙县2019.csv' });
 * ```
 */
export function submitUnit(store: ReviewStore, command: SubmitCommand): Promise<ReviewCommandResult> {
  return run(store, { kind: 'submit', ...command });
}

/**
 * A level approves a unit: the next level in order, the batch the one submitted (same SHA-256 —
 * the lock), every unit below already approved at this level or above. Refused otherwise, with
 * `REVIEW_OUT_OF_ORDER`, `REVIEW_BATCH_CHANGED` or `REVIEW_BELOW_NOT_APPROVED` (the units in `units`).
 *
 * @example
 * ```ts
 * await approveUnit(store, { round: '2019', unit: '430121', level: 'county', by: '县残联 王五', at, hash });
 * (await reviewStatus(store, '2019'))!.units.find((u) => u.unit === '430121')!.label; //=> '县级已审核'
 * ```
 */
export function approveUnit(store: ReviewStore, command: ApproveCommand): Promise<ReviewCommandResult> {
  return run(store, { kind: 'approve', ...command });
}

/** Options of {@link approveWithBelow}. */
export interface ApproveWithBelowCommand extends Omit<ApproveCommand, 'hash'> {
  /**
   * The SHA-256 of a unit's batch as the reviewer has it now (e.g. {@link hashBatchFile} of the file
   * recorded at submission). Each must be the hash submitted, or nothing is approved.
   */
  readonly hashOf: (unit: string, submitted: { readonly hash: string; readonly batch?: string }) => Promise<string>;
}

/**
 * A level approves a unit together with every unit below it that awaits this level — the province's
 * 终审 of a whole prefecture in one command — deepest units first, each one event with its own
 * hash. All are checked before any is written: if one would be refused (a batch changed, a unit
 * below not yet at the level before), none is approved and the refusal is thrown.
 *
 * @example
 * ```ts
 * const r = await approveWithBelow(store, { round: '2019', unit: '4301', level: 'province', by: '省残联', at, hashOf: (u, s) => hashBatchFile(s.batch!) });
 * r.events.length; //=> 11 (长沙市 and its 10 county-level units)
 * ```
 */
export async function approveWithBelow(store: ReviewStore, command: ApproveWithBelowCommand): Promise<{ readonly events: readonly ReviewEvent[]; readonly state: ReviewRoundState }> {
  const round = typeof command.round === 'string' ? command.round.trim() : command.round;
  const events = await store.events(round);
  const m = replayRound(round, events);
  const { hashOf, ...rest } = command;
  if (!m) return plan(undefined, { kind: 'approve', ...rest, round, hash: '' }) as never; // throws REVIEW_ROUND_UNKNOWN
  // A scratch copy to check the whole sequence before anything is written.
  const scratch = replayRound(round, events)!;
  const unitCode = normalizeRegionCode(command.unit) ?? command.unit;
  const root = m.units.has(unitCode) ? unitCode : undefined;
  const below = root ? [...m.tree.below.get(root)!].sort((a, b) => b.length - a.length) : [];
  const drafts = [];
  for (const unit of [...below, unitCode]) {
    const s = scratch.units.get(unit);
    const i = scratch.tree.levelIndex.get(command.level);
    if (unit !== unitCode && (!s || i === undefined || s.state !== 'submitted' && s.state !== 'approved' || awaitingLevel(scratch, s) !== i)) continue;
    const submitted = s?.submitted;
    const hash = submitted ? await hashOf(unit, submitted) : '';
    const draft = plan(scratch, { kind: 'approve', ...rest, round, unit, hash });
    applyEvent(scratch, { ...draft, seq: scratch.lastSeq + 1, chain: '' });
    drafts.push(draft);
  }
  const written: ReviewEvent[] = [];
  for (const d of drafts) {
    const e = await store.append(d);
    applyEvent(m, e);
    written.push(e);
  }
  return { events: written, state: snapshot(m) };
}

/**
 * A level sends a unit back (退回) with a reason: the unit must submit again. A level can send
 * back what has reached it (`REVIEW_RETURN_LEVEL`), and only while no unit above relies on the
 * unit's approval (`REVIEW_ABOVE_APPROVED`: send that one back first, top down).
 *
 * @example
 * ```ts
 * await returnUnit(store, { round: '2019', unit: '430121', level: 'prefecture', by: '市残联', at, reason: '入户调查率不足 90%' });
 * ```
 */
export function returnUnit(store: ReviewStore, command: ReturnCommand): Promise<ReviewCommandResult> {
  return run(store, { kind: 'return', ...command });
}

/**
 * The state of a round as its log says (no file consulted); `undefined` for a round not configured.
 *
 * @example
 * ```ts
 * (await reviewState(store, '2019'))?.units.get('430121')?.approvals.map((a) => a.level); //=> ['county', 'prefecture']
 * ```
 */
export async function reviewState(store: ReviewStore, round: string): Promise<ReviewRoundState | undefined> {
  const m = replayRound(round, await store.events(round));
  return m ? snapshot(m) : undefined;
}

/** Options of {@link reviewStatus}. */
export interface ReviewStatusOptions {
  /**
   * The batches as they are now, by unit: SHA-256 of the bytes, or `null` when the file is gone.
   * Units not in the map are taken as the log says.
   */
  readonly currentHashes?: CurrentBatchHashes;
  /**
   * Take the SHA-256 of every approved unit's batch again from the path recorded at submission
   * (relative paths against `cwd`). Default false (the caller passes `currentHashes`, or trusts the log).
   */
  readonly verifyFiles?: boolean;
  readonly cwd?: string;
}

/**
 * The status tree of a round: every unit in tree order (province, its prefectures, their counties
 * …) with its state, zh-CN label, the hashes and approvers of its approvals, the level expected to
 * act, and counts by label. An approval whose batch changed shows `已失效：数据已变更` with both
 * hashes, and the approvals above that relied on it `已失效：下级数据已变更`; such units are never
 * `approved`. `undefined` for a round not configured.
 *
 * @example
 * ```ts
 * const status = await reviewStatus(store, '2019', { verifyFiles: true });
 * const u = status!.units.find((x) => x.unit === '430121')!;
 * u.label; //=> '已失效：数据已变更'
 * u.invalidated; //=> { reason: 'BATCH_CHANGED', approvedHash: '9f2c…', currentHash: '51ab…' }
 * ```
 */
export async function reviewStatus(store: ReviewStore, round: string, options: ReviewStatusOptions = {}): Promise<ReviewRoundStatus | undefined> {
  const m = replayRound(round, await store.events(round));
  if (!m) return undefined;
  const current = new Map(options.currentHashes ?? []);
  if (options.verifyFiles) {
    const { resolve } = await import('node:path');
    for (const s of m.units.values()) {
      if (s.state !== 'approved' || current.has(s.unit) || !s.submitted?.batch) continue;
      current.set(s.unit, await hashBatchFile(resolve(options.cwd ?? process.cwd(), s.submitted.batch)).catch((e) => (e instanceof ReviewError ? null : Promise.reject(e))));
    }
  }
  return statusOf(m, current);
}

/**
 * SHA-256 (hex) of a batch file's bytes, streamed — the lock an approval records. A missing or
 * unreadable file is a {@link ReviewError} `REVIEW_BATCH_UNREADABLE`.
 *
 * @example
 * ```ts
 * await hashBatchFile('长沙县2019.csv'); //=> '3b7e…' (64 hex digits)
 * ```
 */
export async function hashBatchFile(path: string): Promise<string> {
  const { createHash } = await import('node:crypto');
  const { createReadStream } = await import('node:fs');
  const h = createHash('sha256');
  try {
    for await (const chunk of createReadStream(path)) h.update(chunk as Buffer);
  } catch (e) {
    throw new ReviewError('REVIEW_BATCH_UNREADABLE', `无法读取批次文件“${path}”（${(e as Error).message}）`);
  }
  return h.digest('hex');
}

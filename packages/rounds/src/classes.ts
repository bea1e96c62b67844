/**
 * The classes of a round-to-round reconciliation and the exit reasons, with their zh-CN labels:
 * stable codes (a code never changes meaning once released; a new meaning is a new code).
 */

/**
 * What happened to a person between the previous round, this round's batch and the roster — every
 * person of the union gets exactly one (see `classifyPerson` for the rules, in order):
 * - `continuing` — in the previous round and in this batch, same village, a valid certificate (or no roster given);
 * - `new` — in this batch, not in the previous round (a new certificate);
 * - `exited` — no longer to be updated, with an {@link ExitReason};
 * - `moved-within` — in both rounds, moved to another village or township inside the batch's area;
 * - `not-updated` — a valid certificate in the roster, but not in this batch (not visited);
 * - `not-in-roster` — in this batch without a valid certificate in the roster;
 * - `updated` — in this batch with a valid certificate (or no roster), when no previous round was given to compare with.
 *
 * @example
 * ```ts
 * import { ROUND_CLASSES, ROUND_CLASS_LABELS } from '@canji/rounds';
 * ROUND_CLASSES.length; //=> 7
 * ROUND_CLASS_LABELS['not-updated']; //=> '底册有效持证、本轮未更新'
 * ```
 */
export const ROUND_CLASSES = ['continuing', 'new', 'exited', 'moved-within', 'not-updated', 'not-in-roster', 'updated'] as const;
export type RoundClass = (typeof ROUND_CLASSES)[number];

/** zh-CN labels of {@link ROUND_CLASSES}, for tables and lists. */
export const ROUND_CLASS_LABELS: Readonly<Record<RoundClass, string>> = {
  continuing: '连续（上一轮和本轮均有）',
  new: '新增（上一轮没有，新办证）',
  exited: '退出',
  'moved-within': '县内迁移',
  'not-updated': '底册有效持证、本轮未更新',
  'not-in-roster': '本轮有记录、底册无有效证件',
  updated: '本轮已更新（未与上一轮比较）',
};

/**
 * Why a person exited, as far as the data supports it:
 * - `died` — public security says 死亡 (registration_status 3), this round's record says 核查状态 5 死亡,
 *   or the roster cancelled the certificate for death;
 * - `moved-out` — public security says 迁出 (2), the roster cancelled it for 迁出, or the person's new
 *   region (this round's record or the roster) lies outside the batch's area;
 * - `certificate-cancelled` — the roster says 注销 (other reason) and the person is not in this batch;
 * - `certificate-expired` — the roster says 过期, or its valid-until date is before `asOf`;
 * - `unknown` — in the previous round, not in this batch, and nothing says why.
 *
 * @example
 * ```ts
 * import { EXIT_REASONS, EXIT_REASON_LABELS } from '@canji/rounds';
 * EXIT_REASONS; //=> ['died', 'moved-out', 'certificate-cancelled', 'certificate-expired', 'unknown']
 * EXIT_REASON_LABELS.died; //=> '死亡'
 * ```
 */
export const EXIT_REASONS = ['died', 'moved-out', 'certificate-cancelled', 'certificate-expired', 'unknown'] as const;
export type ExitReason = (typeof EXIT_REASONS)[number];

/** zh-CN labels of {@link EXIT_REASONS}. */
export const EXIT_REASON_LABELS: Readonly<Record<ExitReason, string>> = {
  died: '死亡',
  'moved-out': '迁出本县（区）',
  'certificate-cancelled': '证件注销',
  'certificate-expired': '证件过期',
  unknown: '原因不明',
};

/**
 * What the roster says of a person in this batch who is `not-in-roster`: `absent` (no row),
 * `cancelled`, `expired`, or `other` (status 9 其他).
 */
export type RosterStanding = 'absent' | 'cancelled' | 'expired' | 'other';

/** zh-CN labels of {@link RosterStanding}. */
export const ROSTER_STANDING_LABELS: Readonly<Record<RosterStanding, string>> = {
  absent: '底册中没有',
  cancelled: '证件已注销',
  expired: '证件已过期',
  other: '证件状态非有效',
};

/**
 * The facts behind a classification, as stable codes, so a list entry says why (the supervisor
 * checks the evidence, not the program):
 * `ps-died`, `ps-moved-out`, `ps-cancelled` (public security), `record-died`, `record-moved` (核查状态 5 / 2
 * of this round's record), `roster-died`, `roster-moved-out`, `roster-cancelled`, `roster-expired`,
 * `roster-expired-by-date`, `roster-other`, `roster-absent`, `roster-valid-not-updated` (a valid certificate and no record this round), `region-outside` (new region outside the
 * batch's area), `region-changed`, `certificate-changed` (another certificate number than last round),
 * `batch-says-alive` (a death reported while this round's record says the person was found).
 */
export type Evidence =
  | 'ps-died'
  | 'ps-moved-out'
  | 'ps-cancelled'
  | 'record-died'
  | 'record-moved'
  | 'roster-died'
  | 'roster-moved-out'
  | 'roster-cancelled'
  | 'roster-expired'
  | 'roster-expired-by-date'
  | 'roster-other'
  | 'roster-absent'
  | 'roster-valid-not-updated'
  | 'region-outside'
  | 'region-changed'
  | 'certificate-changed'
  | 'batch-says-alive';

/** zh-CN labels of every {@link Evidence} code. */
export const EVIDENCE_LABELS: Readonly<Record<Evidence, string>> = {
  'ps-died': '公安户籍：死亡',
  'ps-moved-out': '公安户籍：迁出',
  'ps-cancelled': '公安户籍：注销（其他原因）',
  'record-died': '本轮记录核查状态：死亡',
  'record-moved': '本轮记录核查状态：已搬迁',
  'roster-died': '底册：因死亡注销',
  'roster-moved-out': '底册：因迁出注销',
  'roster-cancelled': '底册：证件注销',
  'roster-expired': '底册：证件过期',
  'roster-expired-by-date': '底册：有效期已过',
  'roster-other': '底册：证件状态非有效',
  'roster-absent': '底册中没有此人',
  'roster-valid-not-updated': '底册：证件有效，本轮没有记录',
  'region-outside': '新区划在本批次范围之外',
  'region-changed': '区划与上一轮不同',
  'certificate-changed': '残疾人证号与上一轮不同',
  'batch-says-alive': '本轮记录核查状态为正常，与死亡信息矛盾，请核实',
};

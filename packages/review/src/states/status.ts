/**
 * The status tree of a round: each unit's logged state, and whether its approval still holds. An
 * approval holds while the batch is the one approved (same SHA-256 of its bytes) and every unit
 * below still holds the approval the unit relied on; otherwise the status says 已失效 and why —
 * with both hashes when the batch changed. A changed batch is never shown as approved.
 */
import { awaitingLevel, stateLabel, type RoundMachine } from './machine.js';
import type { ReviewInvalidation, ReviewRoundStatus, UnitReviewStatus } from './types.js';

/** The batch as it is now: its SHA-256, or `null` when the file is gone; absent = not checked. */
export type CurrentBatchHashes = ReadonlyMap<string, string | null>;

/** zh-CN labels of the invalidations. */
export const INVALIDATION_LABELS: Readonly<Record<ReviewInvalidation['reason'], string>> = {
  BATCH_CHANGED: '已失效：数据已变更',
  BATCH_MISSING: '已失效：数据文件不存在',
  BELOW_INVALIDATED: '已失效：下级数据已变更',
};

/** @internal The status of a replayed round, given the batches' hashes now. */
export function statusOf(m: RoundMachine, current: CurrentBatchHashes = new Map()): ReviewRoundStatus {
  const { tree } = m;
  const own = new Map<string, ReviewInvalidation>();
  for (const u of tree.order) {
    const s = m.units.get(u)!;
    if (s.state !== 'approved') continue;
    const approvedHash = s.approvals[s.approvals.length - 1]!.hash;
    const now = current.get(u);
    if (now === null) own.set(u, { reason: 'BATCH_MISSING', approvedHash, batch: s.submitted?.batch ?? '' });
    else if (now !== undefined && now !== approvedHash) own.set(u, { reason: 'BATCH_CHANGED', approvedHash, currentHash: now });
  }
  // Effective rank, deepest units first: a unit holds its rank only when every unit below holds it too.
  const effective = new Map<string, number>();
  const inval = new Map<string, ReviewInvalidation>(own);
  for (const u of [...tree.order].sort((a, b) => b.length - a.length)) {
    const s = m.units.get(u)!;
    if (own.has(u)) {
      effective.set(u, 0);
      continue;
    }
    const short = s.rank > 0 ? tree.below.get(u)!.filter((d) => effective.get(d)! < s.rank) : [];
    if (short.length > 0) {
      const causes = short.filter((d) => own.has(d));
      inval.set(u, { reason: 'BELOW_INVALIDATED', units: causes.length > 0 ? causes : short });
      effective.set(u, 0);
    } else effective.set(u, s.rank);
  }
  const topDepth = tree.config.top.length;
  const units: UnitReviewStatus[] = tree.order.map((u) => {
    const s = m.units.get(u)!;
    const inv = inval.get(u);
    const next = awaitingLevel(m, s);
    const now = current.get(u);
    const name = tree.config.names?.[u];
    return {
      ...s,
      ...(name ? { name } : {}),
      regionLevel: tree.regionLevel.get(u)!,
      depth: tree.above.get(u)!.filter((a) => a.length >= topDepth).length,
      label: inv ? INVALIDATION_LABELS[inv.reason] : stateLabel(m, s),
      approved: s.state === 'approved' && !inv,
      finalLevel: tree.config.levels[Math.max(...tree.applicable.get(u)!)]!.id,
      ...(next !== undefined ? { awaiting: tree.config.levels[next]!.id } : {}),
      ...(inv ? { invalidated: inv } : {}),
      ...(typeof now === 'string' ? { currentHash: now } : {}),
    };
  });
  const counts: Record<string, number> = {};
  for (const u of units) counts[u.label] = (counts[u.label] ?? 0) + 1;
  const complete = units.every((u) => u.approved && u.level === u.finalLevel);
  return { round: m.round, config: tree.config, units, counts, complete, lastSeq: m.lastSeq };
}

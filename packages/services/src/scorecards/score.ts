/**
 * Scoring: each indicator's value against its target (linear between floor and target, capped at
 * 0 and 100), its rank among the units with data, and the weighted total over the indicators that
 * have data — the weights renormalised when some line is 无数据, and the card says so.
 */
import { SCORECARD_INDICATORS, SCORECARD_INDICATOR_INFO, type IndicatorScoring, type ScoreDirection, type ScorecardConfig, type ScorecardIndicatorId } from './config.js';
import type { ScorecardFigures, UnitFigures } from './figures.js';

/**
 * The score of a value: 100 at or beyond the target, 0 at or beyond the floor, linear between.
 *
 * @example
 * ```ts
 * indicatorScore(0.75, { weight: 1, target: 0.9, floor: 0.6 }, 'higher'); //=> 50
 * indicatorScore(0.02, { weight: 1, target: 0.01, floor: 0.1 }, 'lower'); //=> 88.88…
 * ```
 */
export function indicatorScore(value: number, s: Pick<IndicatorScoring, 'target' | 'floor'>, direction: ScoreDirection): number {
  const t = direction === 'higher' ? (value - s.floor) / (s.target - s.floor) : (s.floor - value) / (s.floor - s.target);
  return Math.min(100, Math.max(0, t * 100));
}

/** One line of a unit's card. */
export interface ScorecardLine {
  indicator: ScorecardIndicatorId;
  /** The share (0–1), `null` = 无数据. */
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  detail?: string;
  /** 0–100, `null` without data. */
  score: number | null;
  /** 1 = best among the units with data for this indicator (ties broken by unit code); `null` without data. */
  rank: number | null;
  /** The weight actually applied (after renormalisation, the weights of a unit's lines with data sum to 1); `null` without data. */
  effectiveWeight: number | null;
  /** Whether the value reaches the target. */
  met: boolean | null;
}

/** One unit's card. */
export interface ScorecardUnit {
  code: string;
  name?: string;
  lines: ScorecardLine[];
  /** Weighted score 0–100 over the lines with data; `null` when no weighted line has data. */
  total: number | null;
  /** Rank of the total among the units with a total (1 = best; ties by unit code). */
  rank: number | null;
  /** True when some weighted line is 无数据 and the others' weights were scaled up to sum to 1. */
  renormalised: boolean;
  /** Share of the configured weight that had data (1 = every weighted line). */
  weightCovered: number;
}

/** A scorecard: the units below, scored. */
export interface Scorecard {
  title: string;
  level: 'county' | 'township';
  indicators: { id: ScorecardIndicatorId; label: string; direction: ScoreDirection; source: string; weight: number; target: number; floor: number }[];
  units: ScorecardUnit[];
  notes: string[];
}

/** Strict ranks (a permutation of 1…n) of the entries by score, best first, ties by code. */
function rankBy<T extends { code: string }>(entries: readonly T[], score: (e: T) => number | null): Map<string, number> {
  const scored = entries.filter((e) => score(e) !== null).sort((a, b) => score(b)! - score(a)! || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  return new Map(scored.map((e, i) => [e.code, i + 1]));
}

/**
 * Scores the units: for each indicator value = numerator / denominator, score by
 * {@link indicatorScore}, rank among the units; total = Σ weight × score / Σ weight over the lines
 * with data (renormalised, flagged), ranked.
 *
 * @example
 * ```ts
 * const f = scorecardFigures(reports);
 * if (f.ok) scoreUnits(f.value, DEFAULT_SCORECARD_CONFIG).units[0]!.total; //=> 87.4
 * ```
 */
export function scoreUnits(figures: ScorecardFigures, config: ScorecardConfig): Scorecard {
  const indicators = SCORECARD_INDICATORS.map((id) => ({ id, ...SCORECARD_INDICATOR_INFO[id], ...config.indicators[id] }));
  const totalWeight = indicators.reduce((s, i) => s + i.weight, 0);
  const units: ScorecardUnit[] = figures.units.map((u: UnitFigures) => {
    const lines: ScorecardLine[] = indicators.map((ind) => {
      const f = u.figures[ind.id];
      if (!f || !(f.denominator > 0)) return { indicator: ind.id, value: null, numerator: null, denominator: null, score: null, rank: null, effectiveWeight: null, met: null };
      const value = f.numerator / f.denominator;
      return {
        indicator: ind.id,
        value,
        numerator: f.numerator,
        denominator: f.denominator,
        ...(f.detail ? { detail: f.detail } : {}),
        score: indicatorScore(value, ind, ind.direction),
        rank: null,
        effectiveWeight: null,
        met: ind.direction === 'higher' ? value >= ind.target : value <= ind.target,
      };
    });
    const covered = lines.reduce((s, l, k) => s + (l.score === null ? 0 : indicators[k]!.weight), 0);
    for (let k = 0; k < lines.length; k++) if (lines[k]!.score !== null && covered > 0) lines[k]!.effectiveWeight = indicators[k]!.weight / covered;
    const total = covered > 0 ? lines.reduce((s, l, k) => s + (l.score === null ? 0 : indicators[k]!.weight * l.score), 0) / covered : null;
    return { code: u.code, ...(u.name ? { name: u.name } : {}), lines, total, rank: null, renormalised: covered > 0 && covered < totalWeight, weightCovered: totalWeight > 0 ? covered / totalWeight : 0 };
  });
  indicators.forEach((ind, k) => {
    const ranks = rankBy(units, (u) => u.lines[k]!.score);
    for (const u of units) u.lines[k]!.rank = ranks.get(u.code) ?? null;
  });
  const totalRanks = rankBy(units, (u) => u.total);
  for (const u of units) u.rank = totalRanks.get(u.code) ?? null;
  const notes = [...figures.notes];
  if (units.some((u) => u.renormalised)) notes.push('标“权重已调整”的单位有指标无数据：该项不计分，其余指标的权重按比例放大到合计 100%');
  return { title: config.title, level: figures.level, indicators: indicators.map(({ id, label, direction, source, weight, target, floor }) => ({ id, label, direction, source, weight, target, floor })), units, notes };
}

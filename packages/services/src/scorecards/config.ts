/**
 * The scorecard's indicators, targets, floors and weights as data an office sets (a JSON file,
 * validated by {@link parseScorecardConfig}). The defaults are this project's, except the
 * 入户调查率 target of 90 % (湘残联字〔2019〕7号, docs/sources.md D6, as in the validation
 * report): every other target and floor is PROVISIONAL — no official assessment scheme
 * (绩效考核细则) was seen — and is meant to be replaced by the office's own.
 */
import { z } from 'zod';
import { parseJsonText, parseSchemaData } from '@canji/form';

/** The indicators of a scorecard, in display order. */
export const SCORECARD_INDICATORS = [
  'household-visit',
  'mobile-collection',
  'error-rate',
  'warning-rate',
  'discrepancy-closure',
  'round-completeness',
  'revisit-acceptance',
] as const;

/** One of {@link SCORECARD_INDICATORS}. */
export type ScorecardIndicatorId = (typeof SCORECARD_INDICATORS)[number];

/** Whether a higher value is better (`higher`) or a lower one (`lower`): fixed by the indicator, not configurable. */
export type ScoreDirection = 'higher' | 'lower';

/** zh-CN names, directions and where each figure comes from. */
export const SCORECARD_INDICATOR_INFO: Readonly<Record<ScorecardIndicatorId, { label: string; direction: ScoreDirection; source: string }>> = {
  'household-visit': { label: '入户调查率', direction: 'higher', source: 'canji check 报告：按地区的调查方式（1 入户调查）/ 读取记录' },
  'mobile-collection': { label: '移动终端采集占比', direction: 'higher', source: 'canji check 报告：按地区的采集渠道（2 移动终端，代码暂定）/ 读取记录' },
  'error-rate': { label: '有错误记录比例', direction: 'lower', source: 'canji check 报告：按地区的有错误记录 / 读取记录' },
  'warning-rate': { label: '有警告记录比例', direction: 'lower', source: 'canji check 报告：按地区的有警告记录 / 读取记录' },
  'discrepancy-closure': { label: '部门比对差异办结率', direction: 'higher', source: 'canji check --verification 报告：（发出 − 未结）/ 发出' },
  'round-completeness': { label: '年度更新完整率', direction: 'higher', source: 'canji check --previous 报告：1 −（底册有效未更新 + 与上轮完全相同）/（人数 − 退出）' },
  'revisit-acceptance': { label: '复核一致率', direction: 'higher', source: 'canji audit compare 复核结果：1 − 有差异答案 / 比对答案' },
};

/** The scoring of one indicator: score 0 at `floor`, 100 at `target`, linear between, capped at both ends. */
export interface IndicatorScoring {
  /** Weight in the total (≥ 0; 0 leaves the line on the card without counting it). */
  weight: number;
  /** The value that earns full marks (0–1). */
  target: number;
  /** The value at which the score is 0 (0–1); below the target for `higher`, above it for `lower`. */
  floor: number;
}

const share = (what: string) => z.number({ error: `${what}应为 0 到 1 之间的数` }).min(0, { error: `${what}不能小于 0` }).max(1, { error: `${what}不能大于 1` });

const scoringSchema = z.strictObject({
  weight: z.number({ error: '权重应为数' }).min(0, { error: '权重不能为负' }).max(1000, { error: '权重不能超过 1000' }),
  target: share('目标值'),
  floor: share('零分值'),
});

/** The JSON an office writes (every field optional: what is left out keeps its default). */
export const scorecardConfigSchema = z
  .strictObject({
    $schema: z.string().optional(),
    title: z.string().optional(),
    /** The region level of the units (must be the level the reports count by). */
    level: z.enum(['county', 'township'], { error: '单位级别应为 county（县）或 township（乡镇）' }).optional(),
    indicators: z.partialRecord(z.enum(SCORECARD_INDICATORS), scoringSchema.partial()).optional(),
  })
  .meta({ title: 'canji 工作考核计分设置', description: '各项指标的权重、目标值和零分值（0–1 的比例），由业务部门设定。' });

/** A validated, complete scorecard configuration. */
export interface ScorecardConfig {
  title: string;
  level?: 'county' | 'township';
  indicators: Readonly<Record<ScorecardIndicatorId, IndicatorScoring>>;
}

/**
 * The default configuration. 入户调查率 90 % is D6's; the rest are PROVISIONAL project defaults.
 *
 * @example
 * ```ts
 * DEFAULT_SCORECARD_CONFIG.indicators['household-visit'].target; //=> 0.9
 * ```
 */
export const DEFAULT_SCORECARD_CONFIG: ScorecardConfig = Object.freeze({
  title: '动态更新工作考核',
  indicators: Object.freeze({
    'household-visit': { weight: 25, target: 0.9, floor: 0.6 },
    'mobile-collection': { weight: 10, target: 0.8, floor: 0.2 },
    'error-rate': { weight: 20, target: 0.01, floor: 0.1 },
    'warning-rate': { weight: 10, target: 0.05, floor: 0.3 },
    'discrepancy-closure': { weight: 10, target: 1, floor: 0.5 },
    'round-completeness': { weight: 15, target: 0.98, floor: 0.8 },
    'revisit-acceptance': { weight: 10, target: 0.95, floor: 0.85 },
  }),
});

/** Stable codes of scorecard errors. */
export type ScorecardErrorCode =
  | 'SCORECARD_CONFIG_JSON'
  | 'SCORECARD_CONFIG_SCHEMA'
  | 'SCORECARD_CONFIG_FLOOR'
  | 'SCORECARD_CONFIG_NO_WEIGHT'
  | 'SCORECARD_REPORT_SHAPE'
  | 'SCORECARD_LEVEL_MIXED'
  | 'SCORECARD_LEVEL_MISMATCH'
  | 'SCORECARD_UNIT_DUPLICATE'
  | 'SCORECARD_NO_UNITS'
  | 'SCORECARD_AUDIT_SHAPE';

/** A scorecard error: stable code, zh-CN message. */
export interface ScorecardError {
  code: ScorecardErrorCode;
  message: string;
}

/** A result that never throws. */
export type ScorecardResult<T> = { ok: true; value: T } | { ok: false; error: ScorecardError };

/**
 * Validates an office's configuration (parsed JSON or its text) and fills in the defaults.
 * Errors: `SCORECARD_CONFIG_JSON` (not JSON), `SCORECARD_CONFIG_SCHEMA` (shape, with the path),
 * `SCORECARD_CONFIG_FLOOR` (floor not on the worse side of the target), `SCORECARD_CONFIG_NO_WEIGHT`
 * (all weights 0).
 *
 * @example
 * ```ts
 * const r = parseScorecardConfig({ indicators: { 'household-visit': { weight: 40 } } });
 * r.ok && r.value.indicators['household-visit']; //=> { weight: 40, target: 0.9, floor: 0.6 }
 * parseScorecardConfig({ indicators: { 'error-rate': { floor: 0 } } }).ok; //=> false (SCORECARD_CONFIG_FLOOR)
 * ```
 */
export function parseScorecardConfig(input: unknown): ScorecardResult<ScorecardConfig> {
  let data = input;
  if (typeof input === 'string') {
    const j = parseJsonText(input);
    if (!j.ok) return { ok: false, error: { code: 'SCORECARD_CONFIG_JSON', message: `计分设置不是有效的 JSON（${j.reason}）` } };
    data = j.value;
  }
  const parsed = parseSchemaData(scorecardConfigSchema, data);
  if (!parsed.ok) {
    const i = parsed.issues[0]!;
    return { ok: false, error: { code: 'SCORECARD_CONFIG_SCHEMA', message: `计分设置有误：${i.jsonPath}：${i.message}` } };
  }
  const given = parsed.value.indicators ?? {};
  const indicators = {} as Record<ScorecardIndicatorId, IndicatorScoring>;
  for (const id of SCORECARD_INDICATORS) {
    const s = { ...DEFAULT_SCORECARD_CONFIG.indicators[id], ...given[id] } as IndicatorScoring;
    const { label, direction } = SCORECARD_INDICATOR_INFO[id];
    if (direction === 'higher' ? !(s.floor < s.target) : !(s.floor > s.target)) {
      return { ok: false, error: { code: 'SCORECARD_CONFIG_FLOOR', message: `计分设置有误：“${label}”的零分值（${s.floor}）应${direction === 'higher' ? '低于' : '高于'}目标值（${s.target}）` } };
    }
    indicators[id] = s;
  }
  if (SCORECARD_INDICATORS.every((id) => indicators[id].weight === 0)) {
    return { ok: false, error: { code: 'SCORECARD_CONFIG_NO_WEIGHT', message: '计分设置有误：所有指标的权重都是 0' } };
  }
  return { ok: true, value: { title: parsed.value.title ?? DEFAULT_SCORECARD_CONFIG.title, ...(parsed.value.level ? { level: parsed.value.level } : {}), indicators } };
}

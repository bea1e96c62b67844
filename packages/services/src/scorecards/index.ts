/**
 * Scorecards for the units below (对下一级的绩效考核), satisfaction feedback (满意度反馈) and the
 * yearly briefing for the working committee (残工委会议).
 */
export {
  DEFAULT_SCORECARD_CONFIG,
  SCORECARD_INDICATORS,
  SCORECARD_INDICATOR_INFO,
  parseScorecardConfig,
  scorecardConfigSchema,
  type IndicatorScoring,
  type ScoreDirection,
  type ScorecardConfig,
  type ScorecardError,
  type ScorecardErrorCode,
  type ScorecardIndicatorId,
  type ScorecardResult,
} from './config.js';
export { revisitFiguresFromBackCheck, scorecardFigures, type ScorecardFigureCount, type RevisitUnitFigure, type ScorecardFigures, type ScorecardFiguresOptions, type UnitFigures } from './figures.js';
export { indicatorScore, scoreUnits, type Scorecard, type ScorecardLine, type ScorecardUnit } from './score.js';
export { renderScorecardHtml, type RenderScorecardOptions } from './render.js';
export * from './satisfaction/index.js';
export * from './briefing/index.js';

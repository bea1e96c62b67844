export { BRIEFING_INDICATORS, buildBriefing, type Briefing, type BriefingGapUnit, type BriefingIndicatorRow, type BriefingInput, type BriefingRound, type BriefingUnitRow } from './build.js';
export { barChartSvg, renderBriefingHtml, type RenderBriefingOptions } from './render.js';

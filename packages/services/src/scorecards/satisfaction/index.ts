export {
  SATISFACTION_CODE_LISTS,
  SATISFACTION_EXTENSION_ID,
  SATISFACTION_ITEMS,
  SATISFACTION_NOT_APPLICABLE,
  satisfactionExtension,
  satisfactionForm,
  type SatisfactionApproval,
} from './extension.js';
export {
  SATISFACTION_AREAS,
  SATISFACTION_SERVICES,
  analyseSatisfaction,
  type AnalyseSatisfactionOptions,
  type SatisfactionArea,
  type SatisfactionComparison,
  type SatisfactionIssue,
  type SatisfactionReport,
  type SatisfactionService,
  type SatisfactionUnitRow,
  type SatisfiedShare,
} from './analyse.js';
export { renderSatisfactionHtml, type RenderSatisfactionOptions } from './render.js';

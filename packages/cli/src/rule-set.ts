/** The rule set of `canji check`, shared by the main thread and the check workers. */
import { batchRules, compileRules, consistencyRules, crossCheckRules, formRules, type CompiledRuleSet } from '@canji/rules';
import type { RowError } from './sources.js';

/** Form, consistency and batch rules, and the cross-check rules when departments are given. */
export function checkRuleSet(form: string, withDepartments: boolean): CompiledRuleSet {
  return compileRules([...formRules(form), ...consistencyRules(form), ...batchRules(), ...(withDepartments ? crossCheckRules(form) : [])], { formVersion: form });
}

/** A rejected row as the checker's unreadable item: `第 12 行（列“R13”）：…`. */
export function unreadableRow(rowNumber: number, error: RowError): { ok: false; error: { code: string; message: string } } {
  return { ok: false, error: { code: error.code, message: `第 ${rowNumber} 行${error.column ? `（列“${error.column}”）` : ''}：${error.message}` } };
}

/**
 * How the register validates a record after an edit: the form's rules (`formRules` of
 * @canji/rules — `validatePerson` of @canji/form as rules, one compiled validator) and the
 * consistency rules, compiled once, run by `checkRecord` as `canji check` runs them on one record.
 * Batch, cross-check and year-on-year rules need more than the record and are not run here.
 */
import type { PersonFormVersion } from '@canji/form';
import { checkRecord, compileRules, consistencyRules, formRules, type CompiledRuleSet, type Issue, type PersonRecord } from '@canji/rules';
import type { RegisterDetail } from './types.js';

/** The rules a record must pass to be edited, and how errors are told apart. @internal */
export class RecordValidator {
  private readonly rules: CompiledRuleSet;
  constructor(readonly version: PersonFormVersion) {
    this.rules = compileRules([...formRules(version), ...consistencyRules(version)], { formVersion: version });
  }

  /** Every issue of the record (errors and warnings), in rule order. */
  check(record: PersonRecord): Issue[] {
    return checkRecord(record, this.rules, { formVersion: this.version });
  }

  /** The errors of a record, as signatures (rule and item) to compare before and after an edit. */
  errorSignatures(issues: readonly Issue[]): Set<string> {
    const out = new Set<string>();
    for (const i of issues) if (i.severity === 'error') for (const s of signatures(i)) out.add(s);
    return out;
  }
}

/** One signature per item an issue names (its findings, else the rule's items). @internal */
export function signatures(i: Issue): string[] {
  if (i.findings?.length) return i.findings.map((f) => `${i.ruleId}:${f.item}`);
  return [`${i.ruleId}:${i.items.join(',')}`];
}

/** An issue as details of a rejection or a warning (one per finding). @internal */
export function issueDetails(i: Issue): RegisterDetail[] {
  if (i.findings?.length) return i.findings.map((f) => ({ code: i.ruleId, item: f.item, message: f.message }));
  return [{ code: i.ruleId, ...(i.items.length === 1 ? { item: i.items[0]! } : {}), message: i.message }];
}

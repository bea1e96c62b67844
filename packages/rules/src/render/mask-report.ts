/**
 * The report as it may leave the office: every identifier masked. A report is printed, mailed and
 * filed; only the lists for the people who verify them (written apart) may carry full IDs.
 */
import { maskIdentifier } from '@canji/id';
import { maskMessage, maskValue } from '../mask.js';
import type { Discrepancy, ValidationReport } from '../report.js';

/**
 * A correction's label (`姓名 改为“王某某”`) with the value it quotes masked (`姓名 改为“王**”`); a label
 * that does not quote the value is masked whole, as a value.
 */
function maskedCorrectionLabel(label: string, value: unknown): string {
  if (typeof value === 'string' && value !== '' && label.includes(value)) return maskMessage(label.split(value).join(String(maskValue(value))));
  return maskMessage(String(maskValue(label)));
}

/** A discrepancy without identifiers: key masked, message masked, values of identifying rules masked. */
function maskDiscrepancy(d: Discrepancy, identifying: ReadonlySet<string>): Discrepancy {
  // The person's name is for the department's list only: a report is not a list of persons.
  const { name: _name, ...rest } = d;
  const out: Discrepancy = { ...rest, key: maskIdentifier(d.key) ?? '', message: maskMessage(d.message) };
  if (identifying.has(d.ruleId)) {
    if (d.recorded !== undefined) out.recorded = maskValue(d.recorded);
    if (d.departmentValue !== undefined) out.departmentValue = maskValue(d.departmentValue);
    if (d.recordedLabel !== undefined) out.recordedLabel = maskValue(d.recordedLabel) as string;
    if (d.departmentLabel !== undefined) out.departmentLabel = maskValue(d.departmentLabel) as string;
    if (d.correction) out.correction = { ...d.correction, value: maskValue(d.correction.value), label: maskedCorrectionLabel(d.correction.label, d.correction.value) };
  } else {
    if (d.recordedLabel !== undefined) out.recordedLabel = maskMessage(d.recordedLabel);
    if (d.departmentLabel !== undefined) out.departmentLabel = maskMessage(d.departmentLabel);
    if (d.correction) out.correction = { ...d.correction, label: maskMessage(d.correction.label) };
  }
  return out;
}

/**
 * The report with every identifier masked, for the files people receive (HTML, Markdown, JSON,
 * XLSX): department discrepancy keys (ID numbers or pseudonyms) masked like `@canji/id`'s
 * `maskIdentifier`, the recorded and department values of rules that compare identifying items
 * (both names of a name mismatch, as values, labels and corrections) masked, the person's name dropped, and ID and certificate numbers quoted in messages and
 * unreadable-row reasons masked. Examples are masked when they are kept; this masks their
 * messages again (a report read back from JSON). The input report is not changed.
 *
 * @example
 * ```ts
 * const shown = maskReport(report);
 * JSON.stringify(shown).match(/\d{17}[\dX]/); //=> null
 * ```
 */
export function maskReport(report: ValidationReport): ValidationReport {
  const identifying = new Set(report.rules.filter((r) => r.identifying).map((r) => r.id));
  const examples: ValidationReport['examples'] = {};
  for (const [id, list] of Object.entries(report.examples)) examples[id] = list.map((e) => ({ ...e, message: maskMessage(e.message) }));
  return {
    ...report,
    examples,
    unreadable: report.unreadable.map((u) => ({ ...u, reason: maskMessage(u.reason) })),
    departments: report.departments.map((d) => ({ ...d, discrepancies: d.discrepancies.map((x) => maskDiscrepancy(x, identifying)) })),
    ...(report.normalisations
      ? { normalisations: report.normalisations.map((n) => ({ ...n, message: maskMessage(n.message), examples: n.examples.map((e) => ({ ...e, from: maskMessage(e.from), to: maskMessage(e.to) })) })) }
      : {}),
  };
}

/**
 * How reports print a rule's basis: the document and section, never a file name, and
 * `（未核实）` after a document that docs/sources.md does not confirm.
 */
import { isSourceId, SOURCES, type SourceEntry } from '@canji/form';
import type { RuleBasis } from '../model.js';

/** Whether a basis cites a `D…` document whose identification docs/sources.md marks unconfirmed. */
export function basisUnverified(basis: Pick<RuleBasis, 'sources'>): boolean {
  for (const id of basis.sources ?? []) if (id.startsWith('D') && isSourceId(id) && !SOURCES[id].verified) return true;
  return false;
}

/**
 * A rule's basis as one line for a report: `document（未核实）：section`, the marker only when a cited
 * document is unverified in docs/sources.md.
 *
 * @example
 * ```ts
 * basisText({ kind: 'policy', certainty: '2+', document: '国发〔2015〕52号', section: '护理补贴对象', sources: ['D7'] });
 * //=> '国发〔2015〕52号：护理补贴对象'
 * basisText({ kind: 'policy', certainty: 'inf', document: '民发〔2021〕70号', sources: ['D9'] });
 * //=> '民发〔2021〕70号（未核实）'
 * ```
 */
export function basisText(basis: Pick<RuleBasis, 'document' | 'section' | 'sources'>): string {
  const doc = basisUnverified(basis) ? `${basis.document}（未核实）` : basis.document;
  return basis.section ? `${doc}：${basis.section}` : doc;
}

/**
 * The sources of docs/sources.md that the given bases cite, each once, in the order of the table
 * (ids a basis names that are not in the table are left out).
 *
 * @example
 * ```ts
 * citedSources(consistencyRules('2017').map((r) => r.basis)).some((s) => s.id === 'D7'); //=> true
 * ```
 */
export function citedSources(bases: Iterable<Pick<RuleBasis, 'sources'>>): SourceEntry[] {
  const ids = new Set<string>();
  for (const b of bases) for (const id of b.sources ?? []) ids.add(id);
  return Object.values(SOURCES).filter((s) => ids.has(s.id));
}

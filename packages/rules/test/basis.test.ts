/**
 * A rule's basis is a document a reader knows, the place in it and the ids of docs/sources.md;
 * reports print the document, mark an unverified one, and never print a note's file name.
 */
import { describe, expect, it } from 'vitest';
import { isSourceId, PERSON_FORM_VERSIONS, SOURCES, type SourceId } from '@canji/form';
import {
  basisText,
  batchRules,
  checkBatchSync,
  citedSources,
  consistencyRules,
  crossCheckRules,
  defineRule,
  formRules,
  renderReportHtml,
  renderReportMarkdown,
  type Rule,
} from '@canji/rules';
import { person } from './fixtures.js';

/** File names of the research notes the code once cited, and any other note-file mention. */
const NOTE_NAMES = /registration-form|policy-rules|mission-context|region-code-history|\.md\b/;

const builtIn: Rule[] = [
  ...PERSON_FORM_VERSIONS.flatMap((v) => [...formRules(v), ...consistencyRules(v), ...crossCheckRules(v)]),
  ...batchRules(),
];

describe('the built-in rules', () => {
  it('each have a basis with a document and cite only sources of docs/sources.md', () => {
    expect(builtIn.length).toBeGreaterThan(80);
    for (const r of builtIn) {
      const b = r.basis;
      expect(b.document.trim().length, r.id).toBeGreaterThan(1);
      expect(`${b.document} ${b.section ?? ''} ${b.note ?? ''}`, r.id).not.toMatch(NOTE_NAMES);
      for (const id of b.sources ?? []) expect(isSourceId(id), `${r.id} cites ${id}`).toBe(true);
    }
  });

  it('name the document of the first D… source they cite, by title or by 文号', () => {
    let checked = 0;
    for (const r of builtIn) {
      const first = r.basis.sources?.[0];
      if (!first?.startsWith('D')) continue;
      const s = SOURCES[first];
      checked++;
      expect(r.basis.document.includes(s.title) || r.basis.document.includes(s.number), `${r.id}: ${r.basis.document} vs ${first}`).toBe(true);
    }
    expect(checked).toBeGreaterThan(40);
  });

  it('cite the form version they check', () => {
    const doc: Record<string, SourceId> = { '2016': 'D1', '2017': 'D2', '2021': 'D3' };
    for (const v of PERSON_FORM_VERSIONS) for (const r of formRules(v)) expect(r.basis.sources?.[0], r.id).toBe(doc[v]);
  });
});

function reportWithFindings(extraRules: Rule[] = []) {
  const recs = [person({ seq: 1 }), person({ seq: 2 }, { r3: 9 }), person({ seq: 3 }, { r28: [2] }), person({ seq: 4 })];
  return checkBatchSync(recs, {
    rules: [...formRules('2017'), ...consistencyRules('2017'), ...batchRules(), ...crossCheckRules('2017'), ...extraRules],
    context: { referenceDate: '2017-06-30' },
  });
}

describe('reports', () => {
  const report = reportWithFindings();
  const flagged = report.rules.filter((r) => r.records > 0).map((r) => r.id);

  it('have findings to show (an unknown code, a care subsidy at level 3)', () => {
    expect(flagged).toEqual(expect.arrayContaining(['FORM_CODE_UNKNOWN', 'CON_CARE_SUBSIDY_LEVEL']));
  });

  for (const [name, render] of [['HTML', renderReportHtml], ['Markdown', renderReportMarkdown]] as const) {
    it(`${name} shows each rule's document and section and no file name of a note`, () => {
      const out = render(report);
      const care = report.rules.find((r) => r.id === 'CON_CARE_SUBSIDY_LEVEL')!;
      expect(out).toContain('《国务院关于全面建立困难残疾人生活补贴和重度残疾人护理补贴制度的意见》（国发〔2015〕52号）：护理补贴对象');
      expect(out).toContain(SOURCES.D2.title);
      expect(out).toContain(care.basis.section);
      expect(out).not.toMatch(NOTE_NAMES);
      // the cited sources are listed, with 文号
      expect(out).toContain('附：规则依据的来源');
      expect(out).toContain(SOURCES.D7.number);
    });
  }

  it('mark a document that docs/sources.md does not confirm as 未核实, in the rule line and the source list', () => {
    const local = defineRule({
      id: 'LOCAL_SUBSIDY_NEAR_POVERTY', title: '低保边缘家庭享受生活补贴（本地扩面）', severity: 'warning', scope: 'record',
      formVersions: '*', items: ['r28'], violation: { item: 'r28', includes: 2 },
      basis: { kind: 'policy', certainty: 'inf', document: '民政部、中国残联 2021 年两项补贴完善意见', section: '低保边缘扩面', sources: ['D9', 'P4'] },
    });
    const withLocal = reportWithFindings([local]);
    for (const out of [renderReportHtml(withLocal), renderReportMarkdown(withLocal)]) {
      expect(out).toContain('民政部、中国残联 2021 年两项补贴完善意见（未核实）：低保边缘扩面');
      expect(out).toContain(`${SOURCES.D9.title}（未核实）`);
      // a verified document carries no marker
      expect(out).not.toContain('（国发〔2015〕52号）（未核实）');
    }
  });
});

describe('basisText and citedSources', () => {
  it('print document and section, the marker only for an unverified D… source', () => {
    expect(basisText({ document: 'GB 11643-1999《公民身份号码》', section: '校验码', sources: ['D24'] })).toBe('GB 11643-1999《公民身份号码》：校验码');
    expect(basisText({ document: 'GA 2102-2023', sources: ['D22', 'P49'] })).toBe('GA 2102-2023（未核实）');
    expect(basisText({ document: '本地规则' })).toBe('本地规则');
    // an unverified witness page does not make the document unverified; only documents (D…) do
    expect(basisText({ document: '国发〔2015〕52号', sources: ['D7', 'P1'] })).toBe('国发〔2015〕52号');
  });

  it('list each cited source once, in the order of docs/sources.md', () => {
    const ids = citedSources([{ sources: ['S5', 'D7'] }, { sources: ['D7', 'P1'] }, {}]).map((s) => s.id);
    expect(ids).toEqual(['D7', 'S5', 'P1']);
  });
});

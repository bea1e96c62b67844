/**
 * Scorecards: figures taken from the validation report's own counts, scoring laws for all inputs
 * (monotone in each indicator, ranks a permutation, weights renormalised over the lines with
 * data), and the office's configuration validated with stable codes.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SCORECARD_CONFIG,
  SCORECARD_INDICATORS,
  indicatorScore,
  parseScorecardConfig,
  renderScorecardHtml,
  scoreUnits,
  scorecardFigures,
  type ScorecardFigures,
  type ScorecardIndicatorId,
  type UnitFigures,
} from '@canji/services';

/** A minimal report of canji check's JSON shape, one region row per unit. */
function report(level: 'county' | 'township', regions: { code: string; read: number; withErrors: number; withWarnings: number; hv: number; mobile: number; name?: string }[], extra: Record<string, unknown> = {}) {
  return {
    meta: { title: 't', ruleSetVersion: '1', formVersion: '2017', regionLevel: level, examplesPerRule: 3 },
    counts: { read: regions.reduce((s, r) => s + r.read, 0) },
    rules: [],
    regions: regions.map((r) => ({ code: r.code, name: r.name, read: r.read, withErrors: r.withErrors, withWarnings: r.withWarnings, errorRate: 0, warningRate: 0, collectionModes: { '1': r.hv, '2': r.read - r.hv }, collectionChannels: { '2': r.mobile, '1': r.read - r.mobile } })),
    examples: {},
    unreadable: [],
    departments: [],
    ...extra,
  };
}

describe('scorecardFigures: the report’s own counts', () => {
  it('takes visit, mobile, error and warning counts per region; closure from a one-unit report’s verification; completeness from rounds; re-visit from audit units', () => {
    const a = report('county', [{ code: '430121', name: '长沙县', read: 1000, withErrors: 30, withWarnings: 120, hv: 912, mobile: 700 }], {
      verification: { departments: [{ department: 'education', sent: 40, answered: 38, byResult: {}, open: 5 }, { department: 'civil-affairs', sent: 10, answered: 10, byResult: {}, open: 0 }] },
      rounds: {
        sources: { roster: { read: 1 } },
        units: [
          { unit: '430121001', persons: 500, byClass: { exited: 20, 'not-updated': 10 }, exitedBy: {} },
          { unit: '430121002', persons: 520, byClass: { exited: 20, 'not-updated': 5 }, exitedBy: {} },
        ],
        changes: { units: [{ unit: '430121001', compared: 470, identical: { count: 30 } }, { unit: '430121002', compared: 495, identical: { count: 15 } }] },
      },
    });
    const b = report('county', [{ code: '430124', name: '宁乡市', read: 800, withErrors: 80, withWarnings: 300, hv: 500, mobile: 100 }]);
    const r = scorecardFigures([a, b], {
      revisit: [
        { level: 'township', unit: '430121001', compared: 300, discrepant: 9, verdict: 'pass' },
        { level: 'township', unit: '430121002', compared: 200, discrepant: 21, verdict: 'fail' },
        { level: 'collector', unit: '杨萍', compared: 500, discrepant: 30 },
      ],
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const [cs, nx] = r.value.units;
    expect(cs!.figures).toMatchObject({
      'household-visit': { numerator: 912, denominator: 1000 },
      'mobile-collection': { numerator: 700, denominator: 1000 },
      'error-rate': { numerator: 30, denominator: 1000 },
      'warning-rate': { numerator: 120, denominator: 1000 },
      'discrepancy-closure': { numerator: 45, denominator: 50 },
      'round-completeness': { numerator: 980 - 15 - 45, denominator: 980 },
      'revisit-acceptance': { numerator: 470, denominator: 500 },
    });
    expect(nx!.figures['discrepancy-closure']).toBeUndefined();
    expect(nx!.figures['round-completeness']).toBeUndefined();
    expect(nx!.figures['revisit-acceptance']).toBeUndefined();
  });

  it('refuses what is not a report, mixed levels and a unit in two reports, with stable codes and zh-CN messages', () => {
    const bad = scorecardFigures([{ hello: 1 }]);
    expect(bad).toMatchObject({ ok: false, error: { code: 'SCORECARD_REPORT_SHAPE' } });
    expect(!bad.ok && bad.error.message).toContain('canji check');
    const one = { code: '430121', read: 10, withErrors: 0, withWarnings: 0, hv: 10, mobile: 10 };
    expect(scorecardFigures([report('county', [one]), report('township', [{ ...one, code: '430121001' }])])).toMatchObject({ ok: false, error: { code: 'SCORECARD_LEVEL_MIXED' } });
    expect(scorecardFigures([report('county', [one]), report('county', [one])])).toMatchObject({ ok: false, error: { code: 'SCORECARD_UNIT_DUPLICATE' } });
    expect(scorecardFigures([report('county', [one])], { level: 'township' })).toMatchObject({ ok: false, error: { code: 'SCORECARD_LEVEL_MISMATCH' } });
    expect(scorecardFigures([report('county', [])])).toMatchObject({ ok: false, error: { code: 'SCORECARD_NO_UNITS' } });
  });

  it('says that a province report’s verification cannot be given to its counties', () => {
    const r = scorecardFigures([
      report('county', [{ code: '430121', read: 10, withErrors: 0, withWarnings: 0, hv: 10, mobile: 10 }, { code: '430124', read: 10, withErrors: 0, withWarnings: 0, hv: 10, mobile: 10 }], { verification: { departments: [{ department: 'education', sent: 4, answered: 4, byResult: {}, open: 0 }] } }),
    ]);
    expect(r.ok && r.value.notes.join()).toContain('办结率按单位无数据');
  });
});

describe('parseScorecardConfig', () => {
  it('fills defaults and validates with stable codes', () => {
    const r = parseScorecardConfig('{"indicators":{"household-visit":{"weight":40}}}');
    expect(r.ok && r.value.indicators['household-visit']).toEqual({ weight: 40, target: 0.9, floor: 0.6 });
    expect(parseScorecardConfig('{')).toMatchObject({ ok: false, error: { code: 'SCORECARD_CONFIG_JSON' } });
    const s = parseScorecardConfig({ indicators: { 'household-visit': { weight: -1 } } });
    expect(s).toMatchObject({ ok: false, error: { code: 'SCORECARD_CONFIG_SCHEMA' } });
    expect(!s.ok && s.error.message).toContain('$.indicators["household-visit"].weight');
    expect(parseScorecardConfig({ indicators: { 'no-such': {} } })).toMatchObject({ ok: false, error: { code: 'SCORECARD_CONFIG_SCHEMA' } });
    expect(parseScorecardConfig({ indicators: { 'error-rate': { floor: 0 } } })).toMatchObject({ ok: false, error: { code: 'SCORECARD_CONFIG_FLOOR' } });
    const zero = Object.fromEntries(SCORECARD_INDICATORS.map((id) => [id, { weight: 0 }]));
    expect(parseScorecardConfig({ indicators: zero })).toMatchObject({ ok: false, error: { code: 'SCORECARD_CONFIG_NO_WEIGHT' } });
  });
});

// ---- property tests -----------------------------------------------------------------------
const count = fc.integer({ min: 0, max: 1000 });
const figureArb = fc.tuple(count, fc.integer({ min: 1, max: 1000 })).map(([n, d]) => ({ numerator: Math.min(n, d), denominator: d }));
const unitArb = (code: string) =>
  fc.record(Object.fromEntries(SCORECARD_INDICATORS.map((id) => [id, fc.option(figureArb, { nil: undefined })])) as Record<ScorecardIndicatorId, fc.Arbitrary<{ numerator: number; denominator: number } | undefined>>).map(
    (f): UnitFigures => ({ code, figures: Object.fromEntries(Object.entries(f).filter(([, v]) => v !== undefined)) }),
  );
const figuresArb = fc.integer({ min: 1, max: 12 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => unitArb(String(430100 + i))))).map((units): ScorecardFigures => ({ level: 'county', units, notes: [] }));
const weightsArb = fc.tuple(...SCORECARD_INDICATORS.map(() => fc.integer({ min: 0, max: 50 }))).filter((w) => w.some((x) => x > 0));
const configOf = (w: number[]) => {
  const r = parseScorecardConfig({ indicators: Object.fromEntries(SCORECARD_INDICATORS.map((id, k) => [id, { weight: w[k] }])) });
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
};

describe('scoring laws', () => {
  it('an indicator’s score is monotone in its value, 0 at the floor, 100 at the target, within [0, 100]', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom(...SCORECARD_INDICATORS), (a, b, id) => {
        const s = DEFAULT_SCORECARD_CONFIG.indicators[id];
        const dir = s.floor < s.target ? 'higher' : 'lower';
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        const sl = indicatorScore(lo, s, dir);
        const sh = indicatorScore(hi, s, dir);
        expect(sl).toBeGreaterThanOrEqual(0);
        expect(sh).toBeLessThanOrEqual(100);
        if (dir === 'higher') expect(sh).toBeGreaterThanOrEqual(sl);
        else expect(sh).toBeLessThanOrEqual(sl);
        expect(indicatorScore(s.target, s, dir)).toBeCloseTo(100, 9);
        expect(indicatorScore(s.floor, s, dir)).toBeCloseTo(0, 9);
      }),
    );
  });

  it('a unit’s total does not fall when one of its indicators gets better', () => {
    fc.assert(
      fc.property(figuresArb, weightsArb, fc.constantFrom(...SCORECARD_INDICATORS), fc.nat(), (figs, w, id, pick) => {
        const cfg = configOf(w);
        const k = pick % figs.units.length;
        const f = figs.units[k]!.figures[id];
        if (!f) return;
        const better = DEFAULT_SCORECARD_CONFIG.indicators[id].floor < DEFAULT_SCORECARD_CONFIG.indicators[id].target ? { ...f, numerator: Math.min(f.denominator, f.numerator + 1 + (pick % 50)) } : { ...f, numerator: Math.max(0, f.numerator - 1 - (pick % 50)) };
        const improved: ScorecardFigures = { ...figs, units: figs.units.map((u, i) => (i === k ? { ...u, figures: { ...u.figures, [id]: better } } : u)) };
        const before = scoreUnits(figs, cfg).units[k]!;
        const after = scoreUnits(improved, cfg).units[k]!;
        if (before.total !== null) expect(after.total!).toBeGreaterThanOrEqual(before.total - 1e-9);
        const line = SCORECARD_INDICATORS.indexOf(id);
        expect(after.lines[line]!.score!).toBeGreaterThanOrEqual(before.lines[line]!.score! - 1e-9);
      }),
    );
  });

  it('ranks are a permutation of 1…n over the units with data, best score first', () => {
    fc.assert(
      fc.property(figuresArb, weightsArb, (figs, w) => {
        const card = scoreUnits(figs, configOf(w));
        const check = (vals: { rank: number | null; score: number | null }[]) => {
          const withData = vals.filter((v) => v.score !== null);
          expect(vals.filter((v) => v.rank !== null).length).toBe(withData.length);
          expect(withData.map((v) => v.rank).sort((a, b) => a! - b!)).toEqual(withData.map((_, i) => i + 1));
          const byRank = [...withData].sort((a, b) => a.rank! - b.rank!);
          for (let i = 1; i < byRank.length; i++) expect(byRank[i - 1]!.score!).toBeGreaterThanOrEqual(byRank[i]!.score!);
        };
        check(card.units.map((u) => ({ rank: u.rank, score: u.total })));
        SCORECARD_INDICATORS.forEach((_, k) => check(card.units.map((u) => u.lines[k]!)));
      }),
    );
  });

  it('weights are renormalised over the lines with data: effective weights sum to 1 and the total is their weighted mean', () => {
    fc.assert(
      fc.property(figuresArb, weightsArb, (figs, w) => {
        const card = scoreUnits(figs, configOf(w));
        for (const u of card.units) {
          const used = u.lines.map((l, k) => ({ l, w: w[k]! })).filter((x) => x.l.score !== null && x.w > 0);
          if (!used.length) {
            expect(u.total).toBeNull();
            continue;
          }
          const sumW = used.reduce((s, x) => s + x.w, 0);
          expect(u.lines.reduce((s, l) => s + (l.effectiveWeight ?? 0), 0)).toBeCloseTo(1, 9);
          expect(u.total!).toBeCloseTo(used.reduce((s, x) => s + x.w * x.l.score!, 0) / sumW, 9);
          expect(u.renormalised).toBe(sumW < w.reduce((s, x) => s + x, 0));
          // Scaling every weight by the same factor changes nothing.
          const scaled = scoreUnits(figs, configOf(w.map((x) => x * 2))).units.find((x) => x.code === u.code)!;
          expect(scaled.total!).toBeCloseTo(u.total!, 9);
        }
      }),
    );
  });
});

describe('renderScorecardHtml', () => {
  it('shows 无数据 lines, says the weights were adjusted, and escapes names', () => {
    const figs: ScorecardFigures = { level: 'county', notes: [], units: [{ code: '430121', name: '<长沙县>', figures: { 'household-visit': { numerator: 9, denominator: 10 } } }] };
    const html = renderScorecardHtml(scoreUnits(figs, DEFAULT_SCORECARD_CONFIG));
    expect(html).toContain('无数据');
    expect(html).toContain('权重已调整');
    expect(html).toContain('&lt;长沙县&gt;');
    expect(html).not.toContain('<长沙县>');
  });
});

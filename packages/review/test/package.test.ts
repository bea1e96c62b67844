/**
 * The submission package as pure functions: figures from the validation report, the manifest and
 * its verification (missing, extra, changed files; the package against its own data), the
 * combination of two counties' packages, and the documents' content.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  BLANK_MARK,
  PACKAGE_MANIFEST_FILE,
  buildManifest,
  combinePackages,
  figuresFindings,
  figuresFromReport,
  summaryHomeVisitRate,
  manifestJson,
  parseManifest,
  renderSummaryHtml,
  renderWorkSummaryHtml,
  renderWorkSummaryMarkdown,
  sha256Hex,
  summaryTables,
  verifyPackage,
  workSummaryBlocks,
} from '@canji/review';
import { county1, county2, metaFor, packageOf } from './package-fixture.js';

const enc = new TextEncoder();
const r1 = county1();
const r2 = county2();

describe('sha256Hex', () => {
  it('gives the FIPS 180-4 example digests and agrees with node:crypto around the block boundaries', () => {
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(sha256Hex('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')).toBe('248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1');
    for (const n of [1, 55, 56, 57, 63, 64, 65, 119, 120, 127, 128, 1000]) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 31 + n) & 0xff);
      expect(sha256Hex(bytes), `length ${n}`).toBe(createHash('sha256').update(bytes).digest('hex'));
    }
    expect(sha256Hex('长沙县')).toBe(createHash('sha256').update('长沙县', 'utf8').digest('hex'));
  });
});

describe('figuresFromReport', () => {
  it('takes the rows, total, 调查方式 and errors from the report without counting again, and they add up', () => {
    const f = figuresFromReport(r1, { round: '2019' });
    expect(f.unit).toEqual({ code: '430121', name: '湖南省长沙市长沙县' });
    expect(f.rowLevel).toBe('township');
    expect(f.rows.length).toBe(r1.regions.length);
    expect(f.total.persons).toBe(r1.counts.read - r1.counts.unreadable);
    expect(f.total.withErrors).toBe(r1.counts.withErrors);
    expect(f.total.withErrors).toBeGreaterThan(0);
    expect(f.total.homeVisits).toBe(r1.collection!.homeVisits);
    expect(summaryHomeVisitRate(f.total)).toBeCloseTo(r1.collection!.homeVisitRate, 12);
    expect(f.verification).toBeNull();
    expect(figuresFindings(f)).toEqual([]);
  });

  it('finds figures that do not add up', () => {
    const f = figuresFromReport(r1, { round: '2019' });
    const bad = { ...f, total: { ...f.total, persons: f.total.persons + 1 } };
    expect(figuresFindings(bad).map((x) => x.code)).toContain('PACKAGE_FIGURES_TOTAL');
    const row = f.rows[0]!;
    const badModes = { ...f, rows: [{ ...row, modes: { ...row.modes, '2': (row.modes['2'] ?? 0) + 3 } }, ...f.rows.slice(1)] };
    expect(figuresFindings(badModes)).toContainEqual(expect.objectContaining({ code: 'PACKAGE_FIGURES_MODES', unit: row.code }));
  });
});

describe('manifest and verifyPackage', () => {
  it('lists every file with its SHA-256 and size, sorted, and verifies as made', () => {
    const pkg = packageOf(r1);
    const m = JSON.parse(new TextDecoder().decode(pkg.get(PACKAGE_MANIFEST_FILE)!));
    expect(m.files.map((f: { path: string }) => f.path)).toEqual(['数据校验报告/数据校验报告.json', '双签字报表.html', '汇总数据.json'].sort());
    for (const f of m.files) {
      expect(f.sha256).toBe(createHash('sha256').update(pkg.get(f.path)!).digest('hex'));
      expect(f.bytes).toBe(pkg.get(f.path)!.length);
    }
    expect(parseManifest(m).ok).toBe(true);
    const v = verifyPackage(pkg);
    expect(v.findings.filter((x) => x.severity === 'error')).toEqual([]);
    expect(v.ok).toBe(true);
    // No approval given when the package was made: said, as a warning.
    expect(v.findings).toEqual([expect.objectContaining({ code: 'PACKAGE_APPROVAL_NONE', severity: 'warning', unit: '430121' })]);
  });

  it('finds a missing, an extra and a changed file, each with its code and path', () => {
    const pkg = packageOf(r1);
    pkg.delete('双签字报表.html');
    pkg.set('说明.txt', enc.encode('x'));
    const fig = pkg.get('汇总数据.json')!;
    const changed = Uint8Array.from(fig);
    changed[10] = changed[10]! ^ 1;
    pkg.set('汇总数据.json', changed);
    const v = verifyPackage(pkg);
    expect(v.ok).toBe(false);
    const got = v.findings.filter((f) => f.severity === 'error').map((f) => [f.code, f.path]);
    expect(got).toEqual(expect.arrayContaining([
      ['PACKAGE_FILE_MISSING', '双签字报表.html'],
      ['PACKAGE_FILE_EXTRA', '说明.txt'],
      ['PACKAGE_FILE_CHANGED', '汇总数据.json'],
    ]));
    for (const f of v.findings) expect(f.message).toMatch(/[\u4e00-\u9fff]/);
  });

  it('says when the manifest is absent, not JSON, or not a canji manifest — never throws', () => {
    expect(verifyPackage(new Map()).findings[0]!.code).toBe('PACKAGE_MANIFEST_MISSING');
    expect(verifyPackage(new Map([[PACKAGE_MANIFEST_FILE, enc.encode('{')]])).findings[0]!.code).toBe('PACKAGE_MANIFEST_INVALID');
    for (const v of [null, 1, 'x', [], {}, { format: 'canji-submission-package', formatVersion: 1 }]) expect(parseManifest(v).ok).toBe(false);
    expect(parseManifest({ format: 'canji-submission-package', formatVersion: 9 })).toMatchObject({ ok: false, error: { code: 'PACKAGE_MANIFEST_VERSION' } });
  });

  it('refuses paths that leave the package', () => {
    const pkg = packageOf(r1);
    const m = JSON.parse(new TextDecoder().decode(pkg.get(PACKAGE_MANIFEST_FILE)!));
    for (const p of ['../x', '/etc/passwd', 'a/./b', 'C:/x', 'a\\b']) {
      expect(parseManifest({ ...m, files: [{ ...m.files[0], path: p }] }).ok, p).toBe(false);
    }
  });

  it('finds figures that disagree with the validation report even when the manifest was remade to match', () => {
    const figures = figuresFromReport(r1, { round: '2019' });
    const forged = { ...figures, rows: figures.rows.map((r, i) => (i === 0 ? { ...r, persons: r.persons + 5, modes: { ...r.modes, '1': (r.modes['1'] ?? 0) + 5 }, homeVisits: r.homeVisits + 5 } : r)) };
    forged.total = { ...forged.total, persons: forged.total.persons + 5, homeVisits: forged.total.homeVisits + 5, modes: { ...forged.total.modes, '1': (forged.total.modes['1'] ?? 0) + 5 } };
    expect(figuresFindings(forged)).toEqual([]);
    const files = [
      { path: '汇总数据.json', role: 'figures' as const, bytes: enc.encode(JSON.stringify(forged)) },
      { path: '数据校验报告.json', role: 'validation-report-json' as const, bytes: enc.encode(JSON.stringify(r1)) },
    ];
    const pkg = new Map(files.map((f) => [f.path, f.bytes]));
    pkg.set(PACKAGE_MANIFEST_FILE, enc.encode(manifestJson(buildManifest(metaFor(forged, r1), files))));
    const v = verifyPackage(pkg);
    expect(v.ok).toBe(false);
    expect(v.findings).toContainEqual(expect.objectContaining({ code: 'PACKAGE_REPORT_MISMATCH', message: expect.stringContaining(`人数 ${forged.total.persons}`) }));
  });

  it('finds a batch whose record count or hash is not the report’s (PACKAGE_BATCH_MISMATCH)', () => {
    const meta = metaFor(figuresFromReport(r1, { round: '2019' }), r1);
    const pkg = packageOf(r1, { batch: { ...meta.batch!, records: meta.batch!.records + 1 } });
    expect(verifyPackage(pkg).findings).toContainEqual(expect.objectContaining({ code: 'PACKAGE_BATCH_MISMATCH', severity: 'error' }));
    const pkg2 = packageOf(r1, { batch: { ...meta.batch!, sha256: 'a'.repeat(64) } });
    expect(verifyPackage(pkg2).findings.map((f) => f.code)).toContain('PACKAGE_BATCH_MISMATCH');
  });

  it('an approval that locked another batch content is an error (PACKAGE_APPROVAL_STALE)', () => {
    const pkg = packageOf(r1, { approval: { state: 'county-reviewed', label: '县级已审核', current: false, batchSha256: 'b'.repeat(64) } });
    expect(verifyPackage(pkg).findings).toContainEqual(expect.objectContaining({ code: 'PACKAGE_APPROVAL_STALE', severity: 'error' }));
    const ok = packageOf(r1, { approval: { state: 'county-reviewed', label: '县级已审核', current: true } });
    expect(verifyPackage(ok).findings).toEqual([]);
  });
});

describe('combinePackages', () => {
  const parent = { code: '430100', name: '湖南省长沙市', level: 'prefecture' };

  it('re-adds the two counties’ figures: a row per county, the total their sum', () => {
    const c = combinePackages(parent, [packageOf(r2), packageOf(r1)]);
    expect(c.findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(c.ok).toBe(true);
    const f1 = figuresFromReport(r1);
    const f2 = figuresFromReport(r2);
    expect(c.figures.rows.map((r) => [r.code, r.name, r.persons])).toEqual([
      ['430121', '湖南省长沙市长沙县', f1.total.persons],
      ['430181', '湖南省长沙市浏阳市', f2.total.persons],
    ]);
    expect(c.figures.total.persons).toBe(f1.total.persons + f2.total.persons);
    expect(c.figures.total.withErrors).toBe(f1.total.withErrors + f2.total.withErrors);
    expect(c.figures.rowLevel).toBe('county');
    expect(figuresFindings(c.figures)).toEqual([]);
    expect(c.children.map((x) => x.added)).toEqual([true, true]);
    expect(c.children[0]!.manifestSha256).toBe(sha256Hex(packageOf(r2).get(PACKAGE_MANIFEST_FILE)!));
  });

  it('leaves out a tampered package, and says which and why', () => {
    const bad = packageOf(r2);
    const b = Uint8Array.from(bad.get('汇总数据.json')!);
    b[b.length - 3] = 0x39;
    bad.set('汇总数据.json', b);
    const c = combinePackages(parent, [packageOf(r1), bad]);
    expect(c.ok).toBe(false);
    expect(c.findings).toContainEqual(expect.objectContaining({ code: 'PACKAGE_FILE_CHANGED', unit: '430181', path: '汇总数据.json' }));
    expect(c.findings).toContainEqual(expect.objectContaining({ code: 'PACKAGE_UNIT_EXCLUDED', unit: '430181' }));
    expect(c.figures.rows.map((r) => r.code)).toEqual(['430121']);
    expect(c.figures.total.persons).toBe(figuresFromReport(r1).total.persons);
  });

  it('finds a unit outside the parent, a unit given twice and a round that differs', () => {
    const c = combinePackages({ code: '430200', name: '株洲市', level: 'prefecture' }, [packageOf(r1)]);
    expect(c.findings.map((f) => f.code)).toEqual(expect.arrayContaining(['PACKAGE_UNIT_OUTSIDE', 'PACKAGE_UNIT_EXCLUDED']));
    const twice = combinePackages(parent, [packageOf(r1), packageOf(r1)]);
    expect(twice.findings.map((f) => f.code)).toContain('PACKAGE_UNIT_DUPLICATE');
    expect(twice.figures.total.persons).toBe(figuresFromReport(r1).total.persons);
    const other = combinePackages(parent, [packageOf(r1), packageOf(r2, { round: '2020' })]);
    expect(other.findings).toContainEqual(expect.objectContaining({ code: 'PACKAGE_ROUND_MISMATCH', unit: '430181' }));
  });
});

describe('documents', () => {
  const f = figuresFromReport(r1, { round: '2019' });
  const meta = { approval: '未记录审核状态', formVersion: '2017', ruleSetVersion: '@canji/rules test', canjiVersion: '0.0.0', createdAt: '2019-08-01' };

  it('the 双签字报表 has the table by township with its total row, both signature blocks and the stamp', () => {
    const [t] = summaryTables(f);
    expect(t!.columns.map((c) => c.header)).toEqual(['单位代码', '单位名称', '人数', '入户调查', '电话调查', '见面调查*', '调查方式未填或其他', '入户调查率', '有错误记录', '错误率', '有警告记录']);
    expect(t!.rows.length).toBe(f.rows.length);
    expect(t!.total!.slice(0, 3)).toEqual(['合计', '湖南省长沙市长沙县', f.total.persons]);
    const html = renderSummaryHtml(f, meta);
    expect(html).toContain('湖南省长沙市长沙县人民政府副秘书长（签字）');
    expect(html).toContain('湖南省长沙市长沙县残疾人联合会理事长（签字）');
    expect(html).toContain('残疾人工作委员会（盖章）');
    expect(html).toContain('暂定');
    expect(html).toContain('2019 年度');
    expect(html.match(/data-signer=/g)).toHaveLength(2);
  });

  it('the work summary draft has the figures filled and the prose as marked blanks', () => {
    const md = renderWorkSummaryMarkdown(f);
    expect(md).toContain(`共完成 ${f.total.persons} 名持证残疾人`);
    expect(md).toContain(`入户调查 ${f.total.homeVisits} 人`);
    expect(md).toContain(`| 合计 | 湖南省长沙市长沙县 | ${f.total.persons} |`);
    const blanks = workSummaryBlocks(f).filter((b) => b.kind === 'blank').length;
    expect(md.split(BLANK_MARK).length - 1).toBe(blanks);
    expect(blanks).toBeGreaterThanOrEqual(4);
    const html = renderWorkSummaryHtml(f);
    expect(html.match(/class="blank"/g)).toHaveLength(blanks);
    expect(html).not.toContain('<script');
  });
});

/**
 * Service work lists on synthetic batches with planted needs and services: the base batch is
 * first made gap-free (every need answered "none", every school-age child enrolled, every one- or
 * two-grade person on the care-subsidy roster), then gaps — and needs that were served, out of
 * scope or of a deceased person — are planted by editing records. The work list must hold every
 * planted gap and nothing else; a read-back of actions removes the closed ones from the next
 * round's list unless the data changed.
 */
import { canonicalResidentId } from '@canji/id';
import { buildDepartmentIndex, recordFacts } from '@canji/rules';
import { synthesizePersons } from '@canji/synth';
import { describe, expect, it } from 'vitest';
import {
  BUILT_IN_PAIRS,
  applyPreviousActions,
  checkPairs,
  compileServicePairs,
  findServiceGaps,
  parsePairFile,
  readBackWorklists,
  servicePairSchema,
  worklistEntryId,
  type ServiceGap,
  type WorklistManifest,
} from '../src/index.js';

type Rec = Record<string, unknown>;

const ageOf = (r: Rec) => recordFacts(r).age ?? -1;
const levelOf = (r: Rec) => recordFacts(r).level;

/** Removes every gap of the built-in pairs from a 2017 batch; returns the care-subsidy roster (one row per one- or two-grade person). */
function neutralise2017(records: Rec[]): Rec[] {
  const roster: Rec[] = [];
  for (const r of records) {
    r.r37 = [6];
    r.r35 = [6];
    r.r39 = [9];
    r.r38 = 2;
    r.r21 = [6];
    r.r20 = [6];
    const age = ageOf(r);
    if (age >= 6 && age <= 14) r.r14 = 2;
    const level = levelOf(r);
    if (level === 1 || level === 2) roster.push({ resident_id: r.resident_id, benefit: 4, period: '2019-05' });
  }
  return roster;
}

interface Plant {
  pair: string;
  index: number;
  gap: boolean;
  what: string;
}

/** Plants gaps and non-gaps into a neutralised 2017 batch; returns what was planted. */
function plant2017(records: Rec[], roster: Rec[]): Plant[] {
  const plants: Plant[] = [];
  const used = new Set<number>();
  const pick = (ok: (r: Rec) => boolean): number => {
    const i = records.findIndex((r, i) => !used.has(i) && r.person_status === 6 && ok(r));
    if (i < 0) throw new Error('no record to plant into');
    used.add(i);
    return i;
  };
  const any = () => true;
  const edit = (pair: string, gap: boolean, what: string, ok: (r: Rec) => boolean, change: (r: Rec) => void) => {
    const i = pick(ok);
    change(records[i]!);
    plants.push({ pair, index: i, gap, what });
  };
  const removeFromRoster = (r: Rec) => {
    const k = roster.findIndex((x) => x.resident_id === r.resident_id);
    if (k >= 0) roster.splice(k, 1);
  };
  edit('REHAB_NOT_RECEIVED', true, 'needs training, got nothing', any, (r) => ((r.r37 = [3]), (r.r35 = [6])));
  edit('REHAB_NOT_RECEIVED', true, 'needs medicine and training, got medicine', any, (r) => ((r.r37 = [2, 3]), (r.r35 = [2])));
  edit('REHAB_NOT_RECEIVED', false, 'needs training, got training', any, (r) => ((r.r37 = [3]), (r.r35 = [3])));
  edit('ASSISTIVE_DEVICE_NOT_RECEIVED', true, 'needs a device, got nothing', any, (r) => ((r.r37 = [4]), (r.r35 = [6])));
  edit('ASSISTIVE_DEVICE_NOT_RECEIVED', true, 'needs training and a device, got training', any, (r) => ((r.r37 = [3, 4]), (r.r35 = [3])));
  edit('ASSISTIVE_DEVICE_NOT_RECEIVED', false, 'needs a device, got one', any, (r) => ((r.r37 = [4]), (r.r35 = [4, 5])));
  edit('SCHOOL_NOT_ENROLLED', true, 'age 6–12, not in school', (r) => ageOf(r) >= 6 && ageOf(r) <= 12, (r) => delete r.r14);
  edit('SCHOOL_NOT_ENROLLED', false, 'age 20, not in school', (r) => ageOf(r) >= 20 && ageOf(r) <= 30, (r) => delete r.r14);
  edit('HOME_ADAPTATION_NEEDED', true, 'needs adaptation, none this year', any, (r) => ((r.r39 = [2, 5]), (r.r38 = 2)));
  edit('HOME_ADAPTATION_NEEDED', false, 'needs adaptation, adapted this year', any, (r) => ((r.r39 = [2]), (r.r38 = 1)));
  edit('EMPLOYMENT_HELP_NOT_RECEIVED', true, 'age 16–59, needs training, got none', (r) => ageOf(r) >= 16 && ageOf(r) <= 59, (r) => ((r.r21 = [1]), (r.r20 = [6])));
  edit('EMPLOYMENT_HELP_NOT_RECEIVED', false, 'age 70, needs training', (r) => ageOf(r) >= 70, (r) => ((r.r21 = [1]), (r.r20 = [6])));
  edit('CARE_SUBSIDY_NOT_RECEIVED', true, 'grade 1–2, not on the roster', (r) => [1, 2].includes(levelOf(r) ?? 0) && !(r.r27 as number[] | undefined)?.includes(2), (r) => ((r.r28 = [4]), removeFromRoster(r)));
  edit('CARE_SUBSIDY_NOT_RECEIVED', false, 'grade 1–2, 特困, not on the roster', (r) => [1, 2].includes(levelOf(r) ?? 0), (r) => ((r.r27 = [2]), removeFromRoster(r)));
  edit('REHAB_NOT_RECEIVED', false, 'deceased, needs training', any, (r) => ((r.person_status = 1), (r.r37 = [3]), (r.r35 = [6])));
  return plants;
}

const batch = (seed: number, count = 800): Rec[] => [...synthesizePersons({ seed, count, region: '430121' })].map((r) => ({ ...r })) as Rec[];
const key = (g: { pairId?: string; pair?: string; index: number }) => `${g.pairId ?? g.pair}#${g.index}`;

describe('built-in pairs', () => {
  it('are valid pair data and their references exist on both forms', () => {
    for (const p of BUILT_IN_PAIRS) expect(servicePairSchema.safeParse(p).success, p.id).toBe(true);
    expect(checkPairs(BUILT_IN_PAIRS)).toEqual([]);
    expect(new Set(BUILT_IN_PAIRS.map((p) => p.id)).size).toBe(BUILT_IN_PAIRS.length);
  });

  it('skip a pair whose department data is not given, and say so', () => {
    const set = compileServicePairs(BUILT_IN_PAIRS, { version: '2017' });
    expect(set.skipped).toEqual([expect.objectContaining({ pairId: 'CARE_SUBSIDY_NOT_RECEIVED', reason: 'no-department', department: 'civil-affairs' })]);
    const set21 = compileServicePairs(BUILT_IN_PAIRS, { version: '2021' });
    expect(set21.skipped.map((s) => s.pairId).sort()).toEqual(['CARE_SUBSIDY_NOT_RECEIVED', 'SCHOOL_NOT_ENROLLED']);
  });
});

describe('findServiceGaps on planted 2017 batches', () => {
  for (const seed of [11, 12]) {
    it(`lists every planted gap and nothing else (seed ${seed})`, () => {
      const records = batch(seed);
      const roster = neutralise2017(records);
      const civil = buildDepartmentIndex('civil-affairs', roster);
      expect(findServiceGaps(records, compileServicePairs(BUILT_IN_PAIRS, { version: '2017', departments: { 'civil-affairs': civil } }))).toEqual([]);
      const plants = plant2017(records, roster);
      const set = compileServicePairs(BUILT_IN_PAIRS, { version: '2017', departments: { 'civil-affairs': buildDepartmentIndex('civil-affairs', roster) } });
      const gaps = findServiceGaps(records, set);
      expect(gaps.map(key).sort()).toEqual(plants.filter((p) => p.gap).map(key).sort());
      for (const g of gaps) {
        expect(g.entryId).toBe(worklistEntryId(g.pairId, canonicalResidentId(records[g.index]!.resident_id as string)!));
        expect(g.basis).toMatch(/^登记表（2017 版）R/);
        expect(g.township).toBe(String(records[g.index]!.region_code).slice(0, 9));
      }
      const device = gaps.find((g) => g.pairId === 'ASSISTIVE_DEVICE_NOT_RECEIVED')!;
      expect(device.shown.map((s) => s.label)).toEqual(['R37 针对自身残疾，目前是否还需要以下服务', 'R35 针对自身残疾，动态更新年度内是否得到（或使用）过以下服务']);
      const care = gaps.find((g) => g.pairId === 'CARE_SUBSIDY_NOT_RECEIVED')!;
      expect(care.basis).toContain('民政部门两项补贴发放名册');
      expect(care.basis).toContain('XC_CIVIL_CARE_SUBSIDY_NOT_RECEIVED');
      expect(care.provisional).toBe(true);
    });
  }

  it('lists planted gaps of a 2021 batch under its own numbering', () => {
    const records = [...synthesizePersons({ seed: 5, count: 400, region: '430121', version: '2021' })].map((r) => ({ ...r })) as Rec[];
    for (const r of records) ((r.r22 = [6]), (r.r21 = [6]), (r.r25 = [9]), (r.r23 = 2), (r.r11 = [6]));
    const normal = records.map((r, i) => [r, i] as const).filter(([r]) => r.person_status === 6);
    const [a, b, c] = normal.map(([, i]) => i);
    Object.assign(records[a!]!, { r22: [4], r21: [6] });
    Object.assign(records[b!]!, { r25: [1], r23: 2 });
    const adult = normal.find(([r, i]) => i !== a && i !== b && i !== c && ageOf(r) >= 16 && ageOf(r) <= 59)![1];
    Object.assign(records[adult]!, { r11: [2] });
    const gaps = findServiceGaps(records, compileServicePairs(BUILT_IN_PAIRS, { version: '2021' }));
    expect(gaps.map(key).sort()).toEqual([`ASSISTIVE_DEVICE_NOT_RECEIVED#${a}`, `HOME_ADAPTATION_NEEDED#${b}`, `EMPLOYMENT_HELP_NOT_RECEIVED#${adult}`].sort());
    expect(gaps.find((g) => g.pairId === 'ASSISTIVE_DEVICE_NOT_RECEIVED')!.basis).toBe('登记表（2021 版）R22、R21');
  });
});

function manifestOf(gaps: readonly ServiceGap[], history: WorklistManifest['history'] = []): WorklistManifest {
  return {
    format: 'canji-service-worklist',
    version: 1,
    batch: 'round0.csv',
    formVersion: '2017',
    by: 'township',
    pairs: BUILT_IN_PAIRS.map((p) => ({ id: p.id, title: p.title, provisional: p.provisional === true })),
    files: [],
    entries: gaps.map((g) => ({ entryId: g.entryId, pairId: g.pairId, unit: g.township, file: `${g.township}.xlsx`, fingerprint: g.fingerprint })),
    history,
  };
}

describe('read-back and the next round', () => {
  const records = batch(21, 600);
  const roster = neutralise2017(records);
  const plants = plant2017(records, roster);
  const set = () => compileServicePairs(BUILT_IN_PAIRS, { version: '2017', departments: { 'civil-affairs': buildDepartmentIndex('civil-affairs', roster) } });
  const gaps = findServiceGaps(records, set());
  const headers = ['编号', '姓名', '服务需求', '采取的措施', '办理日期', '办理结果'];
  const results = ['已办理', '不符合条件', '本人不需要', '无法联系', '', '已办', '正在办理', '好的', '已办理'];

  it('reads every row: actions, pending rows and findings add up to the rows read', () => {
    expect(gaps.length).toBe(plants.filter((p) => p.gap).length);
    const rows = gaps.map((g, i) => ({ row: i + 4, cells: [g.entryId, '张三', g.title, results[i] ? '上门办理' : '', results[i] ? '2020-03-0' + ((i % 9) + 1) : '', results[i] ?? ''] as unknown[] }));
    rows.push({ row: 50, cells: ['', '', '', '', '', ''] });
    rows.push({ row: 51, cells: ['', '李四', '', '', '', '已办理'] });
    rows.push({ row: 52, cells: ['FWZZZZZZZZZZZZ', '王五', '', '', '', '已办理'] });
    const r = readBackWorklists(manifestOf(gaps), [{ file: '430121.xlsx', sheet: '工作清单', headers, rows }]);
    expect(r.counts.rows).toBe(gaps.length + 2);
    expect(r.counts.rows).toBe(r.counts.acted + r.counts.pending + r.counts.rejected + r.counts.duplicates);
    expect(r.counts.blank).toBe(1);
    expect(r.findings.filter((f) => f.severity === 'error').map((f) => f.code).sort()).toEqual(['WORKLIST_INVALID_RESULT', 'WORKLIST_NO_ENTRY_ID', 'WORKLIST_UNKNOWN_ENTRY']);
    expect(r.actions.find((a) => a.entryId === gaps[5]!.entryId)?.result).toBe('已办理');
  });

  it('removes closed entries from the next round unless the data changed; open ones stay with their history', () => {
    const rows = gaps.map((g, i) => ({ row: i + 4, cells: [g.entryId, '', g.title, '', '2020-03-01', results[i] ?? ''] as unknown[] }));
    const back = readBackWorklists(manifestOf(gaps), [{ file: '430121.xlsx', headers, rows }]);
    const closed = new Set(back.actions.filter((a) => ['已办理', '不符合条件', '本人不需要'].includes(a.result)).map((a) => a.entryId));
    // Next round: same persons; the data of one closed entry changed.
    const changed = gaps.find((g) => closed.has(g.entryId) && g.pairId.startsWith('REHAB'))!;
    expect(changed).toBeDefined();
    const next = records.map((r) => ({ ...r }));
    if (changed) next[changed.index]!.r37 = [1, 3];
    const nextGaps = findServiceGaps(next, set());
    const { listed, settled, history } = applyPreviousActions(nextGaps, back.all);
    expect(listed.length + settled.length).toBe(nextGaps.length);
    expect(settled.map((s) => s.gap.entryId).sort()).toEqual([...closed].filter((id) => id !== changed?.entryId).sort());
    for (const l of listed) expect(closed.has(l.entryId) ? l.relisted : 'not closed').toBe(closed.has(l.entryId) ? 'data-changed' : 'not closed');
    const open = listed.find((l) => l.last?.result === '无法联系');
    expect(open?.relisted).toBe('open');
    expect(history.length).toBe(back.actions.length);
  });
});

describe('pair files', () => {
  it('adds, replaces and reports bad references at the pair path', () => {
    const mine = {
      id: 'CARE_SERVICE_NEEDED',
      title: '需要托养服务而未享受',
      service: '托养服务',
      forms: { '2017': { need: { item: 'r30', present: true }, served: { item: 'r29', eq: 1 }, basis: { items: ['R30', 'R29'] } } },
    };
    const ok = parsePairFile(JSON.stringify({ version: 1, name: '某县补充配对', pairs: [mine] }));
    expect(ok.ok && ok.value.added).toEqual(['CARE_SERVICE_NEEDED']);
    expect(ok.ok && ok.value.pairs.length).toBe(BUILT_IN_PAIRS.length + 1);
    const replace = parsePairFile({ version: 1, name: 'x', pairs: [{ ...mine, id: 'SCHOOL_NOT_ENROLLED' }] });
    expect(replace.ok && replace.value.replaced).toEqual(['SCHOOL_NOT_ENROLLED']);
    const only = parsePairFile({ version: 1, name: 'x', useBuiltIn: false, pairs: [mine] });
    expect(only.ok && only.value.pairs.map((p) => p.id)).toEqual(['CARE_SERVICE_NEEDED']);
    const bad = parsePairFile({
      version: 1,
      name: 'x',
      pairs: [
        { ...mine, forms: { '2017': { ...mine.forms['2017'], need: { item: 'r99', eq: 1 } } } },
        { ...mine, id: 'B', forms: { '2021': { need: { item: 'r22', includes: 9 }, served: { dept: 'benefits', includes: 4 }, basis: { items: [] } } } },
        { ...mine, id: 'B' },
      ],
    });
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.errors.map((e) => [e.code, e.path])).toEqual([
        ['PAIR_FILE_DUPLICATE_ID', '$.pairs[2].id'],
        ['PAIR_FILE_UNKNOWN_ITEM', '$.pairs[0].forms.2017.need.item'],
        ['PAIR_FILE_UNKNOWN_CODE', '$.pairs[1].forms.2021.need.includes'],
        ['PAIR_FILE_SCOPE', '$.pairs[1].forms.2021.served.dept'],
      ]);
      for (const e of bad.errors) expect(e.message.startsWith(`${e.path}：`)).toBe(true);
    }
    const schema = parsePairFile('{"version":1,"name":"x","pairs":[{"id":"a"}]}');
    expect(!schema.ok && schema.errors[0]!.code).toBe('PAIR_FILE_SCHEMA');
    expect(!parsePairFile('{').ok).toBe(true);
  });
});

/**
 * `canji services worklist | readback | allocate` end to end on two synthetic rounds with planted
 * needs and services: the rounds are made gap-free, then the same gaps (and served needs, needs
 * out of scope, needs of a deceased person) are planted into the same persons in both rounds. The
 * lists of round 0 hold every planted gap and nothing else; a clerk fills them with exceljs (one
 * in place, one re-saved WPS-style with a moved column, inserted blank rows and an added person);
 * the read-back reports the unmatched row instead of dropping it; round 1's lists, made with the
 * actions, leave out what was closed unless its data changed; the allocation counts equal a
 * recount.
 */
import { copyFileSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { flatColumns, toFlatRow } from '@canji/form';
import { canonicalResidentId, maskResidentId } from '@canji/id';
import { recordFacts } from '@canji/rules';
import { BUILT_IN_PAIRS, worklistEntryId } from '@canji/services';
import { synthesizeRounds, writeCsv } from '@canji/synth';
import ExcelJS from 'exceljs';
import { parse as parseCsv } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canji, removeTempDirs, tempDir } from './helpers.js';

type Rec = Record<string, unknown>;
const ageOf = (r: Rec) => recordFacts(r).age ?? -1;
const levelOf = (r: Rec) => recordFacts(r).level ?? 0;
const idOf = (r: Rec) => canonicalResidentId(r.resident_id as string)!;

const rounds = synthesizeRounds({ seed: 23, count: 700, rounds: 2, region: '430121' });
const [r0, r1] = rounds.map((r) => r.records.map((x) => ({ ...x }) as Rec)) as [Rec[], Rec[]];

/** Every gap of the built-in pairs removed; the care-subsidy roster (every grade 1–2 person) returned. */
function neutralise(records: Rec[]): Rec[] {
  const roster: Rec[] = [];
  for (const r of records) {
    Object.assign(r, { r37: [6], r35: [6], r39: [9], r38: 2, r21: [6], r20: [6], r28: [4] });
    const age = ageOf(r);
    if (age >= 6 && age <= 14) r.r14 = 2;
    if ([1, 2].includes(levelOf(r))) roster.push({ resident_id: r.resident_id, benefit: 4 });
  }
  return roster;
}

interface Plant {
  pair: string;
  id: string;
  gap: boolean;
  change: (r: Rec) => void;
}

const roster0 = neutralise(r0);
const roster1 = neutralise(r1);
const byId1 = new Map(r1.map((r) => [idOf(r), r]));
const plants: Plant[] = [];
{
  const used = new Set<string>();
  // A person of both rounds, normal status in both, meeting `ok` in both.
  const pick = (ok: (r: Rec) => boolean): string => {
    const r = r0.find((x) => {
      const id = idOf(x);
      const y = byId1.get(id);
      return !used.has(id) && y && x.person_status === 6 && y.person_status === 6 && ok(x) && ok(y) && x.r37 !== undefined;
    });
    if (!r) throw new Error('no record to plant into');
    used.add(idOf(r));
    return idOf(r);
  };
  const plant = (pair: string, gap: boolean, ok: (r: Rec) => boolean, change: (r: Rec) => void) => plants.push({ pair, id: pick(ok), gap, change });
  const any = () => true;
  const offRoster = (roster: Rec[], id: string) => {
    const k = roster.findIndex((x) => idOf(x) === id);
    if (k >= 0) roster.splice(k, 1);
  };
  for (let i = 0; i < 3; i++) plant('REHAB_NOT_RECEIVED', true, any, (r) => Object.assign(r, { r37: [3], r35: [6] }));
  plant('REHAB_NOT_RECEIVED', true, any, (r) => Object.assign(r, { r37: [2, 3], r35: [2] }));
  plant('REHAB_NOT_RECEIVED', false, any, (r) => Object.assign(r, { r37: [3], r35: [3] }));
  plant('ASSISTIVE_DEVICE_NOT_RECEIVED', true, any, (r) => Object.assign(r, { r37: [4], r35: [6] }));
  plant('ASSISTIVE_DEVICE_NOT_RECEIVED', false, any, (r) => Object.assign(r, { r37: [4], r35: [4] }));
  plant('SCHOOL_NOT_ENROLLED', true, (r) => ageOf(r) >= 7 && ageOf(r) <= 12, (r) => delete r.r14);
  plant('SCHOOL_NOT_ENROLLED', false, (r) => ageOf(r) >= 20 && ageOf(r) <= 40, (r) => delete r.r14);
  plant('HOME_ADAPTATION_NEEDED', true, any, (r) => Object.assign(r, { r39: [1, 3], r38: 2 }));
  plant('HOME_ADAPTATION_NEEDED', true, any, (r) => Object.assign(r, { r39: [2], r38: 2 }));
  plant('HOME_ADAPTATION_NEEDED', false, any, (r) => Object.assign(r, { r39: [2], r38: 1 }));
  plant('EMPLOYMENT_HELP_NOT_RECEIVED', true, (r) => ageOf(r) >= 20 && ageOf(r) <= 50, (r) => Object.assign(r, { r21: [1, 2], r20: [1] }));
  plant('EMPLOYMENT_HELP_NOT_RECEIVED', false, (r) => ageOf(r) >= 65, (r) => Object.assign(r, { r21: [1], r20: [6] }));
  const grade12 = (r: Rec) => [1, 2].includes(levelOf(r)) && !(r.r27 as number[] | undefined)?.includes(2);
  plants.push({ pair: 'CARE_SUBSIDY_NOT_RECEIVED', id: pick(grade12), gap: true, change: (r) => Object.assign(r, { r27: [6], disability_level: 1 }) });
  const careGap = plants.at(-1)!.id;
  offRoster(roster0, careGap);
  offRoster(roster1, careGap);
  for (const p of plants) {
    p.change(r0.find((r) => idOf(r) === p.id)!);
    p.change(byId1.get(p.id)!);
  }
  // A deceased person's need is not a gap.
  const dead = r0.find((r) => !used.has(idOf(r)) && r.person_status === 6)!;
  Object.assign(dead, { person_status: 1, r37: [3], r35: [6] });
}
const planted = plants.filter((p) => p.gap);
const entryOf = (p: { pair: string; id: string }) => worklistEntryId(p.pair, p.id);

let dir: string;

async function writeRecords(path: string, records: Rec[]): Promise<void> {
  const columns = flatColumns({ version: '2017', headers: 'machine' }).map((key) => ({ key, header: key }));
  await writeCsv(records, path, { columns, toRow: (r) => toFlatRow(r, { version: '2017' }) });
}

async function writeRoster(path: string, roster: Rec[]): Promise<void> {
  await writeCsv(
    roster.map((r) => ({ resident_id: r.resident_id, benefit: '重度残疾人护理补贴', period: '2019-05' })),
    path,
    { columns: [{ key: 'resident_id', header: '身份证号' }, { key: 'benefit', header: '救助/补贴项目' }, { key: 'period', header: '数据期' }] },
  );
}

async function open(path: string): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  return wb;
}

/** The rows of a list's 工作清单 sheet by header, with the header row number. */
function listRows(ws: ExcelJS.Worksheet): { header: number; headers: string[]; rows: { n: number; get: (h: string) => ExcelJS.Cell }[] } {
  let header = 0;
  ws.eachRow((row, n) => {
    if (!header && row.getCell(1).value === '编号') header = n;
  });
  const headers = (ws.getRow(header).values as unknown[]).slice(1).map(String);
  const rows: { n: number; get: (h: string) => ExcelJS.Cell }[] = [];
  for (let n = header + 1; n <= ws.rowCount; n++) {
    const row = ws.getRow(n);
    if (!row.getCell(1).value) continue;
    rows.push({ n, get: (h) => row.getCell(headers.indexOf(h) + 1) });
  }
  return { header, headers, rows };
}

const xlsxIn = (d: string) => readdirSync(d).filter((f) => f.endsWith('.xlsx'));

async function entriesIn(d: string): Promise<Map<string, { need: string; id: string; previous: string; file: string }>> {
  const out = new Map<string, { need: string; id: string; previous: string; file: string }>();
  for (const f of xlsxIn(d)) {
    const ws = (await open(join(d, f))).getWorksheet('工作清单')!;
    for (const r of listRows(ws).rows) out.set(String(r.get('编号').value), { need: String(r.get('服务需求').value), id: String(r.get('公民身份号码').value), previous: String(r.get('上次办理情况').value ?? ''), file: f });
  }
  return out;
}

beforeAll(async () => {
  dir = tempDir();
  await writeRecords(join(dir, 'round0.csv'), r0);
  await writeRecords(join(dir, 'round1.csv'), r1);
  await writeRoster(join(dir, 'civil0.csv'), roster0);
  await writeRoster(join(dir, 'civil1.csv'), roster1);
});
afterAll(removeTempDirs);

describe('canji services worklist', () => {
  it('lists every planted gap and nothing else, one workbook per township, masked IDs, the 办理结果 drop-down', async () => {
    const r = await canji(dir, 'services', 'worklist', 'round0.csv', '--dept', 'civil-affairs=civil0.csv', '--by', 'township', '-o', 'lists0', '-q');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(`服务工作清单：${planted.length} 条`);
    const entries = await entriesIn(join(dir, 'lists0'));
    expect([...entries.keys()].sort()).toEqual(planted.map(entryOf).sort());
    for (const p of planted) {
      const e = entries.get(entryOf(p))!;
      expect(e.id).toBe(maskResidentId(p.id));
      expect(e.need).toBe(BUILT_IN_PAIRS.find((x) => x.id === p.pair)!.title);
    }
    const townships = new Set(planted.map((p) => String(r0.find((x) => idOf(x) === p.id)!.region_code).slice(0, 9)));
    expect(xlsxIn(join(dir, 'lists0')).length).toBe(townships.size);
    const ws = (await open(join(dir, 'lists0', xlsxIn(join(dir, 'lists0'))[0]!))).getWorksheet('工作清单')!;
    const { rows } = listRows(ws);
    expect(rows[0]!.get('公民身份号码').type).toBe(ExcelJS.ValueType.String);
    expect(rows[0]!.get('办理结果').dataValidation).toMatchObject({ type: 'list', formulae: ['"已办理,不符合条件,本人不需要,正在办理,无法联系,其他"'] });
    expect(rows[0]!.get('依据').value).toMatch(/^登记表（2017 版）R|民政部门两项补贴发放名册/);
    const manifest = JSON.parse(readFileSync(join(dir, 'lists0', '工作清单.json'), 'utf8'));
    expect(manifest.entries.length).toBe(planted.length);
    expect(statSync(join(dir, 'lists0', '工作清单.json')).mode & 0o777).toBe(0o600);
    // No raw ID number in any file of the lists (masked in the workbooks, absent from the manifest).
    const ids = new Set(r0.map((x) => String(x.resident_id)));
    const texts: string[] = [readFileSync(join(dir, 'lists0', '工作清单.json'), 'utf8')];
    for (const f of xlsxIn(join(dir, 'lists0'))) (await open(join(dir, 'lists0', f))).eachSheet((w) => w.eachRow((row) => row.eachCell((c) => void texts.push(String(c.value ?? '')))));
    for (const t of texts) for (const m of t.match(/\d{17}[\dXx]/g) ?? []) expect(ids.has(m), m).toBe(false);
  });

  it('runs the care-subsidy pair only with civil affairs data, and says so', async () => {
    const r = await canji(dir, 'services', 'worklist', 'round0.csv', '-o', 'lists-nodept', '-q');
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('一、二级残疾人未享受重度残疾人护理补贴：没有民政部门的数据');
    const entries = await entriesIn(join(dir, 'lists-nodept'));
    expect([...entries.keys()].sort()).toEqual(planted.filter((p) => p.pair !== 'CARE_SUBSIDY_NOT_RECEIVED').map(entryOf).sort());
  });

  it('refuses a bad pair file with its problems', async () => {
    const bad = join(dir, 'bad.pairs.json');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(bad, JSON.stringify({ version: 1, name: '某县', pairs: [{ id: 'X', title: '测试', service: '测试', forms: { '2017': { need: { item: 'r99', eq: 1 }, served: { any: [] }, basis: { items: [] } } } }] }));
    const r = await canji(dir, 'services', 'worklist', 'round0.csv', '--pairs', 'bad.pairs.json', '-o', 'x', '-q');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('$.pairs[0].forms.2017.need.item：登记表（2017 版）没有项目“r99”');
  });
});

describe('village lists and a list returned as CSV', () => {
  it('writes one workbook per village; reads back a list a clerk saved as CSV', async () => {
    const r = await canji(dir, 'services', 'worklist', 'round0.csv', '--dept', 'civil-affairs=civil0.csv', '--by', 'village', '-o', 'lists-v', '-q');
    expect(r.code, r.stderr).toBe(0);
    const villages = new Set(planted.map((p) => String(r0.find((x) => idOf(x) === p.id)!.region_code)));
    expect(xlsxIn(join(dir, 'lists-v')).length).toBe(villages.size);
    const f = xlsxIn(join(dir, 'lists-v'))[0]!;
    const { headers, rows } = listRows((await open(join(dir, 'lists-v', f))).getWorksheet('工作清单')!);
    const lines = [headers.join(','), ...rows.map((row) => headers.map((h) => (h === '办理结果' ? '已办理' : h === '办理日期' ? '2020/3/5' : String(row.get(h).value ?? '').replace(/[,"\n]/g, ' '))).join(','))];
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(dir, 'lists-v', f.replace(/\.xlsx$/, '.csv')), '\uFEFF' + lines.join('\r\n') + '\r\n');
    const back = await canji(dir, 'services', 'readback', join('lists-v', f.replace(/\.xlsx$/, '.csv')), '-o', 'actions-v.json');
    expect(back.code, back.stderr).toBe(0);
    expect(back.stderr).toContain(`读取 ${rows.length} 行 = 已填办理结果 ${rows.length} + 未填 0 + 无法采用 0`);
    const actions = JSON.parse(readFileSync(join(dir, 'actions-v.json'), 'utf8')).actions;
    expect(actions.map((a: { date: string }) => a.date)).toEqual(rows.map(() => '2020-03-05'));
  });
});

describe('read-back and the next round', () => {
  const closed = new Map<string, string>();
  const open1 = new Set<string>();
  let changedEntry = '';

  it('reads a list filled in place and one re-saved with a moved column, blank rows and an added person; reports the unmatched row', async () => {
    const lists = join(dir, 'lists0');
    const back = join(dir, 'returned');
    mkdirSync(back, { recursive: true });
    copyFileSync(join(lists, '工作清单.json'), join(back, '工作清单.json'));
    const files = xlsxIn(lists);
    expect(files.length).toBeGreaterThan(1); // one filled in place, one re-saved WPS-style
    const results = ['已办理', '本人不需要', '无法联系', '不符合条件', '已办', ''];
    let k = 0;
    for (const [fi, f] of files.entries()) {
      const wb = await open(join(lists, f));
      const ws = wb.getWorksheet('工作清单')!;
      const { header, headers, rows } = listRows(ws);
      for (const r of rows) {
        const res = results[k++ % results.length]!;
        const id = String(r.get('编号').value);
        if (res) {
          r.get('采取的措施').value = '上门走访，已协助申请';
          r.get('办理日期').value = new Date(Date.UTC(2020, 2, 5));
          r.get('办理结果').value = res;
          if (['已办理', '本人不需要', '不符合条件', '已办'].includes(res)) closed.set(id, res === '已办' ? '已办理' : res);
          else open1.add(id);
        }
      }
      if (fi % 2 === 0) {
        await wb.xlsx.writeFile(join(back, f));
        continue;
      }
      // WPS-like re-save: 办理结果 moved to the second column, a title row and blank rows inserted, a person added by hand.
      const out = new ExcelJS.Workbook();
      const w2 = out.addWorksheet('Sheet1');
      w2.addRow(['某镇回收清单（已核实）']);
      const order = [0, headers.indexOf('办理结果'), ...headers.map((_, i) => i).filter((i) => i !== 0 && i !== headers.indexOf('办理结果'))];
      w2.addRow(order.map((i) => headers[i]));
      let n = 0;
      for (let rn = header + 1; rn <= ws.rowCount; rn++) {
        const row = ws.getRow(rn);
        if (!row.getCell(1).value) continue;
        w2.addRow(order.map((i) => row.getCell(i + 1).value));
        if (n++ % 2 === 0) w2.addRow([]);
      }
      w2.addRow(order.map((i) => (headers[i] === '姓名' ? '新增人员' : headers[i] === '办理结果' ? '已办理' : null)));
      await out.xlsx.writeFile(join(back, f));
    }
    const r = await canji(dir, 'services', 'readback', 'returned', '-o', 'actions0.json');
    expect(r.code, r.stderr).toBe(1); // the added person cannot be matched: reported, not dropped
    expect(r.stderr).toContain('WORKLIST_NO_ENTRY_ID');
    expect(r.stderr).toContain(`已填办理结果 ${closed.size + open1.size}`);
    const actions = JSON.parse(readFileSync(join(dir, 'actions0.json'), 'utf8'));
    expect(actions.format).toBe('canji-service-actions');
    expect(new Map(actions.actions.filter((a: { result: string }) => ['已办理', '本人不需要', '不符合条件'].includes(a.result)).map((a: { entryId: string; result: string }) => [a.entryId, a.result]))).toEqual(closed);
    expect(actions.actions.every((a: { date?: string }) => a.date === '2020-03-05')).toBe(true);
    expect(closed.size).toBeGreaterThan(2);
    expect(open1.size).toBeGreaterThan(0);
  });

  it('leaves closed entries off the next round’s list unless the data changed, and shows the last action of open ones', async () => {
    // The data of one closed rehabilitation entry changes in round 1: it is listed again.
    const p = planted.find((x) => x.pair === 'REHAB_NOT_RECEIVED' && closed.has(entryOf(x)))!;
    expect(p).toBeDefined();
    changedEntry = entryOf(p);
    const rec = byId1.get(p.id)!;
    rec.r37 = [1, 3];
    await writeRecords(join(dir, 'round1.csv'), r1);
    const r = await canji(dir, 'services', 'worklist', 'round1.csv', '--dept', 'civil-affairs=civil1.csv', '--previous-actions', 'actions0.json', '-o', 'lists1', '-q');
    expect(r.code, r.stderr).toBe(0);
    const entries = await entriesIn(join(dir, 'lists1'));
    const expected = planted.map(entryOf).filter((e) => !closed.has(e) || e === changedEntry);
    expect([...entries.keys()].sort()).toEqual(expected.sort());
    expect(entries.get(changedEntry)!.previous).toContain('（登记已变化，重新列入）');
    for (const e of open1) expect(entries.get(e)!.previous).toBe('2020-03-05 无法联系：上门走访，已协助申请');
    expect(r.stderr).toContain(`已办结且未变化、不再列入 ${closed.size - 1} 条`);
    // The returned lists' directory itself may be given: read back on the fly, the same list.
    const direct = await canji(dir, 'services', 'worklist', 'round1.csv', '--dept', 'civil-affairs=civil1.csv', '--previous-actions', 'returned', '-o', 'lists1b', '-q');
    expect(direct.code, direct.stderr).toBe(0);
    expect(direct.stderr).toContain('回收工作清单：');
    expect([...(await entriesIn(join(dir, 'lists1b'))).keys()].sort()).toEqual(expected.sort());
    // The history travels on: the next read-back's actions start with it.
    const manifest = JSON.parse(readFileSync(join(dir, 'lists1', '工作清单.json'), 'utf8'));
    expect(manifest.history.length).toBe(closed.size + open1.size);
    const back = await canji(dir, 'services', 'readback', 'lists1', '-o', 'actions1.json');
    expect(back.code, back.stderr).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'actions1.json'), 'utf8')).actions.length).toBe(closed.size + open1.size);
  });
});

describe('canji services allocate', () => {
  it('counts persons per need by township with roll-up, shares and Wilson intervals; equal to a recount', async () => {
    const r = await canji(dir, 'services', 'allocate', 'round0.csv', '--dept', 'civil-affairs=civil0.csv', '--by', 'township', '-o', 'alloc.csv', '-q');
    expect(r.code, r.stderr).toBe(0);
    const rows = parseCsv(readFileSync(join(dir, 'alloc.csv'), 'utf8').replace(/^\uFEFF/, ''), { columns: true }) as Record<string, string>[];
    const township = new Map<string, number>();
    for (const p of planted) {
      const t = String(r0.find((x) => idOf(x) === p.id)!.region_code).slice(0, 9);
      township.set(`${p.pair}|${t}`, (township.get(`${p.pair}|${t}`) ?? 0) + 1);
    }
    for (const row of rows) {
      if (row['单位级别'] === '乡镇（街道）') expect(Number(row['人数']), `${row['配对编号']} ${row['区划代码']}`).toBe(township.get(`${row['配对编号']}|${row['区划代码']}`) ?? 0);
      if (row['单位级别'] === '合计') expect(Number(row['人数'])).toBe(planted.filter((p) => p.pair === row['配对编号']).length);
      if (row['单位级别'] === '县（区）') expect(Number(row['人数'])).toBe(planted.filter((p) => p.pair === row['配对编号']).length);
      const n = planted.filter((p) => p.pair === row['配对编号']).length;
      expect(Number(row['占比'])).toBeCloseTo(Number(row['人数']) / n, 10);
      expect(Number(row['区间下限'])).toBeLessThanOrEqual(Number(row['占比']));
      expect(Number(row['区间上限'])).toBeGreaterThanOrEqual(Number(row['占比']));
    }
    const x = await canji(dir, 'services', 'allocate', 'round0.csv', '--by', 'county', '--count', 'need', '-o', 'alloc.xlsx', '-q');
    expect(x.code, x.stderr).toBe(0);
    const wb = await open(join(dir, 'alloc.xlsx'));
    expect(wb.worksheets.map((w) => w.name)).toEqual(['汇总', '康复服务', '辅助器具', '义务教育', '家庭无障碍改造', '就业帮扶']);
    const rehab = wb.getWorksheet('康复服务')!;
    const total = rehab.getRow(rehab.rowCount);
    // need: the served planted rehabilitation need counts too.
    expect(total.getCell(4).value).toBe(plants.filter((p) => p.pair === 'REHAB_NOT_RECEIVED').length);
    expect(total.getCell(5).numFmt).toContain('%');
  });
});

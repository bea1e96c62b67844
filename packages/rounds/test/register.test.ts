/**
 * The register's conformance suite: every test runs against both stores (the file store and the
 * DuckDB store), on synthetic persons (@canji/synth) and generated event streams whose outcome per
 * event is known.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { fromFlatRow, toFlatRow } from '@canji/form';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRegister, RegisterError, type ChangeEvent, type Register, type RegisterChange, type RegisterStore } from '../src/index.js';
import { BASE_AS_OF, generateStream, syntheticPersons, type GeneratedStream } from './fixtures/register-kill-child.js';

type Rec = Record<string, unknown>;
const STORES: RegisterStore[] = ['file', 'duckdb'];
const dir = mkdtempSync(join(tmpdir(), 'canji-register-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const pathFor = (store: RegisterStore) => join(dir, `r${++n}${store === 'duckdb' ? '.duckdb' : ''}`);

async function fresh(store: RegisterStore, base?: readonly Rec[]): Promise<Register> {
  const r = await openRegister({ path: pathFor(store), store });
  if (base) {
    const loaded = await r.load(base, { asOf: BASE_AS_OF, source: '合成基准' });
    expect(loaded.ok).toBe(true);
  }
  return r;
}

const flat = (r: Rec) => JSON.stringify(toFlatRow(r));
async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}
const snapshotKeys = async (r: Register, asOf: string) => (await collect(r.snapshot(asOf))).map(flat).sort();
const withoutSeq = (c: RegisterChange) => ({ ...c, seq: 0 });

/** The register as of `asOf` by the generator's labels: the applied events up to the date, replayed. */
function expectedAsOf(base: readonly Rec[], s: GeneratedStream, asOf: string): string[] {
  const state = new Map<string, Rec | undefined>(base.map((p) => [p.resident_id as string, p]));
  s.events.forEach((e, i) => {
    if (s.expected[i] !== 'applied' || e.effective > asOf) return;
    if (e.op === 'add') state.set(e.person, fromFlatRow(e.record).record);
    else if (e.op === 'exit') state.set(e.person, undefined);
    else {
      const rec = { ...state.get(e.person)! };
      const v = e.new === null ? undefined : fromFlatRow({ [e.item]: e.new }).record[e.item];
      if (v === undefined) delete rec[e.item];
      else rec[e.item] = v;
      state.set(e.person, rec);
    }
  });
  return [...state.values()].filter((r): r is Rec => r !== undefined).map(flat).sort();
}

const base = syntheticPersons(400, 11);
const stream = generateStream(base, 1200, 11);
const idsWhere = (what: string) => stream.events.filter((_, i) => stream.expected[i] === what).map((e) => e.id);
const at = (i: number) => stream.events[i]!;

describe.each(STORES)('register (%s store)', (store) => {
  let reg: Register;
  let report: Awaited<ReturnType<Register['apply']>>;
  beforeAll(async () => {
    reg = await fresh(store, base);
    report = await reg.apply(stream.events, { batchSize: 100 });
  });
  afterAll(async () => reg.close());

  it('loads the batch as the base, keyed by canonical resident ID', async () => {
    const r = await fresh(store);
    const dup = [...base.slice(0, 5), base[0]!, { name: '无证号' }];
    const loaded = await r.load(dup, { asOf: BASE_AS_OF, source: '合成基准' });
    expect(loaded).toEqual({ ok: true, read: 7, loaded: 5, duplicates: 1, unkeyed: 1, unreadableCells: 0 });
    const p = await r.current(base[0]!.resident_id as string);
    expect(flat(p!.record as Rec)).toBe(flat(base[0]!));
    expect(p).toMatchObject({ inBase: true, lastUpdated: BASE_AS_OF });
    expect(r.info()).toMatchObject({ store, base: { asOf: BASE_AS_OF, source: '合成基准', persons: 5 }, events: 0, persons: 5 });
    expect(await r.load(base, { asOf: BASE_AS_OF, source: 'x' })).toMatchObject({ ok: false, code: 'REGISTER_ALREADY_LOADED' });
    await r.close();
    const empty = await fresh(store);
    expect(await empty.load(base, { asOf: '2019-02-30', source: 'x' })).toMatchObject({ ok: false, code: 'REGISTER_AS_OF_INVALID' });
    expect(await empty.load(base, { asOf: BASE_AS_OF, source: ' ' })).toMatchObject({ ok: false, code: 'REGISTER_SOURCE_MISSING' });
    await empty.close();
  });

  it('decides every event as the generator planted it, and counts each once', () => {
    expect(report.read).toBe(stream.events.length);
    expect(report.applied).toBe(idsWhere('applied').length);
    expect(report.duplicates).toBe(idsWhere('duplicate').length);
    expect(report.conflicts.map((c) => c.id)).toEqual(idsWhere('conflict'));
    expect(report.rejected.map((c) => c.id)).toEqual(idsWhere('rejected'));
    expect(report.read).toBe(report.applied + report.duplicates + report.rejected.length + report.conflicts.filter((c) => !c.applied).length);
    expect(new Set(report.rejected.map((r) => r.code))).toEqual(new Set(['REGISTER_RECORD_INVALID', 'REGISTER_PERSON_UNKNOWN']));
  });

  it('reports a conflict with both values and leaves the register as it was', async () => {
    const c = report.conflicts[0]!;
    const e = at(c.index) as Extract<ChangeEvent, { op: 'set' }>;
    expect(c).toMatchObject({ id: e.id, person: e.person, item: e.item, expected: e.old, applied: false, code: 'REGISTER_CONFLICT' });
    expect(c.actual).not.toEqual(c.expected);
    expect(c.message).toMatch(/^原值不符/);
  });

  it('rejects an edit that makes the record invalid, with the rule and a zh-CN message', () => {
    const r = report.rejected.find((x) => x.code === 'REGISTER_RECORD_INVALID')!;
    expect(r.item).toBe('r3');
    expect(r.details.some((d) => d.code === 'FORM_CODE_UNKNOWN' && d.item === 'r3')).toBe(true);
    expect(r.message).toMatch(/^修改后的记录有错误：/);
  });

  it('holds the state the stream leads to, and a snapshot as of any date replays the events effective by then', async () => {
    for (const [k, rec] of stream.final) expect(flat((await reg.current(k))!.record as Rec), k).toBe(flat(rec));
    for (const k of stream.exited) expect((await reg.current(k))?.exited).toBeDefined();
    expect(await snapshotKeys(reg, '2099-12-31')).toEqual([...stream.final.values()].map(flat).sort());
    for (const d of ['2019-06-30', '2019-10-15', '2020-02-29']) expect(await snapshotKeys(reg, d), d).toEqual(expectedAsOf(base, stream, d));
  });

  it('keeps every change of a person in order: event, item, old and new value, when, how, from where, by whom', async () => {
    const person = at(stream.expected.indexOf('applied')).person;
    const applied = stream.events.filter((e, i) => stream.expected[i] === 'applied' && e.person === person);
    const h = await reg.history(person);
    expect(h.map((c) => c.event)).toEqual(applied.map((e) => e.id));
    const first = applied[0]!;
    expect(h[0]).toMatchObject({ outcome: 'applied', op: first.op, person, effective: first.effective, recorded: first.recorded, mode: first.mode, source: first.source, collector: first.collector });
    const set = h.find((c) => c.op === 'set');
    if (set) {
      const e = applied.find((x) => x.id === set.event) as Extract<ChangeEvent, { op: 'set' }>;
      expect([String(set.old ?? ''), String(set.new ?? '')]).toEqual([e.old ?? '', e.new ?? '']);
    }
  });

  it('gives the audit trail of every processed event, filtered by collector, person or date', async () => {
    const all = await collect(reg.audit());
    expect(all.map((c) => c.seq)).toEqual(all.map((_, i) => i + 1));
    expect(all.length).toBe(report.read - report.duplicates);
    const byC05 = await collect(reg.audit({ collector: 'c05' }));
    expect(byC05.map((c) => c.event)).toEqual(all.filter((c) => c.collector === 'c05').map((c) => c.event));
    expect(byC05.length).toBeGreaterThan(0);
    const since = await collect(reg.audit({ since: '2020-03-01' }));
    expect(since.map((c) => c.event)).toEqual(all.filter((c) => (c.recorded ?? c.effective).slice(0, 10) >= '2020-03-01').map((c) => c.event));
    const outcomes = new Set(all.map((c) => c.outcome));
    expect(outcomes).toEqual(new Set(['applied', 'conflict', 'rejected']));
    await expect(collect(reg.audit({ since: '2020-13-01' }))).rejects.toMatchObject({ code: 'REGISTER_DATE_INVALID' });
  });

  it('lists the persons not updated since a date', async () => {
    const list = await collect(reg.notUpdatedSince('2019-09-01'));
    const touched = new Set(stream.events.filter((e, i) => stream.expected[i] === 'applied' && e.effective >= '2019-09-01').map((e) => e.person));
    const expected = [...stream.final.keys()].filter((k) => !touched.has(k) && base.some((p) => p.resident_id === k) === true).sort();
    const got = list.map((p) => p.person).sort();
    // Persons added before the date and not touched after it are not updated since either.
    const addedBefore = stream.events.filter((e, i) => stream.expected[i] === 'applied' && e.op === 'add' && e.effective < '2019-09-01' && !touched.has(e.person) && stream.final.has(e.person)).map((e) => e.person);
    expect(got).toEqual([...expected, ...addedBefore].sort());
    for (const p of list) expect(p.lastUpdated < '2019-09-01').toBe(true);
  });

  it('applies a stream again as a no-op: every id is a duplicate', async () => {
    const again = await reg.apply(stream.events);
    expect(again).toMatchObject({ read: stream.events.length, applied: 0, duplicates: stream.events.length, conflicts: [], rejected: [] });
  });

  it('keeps everything across close and reopen', async () => {
    const path = pathFor(store);
    const a = await openRegister({ path, store });
    await a.load(base, { asOf: BASE_AS_OF, source: '合成基准' });
    await a.apply(stream.events.slice(0, 600), { batchSize: 64 });
    const before = { audit: await collect(a.audit()), snap: await snapshotKeys(a, '2020-01-15'), info: a.info() };
    await a.close();
    await expect(a.current('x')).rejects.toMatchObject({ code: 'REGISTER_CLOSED' });
    const b = await openRegister({ path, store });
    expect(b.recovery).toEqual([]);
    expect(b.info()).toEqual(before.info);
    expect(await collect(b.audit())).toEqual(before.audit);
    expect(await snapshotKeys(b, '2020-01-15')).toEqual(before.snap);
    await b.apply(stream.events.slice(600), { batchSize: 64 });
    expect(await snapshotKeys(b, '2099-12-31')).toEqual(await snapshotKeys(reg, '2099-12-31'));
    expect((await collect(b.audit())).map(withoutSeq)).toEqual((await collect(reg.audit())).map(withoutSeq));
    await b.close();
  });
});

describe.each(STORES)('register events one by one (%s store)', (store) => {
  const p = base[0]!;
  const person = p.resident_id as string;
  const ev = (id: string, rest: Record<string, unknown>) => ({ id, person, effective: '2020-03-01', mode: 'window-service', source: 'window', collector: 'c01', ...rest });

  it('rejects what is not an event, unknown persons and items, a second add, an edit after exit — each with its code', async () => {
    const r = await fresh(store, base.slice(0, 20));
    const newcomer = syntheticPersons(3, 99)[0]!;
    const rep = await r.apply([
      { id: 'bad', op: 'set', person },
      ev('u1', { op: 'set', person: '110101199003077777', item: 'r6', old: null, new: '1' }),
      ev('i1', { op: 'set', item: 'r999', old: null, new: '1' }),
      ev('a1', { op: 'add', record: toFlatRow(p) }),
      ev('k1', { op: 'add', person: 'P-not-the-id', record: toFlatRow(newcomer) }),
      ev('k2', { op: 'set', item: 'resident_id', old: person, new: newcomer.resident_id, effective: '2020-03-02' }),
      ev('x1', { op: 'exit', reason: 'died', effective: '2020-04-01' }),
      ev('x2', { op: 'set', item: 'r6', old: p.r6 ?? null, new: '13900000000', effective: '2020-04-02' }),
      ev('x3', { op: 'exit', reason: 'died', effective: '2020-04-03' }),
    ]);
    expect(rep.rejected.map((x) => [x.id, x.code])).toEqual([
      ['bad', 'REGISTER_EVENT_INVALID'],
      ['u1', 'REGISTER_PERSON_UNKNOWN'],
      ['i1', 'REGISTER_ITEM_UNKNOWN'],
      ['a1', 'REGISTER_PERSON_EXISTS'],
      ['k1', 'REGISTER_KEY_MISMATCH'],
      ['k2', 'REGISTER_KEY_CHANGED'],
      ['x2', 'REGISTER_PERSON_EXITED'],
      ['x3', 'REGISTER_PERSON_EXITED'],
    ]);
    expect(rep.rejected[0]!.details.map((d) => d.code)).toEqual(['EVENT_EFFECTIVE_INVALID', 'EVENT_MODE_UNKNOWN', 'EVENT_SOURCE_MISSING', 'EVENT_ITEM_MISSING', 'EVENT_VALUE_INVALID', 'EVENT_VALUE_INVALID']);
    for (const x of rep.rejected) expect(x.message).toMatch(/[\u4e00-\u9fff]/);
    expect(rep.applied).toBe(1);
    expect((await r.current(person))?.exited).toEqual({ reason: 'died', effective: '2020-04-01', event: 'x1' });
    // Rejected events are in the audit trail (who tried what), not in the history.
    expect((await r.history(person)).map((c) => c.event)).toEqual(['x1']);
    expect((await collect(r.audit({ person }))).map((c) => [c.event, c.outcome])).toEqual([
      ['i1', 'rejected'],
      ['a1', 'rejected'],
      ['k2', 'rejected'],
      ['x1', 'applied'],
      ['x2', 'rejected'],
      ['x3', 'rejected'],
    ]);
    await r.close();
  });

  it('applies a conflicting value with onConflict: apply, and reports the conflict with both values', async () => {
    const r = await fresh(store, base.slice(0, 5));
    const rep = await r.apply([ev('c1', { op: 'set', item: 'r6', old: '10000000000', new: '13700000000' })], { onConflict: 'apply' });
    expect(rep.applied).toBe(1);
    expect(rep.conflicts).toEqual([
      expect.objectContaining({ id: 'c1', item: 'r6', expected: '10000000000', actual: p.r6 === undefined ? null : String(p.r6), new: '13700000000', applied: true }),
    ]);
    expect((await r.current(person))!.record.r6).toBe('13700000000');
    expect((await r.history(person))[0]).toMatchObject({ old: p.r6 === undefined ? null : String(p.r6), new: '13700000000', expected: '10000000000', code: 'REGISTER_CONFLICT' });
    const skipped = await r.apply([ev('c2', { op: 'set', item: 'r6', old: 'x', new: '1' })]);
    expect(skipped.applied).toBe(0);
    expect(skipped.conflicts[0]).toMatchObject({ id: 'c2', expected: 'x', actual: '13700000000', applied: false });
    await r.close();
  });

  it('validates the events of one edit together (a visit changes employment and its form)', async () => {
    // A person employed (r16 = 1) whose R17 must then be answered: changing r16 alone breaks the skip logic.
    const worker = base.find((x) => x.r16 === 1 && x.r17 !== undefined)!;
    const key = worker.resident_id as string;
    const visit = { person: key, op: 'set', effective: '2020-05-01', mode: 'home-visit', source: 'app', collector: 'c02' };
    // Not employed any more: R17 (form of employment) cleared, R18 and R19 (why not, main income) answered.
    const edit = [
      { ...visit, id: 'w1', item: 'r16', old: '1', new: '2' },
      { ...visit, id: 'w2', item: 'r17', old: String(worker.r17), new: null },
      { ...visit, id: 'w3', item: 'r18', old: null, new: '4' },
      { ...visit, id: 'w4', item: 'r19', old: null, new: '4' },
    ];
    const one = await fresh(store, base);
    const alone = await one.apply(edit, { validate: 'event' });
    expect(alone.rejected.map((x) => [x.id, x.code])).toContainEqual(['w1', 'REGISTER_RECORD_INVALID']);
    await one.close();
    const together = await fresh(store, base);
    const rep = await together.apply(edit);
    expect(rep).toMatchObject({ applied: 4, rejected: [] });
    expect((await together.current(key))!.record).toMatchObject({ r16: 2, r18: 4, r19: 4 });
    expect((await together.current(key))!.record.r17).toBeUndefined();
    // Half of the visit alone is rejected whole: the record would be invalid.
    const half = await fresh(store, base);
    const partial = await half.apply(edit.slice(0, 2));
    expect(partial.rejected.map((x) => [x.id, x.code])).toEqual([
      ['w1', 'REGISTER_RECORD_INVALID'],
      ['w2', 'REGISTER_RECORD_INVALID'],
    ]);
    expect(partial.rejected[0]!.message).toMatch(/^本次修改（同一人、同一生效日期的 2 个事件）后的记录有错误：R18/);
    expect((await half.current(key))!.record.r16).toBe(1);
    await half.close();
    await together.close();
  });

  it('does not block an edit because of an error the record already had (it is reported as a warning)', async () => {
    const broken: Rec = { ...base[1]!, r3: 9 };
    const r = await fresh(store, [broken]);
    const k = broken.resident_id as string;
    const rep = await r.apply([{ id: 'f1', person: k, op: 'set', item: 'r6', old: broken.r6 === undefined ? null : String(broken.r6), new: '13600000000', effective: '2020-01-01', mode: 'phone', source: 'app' }]);
    expect(rep.applied).toBe(1);
    expect(rep.warnings[0]!.details.some((d) => d.code === 'FORM_CODE_UNKNOWN' && d.item === 'r3')).toBe(true);
    // Fixing the error is an edit too.
    const fix = await r.apply([{ id: 'f2', person: k, op: 'set', item: 'r3', old: '9', new: String(base[1]!.r3), effective: '2020-01-02', mode: 'phone', source: 'app' }]);
    expect(fix.applied).toBe(1);
    await r.close();
  });

  it('refuses the other store, a second opener, a different form version and bad dates', async () => {
    const path = pathFor(store);
    const r = await openRegister({ path, store });
    await expect(openRegister({ path, store: store === 'file' ? 'duckdb' : 'file' })).rejects.toMatchObject({ code: 'REGISTER_STORE_MISMATCH' });
    await expect(openRegister({ path, store })).rejects.toMatchObject({ code: 'REGISTER_LOCKED' });
    await r.close();
    await expect(openRegister({ path, store, formVersion: '2021' })).rejects.toBeInstanceOf(RegisterError);
    const again = await openRegister({ path, store });
    await expect(collect(again.snapshot('2020/01/01'))).rejects.toMatchObject({ code: 'REGISTER_DATE_INVALID' });
    await again.close();
  });
});

describe('DuckDB store: the register as tables a user can query with SQL', () => {
  it('holds every person in the view persons and every processed event in events, as the register says', async () => {
    const path = pathFor('duckdb');
    const r = await openRegister({ path, store: 'duckdb' });
    await r.load(base, { asOf: BASE_AS_OF, source: '合成基准' });
    await r.apply(stream.events.slice(0, 300));
    const info = r.info();
    const person = at(stream.expected.indexOf('applied')).person;
    const now = (await r.current(person))!;
    await r.close();
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const db = await DuckDBInstance.create(path);
    const con = await db.connect();
    const one = async (sql: string, params: string[] = []) => (await con.runAndReadAll(sql, params)).getRowObjectsJS()[0]!;
    expect(Number((await one('SELECT count(*) AS n FROM persons')).n)).toBe(info.persons);
    expect(Number((await one('SELECT count(*) AS n FROM events')).n)).toBe(info.events);
    expect((await one(`SELECT v FROM meta WHERE k = 'current_seq'`)).v).toBe(String(info.events));
    const row = await one('SELECT record, last_updated FROM persons WHERE key = ?', [person]);
    expect([JSON.parse(row.record as string), row.last_updated]).toEqual([now.record, now.lastUpdated]);
    con.closeSync();
    db.closeSync();
  });
});

describe('register laws (file and DuckDB stores agree; splitting a stream changes nothing)', () => {
  const small = syntheticPersons(60, 21);
  const s = generateStream(small, 160, 21);
  it('the two stores give the same report, audit trail and snapshots', async () => {
    const [f, d] = [await fresh('file', small), await fresh('duckdb', small)];
    const [rf, rd] = [await f.apply(s.events, { batchSize: 7 }), await d.apply(s.events, { batchSize: 13 })];
    expect(rd).toEqual(rf);
    expect(await collect(d.audit())).toEqual(await collect(f.audit()));
    for (const date of ['2019-08-01', '2020-01-01', '2099-01-01']) expect(await snapshotKeys(d, date)).toEqual(await snapshotKeys(f, date));
    await f.close();
    await d.close();
  });

  it('applying a stream in two parts, at any split, is applying it whole', async () => {
    const whole = await fresh('file', small);
    await whole.apply(s.events);
    const target = await snapshotKeys(whole, '2099-01-01');
    const audit = (await collect(whole.audit())).map(withoutSeq);
    await whole.close();
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: s.events.length }), fc.integer({ min: 1, max: 40 }), async (k, batchSize) => {
        const r = await fresh('file', small);
        await r.apply(s.events.slice(0, k), { batchSize });
        await r.apply(s.events, { batchSize });
        expect(await snapshotKeys(r, '2099-01-01')).toEqual(target);
        expect((await collect(r.audit())).map(withoutSeq)).toEqual(audit);
        await r.close();
      }),
      { numRuns: 8 },
    );
  });
});

describe('file store journal: torn and uncommitted tails, damage', () => {
  async function journaled(): Promise<{ path: string; journal: string; text: string; events: number }> {
    const path = pathFor('file');
    const r = await openRegister({ path, store: 'file' });
    await r.load(base, { asOf: BASE_AS_OF, source: '合成基准' });
    await r.apply(stream.events.slice(0, 100), { batchSize: 10 });
    const events = r.info().events;
    await r.close();
    const journal = join(path, 'journal.jsonl');
    return { path, journal, text: readFileSync(journal, 'utf8'), events };
  }

  it('drops a torn last line (the process killed while writing it), reports it and cuts it off the file', async () => {
    const j = await journaled();
    const lines = j.text.split('\n');
    writeFileSync(j.journal, j.text + lines[0]!.slice(0, 40));
    const r = await openRegister({ path: j.path, store: 'file' });
    expect(r.recovery.map((x) => x.code)).toEqual(['REGISTER_JOURNAL_TORN']);
    expect(r.recovery[0]!.message).toMatch(/不完整/);
    expect(r.info().events).toBe(j.events);
    await r.close();
    expect(readFileSync(j.journal, 'utf8')).toBe(j.text);
  });

  it('drops the lines of a batch whose commit mark was never written: the batch is applied whole or not at all', async () => {
    const j = await journaled();
    const lines = j.text.trimEnd().split('\n');
    const marks = lines.flatMap((l, i) => (l.includes('"commit":') ? [i] : []));
    const lastBatch = marks[marks.length - 1]! - marks[marks.length - 2]! - 1;
    writeFileSync(j.journal, lines.slice(0, -1).join('\n') + '\n');
    const r = await openRegister({ path: j.path, store: 'file' });
    expect(r.recovery).toEqual([expect.objectContaining({ code: 'REGISTER_JOURNAL_UNCOMMITTED', lines: lastBatch })]);
    expect(r.info().events).toBe(j.events - lastBatch);
    // Sent again, the dropped events are applied (they were never committed), the others are duplicates.
    const again = await r.apply(stream.events.slice(0, 100));
    expect(again.applied + again.rejected.length + again.conflicts.filter((c) => !c.applied).length).toBe(lastBatch);
    expect(r.info().events).toBe(j.events);
    await r.close();
  });

  it('refuses a journal damaged in the middle (REGISTER_CORRUPT), never guessing', async () => {
    const j = await journaled();
    const lines = j.text.split('\n');
    lines[3] = lines[3]!.replace(/"person":"(\d)/, (_m, d) => `"person":"${(Number(d) + 1) % 10}`);
    writeFileSync(j.journal, lines.join('\n'));
    await expect(openRegister({ path: j.path, store: 'file' })).rejects.toMatchObject({ name: 'RegisterError', code: 'REGISTER_CORRUPT' });
    // And the lock is released: the register can be opened once the journal is restored.
    writeFileSync(j.journal, j.text);
    await (await openRegister({ path: j.path, store: 'file' })).close();
  });
});

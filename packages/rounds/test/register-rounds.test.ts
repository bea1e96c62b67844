/**
 * Rounds as event streams (issue 17, "what must be shown"): three synthetic rounds of one county
 * (`synthesizeRounds` of @canji/synth, with its planted changes labelled). Applying round r's change
 * events to the register of round r − 1 gives the register of round r — its batch, the persons not
 * visited as they were, less the exits — on both stores, including after a kill and a restart
 * mid-stream. Validating each edit, the register refuses the planted changes that break the form
 * (identity items changed without a new ID or certificate), and nothing else of untouched persons.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { toFlatRow } from '@canji/form';
import { synthesizeRounds, type SynthRound } from '@canji/synth';
import { afterAll, describe, expect, it } from 'vitest';
import { changeEventsBetween, openRegister, parseChangeEvent, type ChangeEvent, type Register, type RegisterStore } from '../src/index.js';
import { journaledPrefix, registerAfter, runAndKill, syntheticRounds } from './fixtures/register-kill-child.js';

type Rec = Record<string, unknown>;
const dir = mkdtempSync(join(tmpdir(), 'canji-register-rounds-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const ext = (store: RegisterStore) => (store === 'duckdb' ? '.duckdb' : '');
let n = 0;
const flat = (r: Rec) => JSON.stringify(toFlatRow(r));
async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}
const snapshotOf = async (r: Register, asOf = '2099-12-31') => new Map((await collect(r.snapshot(asOf))).map((x) => [x.resident_id as string, flat(x as Rec)]));
const byId = (records: readonly Rec[]) => new Map(records.map((r) => [r.resident_id as string, r]));

const rounds: SynthRound[] = synthesizeRounds({ seed: 17, count: 1000, rounds: 3 });
const truth: Map<string, Rec>[] = [byId(rounds[0]!.records as Rec[])];
for (const r of rounds.slice(1)) truth.push(registerAfter(truth[truth.length - 1]!, r));

async function registerOfRound0(store: RegisterStore): Promise<Register> {
  const r = await openRegister({ path: join(dir, `r${++n}${ext(store)}`), store });
  await r.load(rounds[0]!.records, { asOf: rounds[0]!.asOf, source: `${rounds[0]!.asOf} 动态更新` });
  return r;
}

/** Planted changes that make a record fail the form: an identity item changed without a new ID or certificate. */
const BREAKS_THE_FORM = new Set(['sex-changed', 'birth-date-changed', 'category-changed-same-certificate', 'level-changed-same-certificate']);

describe.each<RegisterStore>(['file', 'duckdb'])('rounds as event streams (%s store)', (store) => {
  it('round r − 1 plus round r’s events is round r, for rounds 1 and 2 (the batch the authority)', async () => {
    const reg = await registerOfRound0(store);
    for (const r of [1, 2]) {
      const events = rounds[r]!.events;
      const rep = await reg.apply(events, { onInvalid: 'apply' });
      expect(rep).toMatchObject({ read: events.length, applied: events.length, duplicates: 0, conflicts: [], rejected: [] });
      const snap = await snapshotOf(reg);
      expect(snap.size).toBe(truth[r]!.size);
      for (const [k, rec] of truth[r]!) expect(snap.get(k), k).toBe(flat(rec));
      // Applied although they break the form, and said so: only planted changes.
      const planted = new Set(rounds[r]!.planted.map((l) => l.residentId));
      for (const w of rep.warnings.filter((x) => x.invalid)) expect(planted.has(w.person), w.person).toBe(true);
      // As of the previous round's date the register is still the previous round's — but for the
      // planted collection dates before it (events effective then).
      if (r === 1) {
        const before = await snapshotOf(reg, rounds[0]!.asOf);
        const early = new Set(events.filter((e) => e.effective <= rounds[0]!.asOf).map((e) => e.person));
        const planted = new Map(rounds[1]!.planted.map((l) => [l.residentId, l.kind]));
        for (const p of early) expect(planted.get(p)).toBe('collected-before-previous');
        for (const [k, rec] of truth[0]!) if (!early.has(k)) expect(before.get(k), k).toBe(flat(rec));
      }
    }
    // Nobody with a valid certificate goes without an update for two rounds in these data unless planted as not updated.
    const stale = (await collect(reg.notUpdatedSince(rounds[1]!.asOf))).map((p) => p.person);
    const notUpdated = new Set(rounds.flatMap((r) => r.planted.filter((l) => l.kind === 'not-updated').map((l) => l.residentId)));
    for (const p of stale) expect(notUpdated.has(p), p).toBe(true);
    await reg.close();
  });

  it('validating each edit, it refuses every planted change that breaks the form, and no change of an untouched person', async () => {
    const reg = await registerOfRound0(store);
    const round = rounds[1]!;
    const rep = await reg.apply(round.events);
    const labels = new Map(round.planted.map((l) => [l.residentId, l]));
    const refused = new Set(rep.rejected.map((x) => x.person!));
    for (const x of rep.rejected) expect(x.code).toBe('REGISTER_RECORD_INVALID');
    for (const p of refused) expect(labels.has(p), `refused an untouched person ${p}`).toBe(true);
    const breaking = round.planted.filter((l) => BREAKS_THE_FORM.has(l.kind));
    expect(breaking.length).toBeGreaterThan(0);
    for (const l of breaking) expect(refused.has(l.residentId), `${l.kind} ${l.residentId}`).toBe(true);
    // Everyone else is as the round has them.
    const snap = await snapshotOf(reg);
    for (const [k, rec] of truth[1]!) if (!refused.has(k)) expect(snap.get(k), k).toBe(flat(rec));
    await reg.close();
  });

  it('killed mid-stream and restarted, the register still becomes the next round', async () => {
    const [persons, seed] = [600, 41];
    const path = join(dir, `kill${ext(store)}`);
    const run = await runAndKill(['round', store, path, String(persons), String(seed), '40'], 5);
    expect(run.signal, run.stderr).toBe('SIGKILL');
    const small = syntheticRounds(persons, seed);
    const events = small[1]!.events as ChangeEvent[];
    const reopened = await openRegister({ path, store });
    const journaled = (await collect(reopened.audit())).map((c) => c.event);
    expect(journaled.length).toBeGreaterThanOrEqual(run.journaled);
    const k = journaledPrefix(events, journaled);
    expect(k).toBeDefined();
    expect(k!).toBeLessThan(events.length);
    const again = await reopened.apply(events, { onInvalid: 'apply' });
    expect(again).toMatchObject({ duplicates: journaled.length, applied: events.length - journaled.length, conflicts: [], rejected: [] });
    const expected = registerAfter(byId(small[0]!.records as Rec[]), small[1]!);
    const snap = await snapshotOf(reopened);
    expect([...snap.values()].sort()).toEqual([...expected.values()].map(flat).sort());
    await reopened.close();
  });
});

describe('changeEventsBetween: the events between two registers', () => {
  it('turns round 1 into round 2 when applied, one set per changed cell, an add per new person, an exit per person gone', async () => {
    const events = [...changeEventsBetween(truth[1]!.values(), truth[2]!.values(), { effective: rounds[2]!.asOf, mode: 'home-visit', source: 'app', idPrefix: 'd' })];
    for (const e of events) expect(parseChangeEvent(e).ok).toBe(true);
    const gone = [...truth[1]!.keys()].filter((k) => !truth[2]!.has(k));
    const fresh = [...truth[2]!.keys()].filter((k) => !truth[1]!.has(k));
    expect(events.filter((e) => e.op === 'exit').map((e) => e.person).sort()).toEqual(gone.sort());
    expect(events.filter((e) => e.op === 'add').map((e) => e.person).sort()).toEqual(fresh.sort());
    const reg = await openRegister({ path: join(dir, `between${++n}`), store: 'file' });
    await reg.load(truth[1]!.values(), { asOf: rounds[1]!.asOf, source: 'round 1' });
    const rep = await reg.apply(events, { onInvalid: 'apply' });
    expect(rep).toMatchObject({ applied: events.length, conflicts: [], rejected: [] });
    const snap = await snapshotOf(reg);
    expect([...snap.values()].sort()).toEqual([...truth[2]!.values()].map(flat).sort());
    await reg.close();
  });
});

/**
 * Laws of the review state machine, over random sequences of commands on random region trees,
 * run on a file store and a DuckDB store side by side:
 * - no unit is ever shown approved above a unit below it that is not approved at that level or above;
 * - a changed batch is never shown as approved (and its status names both hashes);
 * - every accepted command is one event in the log, a refused one adds none and is a typed error;
 * - replaying the log (also after reopening the store) gives the state the commands left;
 * - both stores hold the same events and give the same status.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import {
  approveUnit,
  configureReview,
  openReviewStore,
  REVIEW_ERROR_CODES,
  replayReview,
  returnUnit,
  reviewLevels,
  reviewStatus,
  ReviewError,
  submitUnit,
  type ReviewConfig,
  type ReviewRoundStatus,
  type ReviewStore,
} from '../src/states/index.js';

const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'canji-review-'));
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const pad = (n: number, w: number) => String(n).padStart(w, '0');

/** A random province: prefectures, counties, townships; levels with or without 乡镇 and 市级. */
const treeArb = fc
  .record({
    shape: fc.array(fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 0, maxLength: 3 }), { minLength: 1, maxLength: 3 }),
    levels: fc.constantFrom(['county', 'prefecture', 'province'], ['township', 'county', 'prefecture', 'province'], ['county', 'province'], ['township', 'county']),
  })
  .map(({ shape, levels }): ReviewConfig => {
    const ls = reviewLevels(levels)!;
    const regions = new Set(ls.map((l) => l.region));
    if (!regions.has('province')) {
      // A county reviewing its townships on its own.
      const top = '430121';
      const n = 1 + shape.flat().reduce((a, b) => a + b, 0);
      return { top, levels: ls, units: [top, ...Array.from({ length: Math.min(n, 5) }, (_, t) => `${top}${pad(t + 1, 3)}`)] };
    }
    const top = '43';
    const units = [top];
    shape.forEach((counties, p) => {
      const pref = `43${pad(p + 1, 2)}`;
      if (regions.has('prefecture')) units.push(pref);
      counties.forEach((townships, c) => {
        const county = `${pref}${pad(c + 21, 2)}`;
        units.push(county);
        if (regions.has('township')) for (let t = 1; t <= townships; t++) units.push(`${county}${pad(t, 3)}`);
      });
    });
    return { top, levels: ls, units };
  });

type Cmd =
  | { op: 'submit'; u: number }
  | { op: 'approve'; u: number; level: number }
  | { op: 'approveNext'; u: number }
  | { op: 'advance'; u: number }
  | { op: 'return'; u: number; level: number; reason: string }
  | { op: 'change'; u: number }
  | { op: 'restore'; u: number };

const cmdArb: fc.Arbitrary<Cmd> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ op: fc.constant('submit' as const), u: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('approve' as const), u: fc.nat(), level: fc.nat() }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('approveNext' as const), u: fc.nat() }) },
  { weight: 8, arbitrary: fc.record({ op: fc.constant('advance' as const), u: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('return' as const), u: fc.nat(), level: fc.nat(), reason: fc.constantFrom('入户调查率不足', '', '身份证号重复') }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('change' as const), u: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('restore' as const), u: fc.nat() }) },
);

const hashOf = (unit: string, version: number) => {
  // A deterministic 64-hex "SHA-256" per unit and file version (the machine only compares them).
  let x = `${unit}:${version}`;
  let out = '';
  for (let i = 0; out.length < 64; i++) {
    let h = 2166136261;
    x = `${x}${i}`;
    for (let j = 0; j < x.length; j++) h = Math.imul(h ^ x.charCodeAt(j), 16777619);
    out += (h >>> 0).toString(16).padStart(8, '0');
  }
  return out.slice(0, 64);
};

function checkInvariants(status: ReviewRoundStatus, files: Map<string, string>): void {
  const byUnit = new Map(status.units.map((u) => [u.unit, u]));
  for (const u of status.units) {
    // A changed batch is never shown as approved, and says so with both hashes.
    const approvedHash = u.approvals.at(-1)?.hash;
    if (u.state === 'approved' && approvedHash !== files.get(u.unit)) {
      expect(u.approved).toBe(false);
      expect(u.label).toBe('已失效：数据已变更');
      expect(u.invalidated).toEqual({ reason: 'BATCH_CHANGED', approvedHash, currentHash: files.get(u.unit) });
    }
    if (u.approved) expect(approvedHash).toBe(files.get(u.unit));
    // No unit approved above a unit below it that is not approved at that level or above.
    if (!u.approved) continue;
    for (const d of status.units) {
      if (d.unit === u.unit || !d.unit.startsWith(u.unit)) continue;
      const below = byUnit.get(d.unit)!;
      expect(below.approved, `${u.unit} ${u.label} above ${d.unit} ${d.label}`).toBe(true);
      expect(below.rank).toBeGreaterThanOrEqual(u.rank);
    }
  }
  expect(Object.values(status.counts).reduce((a, b) => a + b, 0)).toBe(status.units.length);
}

/** Runs one command on a store; the outcome as data (event kind, or the error's code). */
async function step(store: ReviewStore, config: ReviewConfig, files: Map<string, string>, cmd: Cmd, at: string): Promise<string> {
  const units = config.units;
  const unit = units[cmd.u % units.length]!;
  const levels = config.levels;
  const round = '2019';
  const by = '测试员';
  try {
    switch (cmd.op) {
      case 'submit':
        return (await submitUnit(store, { round, unit, by, at, hash: files.get(unit)!, batch: `${unit}.csv` })).event.kind;
      case 'approve':
        return (await approveUnit(store, { round, unit, by, at, level: levels[cmd.level % levels.length]!.id, hash: files.get(unit)! })).event.kind;
      case 'approveNext': {
        const s = (await reviewStatus(store, round))!.units.find((x) => x.unit === unit)!;
        if (!s.awaiting) return 'skip';
        return (await approveUnit(store, { round, unit, by, at, level: s.awaiting, hash: files.get(unit)! })).event.kind;
      }
      case 'advance': {
        // A step the rule allows, by the test's own reading of it: submit what is not submitted, or
        // approve at the awaited level a unit whose batch is unchanged and whose units below all
        // have that level or above. The machine must accept it.
        const all = (await reviewStatus(store, round))!.units;
        const rankOf = (id: string) => levels.findIndex((l) => l.id === id) + 1;
        const ready = all.filter((x) =>
          x.state === 'unsubmitted' || x.state === 'returned'
            ? true
            : x.awaiting !== undefined && x.submitted!.hash === files.get(x.unit) && all.every((d) => d.unit === x.unit || !d.unit.startsWith(x.unit) || d.rank >= rankOf(x.awaiting!)),
        );
        if (ready.length === 0) return 'skip';
        const x = ready[cmd.u % ready.length]!;
        const r = x.awaiting === undefined || x.state === 'returned' || x.state === 'unsubmitted'
          ? await submitUnit(store, { round, unit: x.unit, by, at, hash: files.get(x.unit)! })
          : await approveUnit(store, { round, unit: x.unit, by, at, level: x.awaiting, hash: files.get(x.unit)! });
        return `${r.event.kind}`;
      }
      case 'return':
        return (await returnUnit(store, { round, unit, by, at, level: levels[cmd.level % levels.length]!.id, reason: cmd.reason })).event.kind;
      case 'change':
      case 'restore':
        return 'file';
      default:
        return cmd satisfies never;
    }
  } catch (e) {
    if (cmd.op === 'advance') throw e;
    expect(e).toBeInstanceOf(ReviewError);
    const err = e as ReviewError;
    expect(REVIEW_ERROR_CODES).toContain(err.code);
    expect(err.message).toMatch(/[\u4e00-\u9fff]/);
    return err.code;
  }
}

describe('review state machine: laws over random command sequences', () => {
  it('holds on both stores: hierarchy, locking, log and replay', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(treeArb, fc.array(cmdArb, { minLength: 1, maxLength: 45 }), async (config, cmds) => {
        const dir = tempDir();
        run++;
        const stores = [await openReviewStore(join(dir, `r${run}.jsonl`)), await openReviewStore(join(dir, `r${run}.duckdb`))];
        try {
          const files = new Map(config.units.map((u) => [u, hashOf(u, 0)]));
          const versions = new Map(config.units.map((u) => [u, 0]));
          for (const s of stores) await configureReview(s, { round: '2019', by: '省残联', at: '2019-10-01T09:00:00+08:00', config: { ...config, levels: config.levels } });
          let seconds = 0;
          for (const cmd of cmds) {
            const unit = config.units[cmd.u % config.units.length]!;
            if (cmd.op === 'change') {
              versions.set(unit, versions.get(unit)! + 1);
              files.set(unit, hashOf(unit, versions.get(unit)!));
            } else if (cmd.op === 'restore') files.set(unit, hashOf(unit, 0));
            const at = new Date(Date.UTC(2019, 9, 2, 0, 0, seconds++)).toISOString();
            const before = await Promise.all(stores.map((s) => s.events()));
            const outcomes = [];
            for (const s of stores) outcomes.push(await step(s, config, files, cmd, at));
            // Both stores decide the same.
            expect(outcomes[1]).toBe(outcomes[0]);
            const after = await Promise.all(stores.map((s) => s.events()));
            for (let i = 0; i < stores.length; i++) {
              const accepted = ['submit', 'approve', 'return'].includes(outcomes[i]!);
              // Every accepted transition is one event in the log; a refused one adds none.
              expect(after[i]!.length).toBe(before[i]!.length + (accepted ? 1 : 0));
              if (accepted) expect(after[i]!.at(-1)!.kind).toBe(outcomes[i]);
            }
            const statuses = await Promise.all(stores.map((s) => reviewStatus(s, '2019', { currentHashes: files })));
            checkInvariants(statuses[0]!, files);
            expect(statuses[1]).toEqual(statuses[0]);
          }
          // Same events (the chain too) in both stores.
          const [a, b] = await Promise.all(stores.map((s) => s.events()));
          expect(b).toEqual(a);
          // Replaying the log gives the same state, also from the store reopened.
          const live = await reviewStatus(stores[0]!, '2019', { currentHashes: files });
          for (const s of stores) await s.close();
          const reopened = [await openReviewStore(join(dir, `r${run}.jsonl`)), await openReviewStore(join(dir, `r${run}.duckdb`))];
          try {
            for (const s of reopened) {
              expect(await reviewStatus(s, '2019', { currentHashes: files })).toEqual(live);
              const replayed = replayReview(await s.events(), '2019')!;
              expect([...replayed.units.values()]).toEqual(live!.units.map(({ unit, state, level, rank, submitted, approvals, returned, lastSeq }) => ({
                unit, state, rank, approvals, lastSeq,
                ...(level !== undefined ? { level } : {}), ...(submitted ? { submitted } : {}), ...(returned ? { returned } : {}),
              })));
            }
          } finally {
            for (const s of reopened) await s.close();
          }
        } finally {
          for (const s of stores) await s.close();
        }
      }),
      { numRuns: 25, seed: 20191001 },
    );
  });

  it('a guided walk reaches the top level (省级已终审) everywhere, and the status is complete only then', async () => {
    await fc.assert(
      fc.asyncProperty(treeArb, async (config) => {
        const dir = tempDir();
        const store = await openReviewStore(join(dir, 'walk.jsonl'));
        try {
          const at = '2019-10-02T08:00:00.000Z';
          await configureReview(store, { round: '2019', by: '省残联', at, config });
          const hash = (u: string) => hashOf(u, 0);
          for (const u of config.units) await submitUnit(store, { round: '2019', unit: u, by: '报送人', at, hash: hash(u) });
          // Level by level, deepest units first: each approval legal by construction.
          for (const level of config.levels) {
            const order = [...config.units].sort((x, y) => y.length - x.length);
            for (const u of order) {
              const s = (await reviewStatus(store, '2019'))!.units.find((x) => x.unit === u)!;
              if (s.awaiting === level.id) await approveUnit(store, { round: '2019', unit: u, by: level.name, at, level: level.id, hash: hash(u) });
            }
          }
          const status = (await reviewStatus(store, '2019'))!;
          expect(status.complete).toBe(true);
          expect(status.units.find((x) => x.unit === config.top)!.label).toBe(config.levels.at(-1)!.approved);
          expect(status.units.every((x) => x.approved)).toBe(true);
          // One changed batch anywhere: not complete, that unit and every unit above it invalidated.
          const changed = config.units[config.units.length - 1]!;
          const after = (await reviewStatus(store, '2019', { currentHashes: new Map([[changed, hashOf(changed, 1)]]) }))!;
          expect(after.complete).toBe(false);
          for (const u of after.units) {
            if (u.unit === changed) expect(u.invalidated?.reason).toBe('BATCH_CHANGED');
            else if (changed.startsWith(u.unit)) expect(u.invalidated).toEqual({ reason: 'BELOW_INVALIDATED', units: [changed] });
            else expect(u.approved).toBe(true);
          }
        } finally {
          await store.close();
        }
      }),
      { numRuns: 15, seed: 7 },
    );
  });
});


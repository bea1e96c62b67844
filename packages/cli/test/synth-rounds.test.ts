/**
 * `canji synth --rounds N --out DIR`: N yearly rounds of one synthetic county as files — batches,
 * rosters, public-security rows, change events, truth and planted labels — that `canji check
 * --previous --roster --dept public-security=…` reads as they are, reconciling every person into
 * the class the truth file names and finding every planted implausible change.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseChangeEvent } from '@canji/rounds';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canji, removeTempDirs, tempDir, type RunResult } from './helpers.js';

afterAll(removeTempDirs);
const dir = tempDir();
let made: RunResult;

/** A CSV written by canji synth (no quoted newlines), as objects keyed by the header. */
function csv(name: string): Record<string, string>[] {
  const [head, ...lines] = readFileSync(join(dir, name), 'utf8').trim().split(/\r?\n/);
  const split = (l: string) => [...l.matchAll(/("([^"]|"")*"|[^,]*)(,|$)/g)].map((m) => m[1]!.replace(/^"|"$/g, '').replace(/""/g, '"')).slice(0, -1);
  const keys = split(head!);
  return lines.map((l) => Object.fromEntries(split(l).map((v, i) => [keys[i]!, v])));
}

beforeAll(async () => {
  made = await canji(dir, 'synth', '--rounds', '3', '--count', '1500', '--region', '430121', '--seed', '9', '--as-of', '2019-06-30', '--out', 'county');
}, 120_000);

describe('canji synth --rounds', () => {
  it('writes every file of every round into the directory', () => {
    expect(made.code, made.stderr).toBe(0);
    expect(made.stderr).toMatch(/^已生成 3 轮合成数据 → county（各轮人数 1500、\d+、\d+；标注的变化 \d+ 处/);
    for (const k of [1, 2, 3]) for (const f of [`round-${k}.csv`, `roster-${k}.csv`, `truth-${k}.csv`]) expect(existsSync(join(dir, 'county', f)), f).toBe(true);
    for (const k of [2, 3]) for (const f of [`public-security-${k}.csv`, `events-${k}.jsonl`, `planted-${k}.csv`]) expect(existsSync(join(dir, 'county', f)), f).toBe(true);
    expect(existsSync(join(dir, 'county', 'events-1.jsonl'))).toBe(false);
  });

  it('round k holds the batch of round k, truth names every batch person, events parse as change events', () => {
    for (const k of [1, 2, 3]) {
      const batch = csv(`county/round-${k}.csv`);
      const truth = new Map(csv(`county/truth-${k}.csv`).map((r) => [r.resident_id!, r.class!]));
      expect(batch.length).toBeGreaterThan(1400);
      for (const p of batch) {
        expect(p.reference_date).toBe(`${2018 + k}-06-30`);
        expect(truth.has(p.resident_id!)).toBe(true);
      }
    }
    const events = readFileSync(join(dir, 'county', 'events-2.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as unknown);
    expect(events.length).toBeGreaterThan(1500);
    expect(events.filter((e) => !parseChangeEvent(e).ok)).toEqual([]);
    const planted = csv('county/planted-2.csv');
    expect(new Set(planted.map((l) => l.expected_rule).filter((x) => x !== '')).size).toBe(12);
  });

  it('--rounds: bad values and combinations are usage errors', async () => {
    const bad = await canji(dir, 'synth', '--rounds', '1', '--count', '10', '--out', 'x');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('USAGE_NUMBER');
    const both = await canji(dir, 'synth', '--rounds', '2', '--count', '10', '--errors', '0.1', '--out', 'x');
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('USAGE_ROUNDS');
    const form = await canji(dir, 'synth', '--rounds', '2', '--count', '10', '--form', '2021', '--out', 'x');
    expect(form.code).toBe(2);
    expect(form.stderr).toContain('USAGE_FORM');
  });

  it('canji check round-2.csv --previous round-1.csv --roster roster-2.csv --dept public-security=…: every person in the class truth-2.csv names, every planted implausible change found', async () => {
    const r = await canji(
      join(dir, 'county'),
      'check',
      'round-2.csv',
      '--previous',
      'round-1.csv',
      '--roster',
      'roster-2.csv',
      '--dept',
      'public-security=public-security-2.csv',
      '--fail-on',
      'never',
      '-q',
      '--out',
      'report-2.json',
    );
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(readFileSync(join(dir, 'county', 'report-2.json'), 'utf8')) as {
      rounds: { total: { persons: number; byClass: Record<string, number>; exitedBy: Record<string, number> } };
      rules: { id: string; scope: string; records: number }[];
    };
    const truth = csv('county/truth-2.csv');
    const want: Record<string, number> = {};
    for (const t of truth) want[t.class!] = (want[t.class!] ?? 0) + 1;
    const { total } = report.rounds;
    expect(total.persons).toBe(truth.length);
    for (const [cls, n] of Object.entries(want)) {
      const [c, reason] = cls.split('/');
      expect(reason ? total.exitedBy[reason!] : total.byClass[c!], cls).toBe(n);
    }
    // The year-on-year rules: each reports exactly the persons planted for it.
    const planted = csv('county/planted-2.csv').filter((l) => l.expected_rule !== '');
    const byRule: Record<string, number> = {};
    for (const l of planted) byRule[l.expected_rule!] = (byRule[l.expected_rule!] ?? 0) + 1;
    const found = Object.fromEntries(report.rules.filter((x) => x.scope === 'year-on-year' && x.records > 0).map((x) => [x.id, x.records]));
    expect(found).toEqual(byRule);
  }, 120_000);
});

/**
 * Nothing is lost when the process is killed mid-stream: a child process applies a long event
 * stream (conflicts, rejections and re-sent duplicates among the changes) to a register and is
 * killed (SIGKILL) after a few durable batches. Reopened, the register holds exactly the events it
 * had committed — a prefix of the stream, at least every batch the child was told was durable —
 * and equals a fresh register given that prefix; applying the whole stream again skips the
 * committed events (by id) and gives what applying the whole stream to a fresh register gives.
 * For both stores. (One round's change events, killed and restarted: register-rounds.test.ts.)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { toFlatRow } from '@canji/form';
import { afterAll, describe, expect, it } from 'vitest';
import { openRegister, type Register, type RegisterStore } from '../src/index.js';
import { BASE_AS_OF, generateStream, journaledPrefix, runAndKill, syntheticPersons } from './fixtures/register-kill-child.js';

type Rec = Record<string, unknown>;
const dir = mkdtempSync(join(tmpdir(), 'canji-register-kill-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const ext = (store: RegisterStore) => (store === 'duckdb' ? '.duckdb' : '');

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}
/** What a register holds: every record now, and the audit trail (without positions). */
const state = async (r: Register) => ({
  snapshot: (await collect(r.snapshot('2099-12-31'))).map((x) => JSON.stringify(toFlatRow(x))).sort(),
  audit: (await collect(r.audit())).map((c) => ({ ...c, seq: 0 })),
});

async function freshWith(store: RegisterStore, name: string, base: readonly Rec[], events: readonly unknown[]) {
  const r = await openRegister({ path: join(dir, `${name}${ext(store)}`), store });
  await r.load(base, { asOf: BASE_AS_OF, source: 'kill-test' });
  await r.apply(events);
  const s = await state(r);
  await r.close();
  return s;
}

describe.each<RegisterStore>(['file', 'duckdb'])('killed mid-stream (%s store)', (store) => {
  it('the committed prefix survives, and applying the whole stream again equals applying it once', async () => {
    const [persons, count, seed] = [600, 3000, 31];
    const path = join(dir, `mixed${ext(store)}`);
    const run = await runAndKill(['mixed', store, path, String(persons), String(count), String(seed), '25'], 6);
    expect(run.signal, run.stderr).toBe('SIGKILL');
    const base = syntheticPersons(persons, seed);
    const { events } = generateStream(base, count, seed);

    const reopened = await openRegister({ path, store });
    for (const note of reopened.recovery) expect(['REGISTER_JOURNAL_TORN', 'REGISTER_JOURNAL_UNCOMMITTED']).toContain(note.code);
    const journaledIds = (await collect(reopened.audit())).map((c) => c.event);
    expect(journaledIds.length).toBeGreaterThanOrEqual(run.journaled);
    const k = journaledPrefix(events, journaledIds);
    expect(k).toBeDefined();
    expect(k!).toBeLessThan(events.length);
    expect(await state(reopened)).toEqual(await freshWith(store, 'prefix', base, events.slice(0, k)));

    const again = await reopened.apply(events);
    expect(again.duplicates).toBeGreaterThanOrEqual(journaledIds.length);
    expect(await state(reopened)).toEqual(await freshWith(store, 'whole', base, events));
    await reopened.close();
  });
});

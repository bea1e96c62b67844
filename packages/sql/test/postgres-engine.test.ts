/**
 * `PostgresEngine.open` without node-postgres installed: `PG_UNAVAILABLE` (the CLI's
 * `ENGINE_UNAVAILABLE`), with a zh-CN message saying what to install — not a crash.
 */
import { describe, expect, it, vi } from 'vitest';
import { PostgresEngine } from '../src/index.js';

vi.mock('pg', () => {
  throw new Error("Cannot find package 'pg'");
});

describe('PostgresEngine without node-postgres', () => {
  it('rejects with PG_UNAVAILABLE, naming the package to install', async () => {
    await expect(PostgresEngine.open('postgresql://canji:pw@localhost/canji')).rejects.toMatchObject({ code: 'PG_UNAVAILABLE', message: expect.stringContaining('请安装 pg') });
  });
});

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI_VERSION } from '@canji/cli';
import { RULES_VERSION } from '@canji/rules';
import { synthesizePersons, writePersonsCsv } from '@canji/synth';
import { canji, removeTempDirs, tempDir } from './helpers.js';

afterAll(removeTempDirs);

const versionOf = (pkg: string): string =>
  (JSON.parse(readFileSync(new URL(`../../${pkg}/package.json`, import.meta.url), 'utf8')) as { version: string }).version;

describe('versions come from each package.json', () => {
  it('canji --version prints the version in packages/cli/package.json', async () => {
    const r = await canji(tempDir(), '--version');
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(versionOf('cli'));
    expect(CLI_VERSION).toBe(versionOf('cli'));
  });

  it('the validation report names the @canji/rules version in packages/rules/package.json', async () => {
    const dir = tempDir();
    await writePersonsCsv([...synthesizePersons({ seed: 3, count: 5, region: '430121' })], join(dir, 'p.csv'), { headers: 'machine', encoding: 'utf8' });
    const r = await canji(dir, 'check', 'p.csv', '--out', 'report.json', '-q');
    expect(r.code).not.toBe(2);
    const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as { meta: { ruleSetVersion: string } };
    expect(report.meta.ruleSetVersion).toBe(`@canji/rules ${versionOf('rules')}`);
    expect(RULES_VERSION).toBe(versionOf('rules'));
  });
});

// The adopter's matrix, from the packed tarballs, as an app vendor or a back-end team would use
// them: one consumer project per runner and bundler —
//   Node ESM and CJS without zod (@canji/id), Jest (CJS, no flags), Vitest, TypeScript with
//   moduleResolution bundler and node16, esbuild, Vite and webpack 5 for the browser —
// and the size budgets of the entry points a mini-program or an entry page imports.
// Usage: node scripts/ci-consumers.mjs <dir with tarballs/>   (prints a table; exit 1 on any failure)
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

const root = resolve(process.argv[2] ?? '.ci/tmp');
const tarDir = join(root, 'tarballs');
const repo = resolve('.');
const tarballs = readdirSync(tarDir).filter((f) => f.endsWith('.tgz')).map((t) => join(tarDir, t));
const tgz = (name) => tarballs.find((t) => t.includes(`/canji-${name}-`));
const results = [];
let failures = 0;

function run(cmd, args, cwd, env = {}) {
  try {
    return { ok: true, out: execFileSync(cmd, args, { cwd, stdio: 'pipe', encoding: 'utf8', env: { ...process.env, ...env }, timeout: 600_000 }) };
  } catch (e) {
    return { ok: false, out: `${e.stdout ?? ''}${e.stderr ?? ''}`.slice(-3000) };
  }
}
function record(name, r, detail = '') {
  results.push({ name, ok: r.ok, detail });
  if (!r.ok) {
    failures++;
    console.log(`--- ${name} FAILED\n${r.out}`);
  }
}
function project(name, deps) {
  const dir = join(root, 'consumers', name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: `canji-consumer-${name}`, private: true, version: '0.0.0', dependencies: deps }, null, 2));
  const r = run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], dir);
  if (!r.ok) record(`${name}: npm install`, r);
  return dir;
}

// 1. @canji/id alone, without zod: import, require, and the zod entry says what it needs.
{
  const dir = project('id-without-zod', { '@canji/id': tgz('id') });
  record('node ESM, @canji/id without zod', run('node', ['--input-type=module', '-e', "import { isResidentId } from '@canji/id'; if (!isResidentId('11010519491231002X')) process.exit(1);"], dir));
  record('node CJS, @canji/id without zod', run('node', ['-e', "const { isResidentId } = require('@canji/id'); if (!isResidentId('11010519491231002X')) process.exit(1);"], dir));
}

// The libraries a vendor's app uses, with the runners and bundlers from the registry.
const libs = ['id', 'regions', 'form', 'rules', 'indicators', 'synth'];
const deps = Object.fromEntries(libs.map((l) => [`@canji/${l}`, tgz(l)]));
const dir = project('matrix', { ...deps, zod: '4.6.7', jest: '30.5.2', vitest: '4.1.12', vite: '8.3.8', webpack: '5.113.0', 'webpack-cli': '7.3.1', esbuild: '0.28.2', typescript: '5.9.3' });
const bin = (n) => join(dir, 'node_modules', '.bin', n);

// 2. Jest (CommonJS, no flags): village data, the form, synthetic data written to a file.
writeFileSync(
  join(dir, 'canji.test.js'),
  `const { loadVillages, getRegion } = require('@canji/regions');
const { validatePerson } = require('@canji/form');
const { isResidentId } = require('@canji/id');
const { synthesizePersons, writePersonsCsv } = require('@canji/synth');
const { mkdtempSync, readFileSync } = require('node:fs');
const { join } = require('node:path');
const { tmpdir } = require('node:os');
test('canji under Jest', async () => {
  await loadVillages('43');
  expect(getRegion('430121')?.name).toBe('长沙县');
  expect(isResidentId('11010519491231002X')).toBe(true);
  expect(validatePerson({}).ok).toBe(false);
  const file = join(mkdtempSync(join(tmpdir(), 'canji-jest-')), 'p.csv');
  await writePersonsCsv(synthesizePersons({ seed: 1, count: 3 }), file);
  expect(readFileSync(file, 'utf8').trim().split('\\n')).toHaveLength(4);
});
`,
);
record('Jest 30 (CJS, no flags)', run(bin('jest'), ['--ci', 'canji.test.js'], dir));

// 3. Vitest (ESM).
writeFileSync(
  join(dir, 'canji.vitest.test.mjs'),
  `import { expect, test } from 'vitest';
import { loadVillages, getRegion } from '@canji/regions';
import { checkRecord, consistencyRules } from '@canji/rules';
test('canji under Vitest', async () => {
  await loadVillages('43');
  expect(getRegion('430121')?.name).toBe('长沙县');
  expect(typeof checkRecord).toBe('function');
  expect(consistencyRules('2017').length).toBeGreaterThan(5);
});
`,
);
record('Vitest 4', run(bin('vitest'), ['run', 'canji.vitest.test.mjs'], dir));

// 4. TypeScript consumers: moduleResolution bundler and node16 (ESM).
writeFileSync(join(dir, 'types.mts'), "import { isResidentId } from '@canji/id';\nimport { residentIdSchema } from '@canji/id/zod';\nimport { validatePerson, type PersonFormVersion } from '@canji/form';\nconst v: PersonFormVersion = '2017';\nexport const ok: boolean = isResidentId('x') && validatePerson({}, { version: v }).ok && residentIdSchema.safeParse('x').success;\n");
for (const [mod, res] of [['esnext', 'bundler'], ['node16', 'node16']]) {
  record(`tsc --module ${mod} --moduleResolution ${res}`, run(bin('tsc'), ['--noEmit', '--strict', '--skipLibCheck', 'false', '--module', mod, '--moduleResolution', res, '--target', 'es2022', 'types.mts'], dir));
}

// 5. Browser bundles: esbuild, Vite, webpack 5 — the entry page of a collection app.
writeFileSync(join(dir, 'app.mjs'), "import { validatePerson } from '@canji/form';\nimport { synthesizePersons } from '@canji/synth';\nimport { isResidentId } from '@canji/id';\nconst [p] = synthesizePersons({ seed: 1, count: 1 });\ndocument.title = String(validatePerson(p).ok && isResidentId(p.resident_id));\n");
record('esbuild (browser)', run(bin('esbuild'), ['app.mjs', '--bundle', '--format=esm', '--platform=browser', '--splitting', '--outdir=out-esbuild', '--log-level=error'], dir));
writeFileSync(join(dir, 'vite.config.mjs'), "export default { logLevel: 'error', build: { outDir: 'out-vite', lib: { entry: 'app.mjs', formats: ['es'], fileName: 'app' } } };\n");
record('Vite 8 (browser)', run(bin('vite'), ['build'], dir));
writeFileSync(join(dir, 'webpack.config.cjs'), "module.exports = { mode: 'production', target: 'web', entry: './app.mjs', output: { path: __dirname + '/out-webpack' }, performance: { hints: false } };\n");
record('webpack 5 (browser)', run(bin('webpack'), ['--config', 'webpack.config.cjs'], dir));

// 6. Size budgets, each entry bundled by esbuild and by Vite (minified, gzipped, the entry chunk).
const budgets = [
  ['isResidentId (@canji/id)', "import { isResidentId } from '@canji/id'; console.log(isResidentId('x'));", 6],
  ['validatePerson (@canji/form)', "import { validatePerson } from '@canji/form'; console.log(validatePerson({}));", 160],
  ['getRegion (@canji/regions)', "import { getRegion } from '@canji/regions'; console.log(getRegion('430121'));", 400],
  ['countyRegion (@canji/regions/counties, for mini-programs)', "import { countyRegion } from '@canji/regions/counties'; console.log(countyRegion('430121'));", 80],
];
for (const [name, src, kb] of budgets) {
  writeFileSync(join(dir, 'size.mjs'), src);
  rmSync(join(dir, 'out-size'), { recursive: true, force: true });
  const r = run(bin('esbuild'), ['size.mjs', '--bundle', '--minify', '--format=esm', '--platform=browser', '--splitting', '--outdir=out-size', '--log-level=error'], dir);
  if (!r.ok) {
    record(`size ${name}`, r);
    continue;
  }
  const gz = gzipSync(readFileSync(join(dir, 'out-size', 'size.js'))).length / 1024;
  record(`size ${name} ≤ ${kb} KB gz (esbuild)`, { ok: gz <= kb, out: `${gz.toFixed(1)} KB gzipped > budget ${kb} KB` }, `${gz.toFixed(1)} KB gz`);
  // The same entry through Vite 8 (library mode, ES, minified): the entry chunk, lazy chunks apart.
  rmSync(join(dir, 'out-vsize'), { recursive: true, force: true });
  writeFileSync(join(dir, 'vite.size.config.mjs'), "export default { logLevel: 'error', build: { outDir: 'out-vsize', minify: true, lib: { entry: 'size.mjs', formats: ['es'], fileName: () => 'size.js' } } };\n");
  const v = run(bin('vite'), ['build', '--config', 'vite.size.config.mjs'], dir);
  if (!v.ok) {
    record(`size ${name} (Vite)`, v);
    continue;
  }
  const vgz = gzipSync(readFileSync(join(dir, 'out-vsize', 'size.js'))).length / 1024;
  record(`size ${name} ≤ ${kb} KB gz (Vite)`, { ok: vgz <= kb, out: `${vgz.toFixed(1)} KB gzipped > budget ${kb} KB` }, `${vgz.toFixed(1)} KB gz`);
}

console.log('\n| consumer | result | |\n| --- | --- | --- |');
for (const r of results) console.log(`| ${r.name} | ${r.ok ? 'ok' : 'FAILED'} | ${r.detail} |`);
console.log(failures ? `consumer checks: ${failures} failure(s)` : 'consumer checks: all ok');
void repo;
process.exit(failures ? 1 : 0);

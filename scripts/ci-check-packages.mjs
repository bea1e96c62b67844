// Installs every packed tarball into a fresh project, loads each package with `import` and with
// `require`, and runs publint and @arethetypeswrong/cli on each tarball.
// Usage: node scripts/ci-check-packages.mjs <tmpdir containing tarballs/ and app/>
import { execFileSync } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(process.argv[2] ?? '.ci/tmp');
const tarDir = join(root, 'tarballs');
const app = join(root, 'app');
const tarballs = readdirSync(tarDir).filter((f) => f.endsWith('.tgz'));
const bin = (name) => resolve('node_modules/.bin', name);
let failures = 0;

function run(cmd, args, opts = {}) {
  try {
    const out = execFileSync(cmd, args, { stdio: 'pipe', encoding: 'utf8', ...opts });
    return { ok: true, out };
  } catch (e) {
    return { ok: false, out: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}

// Package name from tarball name: canji-id-0.1.0.tgz -> @canji/id
const names = tarballs.map((t) => `@canji/${t.replace(/^canji-/, '').replace(/-\d+\.\d+\.\d+.*\.tgz$/, '')}`);

writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'canji-clean-app', private: true, version: '0.0.0' }, null, 2));
// Tarballs of workspace dependencies are installed together; zod is the peer users bring.
const install = run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', 'zod@^4', ...tarballs.map((t) => join(tarDir, t))], { cwd: app });
if (!install.ok) {
  console.error('npm install of tarballs failed:\n' + install.out);
  process.exit(1);
}

for (const name of names) {
  const esm = run('node', ['--input-type=module', '-e', `import * as m from '${name}'; const n = Object.keys(m).length; if (!n) throw new Error('no exports'); console.log('import ${name}:', n, 'exports');`], { cwd: app });
  const cjs = run('node', ['-e', `const m = require('${name}'); const n = Object.keys(m).length; if (!n) throw new Error('no exports'); console.log('require ${name}:', n, 'exports');`], { cwd: app });
  for (const r of [esm, cjs]) {
    process.stdout.write(r.out);
    if (!r.ok) failures++;
  }
}

for (const t of tarballs) {
  const file = join(tarDir, t);
  const pl = run(bin('publint'), ['run', file, '--strict']);
  console.log(`publint ${t}: ${pl.ok ? 'ok' : 'FAILED'}`);
  if (!pl.ok) { console.log(pl.out); failures++; }
  else if (pl.out.trim()) console.log(pl.out.trim());
  const attw = run(bin('attw'), [file, '--format', 'ascii', '--no-emoji', '--no-color', '--profile', 'node16']);
  console.log(`attw ${t}: ${attw.ok ? 'ok' : 'FAILED'}`);
  if (!attw.ok) { console.log(attw.out); failures++; }
}

console.log(failures ? `package checks: ${failures} failure(s)` : 'package checks: all ok');
process.exit(failures ? 1 : 0);

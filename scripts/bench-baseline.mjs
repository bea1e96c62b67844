// node scripts/bench-baseline.mjs [REF]: builds the packages of commit REF (default: the commit in
// docs/benchmarks/baseline-ref) in .bench-baseline/<sha> and this checkout's packages, so that
// `pnpm bench` can measure "before" and "after" in one run, on one machine (the cli and form
// benches add a "before" case when .bench-baseline/current points at a built baseline; or set
// CANJI_BENCH_BASE to a built checkout). Needs the packages REF depends on in the pnpm store or
// the registry.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

const sh = (cmd, args, cwd = process.cwd()) => execFileSync(cmd, args, { cwd, stdio: 'inherit' });
const out = (cmd, args) => execFileSync(cmd, args, { encoding: 'utf8' }).trim();
const ref = process.argv[2] ?? readFileSync('docs/benchmarks/baseline-ref', 'utf8').trim().split(/\s+/)[0];
const sha = out('git', ['rev-parse', '--verify', `${ref}^{commit}`]);
const dir = resolve('.bench-baseline', sha.slice(0, 12));
if (!existsSync(resolve(dir, 'packages/cli/dist/index.js'))) {
  if (!existsSync(dir)) sh('git', ['worktree', 'add', '--detach', dir, sha]);
  sh('pnpm', ['install', '--frozen-lockfile', '--prefer-offline'], dir);
  sh('pnpm', ['-r', '--filter', './packages/**', 'run', 'build'], dir);
}
sh('pnpm', ['-r', '--filter', './packages/**', 'run', 'build']);
const link = resolve('.bench-baseline/current');
rmSync(link, { force: true });
symlinkSync(dir, link);
writeFileSync(resolve('.bench-baseline/current.txt'), `${sha} ${out('git', ['log', '-1', '--format=%s', sha])}\n`);
console.log(`baseline ${sha.slice(0, 12)} built in ${dir}; this checkout built; pnpm bench now measures both`);

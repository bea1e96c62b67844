// node scripts/deid-province.mjs [dir] [--heap MB]: `canji deid` at province scale under a heap bound
// (issue 15: deid ran out of memory on 1.5 × 10^6 rows). Generates 1.5 × 10^6 synthetic persons once
// (`canji synth --count 1500000 --region 43 --seed 1`, about 400 MB, kept in [dir], default the
// system temp dir — never inside the repository), makes a strong random key, then runs
// `canji deid … --k 5` with --max-old-space-size=<heap> (default 384) and prints wall time, exit
// status and, where /usr/bin/time exists, the peak RSS. Not run in CI; figures go to docs/benchmarks/deid.md.
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const args = process.argv.slice(2);
const heapAt = args.indexOf('--heap');
const heap = heapAt >= 0 ? Number(args.splice(heapAt, 2)[1]) : 384;
const dir = resolve(args[0] ?? join(tmpdir(), 'canji-deid-province'));
mkdirSync(dir, { recursive: true });
const bin = resolve('packages/cli/src/bin.ts');
const big = join(dir, 'big.csv');
if (!existsSync(big)) {
  console.log(`generating ${big} …`);
  execFileSync(process.execPath, ['--import', 'tsx', bin, 'synth', '--count', '1500000', '--region', '43', '--seed', '1', '--out', big, '-q'], { stdio: 'inherit' });
}
const key = join(dir, 'key.hex');
writeFileSync(key, randomBytes(32).toString('hex') + '\n', { mode: 0o600 });
const deid = [`--max-old-space-size=${heap}`, '--import', 'tsx', bin, 'deid', big, '--key-file', key, '--as-of', '2019-06-30', '--k', '5', '--out', join(dir, 'released.csv'), '--risk-report', join(dir, 'risk.json'), '-q'];
const time = existsSync('/usr/bin/time');
const start = performance.now();
const r = time ? spawnSync('/usr/bin/time', ['-v', process.execPath, ...deid], { encoding: 'utf8' }) : spawnSync(process.execPath, deid, { encoding: 'utf8' });
const seconds = (performance.now() - start) / 1000;
process.stdout.write(r.stdout);
const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr ?? '');
process.stderr.write((r.stderr ?? '').split('\n').filter((l) => !/^\s+\w.*: /.test(l) || /Maximum resident|Exit status|Elapsed/.test(l)).join('\n') + '\n');
console.log(`heap bound ${heap} MB · exit ${r.status} · ${seconds.toFixed(0)} s wall${rss ? ` · peak RSS ${(Number(rss[1]) / 1024).toFixed(0)} MB` : ''}`);
process.exit(r.status ?? 3);

// Runs every example script under examples/ (each a real use case) and fails if any exits non-zero.
// Examples import @canji/* by name; tsx resolves them to the sources through tsconfig paths.
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';

const dir = resolve('examples');
const files = readdirSync(dir).filter((f) => /\.(ts|mts)$/.test(f) && !f.endsWith('.test.ts')).sort();
let failed = 0;
for (const f of files) {
  process.stdout.write(`--- example ${f}\n`);
  try {
    const out = execFileSync(resolve('node_modules/.bin/tsx'), [resolve(dir, f)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], cwd: resolve('.'), timeout: 600_000 });
    process.stdout.write(out.split('\n').slice(0, 25).join('\n') + '\n');
  } catch (e) {
    failed++;
    process.stdout.write(`FAILED ${f}\n${e.stdout ?? ''}${e.stderr ?? ''}\n`);
  }
}
console.log(`examples: ${files.length - failed} ok, ${failed} failed`);
process.exit(failed ? 1 : 0);

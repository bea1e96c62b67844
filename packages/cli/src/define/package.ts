/**
 * `canji package`: the yearly submission package, its verification and the combination of units' packages.
 * Light module: commander definitions only; the command's work is imported when its action runs.
 */
import type { Command } from 'commander';
import type { DefineContext } from '../cli-options.js';

/** Adds `canji package`. */
export function definePackage(program: Command, ctx: DefineContext): void {
  void program;
  void ctx;
}

/**
 * `canji services`: service work lists, their read-back, resource allocation tables.
 * Light module: commander definitions only; the command's work is imported when its action runs.
 */
import type { Command } from 'commander';
import type { DefineContext } from '../cli-options.js';

/** Adds `canji services`. */
export function defineServices(program: Command, ctx: DefineContext): void {
  void program;
  void ctx;
}

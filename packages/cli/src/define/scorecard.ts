/**
 * `canji scorecard`, `canji briefing`, `canji satisfaction`: scorecards for the units below, the yearly briefing, satisfaction feedback.
 * Light module: commander definitions only; the command's work is imported when its action runs.
 */
import type { Command } from 'commander';
import type { DefineContext } from '../cli-options.js';

/** Adds `canji scorecard`, `canji briefing` and `canji satisfaction`. */
export function defineScorecard(program: Command, ctx: DefineContext): void {
  void program;
  void ctx;
}

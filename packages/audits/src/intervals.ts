/** A proportion with its Wilson 95 % interval (the interval of @canji/indicators, its one owner). */
import { wilsonInterval } from '@canji/indicators';

/** A count of discrepancies among compared answers (or records), with the rate and its interval. */
export interface DiscrepancyRate {
  /** Answers (or records) compared. */
  readonly compared: number;
  readonly discrepant: number;
  /** `discrepant / compared`, or `null` when nothing was compared. */
  readonly rate: number | null;
  /** Wilson 95 % interval of the rate (`wilsonInterval` of @canji/indicators), or `null`. */
  readonly interval: readonly [number, number] | null;
}

/** @internal */
export function rateOf(discrepant: number, compared: number): DiscrepancyRate {
  return { compared, discrepant, rate: compared > 0 ? discrepant / compared : null, interval: wilsonInterval(discrepant, compared) };
}

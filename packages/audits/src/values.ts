/**
 * An answer as compared between two visits: blank is no answer; a number and the same number typed
 * as text are one answer; a multiple-choice answer is a set (order and repeats do not matter).
 * @internal
 */
import { isAnswered } from '@canji/form';

const NUMERIC = /^-?\d+(\.\d+)?$/;

function scalar(v: unknown): string {
  if (typeof v === 'string') {
    const t = v.trim();
    return NUMERIC.test(t) ? String(Number(t)) : t;
  }
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? 'Invalid Date' : v.toISOString().slice(0, 10);
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
}

/** The canonical text of an answer, or `undefined` when it is blank. @internal */
export function answerText(v: unknown): string | undefined {
  if (!isAnswered(v)) return undefined;
  if (Array.isArray(v)) {
    const parts = [...new Set(v.filter(isAnswered).map(scalar))].sort((a, b) => (NUMERIC.test(a) && NUMERIC.test(b) ? Number(a) - Number(b) : a < b ? -1 : a > b ? 1 : 0));
    return parts.length === 0 ? undefined : `[${parts.join(',')}]`;
  }
  return scalar(v);
}

/** The `syntax` findings both parsers report (DESIGN.md §3). */
import type { Finding, Range } from './types';

export function syntax(message: string, range: Range): Finding {
  return { rule: 'syntax', severity: 'error', message, range };
}

/** A finding for a failure of a parser itself (never expected; the property tests look for it). */
export function internalError(err: unknown): Finding {
  const detail = err instanceof Error ? err.message : String(err);
  return syntax(`Internal parser error (please report it): ${detail}`, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } });
}

/**
 * Small helpers the estimators share: reading their parsed values, and a last check that no
 * figure overflowed. Inputs are finite by the time they get here, but products of large
 * finite inputs can still reach Infinity; that becomes a message, never a number.
 */
import type { Estimate, EstimateOutcome, EstimatorName, InputValue, Step } from './types';

export function num(values: Map<string, number | string>, key: string): number | undefined {
  const v = values.get(key);
  return typeof v === 'number' ? v : undefined;
}

export function str(values: Map<string, number | string>, key: string): string | undefined {
  const v = values.get(key);
  return typeof v === 'string' ? v : undefined;
}

export function step(label: string, formula: string, result: string, value: number, key?: string): Step {
  return key === undefined ? { label, formula, result, value } : { label, formula, result, value, key };
}

export function fail(message: string, field?: string): EstimateOutcome {
  return { ok: false, error: field === undefined ? { message } : { field, message } };
}

/** Builds the estimate, refusing it when any figure is not a finite number. */
export function finish(parts: {
  estimator: EstimatorName;
  title: string;
  summary: string;
  inputs: InputValue[];
  steps: Step[];
  notes: string[];
  reference?: boolean;
}): EstimateOutcome {
  const results: Record<string, number> = {};
  for (const s of parts.steps) {
    if (!Number.isFinite(s.value)) {
      return fail(`the inputs are too large: "${s.label}" overflows; try smaller numbers`);
    }
    if (s.key !== undefined) results[s.key] = s.value;
  }
  const estimate: Estimate = { ...parts, results };
  return { ok: true, estimate };
}

/**
 * Back-of-the-envelope estimators: one facade for the palette, the CLI and the tests.
 * `runEstimator` takes what a user typed, field by field, and returns an Estimate with the
 * formula's steps filled in, or the one field that is wrong and why.
 */
import { availability } from './availability';
import { bandwidth } from './bandwidth';
import { cache } from './cache';
import { composite } from './composite';
import { bounded, formatFieldValue, parseField } from './fields';
import { latency } from './latency';
import { qps } from './qps';
import { servers } from './servers';
import { storage } from './storage';
import { ESTIMATOR_NAMES, type EstimateOutcome, type EstimatorName, type EstimatorSpec, type InputValue } from './types';
import type { Requirements } from '../design/types';
import type { Estimate } from './types';

export * from './types';
export { parseField, validateField, formatFieldValue } from './fields';
export { renderMarkdown, renderMarkdownTable, renderText } from './render';

export const ESTIMATORS: ReadonlyMap<EstimatorName, EstimatorSpec> = new Map<EstimatorName, EstimatorSpec>(
  [qps, storage, bandwidth, servers, cache, availability, composite, latency].map((s) => [s.name, s]),
);

export function isEstimatorName(name: string): name is EstimatorName {
  return (ESTIMATOR_NAMES as readonly string[]).includes(name);
}

export function estimatorSpec(name: string): EstimatorSpec | undefined {
  return isEstimatorName(name) ? ESTIMATORS.get(name) : undefined;
}

/**
 * Runs an estimator on field values keyed by field key: text as typed (parsed by the field's
 * kind), or a number already in base units (bounds still checked). A field left out or given
 * as blank text takes its default, if it has one.
 */
export function runEstimator(name: EstimatorName, given: ReadonlyMap<string, string | number>): EstimateOutcome {
  const spec = ESTIMATORS.get(name)!;
  for (const key of given.keys()) {
    if (!spec.fields.some((f) => f.key === key)) {
      return { ok: false, error: { field: key, message: `${spec.name} has no input '${key}'` } };
    }
  }
  const values = new Map<string, number | string>();
  const inputs: InputValue[] = [];
  for (const field of spec.fields) {
    let raw = given.get(field.key);
    let defaulted = false;
    if (raw === undefined || (typeof raw === 'string' && raw.trim() === '')) {
      if (field.default === undefined) continue;
      raw = field.default;
      defaulted = true;
    }
    if (typeof raw === 'number') {
      const r = bounded(field, { ok: true, value: raw });
      if (!r.ok) return { ok: false, error: { field: field.key, message: r.message } };
      values.set(field.key, r.value);
      inputs.push({ key: field.key, label: field.label, text: formatFieldValue(field, r.value), value: r.value, defaulted });
      continue;
    }
    const r = parseField(field, raw);
    if (!r.ok) return { ok: false, error: { field: field.key, message: r.message } };
    values.set(field.key, r.value);
    inputs.push({ key: field.key, label: field.label, text: raw.trim(), value: r.value, defaulted });
  }
  try {
    return spec.compute(values, inputs);
  } catch (err) {
    // A bug must still reach the user as a message, not an exception through the palette.
    return { ok: false, error: { message: `internal error in the ${spec.name} estimator: ${err instanceof Error ? err.message : String(err)}` } };
  }
}

/** What `estimatesFromRequirements` could and could not work out from a design. */
export interface RequirementEstimates {
  estimates: Estimate[];
  /** Why an estimator was skipped or refused: "qps: dau is missing". */
  problems: string[];
}

/**
 * Estimates a design's `%% @design` requirements imply: QPS from dau/requests/peak/reads,
 * and the downtime budget of its availability target.
 */
export function estimatesFromRequirements(req: Requirements): RequirementEstimates {
  const estimates: Estimate[] = [];
  const problems: string[] = [];
  if (req.dau !== undefined && req.requests !== undefined) {
    const given = new Map<string, number>([
      ['dau', req.dau],
      ['requests', req.requests],
    ]);
    if (req.peak !== undefined) given.set('peak', req.peak);
    if (req.reads !== undefined) given.set('reads', req.reads);
    const r = runEstimator('qps', given);
    if (r.ok) estimates.push(r.estimate);
    else problems.push(`QPS: ${fieldLabel('qps', r.error.field)}${r.error.message}`);
  } else {
    const missing = [req.dau === undefined ? 'dau' : '', req.requests === undefined ? 'requests' : ''].filter(Boolean);
    problems.push(`QPS needs ${missing.join(' and ')} in %% @design (e.g. %% @design dau=100M requests=10 peak=3 reads=0.9)`);
  }
  if (req.availability !== undefined) {
    const r = runEstimator('availability', new Map([['availability', req.availability]]));
    if (r.ok) estimates.push(r.estimate);
    else problems.push(`Availability: ${fieldLabel('availability', r.error.field)}${r.error.message}`);
  }
  return { estimates, problems };
}

function fieldLabel(name: EstimatorName, key: string | undefined): string {
  const field = ESTIMATORS.get(name)!.fields.find((f) => f.key === key);
  return field ? `${field.label}: ` : '';
}

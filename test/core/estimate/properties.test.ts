// Every estimator, fed anything at all: either an estimate whose every number is finite, or
// a message naming what is wrong. Never an exception, never NaN or Infinity on screen.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { uniform } from '../../support/arbitraries';
import {
  ESTIMATORS,
  ESTIMATOR_NAMES,
  renderMarkdown,
  renderText,
  runEstimator,
  validateField,
  type EstimatorName,
  type FieldSpec,
} from '../../../src/core/estimate/index';

const SUFFIXES: Record<FieldSpec['kind'], string[]> = {
  count: ['', 'k', 'M', 'B', 'T', ' million', ' QPS'],
  number: ['', 'x', 'k'],
  bytes: ['', ' B', ' KB', 'MB', ' GiB', ' TB', ' EB'],
  duration: [' ms', ' s', ' min', 'h', ' d', ' weeks', ' months', ' years', 'h30m'],
  share: ['%', '', ' percent'],
  availability: ['%', '', ' nines'],
  choice: [''],
  availabilities: ['%', '%, 99.9%', ''],
  composite: ['%', '% * 99.9%', '% | 99%', ''],
};

const SPECIAL = ['NaN', 'Infinity', '-Infinity', '1e308', '1e309', '-1e308', '5e-324', '-0', '0', '', ' ', '%', 'nines', '1e308 EB', '1e300 years', '(', ')', '|', '*'];

const anyNumber = fc.oneof(
  fc.double(),
  fc.double({ min: -10, max: 10 }),
  fc.integer({ min: -1e6, max: 1e12 }),
  fc.constantFrom(0, 1, 1e308, -1e308, Number.MAX_VALUE, Number.MIN_VALUE),
);

function fieldText(field: FieldSpec): fc.Arbitrary<string | number> {
  const choices = (field.choices ?? []).map((c) => c.value);
  return fc.oneof(
    fc.string(),
    fc.constantFrom(...SPECIAL),
    fc.tuple(anyNumber, fc.constantFrom(...SUFFIXES[field.kind])).map(([n, s]) => `${n}${s}`),
    anyNumber,
    fc.constantFrom(field.example, field.default ?? field.example, ...choices),
  );
}

function inputsFor(name: EstimatorName): fc.Arbitrary<Map<string, string | number>> {
  const fields = ESTIMATORS.get(name)!.fields;
  const record: Record<string, fc.Arbitrary<string | number>> = {};
  for (const f of fields) record[f.key] = fieldText(f);
  return fc
    .record(record, { requiredKeys: [] })
    .map((r) => new Map(Object.entries(r).filter((e): e is [string, string | number] => e[1] !== undefined)));
}

/** Every number anywhere in the value. */
function walk(value: unknown, numbers: number[]): void {
  if (typeof value === 'number') numbers.push(value);
  else if (Array.isArray(value)) value.forEach((v) => walk(v, numbers));
  else if (value && typeof value === 'object') Object.values(value).forEach((v) => walk(v, numbers));
}

describe('no input produces NaN or Infinity', () => {
  for (const name of ESTIMATOR_NAMES) {
    it(`${name}: a finite estimate or a clear message`, () => {
      const spec = ESTIMATORS.get(name)!;
      fc.assert(
        fc.property(inputsFor(name), (inputs) => {
          const outcome = runEstimator(name, inputs);
          if (!outcome.ok) {
            expect(outcome.error.message.length).toBeGreaterThan(5);
            // The message may quote what was typed ('NaN'); its own words may not.
            expect(outcome.error.message.replace(/'[^']*'/g, "''")).not.toMatch(/NaN|Infinity|undefined|\[object/);
            if (outcome.error.field !== undefined) expect(spec.fields.map((f) => f.key)).toContain(outcome.error.field);
            return;
          }
          const numbers: number[] = [];
          walk(outcome.estimate, numbers);
          expect(numbers.every(Number.isFinite)).toBe(true);
          // Rendering must not throw either; inputs echo what was typed, the figures may not say NaN.
          expect(renderText(outcome.estimate).length + renderMarkdown(outcome.estimate).length).toBeGreaterThan(0);
          for (const s of outcome.estimate.steps) {
            expect(`${s.label} ${s.formula} ${s.result}`).not.toMatch(/NaN|Infinity|undefined/);
          }
          expect(outcome.estimate.summary).not.toMatch(/NaN|Infinity|undefined/);
        }),
        { numRuns: 300 },
      );
    });
  }

  it('every field accepts its own example and rejects garbage with a message', () => {
    for (const spec of ESTIMATORS.values()) {
      for (const f of spec.fields) {
        expect(validateField(f, f.example), `${spec.name}.${f.key} example`).toBeUndefined();
        if (f.default !== undefined) expect(validateField(f, f.default), `${spec.name}.${f.key} default`).toBeUndefined();
        expect(validateField(f, 'NaN'), `${spec.name}.${f.key}`).toMatch(/expected|must/);
      }
    }
  });

  it('succeeds across the range of sensible inputs', () => {
    const sensible = fc.record({
      dau: fc.double({ min: 1, max: 1e10, noNaN: true }),
      requests: fc.double({ min: 0.01, max: 1e4, noNaN: true }),
      size: fc.double({ min: 1, max: 1e12, noNaN: true }),
      share: fc.double({ min: 0.01, max: 1, noNaN: true }),
      availability: fc.oneof(uniform(0, 1), uniform(0.99, 1)),
    });
    fc.assert(
      fc.property(sensible, (x) => {
        const runs = [
          runEstimator('qps', new Map([['dau', x.dau], ['requests', x.requests], ['reads', x.share]])),
          runEstimator('storage', new Map([['writes', x.dau], ['size', x.size], ['growth', x.share]])),
          runEstimator('bandwidth', new Map([['qps', x.dau], ['writeSize', x.size], ['reads', x.share]])),
          runEstimator('servers', new Map([['qps', x.dau], ['perServer', x.requests], ['utilization', x.share]])),
          runEstimator('cache', new Map([['readQps', x.dau], ['size', x.size], ['hot', x.share]])),
          runEstimator('availability', new Map([['availability', x.availability]])),
          runEstimator('composite', new Map([['series', `${x.availability}, ${x.share}`]])),
        ];
        for (const r of runs) {
          expect(r.ok ? '' : r.error.message).toBe('');
          if (r.ok) expect(Object.values(r.estimate.results).every(Number.isFinite)).toBe(true);
        }
      }),
      { numRuns: 200 },
    );
  });
});

// Runs in Node (vitest). Number arbitraries for property tests.
import fc from 'fast-check';

const STEPS = 2 ** 20;

/**
 * A number in [min, max] spread evenly over the range, and now and then exactly one of its ends.
 * `fc.double` picks evenly among the doubles themselves, so over [0, 400] nine draws in ten are
 * below 4 (most of them denormal): a scenario whose `rps` comes from it carries almost no
 * traffic, and a property about traffic holds without being tried.
 */
export function uniform(min: number, max: number): fc.Arbitrary<number> {
  return fc.oneof(
    { arbitrary: fc.constantFrom(min, max), weight: 1 },
    { arbitrary: fc.noBias(fc.integer({ min: 0, max: STEPS })).map((i) => min + ((max - min) * i) / STEPS), weight: 9 },
  );
}

// Shared helpers for simulator tests: fixtures parsed from real Mermaid text, and runs that
// fail the test with the scenario errors instead of returning them.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseDesign } from '../../../src/core/design/index';
import type { Design } from '../../../src/core/design/types';
import { simulate, type Run, type SimulateOptions } from '../../../src/core/sim/index';

const root = fileURLToPath(new URL('../../../', import.meta.url));

export function fixture(name: string): Design {
  return parseDesign(readFileSync(`${root}test/fixtures/sim/${name}`, 'utf8'));
}

export function example(name: string): Design {
  return parseDesign(readFileSync(`${root}examples/${name}`, 'utf8'));
}

export function exampleText(name: string): string {
  return readFileSync(`${root}examples/${name}`, 'utf8');
}

export function run(design: Design, scenario: unknown, options: SimulateOptions = {}): Run {
  const r = simulate(design, scenario, options);
  if (!r.ok) throw new Error(`scenario rejected: ${r.errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`);
  return r.run;
}

/** Operations completed in [fromMs, toMs) (by completion time). */
export function opsBetween(r: Run, fromMs: number, toMs: number) {
  return r.history!.ops.filter((o) => o.completeMs >= fromMs && o.completeMs < toMs);
}

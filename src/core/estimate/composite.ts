/**
 * Composite availability: components in series multiply their availabilities; components in
 * parallel multiply their unavailabilities. Failures are taken as independent and failover as
 * instant — the textbook model, and an upper bound for real systems.
 */
import { downtimeSteps } from './availability';
import { fail, finish, str, step } from './build';
import { compositeText, parseAvailabilityList, parseComposite, type CompositeNode } from './compositeExpr';
import type { EstimatorSpec, Step } from './types';
import { YEAR_S, availabilityText, formatDuration, formatNines, formatPercent, ninesOf, type Parsed } from './units';

export const composite: EstimatorSpec = {
  name: 'composite',
  title: 'Estimate Composite Availability',
  summary: 'availability of components in series and in parallel',
  positional: 'expression',
  fields: [
    {
      key: 'series',
      option: 'series',
      label: 'Components in series',
      help: 'Availabilities that must all be up, separated by commas.',
      kind: 'availabilities',
      example: '99.99%, 99.9%, 99.95%',
    },
    {
      key: 'parallel',
      option: 'parallel',
      label: 'Components in parallel',
      help: 'Availabilities of redundant copies, any one of which is enough, separated by commas.',
      kind: 'availabilities',
      example: '99.9%, 99.9%',
    },
    {
      key: 'expression',
      option: 'expression',
      label: 'Expression',
      help: 'Availabilities joined by * (in series) or | (in parallel), grouped with parentheses.',
      kind: 'composite',
      example: '99.99% * (99.9% | 99.9%) * 99.95%',
    },
  ],
  forms: [
    { id: 'series', label: 'In series', detail: 'all must be up: 99.9% × 99.9%', fields: ['series'] },
    { id: 'parallel', label: 'In parallel', detail: 'any one up is enough: 1 − 0.1% × 0.1%', fields: ['parallel'] },
    { id: 'expression', label: 'Expression', detail: '99.99% * (99.9% | 99.9%): series and parallel mixed', fields: ['expression'] },
  ],
  compute(values, inputs) {
    const given = (['series', 'parallel', 'expression'] as const).filter((k) => str(values, k) !== undefined);
    if (given.length > 1) return fail(`give one of series, parallel or an expression, not ${given.join(' and ')}`, given[1]);
    const which = given[0];
    if (which === undefined) {
      return fail('components are needed: in series (99.9%, 99.9%), in parallel (99.9%, 99.9%) or an expression like 99.9% * (99.9% | 99.9%)');
    }
    const node = toNode(which, str(values, which)!);
    if (!node.ok) return fail(node.message, which);
    const steps: Step[] = [];
    const a = evaluate(node.value, steps, true);
    if (steps.length === 0) {
      steps.push(step('Composite availability, one component', compositeText(node.value), formatPercent(a), a, 'availability'));
    }
    const nines = ninesOf(a);
    if (nines !== undefined) steps.push(step('Nines', `−log₁₀(${formatPercent(1 - a)})`, formatNines(a), nines, 'nines'));
    steps.push(...downtimeSteps(a));
    return finish({
      estimator: 'composite',
      title: 'Composite availability estimate',
      summary: `${availabilityText(a)}: ${formatDuration((1 - a) * YEAR_S)} of downtime a year.`,
      inputs,
      steps,
      notes: [
        'In series every component must be up: A = A₁ × A₂ × …. In parallel one is enough: A = 1 − (1 − A₁) × (1 − A₂) × ….',
        'Failures are taken as independent and failover as instant, so real systems do worse: shared power, networks, deploys and bugs fail copies together.',
        'A year is 365.2425 days and a month a twelfth of it.',
      ],
    });
  },
};

function toNode(which: 'series' | 'parallel' | 'expression', text: string): Parsed<CompositeNode> {
  if (which === 'expression') return parseComposite(text);
  const list = parseAvailabilityList(text);
  if (!list.ok) return list;
  const parts: CompositeNode[] = list.value.map((availability) => ({ kind: 'component', availability }));
  return { ok: true, value: parts.length === 1 ? parts[0]! : { kind: which, parts } };
}

/**
 * Computes bottom-up, recording one step per series or parallel group; the outermost group's
 * step is the headline (key `availability`).
 */
function evaluate(node: CompositeNode, steps: Step[], top = false): number {
  if (node.kind === 'component') return node.availability;
  const parts = node.parts.map((p) => evaluate(p, steps));
  const how = node.kind === 'series' ? 'in series' : 'in parallel';
  const label = top ? `Composite availability (${how}): ${compositeText(node)}` : `${how[0]!.toUpperCase()}${how.slice(1)}: ${compositeText(node)}`;
  const key = top ? 'availability' : undefined;
  let a: number;
  let formula: string;
  if (node.kind === 'series') {
    a = parts.reduce((x, y) => x * y, 1);
    formula = parts.map(formatPercent).join(' × ');
  } else {
    // Multiply the unavailabilities directly, so 1 − 10⁻⁹ does not cancel away.
    a = 1 - parts.reduce((x, y) => x * (1 - y), 1);
    formula = `1 − ${parts.map((p) => `(1 − ${formatPercent(p)})`).join(' × ')} = 1 − ${parts.map((p) => formatPercent(1 - p)).join(' × ')}`;
  }
  steps.push(step(label, formula, formatPercent(a), a, key));
  return a;
}

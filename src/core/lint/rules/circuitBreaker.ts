/** redundancy/circuit-breaker: calls from services to their dependencies should go through a breaker. */
import type { Report, Rule } from '../types';
import { DEPENDENCY_KINDS, docsUrl, kindOf, names } from './shared';

const id = 'redundancy/circuit-breaker';

export const circuitBreakerRule: Rule = {
  id,
  defaultSeverity: 'warning',
  description: 'Calls from a service to another service or a dependency without a circuit breaker.',
  why:
    'When a dependency slows down, the callers wait on it; their requests pile up until they run out of threads or ' +
    'connections and fail too — one slow database takes down every service that calls it. A circuit breaker notices ' +
    'the failures, stops calling for a while and fails fast (or serves a fallback), so the trouble stays where it started.',
  docsUrl: docsUrl(id),
  check(ctx) {
    const g = ctx.graph;
    const out: Report[] = [];
    for (let i = 0; i < g.size; i++) {
      const kind = kindOf(ctx, i);
      const c = g.components[i]!;
      if ((kind !== 'service' && kind !== 'worker') || c.attributes.breaker === true) continue;
      const links = g.callLinks[i]!.filter((l) => DEPENDENCY_KINDS.has(kindOf(ctx, g.indexOf.get(l.to)!)));
      if (links.length === 0) continue;
      const deps = [...new Set(links.map((l) => g.indexOf.get(l.to)!))];
      out.push({
        message: `${c.label} calls ${names(ctx, deps)} without a circuit breaker: when ${deps.length === 1 ? 'it slows' : 'one of them slows'} down, requests to ${c.label} pile up waiting on it until ${c.label} fails too.`,
        range: c.range,
        component: c.id,
        related: links.slice(0, 20).map((l) => ({ range: l.range, message: `call without a breaker: ${c.label} → ${g.label(g.indexOf.get(l.to)!)}` })),
        fixes: ctx.fix(() => [
          {
            title: `Call through a circuit breaker from ${c.label} (breaker)`,
            edits: ctx.fixes().annotate(c, [['breaker']]),
            preferred: true,
          },
        ]),
      });
    }
    return out;
  },
};

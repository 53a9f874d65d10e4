/** redundancy/load-balancer: a load balancer should run as a pair. */
import type { Report, Rule } from '../types';
import { docsUrl, kindOf, names } from './shared';

const id = 'redundancy/load-balancer';

export const loadBalancerRule: Rule = {
  id,
  defaultSeverity: 'warning',
  description: 'A single load balancer: no active-passive or active-active pair.',
  why:
    'A load balancer sits in front of many servers, so when it is the only one, everything behind it is unreachable the ' +
    'moment it fails — the servers being fine does not help. Run two: active-passive (a standby takes over the address ' +
    'when the active one dies) or active-active (both take traffic, and either can carry all of it).',
  docsUrl: docsUrl(id),
  check(ctx) {
    const g = ctx.graph;
    const out: Report[] = [];
    for (let i = 0; i < g.size; i++) {
      if (kindOf(ctx, i) !== 'load-balancer' || g.hasBackup(i)) continue;
      const c = g.components[i]!;
      const behind = g.callees[i]!;
      const w = ctx.fixes();
      out.push({
        message: `${c.label} is a single load balancer: when it fails, ${behind.length > 0 ? names(ctx, behind) : 'everything behind it'} cannot be reached. Run it as an active-passive or active-active pair.`,
        range: c.range,
        component: c.id,
        related: ctx.related(behind, (b) => `unreachable when ${c.label} fails: ${g.label(b)}`),
        fixes: ctx.fix(() => [
          {
            title: `Run ${c.label} as an active-passive pair (replicas=2 mode=active-passive)`,
            edits: w.annotate(c, [['replicas', '2'], ['mode', 'active-passive']]),
            preferred: true,
          },
          {
            title: `Run ${c.label} as an active-active pair (replicas=2 mode=active-active)`,
            edits: ctx.fixes().annotate(c, [['replicas', '2'], ['mode', 'active-active']]),
          },
        ]),
      });
    }
    return out;
  },
};

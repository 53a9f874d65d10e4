/** redundancy/app-servers: stateless services should run at least two instances. */
import type { Report, Rule } from '../types';
import { docsUrl, kindOf } from './shared';

const id = 'redundancy/app-servers';

export const appServersRule: Rule = {
  id,
  defaultSeverity: 'warning',
  description: 'Fewer than two stateless service instances behind a load balancer, or a stateful one.',
  why:
    'Servers fail, and they are also restarted for every deploy. With one instance, each of those moments is an outage. ' +
    'With two or more stateless instances behind a load balancer, any instance can answer any request, so one going away ' +
    'costs nothing. An instance that keeps state (sessions, uploads in progress) cannot be replaced that simply: ' +
    'what it held is lost with it.',
  docsUrl: docsUrl(id),
  check(ctx) {
    const g = ctx.graph;
    const out: Report[] = [];
    for (let i = 0; i < g.size; i++) {
      if (kindOf(ctx, i) !== 'service') continue;
      const c = g.components[i]!;
      if (c.attributes.stateful) {
        out.push({
          message: `${c.label} is marked stateful: what an instance holds is lost when it fails, and requests tied to it fail with it. Keep the state in a cache or database so any instance can serve any request.`,
          range: c.range,
          component: c.id,
          related: c.annotationRanges.map((range) => ({ range, message: `${c.label} is marked stateful here` })),
        });
        continue;
      }
      if (g.hasBackup(i)) continue;
      out.push({
        message: `${c.label} runs as a single instance: when it fails or is redeployed, every request that needs it fails. Run at least two stateless instances behind a load balancer.`,
        range: c.range,
        component: c.id,
        fixes: ctx.fix(() => [
          {
            title: `Run two instances of ${c.label} (replicas=2)`,
            edits: ctx.fixes().annotate(c, [['replicas', '2']]),
            preferred: true,
          },
        ]),
      });
    }
    return out;
  },
};
